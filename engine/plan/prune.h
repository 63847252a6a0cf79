#pragma once
// Removal: what the planner deletes when a manifest asks for it (`prune`, `ensure: absent`),
// what it reports as live but unlisted otherwise, and the mass-deletion guard. Pure: plain
// data in, actions and diagnostics out; planner.cc calls these per customer.
//
// - prune: [targetUsers] / [admins]: each live one the customer does not list is deleted
//   (ActionType::Delete, body = the live record, at the create's address).
// - prune: [groups]: the company leaves each company group it is in but does not list
//   (ActionType::RemoveParticipant at customer.<c>.group.<group>; the executor sends one
//   DELETE .../participants per group for every company leaving it).
// - ensure: absent: one delete of the company, counting the admins and target users that go
//   with it; nothing when the company is already gone.
// - Unlisted: a list the customer does not prune keeps what it does not list; the plan
//   counts those objects (UnlistedObjects) so that nobody mistakes the manifest for complete.
// - The guard: deleting more than kMassDeletePercent percent and more than kMassDeleteMin of
//   one customer's live target users or admins is an error unless --allow-mass-delete.

#include <string>
#include <vector>

#include "engine/desired/desired_state.h"
#include "engine/diag/diagnostic.h"
#include "engine/live/live_state.h"
#include "engine/plan/plan.h"

namespace onboard {

/// The guard trips when a customer would lose more than this share (percent) of its live
/// target users or admins...
inline constexpr int kMassDeletePercent = 20;
/// ...and more than this many of them.
inline constexpr int kMassDeleteMin = 5;

/// What the planner knows of one customer matched to a live company, for its removals.
struct RemovalContext {
  const DesiredCustomer* customer = nullptr;
  const LiveCompany* live = nullptr;  ///< the matched company, read
  std::string company_id;
  /// Ids of the live groups the customer lists (those it stays in or joins).
  std::vector<std::string> listed_group_ids;
  /// Every live company group (names of the ids the company is in).
  const std::vector<GroupRecord>* live_groups = nullptr;
  /// The manifests' CompanyGroup documents (a group left keeps the address key it has there).
  const std::vector<DesiredGroup>* declared_groups = nullptr;
  /// The plan updates the company: the PUT sends the memberships it read, so a group is left
  /// after it (or the PUT joins it again).
  bool company_updated = false;
};

/// Appends the deletes `prune` asks for (target users, admins, groups) and, for the lists it
/// does not prune, the customer's entry of plan->unlisted (when it has unlisted objects).
/// Deletes depend on nothing but the company update (groups left); the executor runs them
/// beside the creates.
void PlanRemovals(const RemovalContext& context, Plan* plan);

/// ensure: absent for a customer matched to a live company: one delete of the company (body
/// = the live company, with the counts of the admins and target users going with it).
void PlanOffboarding(const RemovalContext& context, Plan* plan);

/// The live companies no customer of `desired` matches (by pinned id, else exact name),
/// whatever --customer selects: `onboard export` would adopt them.
std::vector<UnlistedCompany> UnlistedCompanies(const DesiredState& desired, const LiveState& live);

/// One customer losing too many of one kind of object.
struct MassDelete {
  std::string customer;
  std::string kind;  ///< "target users" or "admins"
  int deleted = 0;
  int live = 0;
};

/// The customers whose deletes in `plan` trip the guard against `live` (the live state the
/// plan was made from, or read again for `apply --plan`), in plan order.
std::vector<MassDelete> MassDeletes(const Plan& plan, const LiveState& live);

/// The error a mass delete is: names the customer and the counts, and the fix.
Diagnostic MassDeleteError(const MassDelete& m);

}  // namespace onboard
