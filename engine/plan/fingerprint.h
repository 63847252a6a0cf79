#pragma once
// Fingerprints: a short stable digest of the live object an action was computed from, so
// `apply --plan FILE` can tell that the platform changed since the plan was made and refuse
// it, naming what changed.

#include <string>
#include <string_view>
#include <vector>

#include "engine/live/live_state.h"
#include "engine/model/records.h"
#include "engine/plan/plan.h"

namespace onboard {

/// Digest (16 lowercase hex digits) of every field of a company an update sends back:
/// managed fields, group ids, status and passthrough fields. Equal for records that mean
/// the same (module ids and tags in any order, dates in any format).
std::string Fingerprint(const CompanyRecord& company);

/// Digest (16 hex digits) of an admin's email, names, phone, roles and status.
std::string Fingerprint(const SystemUserRecord& admin);

/// Digest of a target user: "<16 hex>" over the fields a search returns, followed by
/// ".<16 hex>" over the manager fields when the record is `detailed`. Compare two with
/// SameTargetUserFingerprint, which ignores the manager part unless both have it.
std::string Fingerprint(const TargetUserRecord& user);

/// True when two target-user fingerprints agree on the parts both carry.
bool SameTargetUserFingerprint(std::string_view a, std::string_view b);

/// The addresses of `saved`'s actions whose live object changed in `fresh`, in plan order:
/// a create whose object now exists (a group or company of that name, a user of that email
/// in an existing company); an update or participant whose object's fingerprint differs,
/// or whose object (or company) is gone. Actions that depend on a create that is not stale
/// are judged by that create alone.
std::vector<std::string> StaleAddresses(const Plan& saved, const LiveState& fresh);

}  // namespace onboard
