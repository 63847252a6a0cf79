#include "engine/render/plan_view.h"

#include <cctype>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/plan/compare.h"
#include "engine/render/mask.h"

namespace onboard {
namespace {

constexpr const char* kKnownAfterApply = "(known after apply)";

}  // namespace

CustomerKeys::CustomerKeys(const Plan& plan) {
  keys_.reserve(plan.customers.size());
  for (const std::string& key : plan.customers) keys_.insert(key);
  const InternedString* last = nullptr;  // a customer's actions are consecutive
  for (const Action& a : plan.actions) {
    if (a.customer.empty() || (last && *last == a.customer)) continue;
    keys_.insert(a.customer);
    last = &a.customer;
  }
}

std::string CustomerKeys::Of(const std::string& subject) const {
  // A subject names a customer as "acme", "customer acme", "customer.acme", or starts with
  // "customer.acme." or "customer acme ". Keys may hold '.' or ' ': the longest known key
  // before a separator wins.
  if (subject.empty()) return {};
  ++lookups_;
  if (keys_.count(subject)) return subject;
  for (const char* prefix : {"customer.", "customer "}) {
    const std::string_view p(prefix);
    if (subject.size() <= p.size() || subject.compare(0, p.size(), p) != 0) continue;
    const std::string rest = subject.substr(p.size());
    ++lookups_;
    if (keys_.count(rest)) return rest;
    for (size_t cut = rest.rfind(p.back()); cut != std::string::npos && cut > 0; cut = rest.rfind(p.back(), cut - 1)) {
      ++lookups_;
      std::string key = rest.substr(0, cut);
      if (keys_.count(key)) return key;
    }
  }
  return {};
}

std::string DiagnosticCustomer(const Plan& plan, const Diagnostic& d) { return CustomerKeys(plan).Of(d.subject); }

std::vector<PlanSection> SectionsOf(const Plan& plan, size_t* lookups) {
  std::vector<PlanSection> sections;
  std::unordered_map<std::string, size_t> index;
  auto section = [&](const std::string& customer) -> PlanSection& {
    auto [it, added] = index.emplace(customer, sections.size());
    if (added) sections.push_back(PlanSection{customer, {}, 0, 0});
    return sections[it->second];
  };
  // The group section comes first even when a customer action precedes a group create.
  for (const Action& a : plan.actions)
    if (a.customer.empty()) section("").actions.push_back(&a);
  // A customer's actions are consecutive: look its section up once per run of them.
  PlanSection* current = nullptr;
  for (const Action& a : plan.actions) {
    if (a.customer.empty()) continue;
    if (!current || current->customer != a.customer) current = &section(a.customer);
    current->actions.push_back(&a);
  }
  CustomerKeys keys(plan);
  for (const Diagnostic& d : plan.diagnostics.items()) {
    std::string customer = keys.Of(d.subject);
    if (customer.empty()) continue;  // plan-wide: shown in the list, not counted per customer
    PlanSection& s = section(customer);
    (d.severity == Severity::Error ? s.errors : s.warnings)++;
  }
  if (lookups) *lookups = keys.lookups();
  return sections;
}

bool IsSensitive(const FieldChange& change) { return change.sensitive || IsPhoneField(change.field); }

std::string ShownValue(const std::string& value, bool sensitive, const RenderOptions& options) {
  if (!sensitive || options.show_sensitive || value.empty()) return value;
  return MaskPhone(value);
}

namespace {

// What a create sends, field by field, as the manifest names the fields: the fields its body
// sets (non-empty text, a non-zero or required number, a set flag), reference ids by name.
class CreateFields {
 public:
  CreateFields(const Plan& plan, std::vector<FieldChange>* out) : plan_(plan), out_(out) {}

  void Text(const char* field, const std::string& value, bool sensitive = false) {
    if (!value.empty()) out_->push_back({field, "", value, sensitive});
  }
  void Ref(const char* field, const std::string& id) {
    if (!id.empty()) out_->push_back({field, "", plan_.NameOf(id)});
  }
  void List(const char* field, const std::vector<std::string>& values, bool by_name) {
    if (values.empty()) return;
    std::vector<std::string> shown;
    shown.reserve(values.size());
    for (const std::string& v : values) shown.push_back(by_name ? plan_.NameOf(v) : v);
    out_->push_back({field, "", DisplayList(shown)});
  }
  void Date(const char* field, const std::string& value) {
    if (!value.empty()) out_->push_back({field, "", DisplayDate(value)});
  }

