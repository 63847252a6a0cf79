#include "engine/plan/target_groups.h"

#include <doctest/doctest.h>

#include <set>

#include "engine/plan/fingerprint.h"
#include "engine/plan/planner.h"
#include "tests/support/plan_fixtures.h"
#include "engine/plan/testing/plan_checks.h"

namespace onboard {
namespace {

using testing::Get;
using testing::CheckDependencyOrder;

using fixtures::AcmeDesired;
using fixtures::ApplyToLive;
using fixtures::EmptyLive;

const char* kJane = "customer.acme.target-user.jane@acme.example";
const char* kJohn = "customer.acme.target-user.john@acme.example";


bool DependsOn(const Action& a, const std::string& address) {
  return std::find(a.depends_on.begin(), a.depends_on.end(), address) != a.depends_on.end();
}

DesiredTargetUser& User(DesiredState& desired, const std::string& email) {
  for (DesiredTargetUser& u : desired.customers[0].target_users)
    if (u.email == email) return u;
  FAIL("no user " << email);
  throw;
}

// The README's example applied, then live target groups Finance (Low; jane is in it) and Old
// (jane too), read.
LiveState LiveWithGroups() {
  LiveState live = EmptyLive();
  Plan first = MakePlan(AcmeDesired(), live, {});
  REQUIRE(ApplyToLive(first, &live));
  LiveCompany& c = live.details.begin()->second;
  c.target_groups = {{"tg-fin", "Finance", "Low", "2026-01-01T00:00:00Z"}, {"tg-old", "Old", "Medium", ""}};
  for (TargetUserRecord& u : c.target_users) {
    bool jane = u.email == "jane@acme.example";
    u.target_group_ids = jane ? std::vector<std::string>{"tg-fin", "tg-old"} : std::vector<std::string>{};
    if (jane) c.target_group_members["tg-fin"].push_back(u.id), c.target_group_members["tg-old"].push_back(u.id);
  }
  c.target_groups_read = true;
  return live;
}

std::string IdOf(const LiveState& live, const std::string& email) {
  for (const TargetUserRecord& u : live.details.begin()->second.target_users)
    if (u.email == email) return u.id;
  return "";
}

}  // namespace

TEST_CASE("target groups: a new company's groups are created first, and new users join them in their create") {
  DesiredState desired = AcmeDesired();
  desired.customers[0].target_groups = {{"Finance", std::string("High"), {}}};
  User(desired, "jane@acme.example").groups = std::vector<std::string>{"finance"};
  Plan plan = MakePlan(desired, EmptyLive(), {});
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  CheckDependencyOrder(plan);
  const Action& group = Get(plan, "customer.acme.target-group.finance");
  CHECK(group.type == ActionType::Create);
  CHECK(group.object() == ObjectType::TargetGroup);
  CHECK(group.As<TargetGroupBody>()->record.name == "Finance");
  CHECK(group.As<TargetGroupBody>()->record.priority == "High");
  CHECK(DependsOn(group, "customer.acme.company"));
  const Action& jane = Get(plan, kJane);
  const TargetUserBody& body = *jane.As<TargetUserBody>();
  REQUIRE(body.joins.size() == 1);
  CHECK(body.joins[0].group_name == "Finance");
  CHECK(body.joins[0].group.from_action == "customer.acme.target-group.finance");
  CHECK(DependsOn(jane, "customer.acme.target-group.finance"));
  REQUIRE(body.record.target_group_ids.has_value());
  CHECK(body.record.target_group_ids->empty());  // the id is known after apply
  // john lists no groups: his create sends none and waits for no group.
  CHECK_FALSE(Get(plan, kJohn).As<TargetUserBody>()->record.target_group_ids.has_value());
  CHECK_FALSE(DependsOn(Get(plan, kJohn), "customer.acme.target-group.finance"));
  // No membership action: new users join in their create.
  for (const Action& a : plan.actions) CHECK(a.object() != ObjectType::TargetGroupMembers);

  // Applied, the same manifests plan nothing.
  LiveState live = EmptyLive();
  REQUIRE(ApplyToLive(plan, &live));
  const LiveCompany& company = live.details.begin()->second;
  REQUIRE(company.target_groups.size() == 1);
  CHECK(company.target_group_members.at(company.target_groups[0].id).size() == 1);
  CHECK(MakePlan(desired, live, {}).actions.empty());
}

TEST_CASE("target groups: existing users move with one action per group and direction, after their updates") {
  LiveState live = LiveWithGroups();
  DesiredState desired = AcmeDesired();
  desired.customers[0].target_groups = {{"Finance", std::string("High"), {}}, {"Sales", std::nullopt, {}},
                                        {"Old", std::nullopt, {}}};
  DesiredTargetUser& jane = User(desired, "jane@acme.example");
  jane.groups = std::vector<std::string>{"Sales"};  // leaves Finance and Old, joins the new Sales
  jane.department = "Legal";                         // and is updated
  User(desired, "john@acme.example").groups = std::vector<std::string>{"Finance", "Sales"};
  Plan plan = MakePlan(desired, live, {});
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  CheckDependencyOrder(plan);

  const Action& finance = Get(plan, "customer.acme.target-group.finance");
  CHECK(finance.type == ActionType::Update);
  REQUIRE(finance.changes.size() == 1);
  CHECK(finance.changes[0].field == "priority");
  CHECK(finance.changes[0].before == "Low");
  CHECK(finance.changes[0].after == "High");
  CHECK(finance.fingerprint == Fingerprint(live.details.begin()->second.target_groups[0]));
  CHECK(Get(plan, "customer.acme.target-group.sales").type == ActionType::Create);

  const Action& join_sales = Get(plan, "customer.acme.target-group.sales.add-users");
  CHECK(join_sales.type == ActionType::AddParticipant);
  const TargetGroupMembersBody& sales = *join_sales.As<TargetGroupMembersBody>();
  CHECK(sales.group.from_action == "customer.acme.target-group.sales");
  CHECK(sales.emails == std::vector<std::string>{"jane@acme.example", "john@acme.example"});
  CHECK(sales.user_ids == std::vector<std::string>{IdOf(live, "jane@acme.example"), IdOf(live, "john@acme.example")});
  CHECK(DependsOn(join_sales, "customer.acme.target-group.sales"));
  CHECK(DependsOn(join_sales, kJane));  // jane's PUT sends her live memberships: it goes first

  const TargetGroupMembersBody& john_in = *Get(plan, "customer.acme.target-group.finance.add-users").As<TargetGroupMembersBody>();
  CHECK(john_in.group.id == "tg-fin");
  CHECK(john_in.emails == std::vector<std::string>{"john@acme.example"});

  const Action& leave_finance = Get(plan, "customer.acme.target-group.finance.remove-users");
  CHECK(leave_finance.type == ActionType::RemoveParticipant);
  CHECK(leave_finance.As<TargetGroupMembersBody>()->emails == std::vector<std::string>{"jane@acme.example"});
  CHECK(DependsOn(leave_finance, kJane));
  CHECK(Get(plan, "customer.acme.target-group.old.remove-users").type == ActionType::RemoveParticipant);

  // jane's update sends her live memberships back (the membership actions change them).
  const TargetUserBody& jane_body = *Get(plan, kJane).As<TargetUserBody>();
  CHECK(jane_body.record.target_group_ids == std::vector<std::string>{"tg-fin", "tg-old"});
  CHECK(jane_body.joins.empty());
  // john is unchanged but for his memberships: no update of him.
  CHECK(plan.Find(kJohn) == nullptr);
}

TEST_CASE("target groups: in sync plans nothing, and a user without groups keeps its memberships") {
  LiveState live = LiveWithGroups();
  DesiredState desired = AcmeDesired();
  desired.customers[0].target_groups = {{"finance", std::string("low"), {}}};  // case differs: the same
  desired.customers[0].target_groups[0].name = "Finance";
  User(desired, "john@acme.example").groups = std::vector<std::string>{};
  Plan plan = MakePlan(desired, live, {});
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  CHECK(plan.actions.empty());  // jane lists no groups: in Finance and Old she stays
}

TEST_CASE("target groups: prune deletes the unlisted groups after the user writes that still send them") {
  LiveState live = LiveWithGroups();
  DesiredState desired = AcmeDesired();
  desired.customers[0].target_groups = {{"Finance", std::string("Low"), {}}};
  desired.customers[0].prune.target_groups = true;
  User(desired, "jane@acme.example").department = "Legal";
  Plan plan = MakePlan(desired, live, {});
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  CheckDependencyOrder(plan);
  const Action& old = Get(plan, "customer.acme.target-group.old");
  CHECK(old.type == ActionType::Delete);
  CHECK(old.target_id == "tg-old");
  CHECK(old.As<TargetGroupBody>()->members == 1);
  CHECK(DependsOn(old, kJane));  // jane's PUT still sends tg-old
  CHECK(plan.Find("customer.acme.target-group.old.remove-users") == nullptr);  // the delete takes them along
  CHECK(plan.Find("customer.acme.target-group.finance") == nullptr);
  CHECK(plan.Summarize().destroy == 1);

  // Without prune nothing is deleted.
  desired.customers[0].prune.target_groups = false;
  CHECK(MakePlan(desired, live, {}).Find("customer.acme.target-group.old") == nullptr);
}

TEST_CASE("target groups: a user naming an undeclared group and unread live groups are errors") {
  LiveState live = LiveWithGroups();
  DesiredState desired = AcmeDesired();
  desired.customers[0].target_groups = {{"Finance", std::nullopt, {}}};
  User(desired, "jane@acme.example").groups = std::vector<std::string>{"Fnance"};
  Plan plan = MakePlan(desired, live, {});
  CHECK(plan.diagnostics.has_errors());

  live.details.begin()->second.target_groups_read = false;
  desired = AcmeDesired();
  desired.customers[0].target_groups = {{"Finance", std::nullopt, {}}};
  plan = MakePlan(desired, live, {});
  CHECK(plan.diagnostics.has_errors());
  for (const Action& a : plan.actions) CHECK(a.object() != ObjectType::TargetGroup);
  // A customer that does not manage target groups needs no read.
  CHECK_FALSE(MakePlan(AcmeDesired(), live, {}).diagnostics.has_errors());
}

TEST_CASE("target groups: stale checks, unlisted groups, which customers need their groups read") {
  LiveState live = LiveWithGroups();
  DesiredState desired = AcmeDesired();
  desired.customers[0].target_groups = {{"Finance", std::string("High"), {}}, {"Sales", std::nullopt, {}}};
  User(desired, "john@acme.example").groups = std::vector<std::string>{"Finance"};
  CHECK(ManagesTargetGroups(desired.customers[0]));
  CHECK_FALSE(ManagesTargetGroups(AcmeDesired().customers[0]));
  Plan plan = MakePlan(desired, live, {});
  REQUIRE_FALSE(plan.diagnostics.has_errors());
  CHECK(StaleAddresses(plan, live).empty());

  LiveState changed = live;
  LiveCompany& c = changed.details.begin()->second;
  c.target_groups[0].priority = "Medium";                                  // Finance changed
  c.target_groups.push_back({"tg-sales", "sales", "Low", ""});             // Sales now exists
  std::vector<std::string> stale = StaleAddresses(plan, changed);
  CHECK(stale == std::vector<std::string>{"customer.acme.target-group.finance", "customer.acme.target-group.sales",
                                          "customer.acme.target-group.finance.add-users"});

  LiveState joined = live;
  joined.details.begin()->second.target_group_members["tg-fin"].push_back("someone");
  CHECK(StaleAddresses(plan, joined) == std::vector<std::string>{"customer.acme.target-group.finance.add-users"});

  auto unlisted = UnlistedTargetGroups(desired.customers[0], live.details.begin()->second);
  REQUIRE(unlisted.has_value());
  REQUIRE(unlisted->size() == 1);
  CHECK((*unlisted)[0]->name == "Old");
  live.details.begin()->second.target_groups_read = false;
  CHECK_FALSE(UnlistedTargetGroups(desired.customers[0], live.details.begin()->second).has_value());
}

}  // namespace onboard
