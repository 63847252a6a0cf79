#include "engine/render/plan_json.h"

#include <doctest/doctest.h>

#include "engine/plan/plan_file.h"
#include "engine/render/markdown_renderer.h"
#include "engine/render/text_renderer.h"
#include "engine/text/strings.h"
#include "tests/render/fixtures.h"
#include "tests/render/schema_check.h"

namespace onboard {
namespace {

using namespace render_fixtures;

TEST_SUITE("render") {

TEST_CASE("render: customers skipped for failed reads show in JSON, text and Markdown, and the plan file keeps them") {
  Plan plan = FreshOnboarding();
  plan.failed_customers.push_back({"globex", "GET /api/companies/c9 [customer.globex]: HTTP 500"});
  std::string json = PlanToJson(plan, {});
  CHECK(PlanSchemaErrors(json) == "");
  CHECK(Contains(json, "\"failed_customers\""));
  Plan back;
  std::string error;
  REQUIRE_MESSAGE(ReadPlanFile(WritePlanFile(plan), &back, &error), error);
  REQUIRE(back.failed_customers.size() == 1);
  CHECK(back.failed_customers[0].customer == "globex");
  CHECK(back.failed_customers[0].error == "GET /api/companies/c9 [customer.globex]: HTTP 500");
  const std::string line =
      "customer globex: skipped, its live state could not be read (after retries): GET /api/companies/c9 "
      "[customer.globex]: HTTP 500";
  CHECK(Contains(RenderPlanText(plan, {}), "error: " + line));
  CHECK(Contains(RenderPlanMarkdown(plan, {}), "### Skipped customers"));
  CHECK(Contains(RenderPlanMarkdown(plan, {}), "globex"));
  Plan nothing;
  nothing.failed_customers = plan.failed_customers;
  CHECK(Contains(RenderPlanText(nothing, {}), "No changes for the customers that could be read."));
  // A plan without them reads and writes as before.
  CHECK_FALSE(Contains(PlanToJson(FreshOnboarding(), {}), "failed_customers"));
  CHECK_FALSE(Contains(WritePlanFile(FreshOnboarding()), "failed_customers"));
}

TEST_CASE("json: --format json carries no phone number and no body") {
  Plan plan = FreshOnboarding();
  std::string json = PlanToJson(plan, {});
  CHECK(PlanSchemaErrors(json) == "");
  for (const Action& a : plan.actions) {
    if (const AdminBody* admin = a.As<AdminBody>()) CHECK_FALSE(Contains(json, admin->record.phone));
    if (const TargetUserBody* user = a.As<TargetUserBody>()) CHECK_FALSE(Contains(json, user->record.phone));
  }
  CHECK_FALSE(Contains(json, "\"body\""));
  CHECK(Contains(json, "\"payload_included\": false"));
  CHECK(Contains(json, "\"after\": \"+90******0000\""));
}

TEST_CASE("json: a create's changes are its body's fields, by name") {
  std::string json = PlanToJson(FreshOnboarding(), {});
  CHECK(Contains(json, "{\n          \"field\": \"company.country\",\n          \"before\": \"\",\n          \"after\": "
                       "\"Turkey\","));
  CHECK(Contains(json, "{\n          \"field\": \"license.start\",\n          \"before\": \"\",\n          \"after\": "
                       "\"2026-01-01\","));
}

TEST_CASE("json: the document has documented fields in a stable order") {
  std::string json = PlanToJson(DriftUpdates(), {});
  size_t version = json.find("\"format_version\": 3");
  size_t summary = json.find("\"summary\": {\n    \"create\": 1,\n    \"update\": 3,\n    \"delete\": 0,");
  size_t actions = json.find("\"actions\": [");
  REQUIRE(version != std::string::npos);
  REQUIRE(summary != std::string::npos);
  REQUIRE(actions != std::string::npos);
  CHECK(version < summary);
  CHECK(summary < actions);
  CHECK(Contains(json, "\"address\": \"customer.acme.company\",\n      \"action\": \"update\",\n      \"object\": \"company\""));
  CHECK(Contains(json, "{\n          \"field\": \"license.users\",\n          \"before\": \"500\",\n          \"after\": \"600\","));
  CHECK(Contains(json, "\"source\": \"manifests/globex.csv:3:1\""));
  CHECK(PlanToJson(DriftUpdates(), {}) == json);
}

TEST_CASE("json: diagnostics keep severity, subject, location, field, summary and fix, phones masked") {
  std::string json = PlanToJson(WarningsAndErrors(), {});
  CHECK(PlanSchemaErrors(json) == "");
  CHECK(Contains(json, "{\n      \"severity\": \"error\",\n      \"subject\": \"customer umbrella\",\n      \"location\": "
                       "\"manifests/umbrella.yaml:14:9\",\n      \"field\": \"spec.targetUsers[1].phone\",\n      \"summary\": "
                       "\"phone +44******7891 is already used by bob@umbrella.example\",\n      \"fix\": \"give each user "
                       "their own phone\"\n    }"));
  CHECK_FALSE(Contains(json, "+441234567890"));  // a phone field the planner did not mark
}

TEST_CASE("json: every fixture plan is valid against the schema") {
  for (const Plan& plan : {FreshOnboarding(), DriftUpdates(), NoChanges(), WarningsAndErrors(), Large(3, 4)})
    CHECK(PlanSchemaErrors(PlanToJson(plan, {})) == "");
}

TEST_CASE("json: the schema rejects documents missing what the plan format requires") {
  std::string json = PlanToJson(DriftUpdates(), {});
  auto without = [&](const std::string& from, const std::string& to) {
    std::string copy = json;
    size_t at = copy.find(from);
    REQUIRE(at != std::string::npos);
    return copy.replace(at, from.size(), to);
  };
  CHECK(PlanSchemaErrors(without("\"format_version\": 3,", "")) != "");
  CHECK(PlanSchemaErrors(without("\"delete\": 0,", "")) != "");
  CHECK(PlanSchemaErrors(without("\"action\": \"update\"", "\"action\": \"replace\"")) != "");
  CHECK(PlanSchemaErrors(without("\"before\": \"500\",", "")) != "");
  CHECK(PlanSchemaErrors(without("\"depends_on\": [],", "")) != "");
}

}  // TEST_SUITE

}  // namespace
}  // namespace onboard
