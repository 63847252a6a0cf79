#pragma once
// Matching customers to live companies: by a pinned resourceId, else by exact name. Below
// both the live-state reader (which reads the matched companies' details) and the planner
// (which plans against them), so that they match alike.

#include <string>
#include <unordered_map>
#include <vector>

#include "engine/desired/desired_state.h"
#include "engine/diag/diagnostic.h"
#include "engine/model/records.h"

namespace onboard {

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

}  // namespace onboard
