#include "engine/run/live_plan.h"

#include <chrono>
#include <future>

#include "engine/live/reader.h"
#include "engine/run/plan_reads.h"

namespace onboard {
namespace {

// Plans against what `reader` read for the selected customers, then reads in full the target
// users an update sends back and plans again.
bool PlanFromReader(const DesiredState& desired, const PlanOptions& options, KeepnetClient& client,
                    const std::vector<const DesiredCustomer*>& selected, LiveReader& reader, Plan* plan) {
  reader.ReadCustomers(selected);
  LiveState live;
  Diagnostics diags;
  reader.Finish(&live, &diags);
  if (diags.has_errors()) {
    plan->diagnostics = diags;
    return false;
  }
  *plan = MakePlan(desired, live, options);
  TargetUserIds to_detail = TargetUsersToDetail(*plan, live);
  if (to_detail.empty()) return !plan->diagnostics.has_errors();
  ReadTargetUserDetails(client, to_detail, &live, &diags);
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

}  // namespace

bool PlanAgainstLive(const DesiredState& desired, const PlanOptions& options, KeepnetClient& client, Plan* plan) {
  std::vector<const DesiredCustomer*> selected;
  if (!Select(desired, options, &selected, plan)) return false;
  LiveReader reader(client);
  return PlanFromReader(desired, options, client, selected, reader, plan);
}

PlannedRun LoadAndPlan(const LoadDesiredFn& load, const PlanOptions& options, KeepnetClient& client) {
  PlannedRun run;
  LiveReader reader(client);
  // The loader thread only reads files and fills its own data; this thread alone runs the
  // client and its transport, as they require.
  std::future<DesiredState> loading =
      std::async(std::launch::async, [&load, &run] { return load(&run.manifest_diagnostics); });
  auto loaded = [&loading] { return loading.wait_for(std::chrono::seconds(0)) == std::future_status::ready; };
  Transport& transport = client.transport();
  while (!loaded() && transport.RunOnce()) {
  }
  DesiredState desired = loading.get();
  if (!run.manifests_ok()) return run;
  std::vector<const DesiredCustomer*> selected;
  if (Select(desired, options, &selected, &run.plan)) PlanFromReader(desired, options, client, selected, reader, &run.plan);
  return run;
}

}  // namespace onboard
