#pragma once
// Reads the live state that a set of customers needs, through the API client, as
// concurrently as the client allows: the catalog, the company groups and the first page of
// companies at once; then the remaining pages at once; then, for every company matched to a
// selected customer, its details, roles, admins and target users at once (every page).
// Nothing is read twice and nothing the selected customers do not need is read.

#include <vector>

#include "engine/api/keepnet_client.h"
#include "engine/desired/desired_state.h"
#include "engine/diag/diagnostic.h"
#include "engine/live/live_state.h"

namespace onboard {

/// Reads what `customers` need into *live. A failed read that every customer needs (token,
/// catalog, groups, company pages) is an error diagnostic naming the request; a failed read
/// of one matched company fails only that customer: it goes to live->failed_reads and the
/// other companies are read as usual. Matching problems (two live companies with one name, a
/// pinned id that does not exist) are left to the planner, which reports them.
void ReadLiveState(KeepnetClient& client, const std::vector<const DesiredCustomer*>& customers,
                   LiveState* live, Diagnostics* diags);

/// Reads the full record (GET /api/target-users/{id}) of each target user listed in
/// `user_ids` (company id, user id), because the search view lacks the manager fields and
/// an update must send them back. Returns how many were read. A failed read goes to
/// live->failed_reads under its company id (that customer is skipped, the others are not).
size_t ReadTargetUserDetails(KeepnetClient& client,
                             const std::vector<std::pair<std::string, std::string>>& user_ids,
                             LiveState* live, Diagnostics* diags);

}  // namespace onboard
