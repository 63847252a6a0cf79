#include "engine/run/saved_plan_check.h"

#include <deque>
#include <map>

#include "engine/live/reader.h"
#include "engine/plan/fingerprint.h"
#include "engine/run/plan_reads.h"

namespace onboard {

namespace {

// Takes the actions of customers whose company could not be read out of *plan.
void SkipUnreadCustomers(const LiveState& live, Plan* plan) {
  if (live.failed_reads.empty()) return;
  std::map<std::string, std::string> failed;  // customer key -> error
  for (const Action& a : plan->actions) {
    if (a.customer.empty() || !a.company_ref.known()) continue;
    auto it = live.failed_reads.find(a.company_ref.id);
    if (it != live.failed_reads.end()) failed.emplace(a.customer, it->second);
  }
  if (failed.empty()) return;
  std::deque<Action> kept;
  for (Action& a : plan->actions)
    if (!failed.count(a.customer)) kept.push_back(std::move(a));
  plan->actions = std::move(kept);
  for (auto& [customer, error] : failed) plan->failed_customers.push_back({customer, error});
}

}  // namespace

std::vector<std::string> ChangedSincePlan(Plan* plan_ptr, KeepnetClient& client, Diagnostics* diags,
                                          LiveState* fresh) {
  Plan& plan = *plan_ptr;
  std::vector<DesiredCustomer> customers = CustomersOfPlan(plan);
  std::vector<const DesiredCustomer*> pointers;
  for (const DesiredCustomer& c : customers) pointers.push_back(&c);
  LiveState live;
  Diagnostics read;
  ReadLiveState(client, pointers, &live, &read);
  if (!read.has_errors()) ReadTargetUserDetails(client, DetailedTargetUsersOfPlan(plan), &live, &read);
  if (!read.has_errors()) {
    std::vector<std::string> groups = CompaniesOfTargetGroupActions(plan, live);
    if (fresh)
      for (const std::string& id : CompaniesToReadGroupsOf(plan, live)) groups.push_back(id);  // repeats are skipped
    ReadTargetGroups(client, groups, &live, &read);
  }
  diags->Append(read);
  if (read.has_errors()) return {};
  SkipUnreadCustomers(live, &plan);
  std::vector<std::string> stale = StaleAddresses(plan, live);
  if (fresh) *fresh = std::move(live);
  return stale;
}

}  // namespace onboard
