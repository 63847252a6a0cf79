#include "engine/render/plan_json.h"

#include <tuple>

#include <doctest/doctest.h>

#include "engine/render/markdown_renderer.h"
#include "engine/render/mask.h"
#include "engine/render/text_renderer.h"
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
template <typename T>
bool SameOptional(const std::optional<T>& a, const std::optional<T>& b) {
  return a.has_value() == b.has_value() && (!a || Same(*a, *b));
}
bool Same(const Action& a, const Action& b) {
  if (a.changes.size() != b.changes.size()) return false;
  for (size_t i = 0; i < a.changes.size(); ++i) {
    const FieldChange &x = a.changes[i], &y = b.changes[i];
    if (std::tie(x.field, x.before, x.after, x.sensitive) != std::tie(y.field, y.before, y.after, y.sensitive))
      return false;
  }
  return std::tie(a.address, a.type, a.object, a.customer, a.depends_on, a.group_name, a.target_id,
                  a.company_ref.id, a.company_ref.from_action, a.group_ref.id, a.group_ref.from_action,
                  a.role_names_after_apply, a.fingerprint) ==
             std::tie(b.address, b.type, b.object, b.customer, b.depends_on, b.group_name, b.target_id,
                      b.company_ref.id, b.company_ref.from_action, b.group_ref.id, b.group_ref.from_action,
                      b.role_names_after_apply, b.fingerprint) &&
         SameOptional(a.company, b.company) && SameOptional(a.admin, b.admin) &&
         SameOptional(a.target_user, b.target_user) && Same(a.source, b.source);
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
  return std::tie(a.customers, a.manifest_digest, a.api_url) == std::tie(b.customers, b.manifest_digest, b.api_url);
}

// Every field of every kind of action set, to non-default values.
Plan RichPlan() {
  Plan plan = FreshOnboarding();
  Plan drift = DriftUpdates();
  for (Action& a : drift.actions) plan.actions.push_back(a);
  Action& company = plan.actions[1];
  company.company->id = "cmp-new";
  company.company->preferred_language_id = "lang-en";
  company.company->group_ids = {"grp-1", "grp-2"};
  company.company->status_id = 1;
  company.company->passthrough = {{"NotificationTemplateTypeResourceId", "ntt-1"}, {"Empty", ""}, {"Empty", "again"}};
  company.company->users_limited = false;
  Action& participant = plan.actions[2];
  participant.company_ref.id = "cmp-new";  // both halves of an IdRef
  participant.group_ref.id = "grp-9";
  participant.type = ActionType::RemoveParticipant;
  participant.source = {"odd:name.yaml", 3, 0};
  Action& admin = plan.actions[3];
  admin.admin->status_id.reset();
  admin.admin->role_ids = {"role-a", "role-b"};
  Action& user = plan.actions[4];
  user.target_user->priority = "High";
  user.target_user->active = true;
  user.target_user->time_zone_id = "UTC";
  user.target_user->preferred_language_id = "lang-tr";
  user.target_user->manager_first_name = "Mona";
  user.target_user->manager_last_name = "Ager";
  user.target_user->manager_email = "mona@acme.example";
  user.target_user->detailed = true;
  user.target_user->department = "R&D \"quoted\" \\ back\nslash \xc3\xa7";
  Action del;
  del.address = "customer.acme.target-user.old@acme.example";
  del.type = ActionType::Delete;
  del.object = ObjectType::TargetUser;
  del.customer = "acme";
  del.target_id = "tu-old";
  del.source = {"manifests/acme.yaml", 0, 0};
  plan.actions.push_back(del);
  plan.diagnostics.Add({Severity::Error, {"manifests/acme.yaml", 9, 0}, "spec.license", "bad", "fix it", "acme"});
  plan.diagnostics.Add({Severity::Warning, {"only-a-file.yaml", 0, 0}, "", "warned", "", ""});
  return plan;
}

