// Phone numbers are personal data: no rendering shows one unmasked unless asked to.

#include <doctest/doctest.h>

#include "engine/render/markdown_renderer.h"
#include "engine/render/plan_json.h"
#include "engine/render/text_renderer.h"
#include "tests/render/fixtures.h"
#include "tests/render/schema_check.h"

namespace onboard {
namespace {

using namespace render_fixtures;

// Every phone number a plan holds: in bodies and in change values.
std::vector<std::string> PhonesOf(const Plan& plan) {
  std::vector<std::string> phones;
  for (const Action& a : plan.actions) {
    if (const AdminBody* admin = a.As<AdminBody>()) phones.push_back(admin->record.phone);
    if (const TargetUserBody* user = a.As<TargetUserBody>()) phones.push_back(user->record.phone);
    for (const FieldChange& c : a.changes)
      if (c.field == "phone") phones.push_back(c.before), phones.push_back(c.after);
  }
  std::erase(phones, "");
  return phones;
}

TEST_SUITE("render") {

TEST_CASE("masking: no unmasked phone in text, Markdown or JSON display output") {
  for (const Plan& plan : {FreshOnboarding(), DriftUpdates(), WarningsAndErrors(), Large(2, 3)}) {
    std::vector<std::string> phones = PhonesOf(plan);
    REQUIRE(!phones.empty());
    RenderOptions colour;
    colour.color = true;
    CHECK(render_fixtures::PlanSchemaErrors(PlanToJson(plan, {})) == "");
    for (const std::string& out : {RenderPlanText(plan, {}), RenderPlanText(plan, colour), RenderPlanMarkdown(plan, {}),
                                   PlanToJson(plan, {})}) {
      for (const std::string& phone : phones) {
        CAPTURE(phone);
        CHECK(out.find(phone) == std::string::npos);
        CHECK(out.find(phone.substr(3)) == std::string::npos);  // not even its digits after the prefix
      }
    }
  }
}

TEST_CASE("masking: show_sensitive shows every phone the changes carry") {
  RenderOptions options;
  options.show_sensitive = true;
  Plan plan = DriftUpdates();
  for (const std::string& out : {RenderPlanText(plan, options), RenderPlanMarkdown(plan, options), PlanToJson(plan, options)}) {
    CHECK(out.find("+905550000000") != std::string::npos);
    CHECK(out.find("+905550000009") != std::string::npos);
    CHECK(out.find("+15559876543") != std::string::npos);
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace onboard
