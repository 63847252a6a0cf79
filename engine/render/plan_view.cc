#include "engine/render/plan_view.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "engine/render/mask.h"

namespace onboard {
namespace {

constexpr const char* kKnownAfterApply = "(known after apply)";

bool StartsWith(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// Every customer key the plan knows of: its customers list, then those of its actions.
std::vector<std::string> KnownCustomers(const Plan& plan) {
  std::vector<std::string> keys = plan.customers;
  for (const Action& a : plan.actions)
    if (!a.customer.empty() && std::find(keys.begin(), keys.end(), a.customer) == keys.end())
      keys.push_back(a.customer);
  return keys;
}

}  // namespace

std::string DiagnosticCustomer(const Plan& plan, const Diagnostic& d) {
  const std::string& s = d.subject;
  if (s.empty()) return {};
  for (const std::string& key : KnownCustomers(plan)) {
    if (s == key || s == "customer " + key || s == "customer." + key ||
        StartsWith(s, "customer." + key + ".") || StartsWith(s, "customer " + key + " "))
      return key;
  }
  return {};
}

std::vector<PlanSection> SectionsOf(const Plan& plan) {
  std::vector<PlanSection> sections;
  std::map<std::string, size_t> index;
  auto section = [&](const std::string& customer) -> PlanSection& {
    auto it = index.find(customer);
    if (it != index.end()) return sections[it->second];
    index[customer] = sections.size();
    sections.push_back(PlanSection{customer, {}, 0, 0});
    return sections.back();
  };
  // The group section comes first even when a customer action precedes a group create.
  for (const Action& a : plan.actions)
    if (a.customer.empty()) section("").actions.push_back(&a);
  for (const Action& a : plan.actions)
    if (!a.customer.empty()) section(a.customer).actions.push_back(&a);
  for (const Diagnostic& d : plan.diagnostics.items()) {
    std::string customer = DiagnosticCustomer(plan, d);
    if (customer.empty()) continue;  // plan-wide: shown in the list, not counted per customer
    PlanSection& s = section(customer);
    (d.severity == Severity::Error ? s.errors : s.warnings)++;
  }
  return sections;
}

bool IsSensitive(const FieldChange& change) { return change.sensitive || IsPhoneField(change.field); }

std::string ShownValue(const std::string& value, bool sensitive, const RenderOptions& options) {
  if (!sensitive || options.show_sensitive || value.empty()) return value;
  return MaskPhone(value);
}

std::vector<ShownChange> ShownChanges(const Action& action, const RenderOptions& options) {
  std::vector<ShownChange> out;
  for (const FieldChange& c : action.changes) {
    bool sensitive = IsSensitive(c);
    out.push_back({c.field, ShownValue(c.before, sensitive, options), ShownValue(c.after, sensitive, options)});
  }
  // A group create or a participant may carry no change list: its group name says it all.
  if (action.changes.empty() && !action.group_name.empty()) {
    if (action.object == ObjectType::Group) out.push_back({"name", "", action.group_name});
    if (action.object == ObjectType::Participant) out.push_back({"group", "", action.group_name});
  }
  if (!action.company_ref.known() && !action.company_ref.from_action.empty() &&
      action.object != ObjectType::Company)
    out.push_back({"company id", "", kKnownAfterApply});
  if (!action.group_ref.known() && !action.group_ref.from_action.empty())
    out.push_back({"group id", "", kKnownAfterApply});
  if (!action.role_names_after_apply.empty()) out.push_back({"role ids", "", kKnownAfterApply});
  return out;
}

std::vector<std::string> CompactFields(const std::vector<ShownChange>& changes, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  for (const ShownChange& c : changes) {
    std::string item = c.field + "=" + OneLine(c.after);
    if (!line.empty() && line.size() + 2 + item.size() > width) {
      lines.push_back(line + ",");
      line.clear();
    }
    line += (line.empty() ? "" : ", ") + item;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

std::string OneLine(const std::string& value) {
  if (value.empty()) return "(none)";
  std::string out;
  out.reserve(value.size());
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", c);
    else out += ch;
  }
  return out;
}

std::string SummarySentence(const Plan& plan) {
  if (!plan.has_changes())
    return plan.failed_customers.empty() ? "No changes. The platform matches the manifests."
                                         : "No changes for the customers that could be read.";
  PlanSummary s = plan.Summarize();
  std::string out = fmt::format("Plan: {} to create, {} to update, {} to delete", s.create, s.update, s.destroy);
  auto participants = [](int n) { return n == 1 ? "participant" : "participants"; };
  if (s.add_participant > 0) out += fmt::format(", {} {} to add", s.add_participant, participants(s.add_participant));
  if (s.remove_participant > 0)
    out += fmt::format(", {} {} to remove", s.remove_participant, participants(s.remove_participant));
  return out + ".";
}

std::string FailedCustomerLine(const FailedCustomer& failed) {
  return OneLine("customer " + failed.customer + ": skipped, its live state could not be read (after retries): " +
                 failed.error);
}

std::string DiagnosticLine(const Diagnostic& d, const RenderOptions& options) {
  std::string out;
  if (d.location.known()) out += d.location.ToString() + ": ";
  out += d.severity == Severity::Error ? "error: " : "warning: ";
  if (!d.subject.empty()) out += d.subject + ": ";
  if (!d.field.empty()) out += d.field + ": ";
  out += d.summary;
  if (!d.fix.empty()) out += " (fix: " + d.fix + ")";
  if (!options.show_sensitive) out = MaskPhonesInText(out);
  // OneLine would print "(none)" for an empty string; a diagnostic line is never empty.
  return OneLine(out);
}

}  // namespace onboard