  void Company(const CompanyRecord& c, const std::vector<ParticipantBody>& joins) {
    Text("company.name", c.name);
    Text("company.description", c.description);
    Ref("company.industry", c.industry_id);
    Ref("company.country", c.country_id);
    Text("company.address", c.address);
    Text("company.websiteUrl", c.website_url);
    Text("company.timeZone", c.time_zone_id);
    Text("company.dateFormat", c.date_format);
    Text("company.timeFormat", c.time_format);
    Ref("company.preferredLanguage", c.preferred_language_id);
    List("company.tags", c.tags, false);
    Ref("license.type", c.license_type_id);
    Ref("license.period", c.license_period_id);
    List("license.modules", c.license_module_ids, true);
    out_->push_back({"license.users", "", std::to_string(c.number_of_users)});
    if (c.users_limited) out_->push_back({"license.limited", "", DisplayBool(true)});
    Date("license.start", c.license_start);
    Date("license.end", c.license_end);
    std::vector<std::string> groups;
    for (const ParticipantBody& join : joins) groups.push_back(join.group_name);
    List("groups", groups, false);
  }

  void Admin(const AdminBody& a) {
    const SystemUserRecord& u = a.record;
    Text("email", u.email);
    Text("firstName", u.first_name);
    Text("lastName", u.last_name);
    Text("phone", u.phone, true);
    if (!a.role_names_after_apply.empty()) List("roles", a.role_names_after_apply, false);
    else List("roles", u.role_ids, true);
    if (u.status_id) out_->push_back({"active", "", DisplayBool(*u.status_id == 1)});
  }

  void TargetUser(const TargetUserRecord& u) {
    Text("email", u.email);
    Text("firstName", u.first_name);
    Text("lastName", u.last_name);
    Text("department", u.department);
    Text("phone", u.phone, true);
    Text("priority", u.priority);
    if (u.active) out_->push_back({"active", "", DisplayBool(*u.active)});
    Text("timeZone", u.time_zone_id);
    Ref("preferredLanguage", u.preferred_language_id);
    Text("manager.firstName", u.manager_first_name);
    Text("manager.lastName", u.manager_last_name);
    Text("manager.email", u.manager_email);
  }

  void TargetUserJoins(const std::vector<ParticipantBody>& joins) {
    std::vector<std::string> groups;
    for (const ParticipantBody& join : joins) groups.push_back(join.group_name);
    List("groups", groups, false);
  }

  void TargetGroup(const Action& a, const TargetGroupBody& g) {
    Text("name", g.record.name);
    Text("priority", g.record.priority);
    if (a.type == ActionType::Delete) out_->push_back({"members", "", std::to_string(g.members)});
  }

 private:
  const Plan& plan_;
  std::vector<FieldChange>* out_;
};

// The fields a body sets, as a create shows them (in `after`).
std::vector<FieldChange> BodyFields(const Plan& plan, const Action& action) {
  std::vector<FieldChange> out;
  CreateFields fields(plan, &out);
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, GroupBody>) fields.Text("name", body.name);
        else if constexpr (std::is_same_v<T, CompanyBody>) fields.Company(*body.record, body.joins);
        else if constexpr (std::is_same_v<T, ParticipantBody>) fields.Text("group", body.group_name);
        else if constexpr (std::is_same_v<T, AdminBody>) fields.Admin(body);
        else if constexpr (std::is_same_v<T, TargetUserBody>) {
          fields.TargetUser(body.record);
          fields.TargetUserJoins(body.joins);
        } else if constexpr (std::is_same_v<T, TargetGroupBody>) {
          fields.TargetGroup(action, body);
        } else if constexpr (std::is_same_v<T, TargetGroupMembersBody>) {
          fields.Text("group", body.group_name);
          fields.List("users", body.emails, false);
        }
      },
      action.body);
  return out;
}

}  // namespace

std::vector<FieldChange> FieldsOf(const Plan& plan, const Action& action) {
  if (action.type == ActionType::Update) return action.changes;
  if (ShowsGoingFields(action)) return GoingFields(plan, action);
  return BodyFields(plan, action);
}

bool ShowsGoingFields(const Action& action) {
  return action.type == ActionType::Delete ||
         (action.type == ActionType::RemoveParticipant && action.object() != ObjectType::TargetGroupMembers);
}

std::vector<FieldChange> GoingFields(const Plan& plan, const Action& action) {
  std::vector<FieldChange> out = BodyFields(plan, action);
  // As read, an admin's roles are names (the search joins them).
  if (const AdminBody* a = action.As<AdminBody>(); a && a->record.role_ids.empty() && !a->record.role_names.empty())
    out.push_back({"roles", "", DisplayList(a->record.role_names)});
  // What goes is the before value.
  for (FieldChange& f : out) std::swap(f.before, f.after);
  if (const CompanyBody* c = action.As<CompanyBody>(); c && action.type == ActionType::Delete) {
    out.push_back({"admins (deleted with it)", std::to_string(c->admins_going), ""});
    out.push_back({"targetUsers (deleted with it)", std::to_string(c->target_users_going), ""});
  }
  return out;
}

