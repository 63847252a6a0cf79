// The edited-plan check (plan_integrity.h) for target groups and memberships: what a saved
// plan sends must be what it shows.

#include <doctest/doctest.h>

#include <sstream>

#include "engine/plan/planner.h"
#include "engine/run/plan_integrity.h"
#include "tests/support/plan_fixtures.h"
#include "engine/plan/testing/plan_checks.h"

namespace onboard {
namespace {

using testing::Get;

using fixtures::AcmeDesired;
using fixtures::ApplyToLive;
using fixtures::EmptyLive;

// Acme applied with target group Finance (jane in it); then a plan that raises Finance's
// priority, creates Sales with john joining it, moves jane out of Finance, and adds a new
// user mia to both.
struct Scenario {
  LiveState live = EmptyLive();
  DesiredState desired = AcmeDesired();
  Plan plan;
  Scenario() {
    desired.customers[0].target_groups = {{"Finance", std::string("Low"), {}}};
    desired.customers[0].target_users[0].groups = std::vector<std::string>{"Finance"};
    Plan first = MakePlan(desired, live, {});
    REQUIRE_FALSE(first.diagnostics.has_errors());
    REQUIRE(ApplyToLive(first, &live));
    desired.customers[0].target_groups = {{"Finance", std::string("High"), {}}, {"Sales", std::nullopt, {}}};
    desired.customers[0].target_users[0].groups = std::vector<std::string>{};
    desired.customers[0].target_users[1].groups = std::vector<std::string>{"Sales"};
    DesiredTargetUser mia = fixtures::MakeTargetUser("mia@acme.example");
    mia.groups = std::vector<std::string>{"Finance", "Sales"};
    desired.customers[0].target_users.push_back(mia);
    plan = MakePlan(desired, live, {});
    REQUIRE_FALSE(plan.diagnostics.has_errors());
  }
};

}  // namespace

TEST_CASE("integrity: target-group actions as planned have no problem, and each edit of what they send is found") {
  Scenario s;
  CHECK_MESSAGE(PlanIntegrityProblems(s.plan, s.live).empty(), ListProblems(PlanIntegrityProblems(s.plan, s.live)));
  const std::string finance = "customer.acme.target-group.finance";

  Plan p = s.plan;
  Get(p, finance).As<TargetGroupBody>()->record.priority = "Low";  // sends another priority than shown
  CHECK(ListProblems(PlanIntegrityProblems(p, s.live)).find(finance + ": priority: sent as another value") != std::string::npos);

  p = s.plan;
  Get(p, finance).As<TargetGroupBody>()->record.name = "Payroll";  // renames it silently
  CHECK(ListProblems(PlanIntegrityProblems(p, s.live)).find(finance + ": name:") != std::string::npos);

  p = s.plan;
  TargetGroupMembersBody& join = *Get(p, "customer.acme.target-group.sales.add-users").As<TargetGroupMembersBody>();
  join.user_ids[0] = s.plan.Find("customer.acme.target-group.finance.remove-users")->As<TargetGroupMembersBody>()->user_ids[0];
  CHECK(ListProblems(PlanIntegrityProblems(p, s.live)).find("sales.add-users: users: a user sent is not the user shown") !=
        std::string::npos);

  p = s.plan;
  Get(p, "customer.acme.target-group.finance.remove-users").As<TargetGroupMembersBody>()->group.id = "someone-else";
  CHECK(ListProblems(PlanIntegrityProblems(p, s.live)).find("the target group changed is not the group shown") != std::string::npos);

  p = s.plan;
  TargetUserBody& mia = *Get(p, "customer.acme.target-user.mia@acme.example").As<TargetUserBody>();
  REQUIRE(mia.joins.size() == 2);
  mia.record.target_group_ids->push_back("tg-hidden");  // joins a group it does not show
  CHECK(ListProblems(PlanIntegrityProblems(p, s.live)).find("mia@acme.example: target groups: sent but not shown") !=
        std::string::npos);
}

}  // namespace onboard
