#include "engine/render/markdown_renderer.h"

#include <doctest/doctest.h>

#include "engine/text/strings.h"
#include "tests/render/fixtures.h"

namespace onboard {
namespace {

using namespace render_fixtures;

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

TEST_SUITE("render") {

TEST_CASE("markdown: heading, summary table, one collapsible diff section per customer") {
  std::string md = RenderPlanMarkdown(FreshOnboarding(), {});
  CHECK(md.rfind("## onboard plan\n\n**Plan: 5 to create, 0 to update, 0 to delete, 1 participant to add.**\n", 0) == 0);
  CHECK(Contains(md, "| customer | create | update | participants | warnings |\n| --- | ---: | ---: | ---: | ---: |\n"));
  CHECK(Contains(md, "| *company groups* | 1 | 0 | 0 | 0 |\n| acme | 4 | 0 | 1 | 1 |\n| **total** | 5 | 0 | 1 | 1 |\n"));
  CHECK(Contains(md, "<details><summary>company groups (1 change)</summary>\n\n```diff\n+ group.emea-partners\n"));
  CHECK(Contains(md, "<details><summary>acme (5 changes)</summary>\n\n```diff\n+ customer.acme.company\n+     company.name=Acme Corp"));
  CHECK(Count(md, "<details>") == 2);
  CHECK(Count(md, "</details>") == 2);
  CHECK(Contains(md, "### Warnings\n\n- manifests/acme.yaml:27:7: warning: `customer.acme.admin.ada@acme.example`: "
                     "`spec.admins[0]`: creating an admin sends an invitation email to `ada@acme.example`\n"));
  CHECK_FALSE(Contains(md, "Left out"));
  CHECK_FALSE(Contains(md, "\x1b"));
}

TEST_CASE("markdown: updates are ! lines (coloured by GitHub's diff highlighting) with before -> after") {
  std::string md = RenderPlanMarkdown(DriftUpdates(), {});
  CHECK(Contains(md, "```diff\n! customer.acme.company\n!     license.users: 500 -> 600\n"));
  CHECK_FALSE(Contains(md, "\n~ "));
  CHECK_FALSE(Contains(md, "\n      "));  // every line of a block starts with its symbol
  CHECK(Contains(md, "| globex | 1 | 1 | 0 | 0 |\n"));
}

TEST_CASE("markdown: no changes") {
  CHECK(RenderPlanMarkdown(NoChanges(), {}) == "## onboard plan\n\n**No changes. The platform matches the manifests.**\n\n");
}

TEST_CASE("markdown: user data cannot break the table, the HTML or the code block") {
  Plan plan = WarningsAndErrors();
  plan.actions[0].customer = "init|<tech>";
  std::string md = RenderPlanMarkdown(plan, {});
  CHECK(Contains(md, "| init\\|&lt;tech&gt; | 0 | 1 | 0 | 0 | 0 |\n"));
  CHECK(Contains(md, "<summary>init|&lt;tech&gt; (1 change)</summary>"));
  // Raw HTML from user data only inside the code block, where it is text.
  CHECK_FALSE(Contains(md.substr(0, md.find("```")), "<b>"));
  CHECK(Contains(md, "name \"Initech \\| &lt;b&gt;TPS&lt;/b&gt;\""));
  // A value holding ``` gets a longer fence, so it stays inside the block.
  CHECK(Contains(md, "````diff\n! customer.initech.company\n"));
  CHECK(Contains(md, "company.description: ``` breakout -> \"line one\\nline two `code`\"\n````\n"));
}

TEST_CASE("markdown: errors column and list when the plan has errors") {
  std::string md = RenderPlanMarkdown(WarningsAndErrors(), {});
  CHECK(Contains(md, "| customer | create | update | participants | warnings | errors |\n"));
  CHECK(Contains(md, "| umbrella | 1 | 0 | 0 | 0 | 1 |\n"));
  CHECK(Contains(md, "| **total** | 1 | 1 | 0 | 2 | 1 |\n"));
  CHECK(Contains(md, "### Errors\n\n- manifests/umbrella.yaml:14:9: error:"));
}

TEST_CASE("markdown: a 5,000-action plan stays under the limit, keeps the table, says what it left out") {
  for (auto [customers, per_customer] : {std::pair{50, 100}, std::pair{1, 5000}, std::pair{5000, 1}}) {
    CAPTURE(customers);
    Plan plan = Large(customers, per_customer);
    REQUIRE(plan.actions.size() == 5000);
    RenderOptions options;
    std::string md = RenderPlanMarkdown(plan, options);
    CHECK(md.size() <= options.markdown_limit);
    CHECK(md.size() > options.markdown_limit / 2);  // it uses the room it has
    CHECK(Contains(md, "| customer | create | update | participants | warnings |\n"));
    CHECK(Contains(md, "| **total** | 5000 | 0 | 0 | 0 |\n"));
    CHECK(Contains(md, "**Left out: "));
    CHECK(Contains(md, "The full plan is in the saved plan (`onboard plan --out FILE`, kept as the CI artifact)."));
    CHECK(Count(md, "<details>") == Count(md, "</details>"));
    CHECK(Count(md, "```") % 2 == 0);
    // The shown actions and the left-out count add up to the whole plan.
    size_t shown = Count(md, "\n+ customer.");
    size_t at = md.find("**Left out: ") + 12;
    size_t left_out = std::stoul(md.substr(at));
    CHECK(shown + left_out == 5000);
  }
}

TEST_CASE("markdown: the table is cut short with a row for the rest when there are many customers") {
  std::string md = RenderPlanMarkdown(Large(5000, 1), {});
  CHECK(Contains(md, "| customer-0000 | 1 | 0 | 0 | 0 |\n"));
  CHECK_FALSE(Contains(md, "| customer-4999 |"));
  CHECK(Contains(md, " more customers* | "));
}

TEST_CASE("markdown: addresses and emails in diagnostics are code spans, so GitHub links none") {
  Plan plan = FreshOnboarding();
  plan.diagnostics.Add({Severity::Warning, {}, "", "uses `ticks` (and bob@x.example).", "", "customer.acme.admin.`odd`@x"});
  std::string md = RenderPlanMarkdown(plan, {});
  CHECK(Contains(md, "- warning: ``customer.acme.admin.`odd`@x``: uses \\`ticks\\` (and `bob@x.example`).\n"));
}

TEST_CASE("markdown: phones are masked unless show_sensitive") {
  std::string md = RenderPlanMarkdown(FreshOnboarding(), {});
  for (const char* phone : {"+905550000000", "+905551111111", "+905552222222"}) CHECK_FALSE(Contains(md, phone));
  CHECK(Contains(md, "phone=+90******0000"));
  RenderOptions options;
  options.show_sensitive = true;
  CHECK(Contains(RenderPlanMarkdown(FreshOnboarding(), options), "phone=+905550000000"));
}

}  // TEST_SUITE

}  // namespace
}  // namespace onboard
