#pragma once
// Checking a saved plan is still fresh: read again the live objects a saved plan was
// computed from, and list the actions whose object changed since (applying those could
// undo someone's change). No printing: the caller shows the result.

#include <string>
#include <vector>

#include "engine/api/keepnet_client.h"
#include "engine/diag/diagnostic.h"
#include "engine/live/live_state.h"
#include "engine/plan/plan.h"

namespace onboard {

/// Reads the live state `*plan`'s customers need (their companies by id, or by the name the
/// plan would create, and in full the target users it read in full) and returns the
/// addresses of the actions whose live object changed since the plan (StaleAddresses, in
/// engine/plan/fingerprint.h). A customer whose own company cannot be read now is taken out
/// of *plan (its actions removed, the customer added to failed_customers): its staleness
/// cannot be checked, so it fails and the others may be applied. A failed read that every
/// customer needs is an error in *diags; then the list is empty and the plan must not be
/// applied. Only reads. When `fresh` is given it receives the live state read, with the
/// target groups of the companies whose target users the plan updates (their memberships
/// are sent back), for PlanIntegrityProblems (run/plan_integrity.h).
std::vector<std::string> ChangedSincePlan(Plan* plan, KeepnetClient& client, Diagnostics* diags,
                                          LiveState* fresh = nullptr);

}  // namespace onboard
