#include "engine/run/plan_integrity.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "engine/plan/planner.h"
#include "tests/support/plan_fixtures.h"
#include "engine/plan/testing/plan_checks.h"

namespace onboard {
namespace {

using testing::Get;

using fixtures::AcmeDesired;
using fixtures::ApplyToLive;
using fixtures::EmptyLive;

const char* kCompany = "customer.acme.company";
const char* kAdmin = "customer.acme.admin.ada@acme.example";
const char* kJane = "customer.acme.target-user.jane@acme.example";

// True when the only problems found are of `address` and `field`.
bool OnlyProblem(const std::vector<IntegrityProblem>& problems, const std::string& address, const std::string& field) {
  if (problems.empty()) return false;
  for (const IntegrityProblem& p : problems)
    if (p.address != address || p.field != field) return false;
  return true;
}

// The platform after applying the README's example, with passthrough fields, then drifted
// so that the plan updates the company, the admin and a target user.
struct Drifted {
  LiveState live;
  Plan plan;
  Drifted() {
    live = EmptyLive();
    Plan first = MakePlan(AcmeDesired(), live, {});
    REQUIRE(ApplyToLive(first, &live));
    REQUIRE(live.details.size() == 1);
    LiveCompany& acme = live.details.begin()->second;
    acme.company.passthrough = {{"LogoUrl", "https://logo.example/a.png"}};
    acme.company.number_of_users = 400;
    acme.company.country_id = "country-de";
    acme.company.license_end = "2026-06-30T00:00:00Z";
    acme.admins.at(0).first_name = "Adda";
    acme.admins.at(0).passthrough = {{"twoFactor", "true"}};
    for (TargetUserRecord& u : acme.target_users)
      if (u.email == "jane@acme.example") u.department = "Sales";
    plan = MakePlan(AcmeDesired(), live, {});
    REQUIRE_FALSE(plan.diagnostics.has_errors());
    REQUIRE(plan.Find(kCompany));
    REQUIRE(plan.Find(kCompany)->type == ActionType::Update);
    REQUIRE(plan.Find(kAdmin));
    REQUIRE(plan.Find(kJane));
  }
};

}  // namespace

TEST_SUITE("run") {

TEST_CASE("plan integrity: untouched plans are accepted (creates on a fresh platform, updates of a live one)") {
  Plan creates = MakePlan(AcmeDesired(), EmptyLive(), {});
  REQUIRE_FALSE(creates.diagnostics.has_errors());
  CHECK_MESSAGE(PlanIntegrityProblems(creates, EmptyLive()).empty(), ListProblems(PlanIntegrityProblems(creates, EmptyLive())));
  Drifted d;
  CHECK_MESSAGE(PlanIntegrityProblems(d.plan, d.live).empty(), ListProblems(PlanIntegrityProblems(d.plan, d.live)));
}

TEST_CASE("plan integrity: an update body changed without its shown change is refused, naming action and field") {
  Drifted d;
  SUBCASE("company renamed in the body") {
    std::get<CompanyBody>(Get(d.plan, kCompany).body).record->name = "PWNED";
    CHECK(OnlyProblem(PlanIntegrityProblems(d.plan, d.live), kCompany, "company.name"));
  }
  SUBCASE("a shown change sends another value") {
    std::get<CompanyBody>(Get(d.plan, kCompany).body).record->number_of_users = 9999;
    CHECK(OnlyProblem(PlanIntegrityProblems(d.plan, d.live), kCompany, "license.users"));
  }
  SUBCASE("a shown change edited, the body not") {
    for (FieldChange& c : Get(d.plan, kCompany).changes)
      if (c.field == "company.country") c.after = "Germany";
    CHECK(OnlyProblem(PlanIntegrityProblems(d.plan, d.live), kCompany, "company.country"));
  }
  SUBCASE("a change of a field the plan does not send") {
    Get(d.plan, kCompany).changes.push_back({"company.nickname", "", "x"});
    CHECK(OnlyProblem(PlanIntegrityProblems(d.plan, d.live), kCompany, "company.nickname"));
  }
  SUBCASE("the license end sent differs from the date shown") {
    std::get<CompanyBody>(Get(d.plan, kCompany).body).record->license_end = "2030-01-01T00:00:00Z";
    CHECK(OnlyProblem(PlanIntegrityProblems(d.plan, d.live), kCompany, "license.end"));
  }
  SUBCASE("a passthrough field edited") {
    std::get<CompanyBody>(Get(d.plan, kCompany).body).record->passthrough = {{"LogoUrl", "https://evil.example/x.png"}};
    CHECK(OnlyProblem(PlanIntegrityProblems(d.plan, d.live), kCompany, "passthrough"));
  }
  SUBCASE("the company's groups edited") {
    std::get<CompanyBody>(Get(d.plan, kCompany).body).record->group_ids.push_back("group-other");
    CHECK(OnlyProblem(PlanIntegrityProblems(d.plan, d.live), kCompany, "group ids"));
  }
  SUBCASE("an admin's email changed to an attacker's") {
    std::get<AdminBody>(Get(d.plan, kAdmin).body).record.email = "mallory@evil.example";
    CHECK(OnlyProblem(PlanIntegrityProblems(d.plan, d.live), kAdmin, "email"));
  }
  SUBCASE("an admin given another role") {
    auto& roles = std::get<AdminBody>(Get(d.plan, kAdmin).body).record.role_ids;
    REQUIRE_FALSE(roles.empty());
    roles.push_back(d.live.details.begin()->first + "-role-read-only-admin");
    CHECK(OnlyProblem(PlanIntegrityProblems(d.plan, d.live), kAdmin, "roles"));
  }
  SUBCASE("an admin's passthrough field edited") {
    std::get<AdminBody>(Get(d.plan, kAdmin).body).record.passthrough = {{"twoFactor", "false"}};
    CHECK(OnlyProblem(PlanIntegrityProblems(d.plan, d.live), kAdmin, "passthrough"));
  }
  SUBCASE("a target user's hidden field edited") {
    std::get<TargetUserBody>(Get(d.plan, kJane).body).record.manager_email = "mallory@evil.example";
    CHECK(OnlyProblem(PlanIntegrityProblems(d.plan, d.live), kJane, "manager.email"));
  }
  SUBCASE("an update aimed at another object") {
    Get(d.plan, kAdmin).target_id = "admin-999";
    CHECK(OnlyProblem(PlanIntegrityProblems(d.plan, d.live), kAdmin, "id"));
  }
  SUBCASE("a user update moved to another company") {
    Get(d.plan, kJane).company_ref.id = "company-other";
    std::vector<IntegrityProblem> problems = PlanIntegrityProblems(d.plan, d.live);
    CHECK(std::any_of(problems.begin(), problems.end(),
                      [](const IntegrityProblem& p) { return p.address == kJane && p.field == "company id"; }));
  }
}

TEST_CASE("plan integrity: a create that sends what it does not show is refused, naming action and field") {
  Plan plan = MakePlan(AcmeDesired(), EmptyLive(), {});
  LiveState live = EmptyLive();
  CompanyRecord& company = *std::get<CompanyBody>(Get(plan, kCompany).body).record;
  SUBCASE("a hidden passthrough field") {
    company.passthrough.push_back({"LogoUrl", "https://evil.example/x.png"});
    CHECK(OnlyProblem(PlanIntegrityProblems(plan, live), kCompany, "passthrough"));
  }
  SUBCASE("a hidden group id") {
    company.group_ids.push_back("group-other");
    CHECK(OnlyProblem(PlanIntegrityProblems(plan, live), kCompany, "group ids"));
  }
  SUBCASE("a hidden status") {
    company.status_id = 2;
    CHECK(OnlyProblem(PlanIntegrityProblems(plan, live), kCompany, "status"));
  }
  SUBCASE("an id shown by a false name") {
    plan.names[company.industry_id] = "Banking";
    CHECK(OnlyProblem(PlanIntegrityProblems(plan, live), kCompany, "company.industry"));
  }
  SUBCASE("a join aimed at another group than the one shown") {
    auto& joins = std::get<CompanyBody>(Get(plan, kCompany).body).joins;
    REQUIRE(joins.size() == 1);
    joins[0].group = IdRef{"group-other", {}};
    CHECK(OnlyProblem(PlanIntegrityProblems(plan, live), kCompany, "groups"));
  }
  SUBCASE("an admin create's email changed") {
    std::get<AdminBody>(Get(plan, kAdmin).body).record.email = "mallory@evil.example";
    CHECK(OnlyProblem(PlanIntegrityProblems(plan, live), kAdmin, "email"));
  }
  SUBCASE("an admin create with role ids beside the role names shown") {
    std::get<AdminBody>(Get(plan, kAdmin).body).record.role_ids = {"role-super"};
    CHECK(OnlyProblem(PlanIntegrityProblems(plan, live), kAdmin, "role ids"));
  }
  SUBCASE("a target-user create aimed at an existing company") {
    Get(plan, kJane).company_ref = IdRef{"company-other", {}};
    CHECK(OnlyProblem(PlanIntegrityProblems(plan, live), kJane, "company id"));
  }
  SUBCASE("a target-user create with hidden target groups") {
    std::get<TargetUserBody>(Get(plan, kJane).body).record.target_group_ids = std::vector<std::string>{"tg-1"};
    CHECK(OnlyProblem(PlanIntegrityProblems(plan, live), kJane, "target groups"));
  }
  SUBCASE("a group create with an empty name") {
    std::get<GroupBody>(Get(plan, "group.emea-partners").body).name = "";
    std::vector<IntegrityProblem> problems = PlanIntegrityProblems(plan, live);
    CHECK(std::any_of(problems.begin(), problems.end(), [](const IntegrityProblem& p) {
      return p.address == "group.emea-partners" && p.field == "name";
    }));
  }
}

}  // TEST_SUITE

}  // namespace onboard
