#pragma once
// Planning a run against the live state: read what the selected customers need, plan, read
// in full the target users an update would send back (the search view lacks some of their
// fields), plan again. And the same with the manifests loaded meanwhile: the reads that need
// no manifest (token, catalog, groups, companies) are in flight while a second thread loads
// and checks the manifests, so that a plan with nothing to do costs little more than its
// reads. No printing: the caller shows the diagnostics.

#include <functional>

#include "engine/api/keepnet_client.h"
#include "engine/desired/desired_state.h"
#include "engine/diag/diagnostic.h"
#include "engine/plan/plan.h"
#include "engine/plan/planner.h"

namespace onboard {

/// Reads the live state the customers `options` selects need and plans against it (the read,
/// plan, read details, plan again loop). True when the plan has no error; every problem,
/// read failures and an unknown --customer included, is in plan->diagnostics. Only reads.
bool PlanAgainstLive(const DesiredState& desired, const PlanOptions& options, KeepnetClient& client, Plan* plan);

/// Told of each customer as soon as its manifest document is read (before the checks), from
/// the loading threads.
using CustomerSeenFn = std::function<void(const DesiredCustomer& customer)>;

/// Loads and checks the manifests: the desired state, problems appended to *diags; calls
/// `seen` for each customer as it is read (LoadManifests with a CustomerReadHook does).
using LoadDesiredFn = std::function<DesiredState(Diagnostics* diags, const CustomerSeenFn& seen)>;

/// What LoadAndPlan did.
struct PlannedRun {
  /// The problems of the manifests. With an error, nothing else was done: no plan, and the
  /// reads that were in flight are abandoned (nothing is ever written).
  Diagnostics manifest_diagnostics;
  /// With valid manifests, the plan; its problems are in plan.diagnostics.
  Plan plan;

  bool manifests_ok() const { return !manifest_diagnostics.has_errors(); }
  bool ok() const { return manifests_ok() && !plan.diagnostics.has_errors(); }
};

/// PlanAgainstLive over the manifests `load` gives, overlapping the two: the reads that need
/// no manifest are sent first, `load` runs on a second thread while this one runs the
/// client's loop, and each customer's company is read as soon as both its manifest and the
/// companies list are (when `options` selects every customer; with --customer or --exclude,
/// once the manifests are loaded, so that no other customer is read). `load` must not touch
/// `client`.
PlannedRun LoadAndPlan(const LoadDesiredFn& load, const PlanOptions& options, KeepnetClient& client);

}  // namespace onboard