std::vector<std::string> UnlistedLines(const Plan& plan) {
  std::vector<std::string> out;
  auto plural = [](int n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); };
  for (const UnlistedCustomer& c : plan.unlisted.customers) {
    std::vector<std::string> parts, lists;
    if (c.target_users > 0) parts.push_back(plural(c.target_users, "target user", "target users")), lists.push_back("targetUsers");
    if (c.admins > 0) parts.push_back(plural(c.admins, "admin", "admins")), lists.push_back("admins");
    if (c.target_groups > 0)
      parts.push_back(plural(c.target_groups, "target group", "target groups")), lists.push_back("targetGroups");
    if (parts.empty()) continue;
    out.push_back(OneLine(fmt::format("customer {}: {} not in the manifest; add `prune: [{}]` to remove them", c.customer,
                                      fmt::join(parts, ", "), fmt::join(lists, ", "))));
  }
  if (size_t n = plan.unlisted.companies.size(); n > 0)
    out.push_back(fmt::format("{} live compan{} no manifest describes; `onboard export` writes manifests for them", n,
                              n == 1 ? "y" : "ies"));
  return out;
}

std::vector<ShownChange> ShownChanges(const Plan& plan, const Action& action, const RenderOptions& options) {
  std::vector<ShownChange> out;
  for (const FieldChange& c : FieldsOf(plan, action)) {
    bool sensitive = IsSensitive(c);
    out.push_back({c.field, ShownValue(c.before, sensitive, options), ShownValue(c.after, sensitive, options)});
  }
  if (!action.company_ref.known() && !action.company_ref.from_action.empty() &&
      action.object() != ObjectType::Company)
    out.push_back({"company id", "", kKnownAfterApply});
  if (const ParticipantBody* p = action.As<ParticipantBody>(); p && !p->group.known() && !p->group.from_action.empty())
    out.push_back({"group id", "", kKnownAfterApply});
  if (const TargetGroupMembersBody* m = action.As<TargetGroupMembersBody>(); m && !m->group.known())
    out.push_back({"target group id", "", kKnownAfterApply});
  if (const TargetUserBody* u = action.As<TargetUserBody>())
    for (const ParticipantBody& join : u->joins)
      if (!join.group.known()) {
        out.push_back({"target group ids", "", kKnownAfterApply});
        break;
      }
  if (const CompanyBody* c = action.As<CompanyBody>())
    for (const ParticipantBody& join : c->joins)
      if (!join.group.known()) {
        out.push_back({"group ids", "", kKnownAfterApply});
        break;
      }
  if (const AdminBody* a = action.As<AdminBody>(); a && !a->role_names_after_apply.empty())
    out.push_back({"role ids", "", kKnownAfterApply});
  return out;
}

std::vector<std::string> CompactFields(const std::vector<ShownChange>& changes, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  for (const ShownChange& c : changes) {
    std::string item = c.field + "=" + FieldValue(c.field, c.after);
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

std::string QuotedValue(const std::string& value) {
  if (value.empty()) return OneLine(value);
  bool quote = value.find(',') != std::string::npos || value.find("->") != std::string::npos ||
               std::isspace(static_cast<unsigned char>(value.front())) ||
               std::isspace(static_cast<unsigned char>(value.back()));
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) quote = true;
  }
  if (!quote) return OneLine(value);
  std::string escaped;
  escaped.reserve(value.size() + 2);
  for (char ch : value) {
    if (ch == '"' || ch == '\\') escaped += '\\';
    escaped += ch;
  }
  return "\"" + OneLine(escaped) + "\"";
}

std::string FieldValue(const std::string& field, const std::string& value) {
  static const std::unordered_set<std::string_view> kListFields = {"company.tags", "license.modules", "roles",
                                                                   "groups", "users"};
  if (kListFields.count(field)) return OneLine(value);
  return QuotedValue(value);
}

std::vector<ListedDiagnostic> ListedDiagnostics(const Plan& plan, Severity severity) {
  std::unordered_map<std::string_view, size_t> total, seen;
  for (const Diagnostic& d : plan.diagnostics.items())
    if (d.severity == severity && !d.group.empty()) ++total[d.group];
  std::vector<ListedDiagnostic> out;
  for (const Diagnostic& d : plan.diagnostics.items()) {
    if (d.severity != severity) continue;
    if (d.group.empty()) {
      out.push_back({&d, 0, {}});
      continue;
    }
    const size_t n = ++seen[d.group];
    if (n <= kShownPerGroup) out.push_back({&d, 0, {}});
    else if (n == kShownPerGroup + 1) out.push_back({nullptr, total[d.group] - kShownPerGroup, d.group});
  }
  return out;
}

std::string MoreLine(const ListedDiagnostic& entry) {
  return OneLine(fmt::format("... and {} more: {}", entry.more, entry.group));
}

std::string SummarySentence(const Plan& plan) {
  if (!plan.has_changes())
    return plan.failed_customers.empty() ? "No changes. The platform matches the manifests."
                                         : "No changes for the customers that could be read.";
  const PlanSummary s = plan.Summarize();
  const int memberships = s.membership_change;
  std::string out = fmt::format("Plan: {} to create, {} to update, {} to delete", s.create, s.update, s.destroy);
  if (memberships > 0)
    out += fmt::format(", {} target-group membership change{}", memberships, memberships == 1 ? "" : "s");
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
