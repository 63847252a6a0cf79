#pragma once
// Reads the live state that a set of customers needs, through the API client, as
// concurrently as the client allows: the catalog, the company groups and the first page of
// companies at once; then the remaining pages at once; then, for every company matched to a
// selected customer, its details, roles, admins and target users at once (every page; a
// reader for planning skips the roles and users the customer's plan cannot need).
// Nothing is read twice and nothing the selected customers do not need is read (customers
// handed to LiveReader::ReadEarly count as selected).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/api/keepnet_client.h"
#include "engine/desired/desired_state.h"
#include "engine/diag/diagnostic.h"
#include "engine/live/live_state.h"

namespace onboard {

/// What ReadLiveState reads beyond each matched company's details, roles and users.
struct ReadOptions {
  /// Customers for which it returns true also get their target groups and memberships
  /// (ReadTargetGroups). Empty: none, so a plan that needs no memberships costs no request.
  std::function<bool(const DesiredCustomer&)> target_groups;
};

/// Which of a matched company's reads a LiveReader sends.
enum class CompanyReadScope {
  /// Details, roles, admins and target users: what a saved-plan check or an export compares.
  Everything,
  /// What planning the customer needs: the roles only when one of its admins names roles (to
  /// resolve the names; ReadRoles reads them later for an admin update), the target users
  /// unless the manifest lists none and the companies search counts none. The customers must
  /// be whole manifests.
  WhatThePlanNeeds,
};

/// What a LiveReader keeps of a customer handed to it early: what matching and trimming need.
struct CustomerReadKeys {
  DesiredCustomer matching;  ///< key and company only
  bool names_roles = false;  ///< one of its admins names roles
  bool lists_target_users = false;

  static CustomerReadKeys Of(const DesiredCustomer& customer);
};

/// The same read in two steps, so that the reads that need no manifest can be in flight
/// while the manifests load (engine/run/live_plan.h): constructing a reader sends the
/// catalog, the company groups and the companies (every page); ReadEarly and ReadCustomers
/// add the companies matched to customers (sent as soon as the companies list is complete);
/// Finish runs the client's loop until everything is read. A reader dropped before Finish
/// leaves its reads in flight harmlessly: their answers are dropped when the loop runs.
class LiveReader {
 public:
  /// Sends the reads that need no manifest. `client` must outlive the reader.
  explicit LiveReader(KeepnetClient& client, CompanyReadScope scope = CompanyReadScope::Everything);
  ~LiveReader();
  LiveReader(const LiveReader&) = delete;
  LiveReader& operator=(const LiveReader&) = delete;

  /// True once the catalog, the groups and the companies have all been answered (read or
  /// failed), which happens only while the caller runs the client's transport loop.
  bool shared_done() const;
  /// Reads the company `customer` matches (as soon as the companies list is complete), ahead
  /// of ReadCustomers: for a customer just read from its manifest, while the others load.
  /// Only its key and company are used (and copied).
  void ReadEarly(const DesiredCustomer& customer);
  void ReadEarly(CustomerReadKeys customer);
  /// The customers whose companies to read (once; the pointers must outlive Finish).
  void ReadCustomers(std::vector<const DesiredCustomer*> customers);
  /// Runs the loop until every read is done, then reads in full the target users whose
  /// manager the manifests manage; moves the result to *live and appends problems to *diags
  /// (as ReadLiveState does).
  void Finish(LiveState* live, Diagnostics* diags, const ReadOptions& options = {});

 private:
  struct State;
  std::shared_ptr<State> state_;
};

/// Reads what `customers` need into *live. A failed read that every customer needs (token,
/// catalog, groups, company pages) is an error diagnostic naming the request; a failed read
/// of one matched company fails only that customer: it goes to live->failed_reads and the
/// other companies are read as usual. Matching problems (two live companies with one name, a
/// pinned id that does not exist) are left to the planner, which reports them.
void ReadLiveState(KeepnetClient& client, const std::vector<const DesiredCustomer*>& customers,
                   LiveState* live, Diagnostics* diags, const ReadOptions& options = {});

/// Reads the target groups of each company in `company_ids` (already in live->details) and
/// each group's member list (every page): one list request per company and one search per
/// group and page, never one request per user. Fills target_groups, target_group_members
/// and every target user's target_group_ids, and sets target_groups_read. Companies already
/// read are skipped. Returns how many companies were read.
size_t ReadTargetGroups(KeepnetClient& client, const std::vector<std::string>& company_ids, LiveState* live,
                        Diagnostics* diags);

/// Reads the roles of each company in `company_ids` (already in live->details) whose roles
/// were not read, and sets roles_read. Returns how many were read.
size_t ReadRoles(KeepnetClient& client, const std::vector<std::string>& company_ids, LiveState* live,
                 Diagnostics* diags);

/// Reads the full record (GET /api/target-users/{id}) of each target user listed in
/// `user_ids` (company id, user id), because the search view lacks the manager fields and
/// an update must send them back. Returns how many were read. A failed read goes to
/// live->failed_reads under its company id (that customer is skipped, the others are not).
size_t ReadTargetUserDetails(KeepnetClient& client,
                             const std::vector<std::pair<std::string, std::string>>& user_ids,
                             LiveState* live, Diagnostics* diags);

}  // namespace onboard
