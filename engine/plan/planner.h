#pragma once
// The planner (Terraform's plan walk, as one pure function): desired state + live state ->
// the actions that make the platform match the manifests, in dependency order. No I/O.

#include <string>
#include <unordered_map>
#include <vector>

#include "engine/desired/desired_state.h"
#include "engine/diag/diagnostic.h"
#include "engine/live/live_state.h"
#include "engine/model/records.h"
#include "engine/plan/plan.h"

namespace onboard {

/// Which customers a run covers.
struct PlanOptions {
  std::vector<std::string> customers;  ///< only these (empty = all)  (CLI --customer)
  std::vector<std::string> exclude;    ///< every customer but these (CLI --exclude)
};

/// Pure: no I/O. Computes the actions that make the platform match `desired`, in dependency
/// order: group creates first (every declared group missing live when `options.customers`
/// is empty, else only those the selected customers use), then per customer in manifest
/// order its company create/update, participants, admins and target users (manifest
/// order). Problems (unknown references, duplicate live names, unknown groups) are error
/// diagnostics in Plan::diagnostics at the manifest location; warnings go there too. A plan
/// with errors lists what it could but must not be applied. Nothing is ever deleted.
/// A customer whose company is in `live.failed_reads` gets no action: it is listed in
/// Plan::failed_customers instead. Customers match companies as CompanyIndex::Match says; a pinned resourceId also matches
/// when `live.details` holds it though the companies search did not list it.
Plan MakePlan(const DesiredState& desired, const LiveState& live, const PlanOptions& options);

/// The customers `options` selects, in manifest order. A --customer or --exclude name is a
/// customer key or a company name (case-insensitive); one that names no customer is an error
/// diagnostic (with the closest keys as candidates).
std::vector<const DesiredCustomer*> SelectCustomers(const DesiredState& desired, const PlanOptions& options,
                                                    Diagnostics* diags);

/// How a customer matched the live companies.
enum class CompanyMatch {
  Found,     ///< the live company id is known
  Missing,   ///< no live company: the plan creates one
  Conflict,  ///< an error was reported (two companies of that name, pinned id not found)
};

/// Live companies indexed for matching customers (by id, exact name and loose name).
/// Build once per run: matching is then O(1) per customer.
class CompanyIndex {
 public:
  /// Indexes `companies` (which must outlive the index).
  explicit CompanyIndex(const std::vector<CompanySummary>& companies);

  /// Matches `customer` by its pinned resourceId, else by exact (trimmed) name. Sets `*id`
  /// when Found. Appends an error for a pinned id that is not live or two live companies of
  /// that name (naming both ids), and a warning when no name matches exactly but a live
  /// company's name differs only in case or spacing (a likely typo).
  CompanyMatch Match(const DesiredCustomer& customer, std::string* id, Diagnostics* diags) const;

 private:
  const std::vector<CompanySummary>& companies_;
  std::unordered_map<std::string, size_t> by_id_;
  std::unordered_map<std::string, std::vector<size_t>> by_name_;
  std::unordered_map<std::string, std::vector<size_t>> by_loose_name_;
};

/// Matches a customer to a live company id (pinned resourceId, else exact name); "" = none
/// or a conflict (then an error diagnostic is appended, e.g. two live companies with that
/// name, naming both ids). For many customers, build one CompanyIndex instead.
std::string MatchCompany(const DesiredCustomer& customer, const std::vector<CompanySummary>& companies,
                         Diagnostics* diags);

/// True when the manifest manages one of `user`'s manager fields: the live-state reader
/// must then read that user in detail (the search view lacks them).
bool ManagesManager(const DesiredTargetUser& user);

}  // namespace onboard
