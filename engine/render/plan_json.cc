#include "engine/render/plan_json.h"

#include <rapidjson/prettywriter.h>

#include "engine/plan/json_out.h"
#include "engine/render/mask.h"
#include "engine/render/plan_view.h"

namespace onboard {
namespace {

using Out = JsonOut;

void WriteAction(Out& o, const Plan& plan, const Action& a, const RenderOptions& options) {
  static const std::vector<std::string> kNone;
  const ParticipantBody* participant = a.As<ParticipantBody>();
  const GroupBody* group = a.As<GroupBody>();
  const AdminBody* admin = a.As<AdminBody>();
  const TargetGroupMembersBody* members = a.As<TargetGroupMembersBody>();
  const TargetGroupBody* target_group = a.As<TargetGroupBody>();
  o.w()->StartObject();
  o.Str("address", a.address);
  o.Str("action", ActionTypeName(a.type));
  o.Str("object", ObjectTypeName(a.object()));
  o.Str("customer", a.customer);
  o.Strings("depends_on", a.depends_on);
  o.Str("source", a.source.ToString());
  o.Str("fingerprint", a.fingerprint);
  o.Str("target_id", a.target_id);
  o.Ref("company_ref", a.company_ref);
  o.Ref("group_ref", participant ? participant->group : members ? members->group : IdRef{});
  o.Str("group_name", participant    ? participant->group_name
                      : group        ? group->name
                      : members      ? members->group_name
                      : target_group ? target_group->record.name
                                     : std::string());
  o.Strings("role_names_after_apply", admin ? admin->role_names_after_apply : kNone);
  if (members) o.Strings("users", members->emails);
  o.Key("changes");
  o.w()->StartArray();
  for (const FieldChange& c : FieldsOf(plan, a)) {
    bool sensitive = IsSensitive(c);
    o.w()->StartObject();
    o.Str("field", c.field);
    o.Str("before", ShownValue(c.before, sensitive, options));
    o.Str("after", ShownValue(c.after, sensitive, options));
    o.Bool("sensitive", c.sensitive);
    o.w()->EndObject();
  }
  o.w()->EndArray();
  o.w()->EndObject();
}

void WriteDiagnostic(Out& o, const Diagnostic& d, const RenderOptions& options) {
  auto shown = [&](const std::string& s) { return options.show_sensitive ? s : MaskPhonesInText(s); };
  o.w()->StartObject();
  o.Str("severity", d.severity == Severity::Error ? "error" : "warning");
  o.Str("subject", d.subject);
  o.Str("location", d.location.ToString());
  o.Str("field", d.field);
  o.Str("summary", shown(d.summary));
  o.Str("fix", shown(d.fix));
  if (!d.group.empty()) o.Str("group", d.group);
  o.w()->EndObject();
}

}  // namespace

std::string PlanToJson(const Plan& plan, const RenderOptions& options) {
  std::string text;
  StringOutput output{&text};
  JsonWriter writer(output);
  writer.SetIndent(' ', 2);
  Out o(&writer);
  PlanSummary s = plan.Summarize();
  writer.StartObject();
  o.Int("format_version", Plan::kFormatVersion);
  o.Str("api_url", plan.api_url);
  o.Str("manifest_digest", plan.manifest_digest);
  o.Strings("customers", plan.customers);
  o.Key("summary");
  WriteSummary(writer, s);
  o.Bool("payload_included", false);
  o.Str("sensitive_values", options.show_sensitive ? "shown" : "masked");
  o.Str("membership_changes", "group-actions");
  o.Key("actions");
  writer.StartArray();
  for (const Action& a : plan.actions) WriteAction(o, plan, a, options);
  writer.EndArray();
  o.Key("diagnostics");
  writer.StartArray();
  for (const Diagnostic& d : plan.diagnostics.items()) WriteDiagnostic(o, d, options);
  writer.EndArray();
  // Both only when they say something, so a plan without removals reads as before.
  if (plan.allow_mass_delete) o.Bool("allow_mass_delete", true);
  if (!plan.unlisted.empty()) {
  o.Key("unlisted");
  writer.StartObject();
  o.Key("customers");
  writer.StartArray();
  for (const UnlistedCustomer& c : plan.unlisted.customers) {
    writer.StartObject();
    o.Str("customer", c.customer);
    o.Int("target_users", c.target_users);
    o.Int("admins", c.admins);
    o.Int("target_groups", c.target_groups);
    o.Strings("addresses", c.addresses);
    writer.EndObject();
  }
  writer.EndArray();
  o.Key("companies");
  writer.StartArray();
  for (const UnlistedCompany& c : plan.unlisted.companies) {
    writer.StartObject();
    o.Str("id", c.id);
    o.Str("name", c.name);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  }
  if (!plan.failed_customers.empty()) {
    o.Key("failed_customers");
    writer.StartArray();
    for (const FailedCustomer& f : plan.failed_customers) {
      writer.StartObject();
      o.Str("customer", f.customer);
      o.Str("error", f.error);
      writer.EndObject();
    }
    writer.EndArray();
  }
  writer.EndObject();
  text += '\n';
  return text;
}

}  // namespace onboard
