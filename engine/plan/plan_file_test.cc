#include "engine/plan/plan_file.h"

#include <tuple>

#include <doctest/doctest.h>

#include "engine/text/strings.h"
#include "tests/render/fixtures.h"
#include "tests/render/schema_check.h"

namespace onboard {
namespace {

using namespace render_fixtures;

// Field-by-field equality of plans, so the round trip is checked on every field (the shared
// plain-data structs have no operator==).
bool Same(const SourceLocation& a, const SourceLocation& b) {
  return std::tie(a.file, a.line, a.column) == std::tie(b.file, b.line, b.column);
}
bool Same(const CompanyRecord& a, const CompanyRecord& b) {
  return std::tie(a.id, a.name, a.description, a.industry_id, a.country_id, a.address, a.website_url,
                  a.license_type_id, a.license_period_id, a.license_module_ids, a.license_start, a.license_end,
                  a.users_limited, a.number_of_users, a.preferred_language_id, a.time_zone_id, a.date_format,
                  a.time_format, a.tags, a.group_ids, a.status_id, a.passthrough) ==
         std::tie(b.id, b.name, b.description, b.industry_id, b.country_id, b.address, b.website_url,
                  b.license_type_id, b.license_period_id, b.license_module_ids, b.license_start, b.license_end,
                  b.users_limited, b.number_of_users, b.preferred_language_id, b.time_zone_id, b.date_format,
                  b.time_format, b.tags, b.group_ids, b.status_id, b.passthrough);
}
bool Same(const SystemUserRecord& a, const SystemUserRecord& b) {
  return std::tie(a.id, a.email, a.first_name, a.last_name, a.phone, a.role_ids, a.role_names, a.status_id) ==
         std::tie(b.id, b.email, b.first_name, b.last_name, b.phone, b.role_ids, b.role_names, b.status_id);
}
bool Same(const TargetUserRecord& a, const TargetUserRecord& b) {
  return std::tie(a.id, a.email, a.phone, a.first_name, a.last_name, a.department, a.priority, a.active,
                  a.time_zone_id, a.preferred_language_id, a.manager_first_name, a.manager_last_name,
                  a.manager_email, a.detailed) ==
         std::tie(b.id, b.email, b.phone, b.first_name, b.last_name, b.department, b.priority, b.active,
                  b.time_zone_id, b.preferred_language_id, b.manager_first_name, b.manager_last_name,
                  b.manager_email, b.detailed);
}
bool Same(const IdRef& a, const IdRef& b) { return std::tie(a.id, a.from_action) == std::tie(b.id, b.from_action); }
bool Same(const ActionBody& a, const ActionBody& b) {
  if (a.index() != b.index()) return false;
  if (auto* x = std::get_if<GroupBody>(&a)) return x->name == std::get<GroupBody>(b).name;
  if (auto* x = std::get_if<CompanyBody>(&a)) return Same(*x->record, *std::get<CompanyBody>(b).record);
  if (auto* x = std::get_if<ParticipantBody>(&a)) {
    const ParticipantBody& y = std::get<ParticipantBody>(b);
    return x->group_name == y.group_name && Same(x->group, y.group);
  }
  if (auto* x = std::get_if<AdminBody>(&a)) {
    const AdminBody& y = std::get<AdminBody>(b);
    return Same(x->record, y.record) && x->role_names_after_apply == y.role_names_after_apply;
  }
  if (auto* x = std::get_if<TargetGroupBody>(&a)) {
    const TargetGroupBody& y = std::get<TargetGroupBody>(b);
    return std::tie(x->record.id, x->record.name, x->record.priority, x->members) ==
           std::tie(y.record.id, y.record.name, y.record.priority, y.members);
  }
  if (auto* x = std::get_if<TargetGroupMembersBody>(&a)) {
    const TargetGroupMembersBody& y = std::get<TargetGroupMembersBody>(b);
    return x->group_name == y.group_name && Same(x->group, y.group) && x->user_ids == y.user_ids && x->emails == y.emails;
  }
  const TargetUserBody &x = std::get<TargetUserBody>(a), &y = std::get<TargetUserBody>(b);
  if (x.joins.size() != y.joins.size()) return false;
  for (size_t i = 0; i < x.joins.size(); ++i)
    if (x.joins[i].group_name != y.joins[i].group_name || !Same(x.joins[i].group, y.joins[i].group)) return false;
  return Same(x.record, y.record) && x.record.target_group_ids == y.record.target_group_ids;
}
bool Same(const Action& a, const Action& b) {
  if (a.changes.size() != b.changes.size()) return false;
  for (size_t i = 0; i < a.changes.size(); ++i) {
    const FieldChange &x = a.changes[i], &y = b.changes[i];
    if (std::tie(x.field, x.before, x.after, x.sensitive) != std::tie(y.field, y.before, y.after, y.sensitive))
      return false;
  }
  return std::tie(a.address, a.type, a.customer, a.depends_on, a.target_id, a.fingerprint) ==
             std::tie(b.address, b.type, b.customer, b.depends_on, b.target_id, b.fingerprint) &&
         Same(a.company_ref, b.company_ref) && Same(a.body, b.body) && Same(a.source, b.source);
}
bool Same(const Plan& a, const Plan& b) {
  if (a.actions.size() != b.actions.size() || a.diagnostics.items().size() != b.diagnostics.items().size())
    return false;
  for (size_t i = 0; i < a.actions.size(); ++i)
    if (!Same(a.actions[i], b.actions[i])) return false;
  for (size_t i = 0; i < a.diagnostics.items().size(); ++i) {
    const Diagnostic &x = a.diagnostics.items()[i], &y = b.diagnostics.items()[i];
    if (std::tie(x.severity, x.field, x.summary, x.fix, x.subject) !=
            std::tie(y.severity, y.field, y.summary, y.fix, y.subject) ||
        !Same(x.location, y.location))
      return false;
  }
  return std::tie(a.customers, a.manifest_digest, a.api_url, a.names) ==
         std::tie(b.customers, b.manifest_digest, b.api_url, b.names);
}

// Every field of every kind of action set, to non-default values.
Plan RichPlan() {
  Plan plan = FreshOnboarding();
  Plan drift = DriftUpdates();
  for (Action& a : drift.actions) plan.actions.push_back(a);
  Action& company = plan.actions[1];
  company.As<CompanyBody>()->record->id = "cmp-new";
  company.As<CompanyBody>()->record->preferred_language_id = "lang-en";
  company.As<CompanyBody>()->record->group_ids = {"grp-1", "grp-2"};
  company.As<CompanyBody>()->record->status_id = 1;
  company.As<CompanyBody>()->record->passthrough = {{"NotificationTemplateTypeResourceId", "ntt-1"}, {"Empty", ""}, {"Empty", "again"}};
  company.As<CompanyBody>()->record->users_limited = false;
  Action& participant = plan.actions[2];
  participant.company_ref.id = "cmp-new";  // both halves of an IdRef
  participant.As<ParticipantBody>()->group.id = "grp-9";
  participant.source = {"odd:name.yaml", 3, 0};
  Action& admin = plan.actions[3];
  admin.As<AdminBody>()->record.status_id.reset();
  admin.As<AdminBody>()->record.role_ids = {"role-a", "role-b"};
  Action& user = plan.actions[4];
  user.As<TargetUserBody>()->record.priority = "High";
  user.As<TargetUserBody>()->record.active = true;
  user.As<TargetUserBody>()->record.time_zone_id = "UTC";
  user.As<TargetUserBody>()->record.preferred_language_id = "lang-tr";
  user.As<TargetUserBody>()->record.manager_first_name = "Mona";
  user.As<TargetUserBody>()->record.manager_last_name = "Ager";
  user.As<TargetUserBody>()->record.manager_email = "mona@acme.example";
  user.As<TargetUserBody>()->record.detailed = true;
  user.As<TargetUserBody>()->record.department = "R&D \"quoted\" \\ back\nslash \xc3\xa7";
  admin.As<AdminBody>()->role_names_after_apply = {"Company Admin", "Auditor"};
  plan.names["role-a"] = "Company Admin";
  plan.diagnostics.Add({Severity::Error, {"manifests/acme.yaml", 9, 0}, "spec.license", "bad", "fix it", "acme"});
  plan.diagnostics.Add({Severity::Warning, {"only-a-file.yaml", 0, 0}, "", "warned", "", ""});
  return plan;
}

TEST_SUITE("plan") {

TEST_CASE("plan file: a saved plan reads back as exactly the same plan") {
  Plan plan = RichPlan();
  std::string json = WritePlanFile(plan);
  CHECK(PlanSchemaErrors(json) == "");
  Plan back;
  std::string error;
  REQUIRE_MESSAGE(ReadPlanFile(json, &back, &error), error);
  CHECK(Same(back, plan));
  CHECK(WritePlanFile(back) == json);
  // What apply sends is intact, phones included.
  CHECK(back.actions[3].As<AdminBody>()->record.phone == "+905550000000");
  CHECK(back.actions[4].As<TargetUserBody>()->record.phone == "+905551111111");
  CHECK(Contains(json, "\"payload_included\": true"));
}

TEST_CASE("plan file: target groups, memberships and users' joins read back as they were written") {
  Plan plan = TargetGroups();
  std::string json = WritePlanFile(plan);
  CHECK(PlanSchemaErrors(json) == "");
  CHECK(Contains(json, "\"membership_changes\": \"group-actions\""));
  Plan back;
  std::string error;
  REQUIRE_MESSAGE(ReadPlanFile(json, &back, &error), error);
  CHECK(Same(back, plan));
  CHECK(WritePlanFile(back) == json);
  REQUIRE(back.actions[2].As<TargetUserBody>()->joins.size() == 2);
  CHECK(back.actions[5].type == ActionType::Delete);

  // A members action without users, or with more e-mails than ids, is refused; so is a verb
  // a target group cannot take.
  std::string empty = json;
  size_t at = empty.find("\"user_ids\": [\n          \"tu-john\"\n        ]");
  REQUIRE(at != std::string::npos);
  empty.replace(at, std::string("\"user_ids\": [\n          \"tu-john\"\n        ]").size(), "\"user_ids\": []");
  CHECK_FALSE(ReadPlanFile(empty, &back, &error));
  CHECK(Contains(error, "emails"));
  std::string verb = json;
  at = verb.find("\"action\": \"create\"");
  verb.replace(at, std::string("\"action\": \"create\"").size(), "\"action\": \"add-participant\"");
  CHECK_FALSE(ReadPlanFile(verb, &back, &error));
  CHECK(Contains(error, "a target-group action cannot add-participant"));
}

TEST_CASE("plan file: keeps the fields an update sends back: users' passthrough and memberships") {
  Plan plan = RichPlan();
  Action& user = plan.actions[4];
  Action& admin = plan.actions[3];
  user.As<TargetUserBody>()->record.passthrough = {{"customFields", R"([{"resourceId":"cf1","value":"E-7"}])"}};
  user.As<TargetUserBody>()->record.target_group_ids = std::vector<std::string>{"g1", "g2"};
  admin.As<AdminBody>()->record.passthrough = {{"futureField", "true"}};
  const std::string json = WritePlanFile(plan);
  CHECK(PlanSchemaErrors(json) == "");
  Plan back;
  std::string error;
  REQUIRE_MESSAGE(ReadPlanFile(json, &back, &error), error);
  REQUIRE(back.actions.size() == plan.actions.size());
  CHECK(back.actions[4].As<TargetUserBody>()->record.passthrough == user.As<TargetUserBody>()->record.passthrough);
  CHECK(back.actions[4].As<TargetUserBody>()->record.target_group_ids == user.As<TargetUserBody>()->record.target_group_ids);
  CHECK(back.actions[3].As<AdminBody>()->record.passthrough == admin.As<AdminBody>()->record.passthrough);
}

TEST_CASE("plan file: creates carry their body and no changes, updates carry both") {
  std::string json = WritePlanFile(FreshOnboarding());
  // 5 creates and a participant: no field is listed twice, as a change and in the body.
  CHECK_FALSE(Contains(json, "\"before\""));
  CHECK(Contains(json, "\"body\": {\n        \"name\": \"EMEA Partners\"\n      }"));
  CHECK(Contains(json, "\"ind-tech\": \"Technology\""));
  std::string drift = WritePlanFile(DriftUpdates());
  CHECK(Contains(drift, "{\n          \"field\": \"license.users\",\n          \"before\": \"500\",\n          \"after\": \"600\","));
}

TEST_CASE("plan file: plans that are not ours, or not applicable, are refused with a clear error") {
  Plan plan = FreshOnboarding();
  std::string good = WritePlanFile(plan);
  auto error_of = [&](const std::string& json) {
    Plan out = plan;
    std::string error;
    bool ok = ReadPlanFile(json, &out, &error);
    CHECK_FALSE(ok);
    CHECK(Same(out, plan));  // untouched on failure
    return error;
  };
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string json = good;
    size_t at = json.find(from);
    REQUIRE(at != std::string::npos);
    return json.replace(at, from.size(), to);
  };
  CHECK(error_of("{\"format_version\": 2,") == "saved plan is not valid JSON: Missing a name for object member. (at offset 21)");
  CHECK(error_of("") == "saved plan is not valid JSON: The document is empty. (at offset 0)");
  CHECK(error_of("[1, 2]") == "saved plan: expected a JSON object at the top level");
  CHECK(error_of("{\"format_version\": \"1.2\", \"terraform_version\": \"1.9.0\"}") ==
        "saved plan: format_version: expected an integer");
  CHECK(error_of("{\"resource_changes\": []}") == "saved plan: format_version: missing (this is not a plan written by onboard)");
  CHECK(error_of(replaced("\"format_version\": 3", "\"format_version\": 2")) ==
        "saved plan format 2 is from an older onboard; run onboard plan --out again");
  CHECK(error_of(replaced("\"format_version\": 3", "\"format_version\": 4")) ==
        "saved plan format 4 is from a newer onboard (this one reads format 3); run onboard plan --out again with "
        "this onboard");
  CHECK(error_of(replaced("\"payload_included\": true", "\"payload_included\": false")) ==
        "saved plan: this document was printed by `onboard plan --format json`, without the bodies apply sends, and "
        "cannot be applied; save the plan with `onboard plan --out FILE`");
  CHECK(error_of(replaced("\"summary\"", "\"summery\"")) == "saved plan: summary: missing");
  CHECK(error_of(replaced("\"action\": \"create\"", "\"action\": \"destroy\"")) ==
        "saved plan: actions[0].action: unknown value \"destroy\" (expected one of create, update, delete, "
        "add-participant, remove-participant)");
  CHECK(error_of(replaced("\"action\": \"create\"", "\"action\": \"update\"")) ==
        "saved plan: actions[0].action: a group action cannot update");
  CHECK(error_of(replaced("\"number_of_users\": 500", "\"number_of_users\": \"500\"")) ==
        "saved plan: actions[1].body.number_of_users: expected an integer");
  CHECK(error_of(replaced("\"depends_on\": [\n        \"customer.acme.company\"", "\"depends_on\": [\n        7")) ==
        "saved plan: actions[3].depends_on[0]: expected a string");
  CHECK(error_of(replaced("\"role_names_after_apply\"", "\"role_names_later\"")) ==
        "saved plan: actions[3].body.role_names_after_apply: missing");
  CHECK(error_of(replaced("\"name\": \"EMEA Partners\"", "\"name\": \"\"")) ==
        "saved plan: actions[0].body.name: empty (a group create needs the group's name)");
  CHECK(error_of(replaced("\"changes\": []", "\"changes\": [{\"field\": \"name\", \"before\": \"\", \"after\": \"x\", \"sensitive\": false}]")) ==
        "saved plan: actions[0].changes: only an update lists changes");
  CHECK(error_of(replaced("\"create\": 5", "\"create\": 4")) ==
        "saved plan: summary: does not match the actions (the file was edited?)");
}

TEST_CASE("plan file: every fixture plan is valid against the schema") {
  for (const Plan& plan : {FreshOnboarding(), DriftUpdates(), NoChanges(), WarningsAndErrors(), Large(3, 4), RichPlan()})
    CHECK(PlanSchemaErrors(WritePlanFile(plan)) == "");
}

}  // TEST_SUITE

}  // namespace
}  // namespace onboard
