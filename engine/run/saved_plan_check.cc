#include "engine/run/saved_plan_check.h"

#include "engine/live/reader.h"
#include "engine/plan/fingerprint.h"
#include "engine/run/plan_reads.h"

namespace onboard {

std::vector<std::string> ChangedSincePlan(const Plan& plan, KeepnetClient& client, Diagnostics* diags,
                                          LiveState* fresh) {
  std::vector<DesiredCustomer> customers = CustomersOfPlan(plan);
  std::vector<const DesiredCustomer*> pointers;
  for (const DesiredCustomer& c : customers) pointers.push_back(&c);
  LiveState live;
  Diagnostics read;
  ReadLiveState(client, pointers, &live, &read);
  if (!read.has_errors()) ReadTargetUserDetails(client, DetailedTargetUsersOfPlan(plan), &live, &read);
  if (fresh && !read.has_errors()) ReadTargetGroups(client, CompaniesToReadGroupsOf(plan, live), &live, &read);
  diags->Append(read);
  if (read.has_errors()) return {};
  std::vector<std::string> stale = StaleAddresses(plan, live);
  if (fresh) *fresh = std::move(live);
  return stale;
}

}  // namespace onboard
