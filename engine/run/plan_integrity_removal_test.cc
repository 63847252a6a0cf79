// Plan integrity for deletes and groups left: a saved plan cannot delete an object its
// rendering does not show, nor one the live state does not hold.

#include "engine/run/plan_integrity.h"

#include <doctest/doctest.h>

#include <sstream>

#include "engine/plan/planner.h"
#include "engine/plan/plan_file.h"
#include "tests/support/plan_fixtures.h"

namespace onboard {
namespace {


using fixtures::AcmeDesired;
using fixtures::ApplyToLive;
using fixtures::EmptyLive;

// The README's example applied, then john@ dropped from the manifest with prune, and the
// company in a group the manifest does not list, with prune: [groups].
struct Pruned {
  LiveState live;
  Plan plan;
  Pruned() {
    live = EmptyLive();
    DesiredState desired = AcmeDesired();
    REQUIRE(ApplyToLive(MakePlan(desired, live, {}), &live));
    LiveCompany& acme = live.details.begin()->second;
    live.groups.push_back({"grp-old", "Old Partners", 1, ""});
    acme.company.group_ids.push_back("grp-old");
    DesiredCustomer& c = desired.customers[0];
    c.target_users.resize(1);
    c.prune.target_users = true;
    c.prune.groups = true;
    plan = MakePlan(desired, live, {});
    REQUIRE_FALSE(plan.diagnostics.has_errors());
    REQUIRE(plan.actions.size() == 2);
  }
  Action& Delete() { return plan.actions[0].type == ActionType::Delete ? plan.actions[0] : plan.actions[1]; }
  Action& Leave() { return plan.actions[0].type == ActionType::Delete ? plan.actions[1] : plan.actions[0]; }
};

}  // namespace

TEST_SUITE("run") {

TEST_CASE("integrity: an untouched plan with deletes has no problem, also after a save and read") {
  Pruned p;
  CHECK_MESSAGE(PlanIntegrityProblems(p.plan, p.live).empty(), ListProblems(PlanIntegrityProblems(p.plan, p.live)));
  Plan read;
  std::string error;
  REQUIRE(ReadPlanFile(WritePlanFile(p.plan), &read, &error));
  CHECK(PlanIntegrityProblems(read, p.live).empty());
  CHECK(read.actions.size() == 2);
}

TEST_CASE("integrity: a delete whose target is not the object shown, or not live, is refused") {
  SUBCASE("another live user's id") {
    Pruned p;
    const std::string other = p.live.details.begin()->second.target_users.at(0).id;  // jane, kept
    p.Delete().target_id = other;
    p.Delete().As<TargetUserBody>()->record.id = other;
    CHECK_MESSAGE(!PlanIntegrityProblems(p.plan, p.live).empty(), "deleting jane while showing john");
  }
  SUBCASE("an id the company does not hold") {
    Pruned p;
    p.Delete().target_id = "nobody";
    p.Delete().As<TargetUserBody>()->record.id = "nobody";
    std::string problems = ListProblems(PlanIntegrityProblems(p.plan, p.live));
    CHECK(problems.find("no live object") != std::string::npos);
  }
  SUBCASE("the body's id is not the target") {
    Pruned p;
    p.Delete().As<TargetUserBody>()->record.id = "someone-else";
    CHECK(ListProblems(PlanIntegrityProblems(p.plan, p.live)).find("not the object deleted") != std::string::npos);
  }
  SUBCASE("a group the company is not in") {
    Pruned p;
    p.live.details.begin()->second.company.group_ids.clear();
    CHECK(ListProblems(PlanIntegrityProblems(p.plan, p.live)).find("not in the group it leaves") != std::string::npos);
  }
}

}  // TEST_SUITE

}  // namespace onboard
