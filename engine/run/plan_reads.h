#pragma once
// What a plan asks to read again: the only place engine/run looks inside a plan's actions
// (their kind, company and target user), so that a change to the Action type touches this
// file alone.

#include <string>
#include <utility>
#include <vector>

#include "engine/desired/desired_state.h"
#include "engine/live/live_state.h"
#include "engine/plan/plan.h"

namespace onboard {

/// (company id, target user id) pairs, as ReadTargetUserDetails takes them.
using TargetUserIds = std::vector<std::pair<std::string, std::string>>;

/// The target users `plan` updates whose record in `live` came from the search view (it
/// lacks fields an update sends back): they must be read in full and the run planned again.
TargetUserIds TargetUsersToDetail(const Plan& plan, const LiveState& live);

/// The companies with a target-user update whose target groups were not read: the PUT
/// replaces a user's memberships, so they must be read (from the groups' member lists, once
/// per company) and sent back. Each id once (ReadTargetGroups skips repeats too).
std::vector<std::string> CompaniesToReadGroupsOf(const Plan& plan, const LiveState& live);

/// The companies of `plan`'s target-group and target-group-members actions, and of its
/// target-user creates that join live target groups, whose target groups were not read:
/// their stale and integrity checks compare against the live groups and members. Each once.
std::vector<std::string> CompaniesOfTargetGroupActions(const Plan& plan, const LiveState& live);

/// The companies with an admin update whose roles were not read (a plan read only what it
/// needs: roles when an admin names some): the PUT replaces the admin's roles, so the live ones
/// must be sent back as ids, which the roles resolve. Each id once.
std::vector<std::string> CompaniesToReadRolesOf(const Plan& plan, const LiveState& live);

/// The customers a saved plan touches, as just enough desired state to find their companies
/// again: by id where the plan knew it, else by the name the plan would create. In key order.
std::vector<DesiredCustomer> CustomersOfPlan(const Plan& plan);

/// The target users a saved plan updates or deletes from a record it had read in full: their
/// fingerprints cover the full record, so the check must read them in full too.
TargetUserIds DetailedTargetUsersOfPlan(const Plan& plan);

}  // namespace onboard
