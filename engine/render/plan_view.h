#pragma once
// What the text and Markdown renderings of a plan share: the order sections are shown in,
// the values as shown (masked, one line), and the summary sentence. Plain functions over
// the plan; nothing here writes output.

#include <string>
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
/// get a section too (after the others), so their warnings are counted somewhere.
std::vector<PlanSection> SectionsOf(const Plan& plan);

/// The customer a diagnostic concerns, from its subject: "acme", "customer acme",
/// "customer.acme" or an address "customer.acme.<...>"; "" when none of plan.customers (or of
/// the customers of its actions) matches.
std::string DiagnosticCustomer(const Plan& plan, const Diagnostic& d);

/// One field of an action as shown.
struct ShownChange {
  std::string field;
  std::string before;  ///< "" for creates
  std::string after;
};

/// The fields an action shows: its changes, masked when sensitive or a phone field (unless
/// options.show_sensitive); a group create's or participant's group name when it lists no
/// change; and "(known after apply)" entries for the ids the action gets from other actions
/// when it runs ("company id", "group id", "role ids").
std::vector<ShownChange> ShownChanges(const Action& action, const RenderOptions& options);

/// A create's fields compactly: "field=value" items joined by ", ", wrapped into lines of
/// about `width` bytes (a line ends with "," when another follows; one long item stays whole).
/// Values go through OneLine.
std::vector<std::string> CompactFields(const std::vector<ShownChange>& changes, size_t width);

/// A change value as shown: sensitive values masked unless options.show_sensitive.
std::string ShownValue(const std::string& value, bool sensitive, const RenderOptions& options);

/// True when `change` must be masked: marked sensitive or named like a phone field.
bool IsSensitive(const FieldChange& change);

/// A value on one line: control characters (newline, ESC, ...) as \n, \t, \x1b, so user data
/// can neither break the layout nor send terminal escapes; "" as "(none)".
std::string OneLine(const std::string& value);

/// "Plan: 3 to create, 1 to update, 0 to delete, 2 participants to add." (participant counts
/// only when non-zero), or "No changes. The platform matches the manifests." (with skipped
/// customers: "No changes for the customers that could be read.").
std::string SummarySentence(const Plan& plan);

/// "customer <key>: skipped, its live state could not be read (tried again and again): <error>", on one line.
std::string FailedCustomerLine(const FailedCustomer& failed);

/// "file:line:col: warning: <subject>: <field>: <summary> (fix: <fix>)", phone numbers in the
/// text masked unless options.show_sensitive, on one line.
std::string DiagnosticLine(const Diagnostic& d, const RenderOptions& options);

}  // namespace onboard
