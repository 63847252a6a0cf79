// Golden scenarios of the plan renderings: each folder under tests/render/ holds what the
// text, Markdown and JSON renderings of one hand-built plan (tests/render/fixtures.h) must be,
// byte for byte:
//   expected.txt         RenderPlanText, no colour
//   expected.md          RenderPlanMarkdown
//   expected.json        PlanToJson as `plan --format json` prints it (masked, no bodies)
//   expected.saved.json  WritePlanFile as `plan --out FILE` saves it (with the bodies)
// and dry-run/ what `apply --dry-run` prints after the plan (expected.txt: the requests and the
// summary) and its `--format json` report (expected.json), for a hand-built report.
// After an intended change of a rendering, rewrite the goldens and review the diff:
//   ONBOARD_UPDATE_GOLDEN=1 build/tests/onboard_tests -ts=render -tc='golden*'
//   git diff tests/render/

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "engine/exec/apply_report.h"
#include "engine/plan/plan_file.h"
#include "engine/render/markdown_renderer.h"
#include "engine/render/plan_json.h"
#include "engine/render/text_renderer.h"
#include "tests/render/fixtures.h"
#include "tests/render/removal_fixtures.h"
#include "tests/render/schema_check.h"

namespace onboard {
namespace {

using namespace render_fixtures;

bool UpdateGoldens() {
  const char* v = std::getenv("ONBOARD_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

void CheckGolden(const std::string& scenario, const std::string& file, const std::string& actual) {
  std::string path = std::string(ONBOARD_TEST_DATA) + "/render/" + scenario + "/" + file;
  CAPTURE(path);
  if (UpdateGoldens()) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    REQUIRE(out.good());
    return;
  }
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing golden; create it with ONBOARD_UPDATE_GOLDEN=1");
  std::stringstream expected;
  expected << in.rdbuf();
  CHECK(actual == expected.str());
}

void CheckScenario(const std::string& scenario, const Plan& plan) {
  RenderOptions display;
  std::string json = PlanToJson(plan, display);
  std::string saved_json = WritePlanFile(plan);
  CHECK(PlanSchemaErrors(json) == "");
  CHECK(PlanSchemaErrors(saved_json) == "");
  CheckGolden(scenario, "expected.txt", RenderPlanText(plan, display));
  CheckGolden(scenario, "expected.md", RenderPlanMarkdown(plan, display));
  CheckGolden(scenario, "expected.json", json);
  CheckGolden(scenario, "expected.saved.json", saved_json);
}

TEST_SUITE("render") {

TEST_CASE("golden: fresh onboarding") { CheckScenario("fresh-onboarding", FreshOnboarding()); }
TEST_CASE("golden: drift updates") { CheckScenario("drift-updates", DriftUpdates()); }
TEST_CASE("golden: no changes") { CheckScenario("no-changes", NoChanges()); }
TEST_CASE("golden: warnings and errors") { CheckScenario("warnings-and-errors", WarningsAndErrors()); }
TEST_CASE("golden: target groups and memberships") {
  const Plan plan = TargetGroups();
  CheckScenario("target-groups", plan);
  const std::string text = RenderPlanText(plan, RenderOptions{});
  CHECK(text.find("users=[john@acme.example, mia@acme.example]") != std::string::npos);
}

TEST_CASE("golden: quoted values and collapsed warnings") {
  const Plan plan = QuotedAndCollapsed();
  CheckScenario("quoted-and-collapsed", plan);
  RenderOptions display;
  const std::string text = RenderPlanText(plan, display);
  CHECK(text.find("department=\"Research, Development\"") != std::string::npos);
  CHECK(text.find("... and 4 more: the platform may email an invitation to each new admin\n") != std::string::npos);
  CHECK(text.find("admin3@lab.example an invitation") == std::string::npos);
  CHECK(RenderPlanMarkdown(plan, display).find("admin3@lab.example an invitation") == std::string::npos);
  // JSON keeps every warning.
  CHECK(PlanToJson(plan, display).find("admin6@lab.example an invitation") != std::string::npos);
}

TEST_CASE("golden: removal (deletes, a group left, an offboarded company, unlisted objects)") {
  const Plan plan = Removal();
  CheckScenario("removal", plan);
  const std::string text = RenderPlanText(plan, RenderOptions{});
  CHECK(text.find("Plan: 0 to create, 0 to update, 3 to delete, 1 participant to remove.") != std::string::npos);
  CHECK(text.find("  - customer.acme.target-user.leaver@acme.example\n      - email: leaver@acme.example\n") !=
        std::string::npos);
  CHECK(text.find("+905553334455") == std::string::npos);  // masked, as for creates
  CHECK(text.find("customer globex: 3 target users, 1 admin not in the manifest; add `prune: [targetUsers, admins]`") !=
        std::string::npos);
  CHECK(text.find("2 live companies no manifest describes; `onboard export`") != std::string::npos);
  // The saved plan gives it all back: deletes, counts, the unlisted report.
  Plan read;
  std::string error;
  REQUIRE_MESSAGE(ReadPlanFile(WritePlanFile(plan), &read, &error), error);
  CHECK(WritePlanFile(read) == WritePlanFile(plan));
  CHECK(read.unlisted.companies.size() == 2);
  REQUIRE(read.actions.size() == 4);
  CHECK(read.actions[3].As<CompanyBody>()->target_users_going == 40);
  RenderOptions color;
  color.color = true;
  CHECK(RenderPlanText(plan, color).find("\x1b[31m- email: leaver@acme.example\x1b[0m") != std::string::npos);
}

TEST_CASE("golden: dry run") {
  ApplyReport report;
  report.dry_run = true;
  auto action = [&](const char* address, ActionType type, ObjectType object) {
    ActionReport a;
    a.address = address;
    a.type = type;
    a.object = object;
    a.outcome = ActionOutcome::Done;
    a.id = DryRunPlaceholder(address);
    report.actions.push_back(a);
  };
  action("customer.acme.company", ActionType::Update, ObjectType::Company);
  action("customer.acme.admin.ada@acme.example", ActionType::Create, ObjectType::Admin);
  action("customer.acme.group.emea", ActionType::AddParticipant, ObjectType::Participant);
  report.requests.push_back({"PUT", "/api/companies/cmp-acme", "", "customer.acme.company",
                             "{\n  \"name\": \"Acme Corp\",\n  \"numberOfUsers\": 600\n}\n"});
  report.requests.push_back({"POST", "/api/system-users", "cmp-acme", "customer.acme.admin.ada@acme.example",
                             "{\n  \"email\": \"ada@acme.example\",\n  \"phoneNumber\": \"905550000000\",\n"
                             "  \"firstName\": \"Ada, call +90 555 111 2233\"\n}\n"});
  report.requests.push_back({"POST", "/api/company-groups/<id of group.emea>/participants", "",
                             "customer.acme.group.emea", "companyResourceId: cmp-acme\nphone: 905550000000\n"});
  report.Count();
  const std::string text = "\n" + RenderDryRunRequests(report, false) + "\n" + RenderApplySummary(report, false);
  CHECK(text.find("905550000000") == std::string::npos);
  CHECK(text.find("Apply complete") == std::string::npos);
  CheckGolden("dry-run", "expected.txt", text);
  const std::string json = ApplyReportToJson(report);
  CHECK(json.find("905550000000") == std::string::npos);
  CheckGolden("dry-run", "expected.json", json);
  // Asked for, the personal data is shown as it would be sent.
  CHECK(ApplyReportToJson(report, true).find("905550000000") != std::string::npos);
}

}  // TEST_SUITE

}  // namespace
}  // namespace onboard
