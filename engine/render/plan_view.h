#pragma once
// What the text and Markdown renderings of a plan share: the order sections are shown in,
// the values as shown (masked, one line), and the summary sentence. Plain functions over
// the plan; nothing here writes output.

#include <cstddef>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/plan/plan.h"
#include "engine/render/render_options.h"

namespace onboard {

/// The actions of one customer (or of no customer: company groups), in plan order.
struct PlanSection {
  std::string customer;  ///< "" for the company-group actions
  std::vector<const Action*> actions;
  int warnings = 0;  ///< diagnostics of this section, by DiagnosticCustomer
  int errors = 0;
};

/// The plan's actions by customer: the group section first (when it has actions), then each
/// customer in the order its first action appears. Customers with diagnostics but no action
/// get a section too (after the others), so their warnings are counted somewhere. Linear in
/// actions + diagnostics; `lookups`, when given, receives CustomerKeys::lookups() (for tests).
std::vector<PlanSection> SectionsOf(const Plan& plan, size_t* lookups = nullptr);

/// The customer keys a plan knows (plan.customers and those of its actions), hashed, for
/// finding the customer of many diagnostics in time linear in their number.
class CustomerKeys {
 public:
  explicit CustomerKeys(const Plan& plan);
  /// The customer a subject names: "acme", "customer acme", "customer.acme", or an address
  /// "customer.acme.<...>" (or "customer acme <...>"); the longest known key wins; "" when
  /// none matches. A few hash lookups per '.' or ' ' in the subject, never one per customer.
  std::string Of(const std::string& subject) const;
  /// Hash lookups made so far: the work Of has done.
  size_t lookups() const { return lookups_; }

 private:
  std::unordered_set<std::string> keys_;
  mutable size_t lookups_ = 0;
};

/// The customer a diagnostic concerns (CustomerKeys::Of its subject). Builds the key set:
/// for many diagnostics, build one CustomerKeys.
std::string DiagnosticCustomer(const Plan& plan, const Diagnostic& d);

/// One field of an action as shown.
struct ShownChange {
  std::string field;
  std::string before;  ///< "" for creates
  std::string after;
};

/// An action's fields, unmasked: an update's changes; a delete's GoingFields; a create's (or participant's) fields
/// derived from its body, as the manifest names them, in a fixed order per kind, each field
/// the body sets (reference ids by Plan::names, dates as dates, lists as "[a, b]").
std::vector<FieldChange> FieldsOf(const Plan& plan, const Action& action);

/// What a delete (or a company leaving a group) removes, field by field, in `before` (the
/// live record's values, as a create shows its fields); a company delete ends with the
/// counts of the admins and target users deleted with it.
std::vector<FieldChange> GoingFields(const Plan& plan, const Action& action);

/// True for the actions renderers show as what goes, field by field, in red: deletes and a
/// company leaving a group. Users leaving a target group are shown like users joining one
/// (the group stays; the line names who leaves).
bool ShowsGoingFields(const Action& action);

/// The unlisted-objects report, one line each: "customer acme: 3 target users not in the
/// manifest; add `prune: [targetUsers]` to remove them", then "12 live companies no manifest
/// describes; `onboard export` writes manifests for them". Empty when nothing is unlisted.
std::vector<std::string> UnlistedLines(const Plan& plan);

/// The fields an action shows: FieldsOf, masked when sensitive or a phone field (unless
/// options.show_sensitive), then "(known after apply)" entries for the ids the action gets
/// from other actions when it runs ("company id", "group id", "role ids").
std::vector<ShownChange> ShownChanges(const Plan& plan, const Action& action, const RenderOptions& options);

/// A create's fields compactly: "field=value" items joined by ", ", wrapped into lines of
/// about `width` bytes (a line ends with "," when another follows; one long item stays whole).
/// Values go through FieldValue.
std::vector<std::string> CompactFields(const std::vector<ShownChange>& changes, size_t width);
/// The width the text and Markdown renderers wrap CompactFields to.
inline constexpr size_t kCompactWidth = 92;

/// A value in a plan line: OneLine, in double quotes (a quote or backslash inside escaped as
/// \" and \\) when it could be misread: it holds a ',' (the separator of a create's fields),
/// "->" (that of an update's before and after), a quote, a backslash or a control character,
/// or starts or ends with white space. "" is "(none)", unquoted.
std::string QuotedValue(const std::string& value);

/// The value of `field` in a plan line: a list field's value ("[a, b]", as the planner shows
/// lists: company.tags, license.modules, roles, groups) as it is, any other by QuotedValue.
std::string FieldValue(const std::string& field, const std::string& value);

/// A change value as shown: sensitive values masked unless options.show_sensitive.
std::string ShownValue(const std::string& value, bool sensitive, const RenderOptions& options);

/// True when `change` must be masked: marked sensitive or named like a phone field.
bool IsSensitive(const FieldChange& change);

/// A value on one line: control characters (newline, ESC, ...) as \n, \t, \x1b, so user data
/// can neither break the layout nor send terminal escapes; "" as "(none)".
std::string OneLine(const std::string& value);

/// "Plan: 3 to create, 1 to update, 0 to delete, 2 participants to add." (participant counts
/// only when non-zero; target-group membership changes counted as "2 target-group membership
/// changes", not as participants), or "No changes. The platform matches the manifests." (with skipped
/// customers: "No changes for the customers that could be read.").
std::string SummarySentence(const Plan& plan);

/// "customer <key>: skipped, its live state could not be read (tried again and again): <error>", on one line.
std::string FailedCustomerLine(const FailedCustomer& failed);

/// "file:line:col: warning: <subject>: <field>: <summary> (fix: <fix>)", phone numbers in the
/// text masked unless options.show_sensitive, on one line.
std::string DiagnosticLine(const Diagnostic& d, const RenderOptions& options);

/// Of the diagnostics that share a Diagnostic::group, the text and Markdown renderings show
/// this many; one line stands for the rest. (JSON keeps them all.)
inline constexpr size_t kShownPerGroup = 3;

/// One entry of a diagnostics list as people see it: a diagnostic, or (diagnostic == nullptr)
/// the line standing for the `more` diagnostics of `group` not shown.
struct ListedDiagnostic {
  const Diagnostic* diagnostic = nullptr;
  size_t more = 0;
  std::string group;
};

/// The plan's diagnostics of `severity`, in order, collapsed by group: after the first
/// kShownPerGroup of a group, one entry for the rest, where the next one would have been.
/// Diagnostics without a group are all listed. Linear in the number of diagnostics.
std::vector<ListedDiagnostic> ListedDiagnostics(const Plan& plan, Severity severity);

/// "... and 114 more: the platform may email an invitation to each new admin".
std::string MoreLine(const ListedDiagnostic& entry);

}  // namespace onboard
