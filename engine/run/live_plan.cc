#include "engine/run/live_plan.h"

#include <condition_variable>
#include <cstdlib>
#include <future>
#include <mutex>
#include <utility>

#if defined(__GLIBC__)
#include <malloc.h>  // malloc_trim
#endif

#include "engine/live/reader.h"
#include "engine/plan/target_groups.h"
#include "engine/run/plan_reads.h"

namespace onboard {
namespace {

void ReturnFreedMemory();

// Plans against what `reader` read for the selected customers, then reads in full the target
// users an update sends back (and their companies' memberships, which the PUT replaces too),
// and the roles of the companies with an admin update that were not read, and plans again.
// `owned` is `desired` when the caller gives it up (else null): when no selected customer
// matched a live company, nothing can call for a second plan, so the planner may use the
// desired state up as it goes.
bool PlanFromReader(const DesiredState& desired, DesiredState* owned, const PlanOptions& options,
                    KeepnetClient& client, const std::vector<const DesiredCustomer*>& selected, LiveReader& reader,
                    Plan* plan) {
  reader.ReadCustomers(selected);
  LiveState live;
  Diagnostics diags;
  ReadOptions read;
  read.target_groups = ManagesTargetGroups;  // only customers that manage them: one list and a search per group
  reader.Finish(&live, &diags, read);
  if (diags.has_errors()) {
    plan->diagnostics = diags;
    return false;
  }
  if (owned && live.details.empty()) {
    // The second plan needs a live company: its users' details, groups or roles. Every freed
    // customer's pages go back now and then (trimming walks the whole heap; not each time).
    int freed = 0;
    *plan = MakePlan(std::move(*owned), live, options, [&freed] {
      if (++freed % 64 == 0) ReturnFreedMemory();
    });
    return !plan->diagnostics.has_errors();
  }
  *plan = MakePlan(desired, live, options);
  TargetUserIds to_detail = TargetUsersToDetail(*plan, live);
  std::vector<std::string> to_group = CompaniesToReadGroupsOf(*plan, live);
  std::vector<std::string> to_role = CompaniesToReadRolesOf(*plan, live);
  if (to_detail.empty() && to_group.empty() && to_role.empty()) return !plan->diagnostics.has_errors();
  ReadTargetUserDetails(client, to_detail, &live, &diags);
  ReadTargetGroups(client, to_group, &live, &diags);
  ReadRoles(client, to_role, &live, &diags);
  if (diags.has_errors()) {
    plan->diagnostics.Append(diags);
    return false;
  }
  *plan = MakePlan(desired, live, options);
  return !plan->diagnostics.has_errors();
}

// The customers `options` selects; false (with the errors in plan->diagnostics) when a
// --customer or --exclude names none.
bool Select(const DesiredState& desired, const PlanOptions& options, std::vector<const DesiredCustomer*>* selected,
            Plan* plan) {
  Diagnostics diags;
  *selected = SelectCustomers(desired, options, &diags);
  if (!diags.has_errors()) return true;
  plan->diagnostics = diags;
  return false;
}

// The customers the loading threads have read, handed to the thread that runs the client.
class SeenCustomers {
 public:
  void Add(const DesiredCustomer& c) {
    CustomerReadKeys keys = CustomerReadKeys::Of(c);  // what matching and trimming need, not the users
    std::lock_guard<std::mutex> lock(mutex_);
    seen_.push_back(std::move(keys));
    changed_.notify_one();
  }
  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    changed_.notify_one();
  }
  /// Takes what was added so far; `*closed` tells whether more may come.
  std::vector<CustomerReadKeys> Take(bool* closed) {
    std::lock_guard<std::mutex> lock(mutex_);
    *closed = closed_;
    return std::exchange(seen_, {});
  }
  /// Blocks until something was added or the loading ended.
  void Wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return closed_ || !seen_.empty(); });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<CustomerReadKeys> seen_;
  bool closed_ = false;
};

// Gives the pages of what was freed back to the system. The manifests were loaded on other
// threads, so their memory sits in those threads' malloc arenas, which the thread that renders
// and applies does not reuse: without this, a fresh apply's peak RSS would hold the desired
// state and the executor's state at once, though they never live together.
void ReturnFreedMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace

bool PlanAgainstLive(const DesiredState& desired, const PlanOptions& options, KeepnetClient& client, Plan* plan) {
  std::vector<const DesiredCustomer*> selected;
  if (!Select(desired, options, &selected, plan)) return false;
  LiveReader reader(client, CompanyReadScope::WhatThePlanNeeds);
  return PlanFromReader(desired, nullptr, options, client, selected, reader, plan);
}

PlannedRun LoadAndPlan(const LoadDesiredFn& load, const PlanOptions& options, KeepnetClient& client) {
  PlannedRun run;
  LiveReader reader(client, CompanyReadScope::WhatThePlanNeeds);
  // The loading threads only read files and fill their own data; this thread alone runs the
  // client and its transport, as they require, and starts the reads of the customers they
  // hand over.
  const bool every_customer = options.customers.empty() && options.exclude.empty();
  SeenCustomers seen;
  std::future<DesiredState> loading = std::async(std::launch::async, [&] {
    struct CloseOnExit {
      SeenCustomers& seen;
      ~CloseOnExit() { seen.Close(); }
    } close{seen};
    return load(&run.manifest_diagnostics, [&](const DesiredCustomer& c) {
      if (every_customer) seen.Add(c);
    });
  });
  Transport& transport = client.transport();
  for (bool closed = false; !closed;) {
    for (CustomerReadKeys& c : seen.Take(&closed)) reader.ReadEarly(std::move(c));
    if (!closed && !transport.RunOnce()) seen.Wait();  // nothing in flight: wait for the loader
  }
  {
    // The desired state (and, inside PlanFromReader, the live state) live only until the plan
    // is made: the caller renders and applies the plan alone.
    DesiredState desired = loading.get();
    if (!run.manifests_ok()) return run;
    std::vector<const DesiredCustomer*> selected;
    if (Select(desired, options, &selected, &run.plan))
      PlanFromReader(desired, &desired, options, client, selected, reader, &run.plan);
  }
  ReturnFreedMemory();
  return run;
}

}  // namespace onboard
