#pragma once
// The planner (Terraform's plan walk, as one pure function): desired state + live state ->
// the actions that make the platform match the manifests, in dependency order. No I/O.

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/catalog/catalog.h"
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
  /// --allow-mass-delete: deletes beyond the mass-deletion guard (plan/prune.h) are no error.
  bool allow_mass_delete = false;
};

/// Pure: no I/O. Computes the actions that make the platform match `desired`, in dependency
/// order: group creates first (every declared group missing live when `options.customers`
/// is empty, else only those the selected customers use), then per customer in manifest
/// order its company create/update, participants, admins and target users (manifest
/// order). Problems (unknown references, duplicate live names, unknown groups) are error
/// diagnostics in Plan::diagnostics at the manifest location; warnings go there too. A plan
/// with errors lists what it could but must not be applied. Nothing is deleted unless a
/// customer's `prune` or `ensure: absent` asks for it (plan/prune.h); the deletes of each
/// customer come after its other actions, and what is live but unlisted is counted in
/// Plan::unlisted.
/// Target groups and memberships: engine/plan/target_groups.h (after each customer's admins).
/// A customer whose company is in `live.failed_reads` gets no action: it is listed in
/// Plan::failed_customers instead. Customers match companies as CompanyIndex::Match says; a pinned resourceId also matches
/// when `live.details` holds it though the companies search did not list it.
Plan MakePlan(const DesiredState& desired, const LiveState& live, const PlanOptions& options);

/// The same plan, from a desired state it uses up: each customer's admins and target users
/// are freed as soon as its actions are planned (their vectors left empty), so a plan of a
/// million new target users is not held beside the manifests' copy of them. For a plan that
/// is final (no second plan from the same desired state). `freed` (may be empty) is called
/// after each customer's are freed, so the caller can give the pages back.
Plan MakePlan(DesiredState&& desired, const LiveState& live, const PlanOptions& options,
              const std::function<void()>& freed = {});

/// The customers `options` selects, in manifest order. A --customer or --exclude name is a
/// customer key or a company name (case-insensitive); one that names no customer is an error
/// diagnostic (with the close keys, if any, as candidates), and so is a customer both
/// selected and excluded, and a selection that leaves no customer at all.
std::vector<const DesiredCustomer*> SelectCustomers(const DesiredState& desired, const PlanOptions& options,
                                                    Diagnostics* diags);

/// The fields (manifest paths relative to spec, e.g. "license.type") a customer lacks that
/// creating its company needs; empty when it has them all.
std::vector<std::string> FieldsNeededToCreate(const DesiredCustomer& customer);

/// How the planner shows a reference id in a change: the catalog entry's name (time zones and
/// date and time formats as they are); the value itself, trimmed, when the catalog lacks it.
std::string ShowReference(const Catalog& catalog, ReferenceKind kind, const std::string& value);

/// How the planner shows an admin's status in a change: "true" (1), "false" (2), the number
/// otherwise, "" when unset.
std::string ShowStatus(const std::optional<int>& status);

}  // namespace onboard