RenderOptions Saved(bool show_sensitive) {
  RenderOptions o;
  o.include_payload = true;
  o.show_sensitive = show_sensitive;
  return o;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_SUITE("render") {

TEST_CASE("json: a saved plan with show_sensitive reads back as exactly the same plan") {
  Plan plan = RichPlan();
  std::string json = PlanToJson(plan, Saved(true));
  CHECK(PlanSchemaErrors(json) == "");
  Plan back;
  std::string error;
  REQUIRE_MESSAGE(PlanFromJson(json, &back, &error), error);
  CHECK(Same(back, plan));
  CHECK(PlanToJson(back, Saved(true)) == json);
}

TEST_CASE("render: customers skipped for failed reads show in JSON, text and Markdown and read back") {
  Plan plan = RichPlan();
  plan.failed_customers.push_back({"globex", "GET /api/companies/c9 [customer.globex]: HTTP 500"});
  std::string json = PlanToJson(plan, Saved(true));
  CHECK(PlanSchemaErrors(json) == "");
  CHECK(Contains(json, "\"failed_customers\""));
  Plan back;
  std::string error;
  REQUIRE_MESSAGE(PlanFromJson(json, &back, &error), error);
  REQUIRE(back.failed_customers.size() == 1);
  CHECK(back.failed_customers[0].customer == "globex");
  CHECK(back.failed_customers[0].error == "GET /api/companies/c9 [customer.globex]: HTTP 500");
  const std::string line =
      "customer globex: skipped, its live state could not be read (after retries): GET /api/companies/c9 "
      "[customer.globex]: HTTP 500";
  CHECK(Contains(RenderPlanText(plan, {}), "error: " + line));
  CHECK(Contains(RenderPlanMarkdown(plan, {}), "### Skipped customers"));
  CHECK(Contains(RenderPlanMarkdown(plan, {}), "globex"));
  Plan nothing;
  nothing.failed_customers = plan.failed_customers;
  CHECK(Contains(RenderPlanText(nothing, {}), "No changes for the customers that could be read."));
  // A plan without them reads and writes as before.
  CHECK_FALSE(Contains(PlanToJson(RichPlan(), Saved(true)), "failed_customers"));
}

TEST_CASE("json: a masked saved plan keeps the real phones in the payload, masks the display") {
  Plan plan = RichPlan();
  std::string json = PlanToJson(plan, Saved(false));
  CHECK(PlanSchemaErrors(json) == "");
  Plan back;
  std::string error;
  REQUIRE_MESSAGE(PlanFromJson(json, &back, &error), error);
  // What apply sends is intact...
  REQUIRE(back.actions[3].admin);
  CHECK(back.actions[3].admin->phone == "+905550000000");
  CHECK(back.actions[4].target_user->phone == "+905551111111");
  // ...and the plan is the same but for the display values of sensitive fields.
  Plan expected = plan;
  for (Action& a : expected.actions)
    for (FieldChange& c : a.changes)
      if (c.sensitive || c.field == "phone") c.before = c.before.empty() ? "" : MaskPhone(c.before), c.after = MaskPhone(c.after);
  CHECK(Same(back, expected));
  CHECK(Contains(json, "\"sensitive_values\": \"masked\""));
  CHECK(Contains(json, "\"payload_included\": true"));
}

TEST_CASE("json: --format json (no payload) carries no phone number at all") {
  Plan plan = RichPlan();
  std::string json = PlanToJson(plan, {});
  CHECK(PlanSchemaErrors(json) == "");
  for (const Action& a : plan.actions) {
    if (a.admin) CHECK_FALSE(Contains(json, a.admin->phone));
    if (a.target_user && !a.target_user->phone.empty()) CHECK_FALSE(Contains(json, a.target_user->phone));
  }
  CHECK_FALSE(Contains(json, "\"payload\""));
  CHECK(Contains(json, "\"payload_included\": false"));
  CHECK(Contains(json, "\"after\": \"+90******0000\""));
  Plan back;
  std::string error;
  CHECK_FALSE(PlanFromJson(json, &back, &error));
  CHECK(error == "saved plan: actions[0].payload: missing: this plan was written without its payload (plan --format "
                 "json) and cannot be applied; save the plan with `onboard plan --out FILE`");
}

TEST_CASE("json: the document has the CONTRACT's fields in a stable order") {
  std::string json = PlanToJson(DriftUpdates(), {});
  size_t version = json.find("\"format_version\": 1");
  size_t summary = json.find("\"summary\": {\n    \"create\": 1,\n    \"update\": 3,\n    \"delete\": 0,");
  size_t actions = json.find("\"actions\": [");
  REQUIRE(version != std::string::npos);
  REQUIRE(summary != std::string::npos);
  REQUIRE(actions != std::string::npos);
  CHECK(version < summary);
  CHECK(summary < actions);
  CHECK(Contains(json, "\"address\": \"customer.acme.company\",\n      \"action\": \"update\",\n      \"object\": \"company\""));
  CHECK(Contains(json, "{\n          \"field\": \"license.users\",\n          \"before\": \"500\",\n          \"after\": \"600\","));
  CHECK(Contains(json, "\"source\": \"manifests/globex.csv:3:1\""));
  CHECK(PlanToJson(DriftUpdates(), {}) == json);
}

TEST_CASE("json: plans that are not ours are refused with a clear error") {
  Plan plan = FreshOnboarding();
  std::string good = PlanToJson(plan, Saved(false));
  auto error_of = [&](const std::string& json) {
    Plan out = plan;
    std::string error;
    bool ok = PlanFromJson(json, &out, &error);
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
  CHECK(error_of("{\"format_version\": 1,") == "saved plan is not valid JSON: Missing a name for object member. (at offset 21)");
  CHECK(error_of("") == "saved plan is not valid JSON: The document is empty. (at offset 0)");
  CHECK(error_of("[1, 2]") == "saved plan: expected a JSON object at the top level");
  CHECK(error_of("{\"format_version\": \"1.2\", \"terraform_version\": \"1.9.0\"}") ==
        "saved plan: format_version: expected an integer");
  CHECK(error_of("{\"resource_changes\": []}") == "saved plan: format_version: missing (this is not a plan written by onboard)");
  CHECK(error_of(replaced("\"format_version\": 1", "\"format_version\": 2")) ==
        "saved plan: format_version: unsupported version 2 (this onboard reads version 1); run `onboard plan --out "
        "FILE` again with this onboard");
  CHECK(error_of(replaced("\"summary\"", "\"summery\"")) == "saved plan: summary: missing");
  CHECK(error_of(replaced("\"action\": \"create\"", "\"action\": \"destroy\"")) ==
        "saved plan: actions[0].action: unknown value \"destroy\" (expected one of create, update, delete, "
        "add-participant, remove-participant)");
  CHECK(error_of(replaced("\"number_of_users\": 500", "\"number_of_users\": \"500\"")) ==
        "saved plan: actions[1].payload.company.number_of_users: expected an integer");
  CHECK(error_of(replaced("\"depends_on\": [\n        \"customer.acme.company\"", "\"depends_on\": [\n        7")) ==
        "saved plan: actions[3].depends_on[0]: expected a string");
  CHECK(error_of(replaced("\"admin\": {", "\"administrator\": {")) ==
        "saved plan: actions[3].payload.admin: missing (an admin action needs its body)");
  CHECK(error_of(replaced("\"create\": 5", "\"create\": 4")) ==
        "saved plan: summary: does not match the actions (the file was edited?)");
}

TEST_CASE("json: a create without its body is refused") {
  Plan plan = FreshOnboarding();
  plan.actions[3].admin.reset();
  std::string json = PlanToJson(plan, Saved(false));
  Plan back;
  std::string error;
  CHECK_FALSE(PlanFromJson(json, &back, &error));
  CHECK(error == "saved plan: actions[3].payload.admin: missing (an admin action needs its body)");
}

TEST_CASE("json: diagnostics keep severity, subject, location, field, summary and fix; phones masked") {
  std::string json = PlanToJson(WarningsAndErrors(), {});
  CHECK(PlanSchemaErrors(json) == "");
  CHECK(Contains(json, "{\n      \"severity\": \"error\",\n      \"subject\": \"customer umbrella\",\n      \"location\": "
                       "\"manifests/umbrella.yaml:14:9\",\n      \"field\": \"spec.targetUsers[1].phone\",\n      \"summary\": "
                       "\"phone +44******7891 is already used by bob@umbrella.example\",\n      \"fix\": \"give each user "
                       "their own phone\"\n    }"));
  CHECK_FALSE(Contains(json, "+441234567890"));  // a phone field the planner did not mark
}

TEST_CASE("json: every fixture plan is valid against the schema in both forms") {
  for (const Plan& plan : {FreshOnboarding(), DriftUpdates(), NoChanges(), WarningsAndErrors(), Large(3, 4), RichPlan()}) {
    CHECK(PlanSchemaErrors(PlanToJson(plan, {})) == "");
    CHECK(PlanSchemaErrors(PlanToJson(plan, Saved(false))) == "");
  }
}

TEST_CASE("json: the schema rejects documents missing what the CONTRACT requires") {
  std::string json = PlanToJson(DriftUpdates(), {});
  auto without = [&](const std::string& from, const std::string& to) {
    std::string copy = json;
    size_t at = copy.find(from);
    REQUIRE(at != std::string::npos);
    return copy.replace(at, from.size(), to);
  };
  CHECK(PlanSchemaErrors(without("\"format_version\": 1,", "")) != "");
  CHECK(PlanSchemaErrors(without("\"delete\": 0,", "")) != "");
  CHECK(PlanSchemaErrors(without("\"action\": \"update\"", "\"action\": \"replace\"")) != "");
  CHECK(PlanSchemaErrors(without("\"before\": \"500\",", "")) != "");
  CHECK(PlanSchemaErrors(without("\"depends_on\": [],", "")) != "");
}

}  // TEST_SUITE

}  // namespace
}  // namespace onboard
