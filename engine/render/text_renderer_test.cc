#include "engine/render/text_renderer.h"

#include <algorithm>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "engine/render/plan_view.h"
#include "tests/render/fixtures.h"

namespace onboard {
namespace {

using namespace render_fixtures;

std::string LastLine(const std::string& text) {
  REQUIRE(!text.empty());
  REQUIRE(text.back() == '\n');
  size_t start = text.rfind('\n', text.size() - 2);
  return text.substr(start == std::string::npos ? 0 : start + 1, text.size() - 1 - (start == std::string::npos ? 0 : start + 1));
}

TEST_SUITE("render") {

TEST_CASE("text: a fresh onboarding lists groups first, then the customer, and ends with the summary") {
  std::string text = RenderPlanText(FreshOnboarding(), {});
  size_t groups = text.find("Company groups:\n  + group.emea-partners\n      name=EMEA Partners\n");
  size_t customer = text.find("Customer acme:\n  + customer.acme.company\n");
  REQUIRE(groups != std::string::npos);
  REQUIRE(customer != std::string::npos);
  CHECK(groups < customer);
  CHECK(text.find("  + customer.acme.group.emea-partners\n      group=EMEA Partners, company id=(known after apply), "
                  "group id=(known after apply)\n") != std::string::npos);
  // A create shows what its body sends (the admin's status too), then the ids known after apply.
  CHECK(text.find("roles=[Company Admin], active=true, company id=(known after apply),\n      role ids=(known after "
                  "apply)\n") != std::string::npos);
  CHECK(LastLine(text) == "Plan: 5 to create, 0 to update, 0 to delete, 1 participant to add.");
}

TEST_CASE("text: WritePlanText hands the same text over in pieces, not whole") {
  Plan plan = FreshOnboarding();
  // Enough target users for a text many times one piece.
  for (int i = 0; i < 3000; ++i) {
    Action& a = plan.actions.emplace_back();
    a.address = "customer.acme.target-user.user" + std::to_string(i) + "@acme.example";
    a.customer = "acme";
    TargetUserBody body;
    body.record.email = "user" + std::to_string(i) + "@acme.example";
    body.record.first_name = "Streamed";
    a.body = body;
  }
  std::vector<size_t> pieces;
  std::string joined;
  WritePlanText(plan, {}, [&](std::string_view piece) {
    pieces.push_back(piece.size());
    joined += piece;
  });
  CHECK(joined == RenderPlanText(plan, {}));
  CHECK(pieces.size() > 2);
  CHECK(*std::max_element(pieces.begin(), pieces.end()) < joined.size() / 2);
}

TEST_CASE("text: updates list each field as before -> after, empty values as (none)") {
  std::string text = RenderPlanText(DriftUpdates(), {});
  CHECK(text.find("  ~ customer.acme.company\n      license.users: 500 -> 600\n"
                  "      company.description: (none) -> Security awareness for Acme\n") != std::string::npos);
  CHECK(text.find("      firstName: Ada -> Adaline\n      phone: +90******0000 -> +90******0009\n") != std::string::npos);
  CHECK(LastLine(text) == "Plan: 1 to create, 3 to update, 0 to delete.");
}

TEST_CASE("text: creates list their fields compactly, wrapped") {
  std::string text = RenderPlanText(FreshOnboarding(), {});
  size_t start = text.find("  + customer.acme.company\n");
  size_t end = text.find("  + customer.acme.group.");
  REQUIRE(start != std::string::npos);
  std::string block = text.substr(start, end - start);
  CHECK(block.find("company.name=Acme Corp, company.description=Security awareness for Acme,") != std::string::npos);
  CHECK(block.find("license.end=2027-01-01\n") != std::string::npos);
  size_t line_start = 0;
  while (line_start < block.size()) {
    size_t nl = block.find('\n', line_start);
    CHECK(nl - line_start <= 100);
    line_start = nl + 1;
  }
}

TEST_CASE("text: no changes") {
  CHECK(RenderPlanText(NoChanges(), {}) == "No changes. The platform matches the manifests.\n");
}

TEST_CASE("text: warnings and errors come before the summary line") {
  std::string text = RenderPlanText(WarningsAndErrors(), {});
  size_t warning = text.find("warning: customer.initech.company: company.name: name \"Initech | <b>TPS</b>\"");
  size_t plan_wide = text.find("warning: the plan covers 2 of 5 customers (--customer)\n");
  size_t error = text.find("manifests/umbrella.yaml:14:9: error: customer umbrella: spec.targetUsers[1].phone: phone "
                           "+44******7891 is already used by bob@umbrella.example (fix: give each user their own phone)\n");
  size_t note = text.find("The plan has 1 error: it can be shown but not applied.\n");
  size_t summary = text.find("Plan: 1 to create, 1 to update, 0 to delete.\n");
  REQUIRE(warning != std::string::npos);
  REQUIRE(plan_wide != std::string::npos);
  REQUIRE(error != std::string::npos);
  REQUIRE(note != std::string::npos);
  REQUIRE(summary != std::string::npos);
  CHECK(warning < error);
  CHECK(error < note);
  CHECK(note < summary);
  CHECK(LastLine(text) == "Plan: 1 to create, 1 to update, 0 to delete.");
}

TEST_CASE("text: no escape sequences without colour, even from user data") {
  Plan plan = DriftUpdates();
  plan.actions[0].changes.push_back({"company.description", "old", "\x1b[31mred\x1b[0m\nnext"});
  std::string text = RenderPlanText(plan, {});
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("old -> \"\\x1b[31mred\\x1b[0m\\nnext\"\n") != std::string::npos);
}

TEST_CASE("text: values that could be misread are quoted, quotes and backslashes escaped") {
  CHECK(QuotedValue("Research, Development") == "\"Research, Development\"");
  CHECK(QuotedValue("Research Development") == "Research Development");
  CHECK(QuotedValue(" Ann") == "\" Ann\"");
  CHECK(QuotedValue("Lee ") == "\"Lee \"");
  CHECK(QuotedValue("a -> b") == "\"a -> b\"");
  CHECK(QuotedValue("O\"Neil \\ Co") == "\"O\\\"Neil \\\\ Co\"");
  CHECK(QuotedValue("two\nlines") == "\"two\\nlines\"");
  CHECK(QuotedValue("") == "(none)");
  CHECK(FieldValue("company.tags", "[emea, gold]") == "[emea, gold]");
  CHECK(FieldValue("department", "[emea, gold]") == "\"[emea, gold]\"");
  Plan plan = DriftUpdates();
  plan.actions[3].As<TargetUserBody>()->record.department = "Research, Development";
  plan.actions[2].changes[0].after = "Research, Development";
  std::string text = RenderPlanText(plan, {});
  CHECK(text.find("department=\"Research, Development\"") != std::string::npos);
  CHECK(text.find("department: Sales -> \"Research, Development\"\n") != std::string::npos);
}

TEST_CASE("text: warnings of one group are listed three times, then counted") {
  Plan plan = NoChanges();
  for (int i = 0; i < 117; ++i)
    plan.diagnostics.Add({Severity::Warning, {}, "", fmt::format("the platform may email a{}@x.example an invitation", i),
                          "", "", "the platform may email an invitation to each new admin"});
  plan.diagnostics.Add({Severity::Warning, {}, "", "something else", "", ""});
  std::string text = RenderPlanText(plan, {});
  CHECK(text.find("a2@x.example") != std::string::npos);
  CHECK(text.find("a3@x.example") == std::string::npos);
  CHECK(text.find("warning: the platform may email a2@x.example an invitation\n"
                  "... and 114 more: the platform may email an invitation to each new admin\n"
                  "warning: something else\n") != std::string::npos);
}

TEST_CASE("text: colour marks symbols and addresses") {
  RenderOptions options;
  options.color = true;
  std::string text = RenderPlanText(DriftUpdates(), options);
  CHECK(text.find("  \x1b[33m~\x1b[0m \x1b[1mcustomer.acme.company\x1b[0m\n") != std::string::npos);
  CHECK(text.find("  \x1b[32m+\x1b[0m \x1b[1mcustomer.globex.target-user.marge@globex.example\x1b[0m\n") !=
        std::string::npos);
  Plan removal = FreshOnboarding();
  removal.actions[2].type = ActionType::RemoveParticipant;
  CHECK(RenderPlanText(removal, options).find("\x1b[31m-\x1b[0m \x1b[1mcustomer.acme.group.emea-partners") !=
        std::string::npos);
}

TEST_CASE("text: phones are masked unless show_sensitive") {
  std::string masked = RenderPlanText(FreshOnboarding(), {});
  CHECK(masked.find("+905550000000") == std::string::npos);
  CHECK(masked.find("phone=+90******0000") != std::string::npos);
  RenderOptions options;
  options.show_sensitive = true;
  CHECK(RenderPlanText(FreshOnboarding(), options).find("phone=+905550000000") != std::string::npos);
}

TEST_CASE("text: 26,000 actions and 500 diagnostics group by customer with a few lookups per diagnostic") {
  // Each diagnostic's customer was once found by comparing its subject with every customer
  // of every action (minutes at this size); now it costs hash lookups, as many per
  // diagnostic as its subject has separators, whatever the number of actions (so the bound
  // below holds at any size; this one is large enough that a scan per diagnostic would take
  // 13 million comparisons).
  Plan plan = Large(250, 104);
  for (int c = 0; c < 250; ++c)
    for (int admin = 0; admin < 2; ++admin)
      plan.diagnostics.Add({Severity::Warning, {}, {}, "the platform may email an invitation", {},
                            fmt::format("customer.customer-{:04}.admin.admin{}@customer-{:04}.example", c, admin, c)});
  size_t lookups = 0;
  std::vector<PlanSection> sections = SectionsOf(plan, &lookups);
  REQUIRE(sections.size() == 250);
  CHECK(sections[7].warnings == 2);
  CHECK(sections[7].actions.size() == 104);
  CHECK(lookups > 0);
  CHECK(lookups <= 500u * 6u);
  std::string text = RenderPlanText(plan, {});
  CHECK(LastLine(text) == "Plan: 26000 to create, 0 to update, 0 to delete.");
}

}  // TEST_SUITE

}  // namespace
}  // namespace onboard
