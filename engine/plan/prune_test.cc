#include "engine/plan/prune.h"

#include <doctest/doctest.h>

#include <algorithm>

#include <fmt/format.h>

#include "engine/plan/planner.h"
#include "tests/support/plan_fixtures.h"

namespace onboard {
namespace {

using fixtures::ApplyToLive;
using fixtures::EmptyLive;
using fixtures::MakeAdmin;
using fixtures::MakeCustomer;
using fixtures::MakeTargetUser;

// One customer "acme" with `users` target users (u<i>@acme.example) and `admins` admins
// (a<i>@acme.example), applied: the live state holds exactly them.
struct Applied {
  DesiredState desired;
  LiveState live;
};

Applied Apply(int users, int admins) {
  Applied out;
  DesiredCustomer c = MakeCustomer("acme", "Acme Corp");
  for (int i = 0; i < users; ++i) c.target_users.push_back(MakeTargetUser(fmt::format("u{}@acme.example", i)));
  for (int i = 0; i < admins; ++i) c.admins.push_back(MakeAdmin(fmt::format("a{}@acme.example", i)));
  out.desired.customers.push_back(std::move(c));
  out.live = EmptyLive();
  Plan first = MakePlan(out.desired, out.live, {});
  REQUIRE_FALSE(first.diagnostics.has_errors());
  REQUIRE(ApplyToLive(first, &out.live));
  REQUIRE(MakePlan(out.desired, out.live, {}).actions.empty());
  return out;
}

std::vector<const Action*> OfType(const Plan& plan, ActionType type) {
  std::vector<const Action*> out;
  for (const Action& a : plan.actions)
    if (a.type == type) out.push_back(&a);
  return out;
}

// Keeps the first `keep` target users of the customer.
void KeepUsers(DesiredState* d, size_t keep) { d->customers[0].target_users.resize(keep); }

}  // namespace

TEST_SUITE("plan") {

TEST_CASE("prune: targetUsers deletes exactly the unlisted live users, with their live record") {
  Applied a = Apply(4, 1);
  KeepUsers(&a.desired, 3);
  a.desired.customers[0].prune.target_users = true;
  Plan plan = MakePlan(a.desired, a.live, {});
  CHECK_FALSE(plan.diagnostics.has_errors());
  REQUIRE(plan.actions.size() == 1);
  const Action& del = plan.actions[0];
  CHECK(del.type == ActionType::Delete);
  CHECK(del.address == "customer.acme.target-user.u3@acme.example");
  const TargetUserRecord& live = a.live.details.begin()->second.target_users[3];
  REQUIRE(del.As<TargetUserBody>() != nullptr);
  CHECK(del.As<TargetUserBody>()->record.id == live.id);
  CHECK(del.target_id == live.id);
  CHECK(del.company_ref.id == a.live.details.begin()->first);
  CHECK_FALSE(del.fingerprint.empty());
  CHECK(del.depends_on.empty());
  CHECK(plan.unlisted.customers.empty());  // prune covers them: deletes, not a report
  CHECK(plan.Summarize().destroy == 1);
}

TEST_CASE("unlisted: without prune the unlisted users are counted, not deleted") {
  Applied a = Apply(4, 2);
  KeepUsers(&a.desired, 1);
  a.desired.customers[0].admins.resize(1);
  Plan plan = MakePlan(a.desired, a.live, {});
  CHECK(plan.actions.empty());
  CHECK_FALSE(plan.has_changes());
  REQUIRE(plan.unlisted.customers.size() == 1);
  const UnlistedCustomer& u = plan.unlisted.customers[0];
  CHECK(u.customer == "acme");
  CHECK(u.target_users == 3);
  CHECK(u.admins == 1);
  CHECK(u.target_groups == 0);
  CHECK(u.addresses.size() == 4);
  CHECK(std::count(u.addresses.begin(), u.addresses.end(), "customer.acme.admin.a1@acme.example") == 1);

  // Pruning admins only: the admins are deleted, the users still reported.
  a.desired.customers[0].prune.admins = true;
  plan = MakePlan(a.desired, a.live, {});
  REQUIRE(plan.actions.size() == 1);
  CHECK(plan.actions[0].address == "customer.acme.admin.a1@acme.example");
  CHECK(plan.actions[0].As<AdminBody>() != nullptr);
  REQUIRE(plan.unlisted.customers.size() == 1);
  CHECK(plan.unlisted.customers[0].target_users == 3);
  CHECK(plan.unlisted.customers[0].admins == 0);
}

TEST_CASE("unlisted: live companies no manifest describes are listed, whatever --customer selects") {
  Applied a = Apply(1, 1);
  a.live.companies.push_back({"other-1", "Other Ltd", "", "", 0, ""});
  Plan plan = MakePlan(a.desired, a.live, {});
  REQUIRE(plan.unlisted.companies.size() == 1);
  CHECK(plan.unlisted.companies[0].name == "Other Ltd");
  CHECK_FALSE(plan.has_changes());
}

TEST_CASE("mass-delete guard: more than 20% and more than 5, per customer and kind") {
  SUBCASE("7 of 30 target users: an error naming the customer and the counts") {
    Applied a = Apply(30, 1);
    KeepUsers(&a.desired, 23);
    a.desired.customers[0].prune.target_users = true;
    Plan plan = MakePlan(a.desired, a.live, {});
    REQUIRE(plan.diagnostics.error_count() == 1);
    const Diagnostic& d = plan.diagnostics.items().back();
    CHECK(d.subject == "acme");
    CHECK(d.summary.find("delete 7 of the 30 live target users of customer acme") != std::string::npos);
    CHECK(d.fix.find("--allow-mass-delete") != std::string::npos);
    CHECK(d.fix.find("CSV") != std::string::npos);
    // The flag makes it intended.
    PlanOptions allow;
    allow.allow_mass_delete = true;
    Plan allowed = MakePlan(a.desired, a.live, allow);
    CHECK_FALSE(allowed.diagnostics.has_errors());
    CHECK(allowed.allow_mass_delete);
    CHECK(OfType(allowed, ActionType::Delete).size() == 7);
  }
  SUBCASE("6 of 30 (exactly 20%) passes") {
    Applied a = Apply(30, 1);
    KeepUsers(&a.desired, 24);
    a.desired.customers[0].prune.target_users = true;
    Plan plan = MakePlan(a.desired, a.live, {});
    CHECK_FALSE(plan.diagnostics.has_errors());
    CHECK(OfType(plan, ActionType::Delete).size() == 6);
  }
  SUBCASE("5 of 5 (not more than 5) passes") {
    Applied a = Apply(5, 1);
    KeepUsers(&a.desired, 0);
    a.desired.customers[0].prune.target_users = true;
    CHECK_FALSE(MakePlan(a.desired, a.live, {}).diagnostics.has_errors());
  }
  SUBCASE("all 6 admins: an error") {
    Applied a = Apply(1, 6);
    a.desired.customers[0].admins.clear();
    a.desired.customers[0].prune.admins = true;
    Plan plan = MakePlan(a.desired, a.live, {});
    REQUIRE(plan.diagnostics.error_count() == 1);
    CHECK(plan.diagnostics.items().back().summary.find("6 of the 6 live admins") != std::string::npos);
    CHECK(MassDeletes(plan, a.live).size() == 1);
  }
}

TEST_CASE("ensure: absent plans one company delete counting what goes with it, already gone plans nothing") {
  Applied a = Apply(3, 2);
  DesiredState absent;
  DesiredCustomer c;
  c.key = "acme";
  c.company.name = "Acme Corp";
  c.absent = true;
  absent.customers.push_back(c);
  Plan plan = MakePlan(absent, a.live, {});
  CHECK_FALSE(plan.diagnostics.has_errors());
  REQUIRE(plan.actions.size() == 1);
  const Action& del = plan.actions[0];
  CHECK(del.type == ActionType::Delete);
  CHECK(del.address == "customer.acme.company");
  REQUIRE(del.As<CompanyBody>() != nullptr);
  CHECK(del.As<CompanyBody>()->admins_going == 2);
  CHECK(del.As<CompanyBody>()->target_users_going == 3);
  CHECK(del.target_id == a.live.details.begin()->first);
  CHECK(del.As<CompanyBody>()->record->name == "Acme Corp");
  CHECK(plan.unlisted.customers.empty());
  // A big company goes without --allow-mass-delete: ensure: absent is the explicit intent.
  CHECK(MassDeletes(plan, a.live).empty());

  SUBCASE("already gone, by name") {
    Plan gone = MakePlan(absent, EmptyLive(), {});
    CHECK(gone.actions.empty());
    CHECK(gone.diagnostics.items().empty());
  }
  SUBCASE("already gone, pinned") {
    absent.customers[0].company.resource_id = "gone-id";
    Plan gone = MakePlan(absent, EmptyLive(), {});
    CHECK(gone.actions.empty());
    CHECK_FALSE(gone.diagnostics.has_errors());
  }
  SUBCASE("two live companies of the name: an error") {
    a.live.companies.push_back({"twin", "Acme Corp", "", "", 0, ""});
    Plan twin = MakePlan(absent, a.live, {});
    CHECK(twin.diagnostics.has_errors());
    CHECK(OfType(twin, ActionType::Delete).empty());
  }
}

TEST_CASE("prune: groups leaves the unlisted groups after the company update") {
  Applied a = Apply(1, 1);
  LiveCompany& company = a.live.details.begin()->second;
  a.live.groups.push_back({"g-old", "Old Partners", 1, ""});
  a.live.groups.push_back({"g-keep", "Keep Partners", 1, ""});
  company.company.group_ids = {"g-old", "g-keep"};
  DesiredCustomer& c = a.desired.customers[0];
  c.groups = {"Keep Partners"};
  c.prune.groups = true;
  c.company.description = "changed";  // a company update too
  Plan plan = MakePlan(a.desired, a.live, {});
  CHECK_FALSE(plan.diagnostics.has_errors());
  std::vector<const Action*> left = OfType(plan, ActionType::RemoveParticipant);
  REQUIRE(left.size() == 1);
  CHECK(left[0]->address == "customer.acme.group.Old Partners");
  REQUIRE(left[0]->As<ParticipantBody>() != nullptr);
  CHECK(left[0]->As<ParticipantBody>()->group.id == "g-old");
  CHECK(left[0]->depends_on == std::vector<InternedString>{"customer.acme.company"});
  // Without prune: the group stays.
  c.prune.groups = false;
  CHECK(OfType(MakePlan(a.desired, a.live, {}), ActionType::RemoveParticipant).empty());
}

}  // TEST_SUITE

}  // namespace onboard
