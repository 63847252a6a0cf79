#include "engine/run/plan_reads.h"

#include <algorithm>
#include <map>
#include <set>

namespace onboard {
namespace {

// The companies with an update of `object` whose `read` flag is false, each once (a plan lists
// a company's actions together).
std::vector<std::string> CompaniesOfUpdates(const Plan& plan, const LiveState& live, ObjectType object,
                                            bool LiveCompany::*read) {
  std::vector<std::string> out;
  for (const Action& a : plan.actions) {
    if (a.object() != object || a.type != ActionType::Update) continue;
    auto it = live.details.find(a.company_ref.id);
    if (it == live.details.end() || it->second.*read) continue;
    if (out.empty() || out.back() != a.company_ref.id) out.push_back(a.company_ref.id);
  }
  return out;
}

}  // namespace

TargetUserIds TargetUsersToDetail(const Plan& plan, const LiveState& live) {
  TargetUserIds out;
  for (const Action& a : plan.actions) {
    if (a.object() != ObjectType::TargetUser || a.type != ActionType::Update) continue;
    auto it = live.details.find(a.company_ref.id);
    if (it == live.details.end()) continue;
    for (const TargetUserRecord& u : it->second.target_users)
      if (u.id == a.target_id && !u.detailed) out.emplace_back(a.company_ref.id, u.id);
  }
  return out;
}

std::vector<std::string> CompaniesToReadGroupsOf(const Plan& plan, const LiveState& live) {
  return CompaniesOfUpdates(plan, live, ObjectType::TargetUser, &LiveCompany::target_groups_read);
}

std::vector<std::string> CompaniesOfTargetGroupActions(const Plan& plan, const LiveState& live) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const Action& a : plan.actions) {
    bool needs = a.object() == ObjectType::TargetGroup || a.object() == ObjectType::TargetGroupMembers;
    if (const TargetUserBody* u = a.As<TargetUserBody>())
      needs = std::any_of(u->joins.begin(), u->joins.end(), [](const ParticipantBody& j) { return j.group.known(); });
    if (!needs || !a.company_ref.known()) continue;
    auto it = live.details.find(a.company_ref.id);
    if (it == live.details.end() || it->second.target_groups_read) continue;
    if (seen.insert(a.company_ref.id).second) out.push_back(a.company_ref.id);
  }
  return out;
}

std::vector<std::string> CompaniesToReadRolesOf(const Plan& plan, const LiveState& live) {
  return CompaniesOfUpdates(plan, live, ObjectType::Admin, &LiveCompany::roles_read);
}

std::vector<DesiredCustomer> CustomersOfPlan(const Plan& plan) {
  std::map<std::string, DesiredCustomer> by_key;
  for (const Action& a : plan.actions) {
    if (a.customer.empty()) continue;
    DesiredCustomer& c = by_key[a.customer];
    c.key = a.customer;
    if (a.company_ref.known()) c.company.resource_id = a.company_ref.id;
    if (const CompanyBody* company = a.As<CompanyBody>()) c.company.name = company->record->name;
  }
  std::vector<DesiredCustomer> out;
  for (auto& [key, c] : by_key) out.push_back(std::move(c));
  return out;
}

TargetUserIds DetailedTargetUsersOfPlan(const Plan& plan) {
  TargetUserIds out;
  for (const Action& a : plan.actions)
    if (const TargetUserBody* user = a.As<TargetUserBody>();
        user && (a.type == ActionType::Update || a.type == ActionType::Delete) && user->record.detailed)
      out.emplace_back(a.company_ref.id, a.target_id);
  return out;
}

}  // namespace onboard
