#include "engine/plan/planner.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "engine/desired/queries.h"
#include "engine/match/company_match.h"
#include "engine/plan/fingerprint.h"
#include "tests/support/plan_fixtures.h"
#include "engine/plan/testing/plan_checks.h"

namespace onboard {
namespace {

using testing::Get;
using testing::CheckDependencyOrder;

using fixtures::AcmeDesired;
using fixtures::ApplyToLive;
using fixtures::EmptyLive;
using fixtures::FakeLocation;

std::vector<std::string> Addresses(const Plan& plan) {
  std::vector<std::string> out;
  for (const Action& a : plan.actions) out.push_back(a.address);
  return out;
}

// The change of `field` in update `a`; nullptr when there is none.
const FieldChange* ChangeOf(const Action& a, const std::string& field) {
  for (const FieldChange& c : a.changes)
    if (c.field == field) return &c;
  return nullptr;
}
// The change of `field`, which the update must have.
const FieldChange& MustChange(const Action& a, const std::string& field) {
  const FieldChange* c = ChangeOf(a, field);
  REQUIRE_MESSAGE(c != nullptr, a.address << " changes no " << field);
  return *c;
}

std::vector<std::string> Fields(const Action& a) {
  std::vector<std::string> out;
  for (const FieldChange& c : a.changes) out.push_back(c.field);
  return out;
}

std::vector<const Diagnostic*> Find(const Diagnostics& diags, Severity severity, const std::string& text) {
  std::vector<const Diagnostic*> out;
  for (const Diagnostic& d : diags.items())
    if (d.severity == severity && (d.summary + " " + d.fix).find(text) != std::string::npos) out.push_back(&d);
  return out;
}


// The live state after a successful apply of the README's example.
LiveState AppliedAcme() {
  LiveState live = EmptyLive();
  Plan first = MakePlan(AcmeDesired(), live, {});
  REQUIRE_FALSE(first.diagnostics.has_errors());
  REQUIRE(ApplyToLive(first, &live));
  return live;
}

LiveCompany& AcmeLive(LiveState& live) {
  REQUIRE(live.details.size() == 1);
  return live.details.begin()->second;
}

TEST_SUITE("planner") {
  TEST_CASE("planner: a fresh platform gets every object created, in dependency order") {
    Plan plan = MakePlan(AcmeDesired(), EmptyLive(), {});
    CHECK_FALSE(plan.diagnostics.has_errors());
    CHECK(Addresses(plan) == std::vector<std::string>{
                                 "group.emea-partners", "customer.acme.company", "customer.acme.admin.ada@acme.example", "customer.acme.target-user.jane@acme.example",
                                 "customer.acme.target-user.john@acme.example"});
    CheckDependencyOrder(plan);
    CHECK(plan.customers == std::vector<std::string>{"acme"});
    CHECK(plan.manifest_digest == "digest-acme");

    const Action& group = Get(plan, "group.emea-partners");
    CHECK(group.type == ActionType::Create);
    CHECK(group.object() == ObjectType::Group);
    CHECK(group.As<GroupBody>()->name == "EMEA Partners");
    CHECK(group.changes.empty());
    CHECK(group.depends_on.empty());

    const Action& company = Get(plan, "customer.acme.company");
    CHECK(company.type == ActionType::Create);
    // It joins its group in its create request, after the group's create.
    CHECK(company.depends_on == std::vector<InternedString>{"group.emea-partners"});
    REQUIRE(company.As<CompanyBody>()->joins.size() == 1);
    CHECK(company.As<CompanyBody>()->joins[0].group_name == "EMEA Partners");
    CHECK(company.As<CompanyBody>()->joins[0].group.from_action == "group.emea-partners");
    CHECK(company.target_id.empty());
    CHECK(company.fingerprint.empty());
    CHECK(company.changes.empty());  // a create's fields are its body
    REQUIRE(company.As<CompanyBody>());
    const CompanyRecord& body = *company.As<CompanyBody>()->record;
    CHECK(body.name == "Acme Corp");
    CHECK(body.industry_id == "industry-technology");
    CHECK(body.country_id == "country-tr");
    CHECK(body.license_type_id == "license-type-enterprise");
    CHECK(body.license_period_id == "period-yearly");
    CHECK(body.license_module_ids == std::vector<std::string>{"module-phishing-simulator", "module-awareness-educator"});
    CHECK(body.license_start == "2026-01-01T00:00:00Z");
    CHECK(body.license_end == "2027-01-01T00:00:00Z");
    CHECK(body.number_of_users == 500);
    CHECK(body.users_limited);
    CHECK(body.preferred_language_id == "language-en");
    CHECK(body.time_zone_id == "Turkey Standard Time");
    CHECK(body.date_format == "dd/MM/yyyy");
    CHECK(body.time_format == "HH:mm");
    CHECK(body.tags == std::vector<std::string>{"emea", "gold"});
    // Renderers show the body's ids by name.
    CHECK(plan.NameOf(body.industry_id) == "Technology");
    CHECK(plan.NameOf("module-phishing-simulator") == "Phishing Simulator");
    CHECK(plan.NameOf("module-awareness-educator") == "Awareness Educator");

    const Action& admin = Get(plan, "customer.acme.admin.ada@acme.example");
    CHECK(admin.type == ActionType::Create);
    CHECK(admin.depends_on == std::vector<InternedString>{"customer.acme.company"});
    CHECK_FALSE(admin.company_ref.known());
    CHECK(admin.company_ref.from_action == "customer.acme.company");
    REQUIRE(admin.As<AdminBody>());
    CHECK(admin.As<AdminBody>()->record.role_ids.empty());
    CHECK(admin.As<AdminBody>()->role_names_after_apply == std::vector<std::string>{"Company Admin"});
    CHECK(admin.changes.empty());

    const Action& jane = Get(plan, "customer.acme.target-user.jane@acme.example");
    CHECK(jane.depends_on == std::vector<InternedString>{"customer.acme.company"});
    REQUIRE(jane.As<TargetUserBody>());
    CHECK(jane.As<TargetUserBody>()->record.email == "jane@acme.example");
    CHECK(jane.As<TargetUserBody>()->record.department == "Finance");
    CHECK(jane.fingerprint.empty());
    CHECK(jane.changes.empty());

    // The admin create warns about the invitation email.
    auto invitations = Find(plan.diagnostics, Severity::Warning, "may email ada@acme.example an invitation");
    REQUIRE(invitations.size() == 1);
    CHECK(invitations[0]->subject == "customer.acme.admin.ada@acme.example");
    CHECK(plan.Summarize().create == 5);
    CHECK(plan.Summarize().add_participant == 0);
  }

  TEST_CASE("planner: a desired state given up is freed customer by customer, and plans the same") {
    DesiredState desired = AcmeDesired();
    DesiredCustomer globex = desired.customers.front();
    globex.key = "globex";
    globex.company.name = "Globex";
    desired.customers.push_back(globex);
    const Plan kept = MakePlan(desired, EmptyLive(), {});

    int freed = 0;
    size_t users_when_freed = 0;  // the target users the customers still hold at each call
    const DesiredState* seen = &desired;
    Plan used_up = MakePlan(std::move(desired), EmptyLive(), {}, [&] {
      ++freed;
      users_when_freed = 0;
      for (const DesiredCustomer& c : seen->customers) users_when_freed += c.target_users.size();
    });
    CHECK(freed == 2);
    CHECK(users_when_freed == 0);
    for (const DesiredCustomer& c : seen->customers) {
      CHECK(c.target_users.empty());
      CHECK(c.admins.empty());
    }
    CHECK(Addresses(used_up) == Addresses(kept));
    CHECK(used_up.actions.size() == kept.actions.size());
  }

  TEST_CASE("planner: a platform that already matches gets no actions") {
    LiveState live = AppliedAcme();
    Plan again = MakePlan(AcmeDesired(), live, {});
    CHECK(Addresses(again).empty());
    CHECK(again.diagnostics.empty());
  }

  TEST_CASE("planner: drift becomes updates with exact before and after") {
    LiveState live = AppliedAcme();
    LiveCompany& acme = AcmeLive(live);
    acme.company.number_of_users = 400;
    acme.company.license_module_ids = {"module-phishing-simulator"};
    acme.company.group_ids.clear();
    acme.target_users[0].department = "Sales";

    Plan plan = MakePlan(AcmeDesired(), live, {});
    CHECK_FALSE(plan.diagnostics.has_errors());
    CHECK(Addresses(plan) == std::vector<std::string>{"customer.acme.company", "customer.acme.group.emea-partners",
                                                      "customer.acme.target-user.jane@acme.example"});
    CheckDependencyOrder(plan);
    const Action& company = Get(plan, "customer.acme.company");
    CHECK(company.type == ActionType::Update);
    CHECK(company.target_id == acme.company.id);
    CHECK(company.company_ref.id == acme.company.id);
    CHECK(Fields(company) == std::vector<std::string>{"license.modules", "license.users"});
    CHECK(MustChange(company, "license.users").before == "400");
    CHECK(MustChange(company, "license.users").after == "500");
    CHECK(MustChange(company, "license.modules").before == "[Phishing Simulator]");
    CHECK(MustChange(company, "license.modules").after == "[Phishing Simulator, Awareness Educator]");
    CHECK(company.fingerprint == Fingerprint(acme.company));

    const Action& participant = Get(plan, "customer.acme.group.emea-partners");
    // The company's PUT replaces its group memberships with the ones it read: the add must
    // come after it, or the update would undo it.
    CHECK(participant.depends_on == std::vector<InternedString>{"customer.acme.company"});
    CHECK(participant.company_ref.id == acme.company.id);
    CHECK(participant.As<ParticipantBody>()->group.id == live.groups[0].id);

    const Action& jane = Get(plan, "customer.acme.target-user.jane@acme.example");
    CHECK(jane.type == ActionType::Update);
    CHECK(jane.depends_on.empty());
    CHECK(jane.target_id == acme.target_users[0].id);
    CHECK(Fields(jane) == std::vector<std::string>{"department"});
    CHECK(MustChange(jane, "department").before == "Sales");
    CHECK(MustChange(jane, "department").after == "Finance");
  }

  TEST_CASE("planner: unmanaged fields never appear in changes and keep their live values in update bodies") {
    LiveState live = AppliedAcme();
    LiveCompany& acme = AcmeLive(live);
    acme.company.address = "9 Live Road";
    acme.company.passthrough = {{"NotificationTemplateTypeResourceId", "ntt-1"}};
    acme.company.status_id = 1;
    acme.company.number_of_users = 10;
    acme.target_users[1].priority = "High";
    acme.target_users[1].first_name = "Johnny";
    DesiredState desired = AcmeDesired();
    desired.customers[0].company.address.reset();
    desired.customers[0].company.description.reset();

    Plan plan = MakePlan(desired, live, {});
    const Action& company = Get(plan, "customer.acme.company");
    CHECK(Fields(company) == std::vector<std::string>{"license.users"});
    REQUIRE(company.As<CompanyBody>());
    CHECK(company.As<CompanyBody>()->record->address == "9 Live Road");
    CHECK(company.As<CompanyBody>()->record->description == "Security awareness for Acme Corp");
    CHECK(company.As<CompanyBody>()->record->passthrough == acme.company.passthrough);
    CHECK(company.As<CompanyBody>()->record->group_ids == acme.company.group_ids);
    CHECK(company.As<CompanyBody>()->record->status_id == std::optional<int>(1));
    CHECK(company.As<CompanyBody>()->record->number_of_users == 500);

    const Action& john = Get(plan, "customer.acme.target-user.john@acme.example");
    CHECK(Fields(john) == std::vector<std::string>{"firstName"});
    REQUIRE(john.As<TargetUserBody>());
    CHECK(john.As<TargetUserBody>()->record.priority == "High");
    CHECK(john.As<TargetUserBody>()->record.first_name == "John");
    CHECK(john.As<TargetUserBody>()->record.email == "john@acme.example");
  }

  TEST_CASE("planner: values that mean the same are not changes") {
    LiveState live = AppliedAcme();
    LiveCompany& acme = AcmeLive(live);
    acme.company.license_start = "2026-01-01T00:00:00";
    acme.company.license_end = "2027-01-01T00:00:00.000Z";
    acme.company.license_module_ids = {"awareness educator", "Phishing Simulator"};  // names, other order
    acme.company.industry_id = "INDUSTRY-TECHNOLOGY";
    acme.company.tags = {"gold", " emea"};
    acme.company.description = "  Security awareness for Acme Corp ";
    acme.admins[0].role_ids.clear();  // the search returns role names only
    acme.admins[0].role_names = {"company admin"};
    acme.target_users[0].email = "Jane@ACME.example";

    Plan plan = MakePlan(AcmeDesired(), live, {});
    CHECK(Addresses(plan).empty());
    CHECK_FALSE(plan.diagnostics.has_errors());
  }

  TEST_CASE("planner: reference changes are shown by name") {
    LiveState live = AppliedAcme();
    LiveCompany& acme = AcmeLive(live);
    acme.company.industry_id = "industry-finance";
    acme.company.country_id = "country-de";
    acme.company.license_end = "2026-06-30T00:00:00Z";
    acme.company.time_format = "hh:mm tt";
    Plan plan = MakePlan(AcmeDesired(), live, {});
    const Action& company = Get(plan, "customer.acme.company");
    CHECK(Fields(company) == std::vector<std::string>{"company.industry", "company.country", "company.timeFormat", "license.end"});
    CHECK(MustChange(company, "company.industry").before == "Finance");
    CHECK(MustChange(company, "company.industry").after == "Technology");
    CHECK(MustChange(company, "company.country").before == "Germany");
    CHECK(MustChange(company, "company.country").after == "Turkey");
    CHECK(MustChange(company, "company.timeFormat").before == "hh:mm tt");
    CHECK(MustChange(company, "license.end").before == "2026-06-30");
    CHECK(MustChange(company, "license.end").after == "2027-01-01");
    CHECK(company.As<CompanyBody>()->record->industry_id == "industry-technology");
    CHECK(company.As<CompanyBody>()->record->license_end == "2027-01-01T00:00:00Z");
  }

  TEST_CASE("planner: a pinned resourceId matches a company whatever its name") {
    LiveState live = EmptyLive();
    CompanyRecord record;
    record.id = "pinned-1";
    record.name = "Acme Old Name";
    live.companies.push_back({"pinned-1", "Acme Old Name", "", "10", 0});
    live.companies.push_back({"other-1", "Acme Corp", "", "10", 0});
    live.details["pinned-1"] = {record, {}, {}, fixtures::SimRoles("pinned-1")};
    DesiredState desired = AcmeDesired();
    desired.customers[0].company.resource_id = "pinned-1";
    desired.customers[0].groups.clear();

    Plan plan = MakePlan(desired, live, {});
    CHECK_FALSE(plan.diagnostics.has_errors());
    const Action& company = Get(plan, "customer.acme.company");
    CHECK(company.type == ActionType::Update);
    CHECK(company.target_id == "pinned-1");
    CHECK(MustChange(company, "company.name").before == "Acme Old Name");
    CHECK(MustChange(company, "company.name").after == "Acme Corp");
    // Its admins are created in the pinned company, with role ids known now.
    const Action& admin = Get(plan, "customer.acme.admin.ada@acme.example");
    CHECK(admin.company_ref.id == "pinned-1");
    CHECK(admin.depends_on.empty());
    CHECK(admin.As<AdminBody>()->record.role_ids == std::vector<std::string>{"pinned-1-role-company-admin"});
    CHECK(admin.As<AdminBody>()->role_names_after_apply.empty());
    CHECK(plan.NameOf("pinned-1-role-company-admin") == "Company Admin");  // shown by name
  }

  TEST_CASE("planner: a pinned resourceId that is not live is an error at its location") {
    DesiredState desired = AcmeDesired();
    desired.customers[0].company.resource_id = "gone-1";
    Plan plan = MakePlan(desired, EmptyLive(), {});
    auto errors = Find(plan.diagnostics, Severity::Error, "gone-1");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]->location.ToString() == "manifests/acme.yaml:7:3");
    CHECK(errors[0]->field == "spec.company.resourceId");
    for (const Action& a : plan.actions) CHECK(a.customer != "acme");
  }

  TEST_CASE("planner: two live companies with the customer's name is an error naming both, and no actions") {
    LiveState live = EmptyLive();
    live.companies.push_back({"id-1", "Acme Corp", "", "10", 0});
    live.companies.push_back({"id-2", "Acme Corp", "", "10", 0});
    Plan plan = MakePlan(AcmeDesired(), live, {});
    auto errors = Find(plan.diagnostics, Severity::Error, "live companies are named \"Acme Corp\"");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]->summary.find("id-1") != std::string::npos);
    CHECK(errors[0]->summary.find("id-2") != std::string::npos);
    CHECK(errors[0]->location.ToString() == "manifests/acme.yaml:6:3");
    for (const Action& a : plan.actions) CHECK(a.customer != "acme");

    Diagnostics diags;
    CHECK(MatchCompany(AcmeDesired().customers[0], live.companies, &diags).empty());
    CHECK(diags.has_errors());
    Diagnostics none;
    live.companies.pop_back();
    CHECK(MatchCompany(AcmeDesired().customers[0], live.companies, &none) == "id-1");
    CHECK(none.empty());
  }

  TEST_CASE("planner: a group neither declared nor live is an error at its location, a live one is joined") {
    DesiredState desired = AcmeDesired();
    desired.customers[0].groups = {"emea-partnrs", "Existing Group"};
    desired.customers[0].locations["groups[0]"] = FakeLocation("acme", 26, 12);
    LiveState live = EmptyLive();
    live.groups.push_back({"group-live", "Existing Group", 3});
    Plan plan = MakePlan(desired, live, {});
    auto errors = Find(plan.diagnostics, Severity::Error, "\"emea-partnrs\" is neither");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]->location.ToString() == "manifests/acme.yaml:26:12");
    CHECK(errors[0]->field == "spec.groups[0]");
    CHECK(errors[0]->fix.find("emea-partners") != std::string::npos);
    // The declared group is still created (no --customer filter); the live group is joined.
    CHECK(plan.Find("group.emea-partners"));
    const Action& company = Get(plan, "customer.acme.company");
    REQUIRE(company.As<CompanyBody>()->joins.size() == 1);
    CHECK(company.As<CompanyBody>()->joins[0].group.id == "group-live");
    CHECK_FALSE(plan.Find("customer.acme.group.Existing Group"));  // joined in the create
  }

  TEST_CASE("planner: declared groups match live groups by name, two of a name is an error, near names warn") {
    LiveState live = EmptyLive();
    live.groups.push_back({"group-9", "EMEA Partners", 4});
    Plan joined = MakePlan(AcmeDesired(), live, {});
    CHECK_FALSE(joined.Find("group.emea-partners"));
    const Action& company = Get(joined, "customer.acme.company");
    REQUIRE(company.As<CompanyBody>()->joins.size() == 1);
    CHECK(company.As<CompanyBody>()->joins[0].group.id == "group-9");
    CHECK(company.depends_on.empty());  // the group exists: nothing to wait for

    live.groups.push_back({"group-10", "EMEA Partners", 0});
    Plan twice = MakePlan(AcmeDesired(), live, {});
    auto errors = Find(twice.diagnostics, Severity::Error, "2 live groups are named \"EMEA Partners\": group-9, group-10");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]->location.ToString() == "manifests/groups.yaml:3:3");
    CHECK_FALSE(twice.Find("group.emea-partners"));
    CHECK_FALSE(twice.Find("customer.acme.group.emea-partners"));

    LiveState near = EmptyLive();
    near.groups.push_back({"group-1", "emea  partners", 0});
    Plan typo = MakePlan(AcmeDesired(), near, {});
    CHECK(Find(typo.diagnostics, Severity::Warning, "near-duplicate of live group 'emea  partners'").size() == 1);
    CHECK(typo.Find("group.emea-partners"));
  }

  TEST_CASE("planner: unknown and ambiguous references are errors at the field, naming candidates") {
    DesiredState desired = AcmeDesired();
    DesiredCustomer& c = desired.customers[0];
    c.company.country = "Turky";
    c.company.preferred_language = "Portuguese";
    c.license.type = "trial";
    c.license.modules = std::vector<std::string>{"Phishing Simulator", "Threat Sharing"};
    c.target_users[0].time_zone = "Mars Standard Time";
    c.target_users[0].locations.Set("timeZone", FakeLocation("acme", 30, 40));
    Plan plan = MakePlan(desired, EmptyLive(), {});
    CHECK(plan.diagnostics.error_count() == 4);

    auto country = Find(plan.diagnostics, Severity::Error, "matches no country");
    REQUIRE(country.size() == 1);
    CHECK(country[0]->location.ToString() == "manifests/acme.yaml:10:3");
    CHECK(country[0]->field == "spec.company.country");
    CHECK(country[0]->fix.find("Turkey") != std::string::npos);

    auto language = Find(plan.diagnostics, Severity::Error, "matches 2 languages");
    REQUIRE(language.size() == 1);
    CHECK(language[0]->location.ToString() == "manifests/acme.yaml:16:3");
    CHECK(language[0]->fix.find("pt-BR") != std::string::npos);
    CHECK(language[0]->fix.find("pt-PT") != std::string::npos);

    auto module = Find(plan.diagnostics, Severity::Error, "license type Trial does not offer module \"Threat Sharing\"");
    REQUIRE(module.size() == 1);
    CHECK(module[0]->location.ToString() == "manifests/acme.yaml:21:35");
    CHECK(module[0]->field == "spec.license.modules[1]");

    auto tz = Find(plan.diagnostics, Severity::Error, "matches no time zone");
    REQUIRE(tz.size() == 1);
    CHECK(tz[0]->location.ToString() == "manifests/acme.yaml:30:40");
    CHECK(tz[0]->subject == "customer.acme.target-user.jane@acme.example");

    // The plan still lists what it could.
    const Action& company = Get(plan, "customer.acme.company");
    CHECK(company.As<CompanyBody>()->record->country_id.empty());
    CHECK(company.As<CompanyBody>()->record->license_type_id == "license-type-trial");
    CHECK(company.As<CompanyBody>()->record->license_module_ids.empty());
    CHECK(plan.Find("customer.acme.target-user.jane@acme.example"));
  }

  TEST_CASE("planner: roles of an existing company resolve now, an unknown role is an error") {
    LiveState live = AppliedAcme();
    DesiredState desired = AcmeDesired();
    desired.customers[0].admins.push_back(fixtures::MakeAdmin("bob@acme.example"));
    desired.customers[0].admins.back().roles = std::vector<std::string>{"read only admin", "Campaign Manager"};
    desired.customers[0].admins.push_back(fixtures::MakeAdmin("eve@acme.example"));
    desired.customers[0].admins.back().roles = std::vector<std::string>{"Super Admin"};
    desired.customers[0].admins.back().locations["roles[0]"] = FakeLocation("acme", 33, 50);
    Plan plan = MakePlan(desired, live, {});
    const std::string id = AcmeLive(live).company.id;
    const Action& bob = Get(plan, "customer.acme.admin.bob@acme.example");
    CHECK(bob.As<AdminBody>()->record.role_ids == std::vector<std::string>{id + "-role-read-only-admin", id + "-role-campaign-manager"});
    CHECK(plan.NameOf(id + "-role-read-only-admin") == "Read Only Admin");  // a create shows its roles by name
    CHECK(plan.NameOf(id + "-role-campaign-manager") == "Campaign Manager");
    auto errors = Find(plan.diagnostics, Severity::Error, "\"Super Admin\" matches no role");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]->location.ToString() == "manifests/acme.yaml:33:50");
    CHECK(errors[0]->field == "spec.admins[2].roles");
  }

  TEST_CASE("planner: admin drift updates names, phone, roles and status, PUT keeps the live roles") {
    LiveState live = AppliedAcme();
    SystemUserRecord& ada = AcmeLive(live).admins[0];
    ada.phone = "+900";
    ada.role_names = {"Read Only Admin"};
    ada.role_ids.clear();
    ada.status_id = 2;
    DesiredState desired = AcmeDesired();
    desired.customers[0].admins[0].first_name = "Ada L.";
    desired.customers[0].admins[0].active = true;
    Plan plan = MakePlan(desired, live, {});
    const Action& a = Get(plan, "customer.acme.admin.ada@acme.example");
    CHECK(a.type == ActionType::Update);
    CHECK(a.target_id == ada.id);
    CHECK(Fields(a) == std::vector<std::string>{"firstName", "phone", "roles", "active"});
    CHECK(MustChange(a, "phone").sensitive);
    CHECK(MustChange(a, "phone").before == "+900");
    CHECK(MustChange(a, "roles").before == "[Read Only Admin]");
    CHECK(MustChange(a, "roles").after == "[Company Admin]");
    CHECK(MustChange(a, "active").before == "false");
    CHECK(MustChange(a, "active").after == "true");
    CHECK(a.As<AdminBody>()->record.status_id == std::optional<int>(1));
    CHECK(a.As<AdminBody>()->record.role_ids == std::vector<std::string>{AcmeLive(live).company.id + "-role-company-admin"});
    CHECK(Find(plan.diagnostics, Severity::Warning, "invitation").empty());

    // Roles not managed: the update sends the live roles back as ids.
    desired.customers[0].admins[0].roles.reset();
    Plan unmanaged = MakePlan(desired, live, {});
    const Action& b = Get(unmanaged, "customer.acme.admin.ada@acme.example");
    CHECK(ChangeOf(b, "roles") == nullptr);
    CHECK(b.As<AdminBody>()->record.role_ids == std::vector<std::string>{AcmeLive(live).company.id + "-role-read-only-admin"});
  }

  TEST_CASE("planner: manager fields are compared only on a detailed live record, but always sent") {
    LiveState live = AppliedAcme();
    TargetUserRecord& jane = AcmeLive(live).target_users[0];
    jane.detailed = false;
    jane.manager_email.clear();
    DesiredState desired = AcmeDesired();
    desired.customers[0].target_users[0].manager = DesiredManager{std::nullopt, std::nullopt, "boss@acme.example"};
    CHECK(ManagesManager(desired.customers[0].target_users[0]));
    CHECK_FALSE(ManagesManager(desired.customers[0].target_users[1]));
    CHECK(Addresses(MakePlan(desired, live, {})).empty());

    desired.customers[0].target_users[0].department = "Legal";
    Plan sent = MakePlan(desired, live, {});
    const Action& update = Get(sent, "customer.acme.target-user.jane@acme.example");
    CHECK(Fields(update) == std::vector<std::string>{"department"});
    CHECK(update.As<TargetUserBody>()->record.manager_email == "boss@acme.example");

    jane.detailed = true;
    desired.customers[0].target_users[0].department = "Finance";
    Plan detailed = MakePlan(desired, live, {});
    const Action& shown = Get(detailed, "customer.acme.target-user.jane@acme.example");
    CHECK(Fields(shown) == std::vector<std::string>{"manager.email"});
    CHECK(MustChange(shown, "manager.email").before.empty());
    CHECK(MustChange(shown, "manager.email").after == "boss@acme.example");
  }

  TEST_CASE("planner: target user fields: active, priority, time zone and language resolve and compare") {
    LiveState live = AppliedAcme();
    DesiredState desired = AcmeDesired();
    DesiredTargetUser& jane = desired.customers[0].target_users[0];
    jane.active = false;
    jane.priority = "High";
    jane.time_zone = "utc";
    jane.preferred_language = "tr";
    Plan plan = MakePlan(desired, live, {});
    const Action& a = Get(plan, "customer.acme.target-user.jane@acme.example");
    CHECK(Fields(a) == std::vector<std::string>{"priority", "active", "timeZone", "preferredLanguage"});
    CHECK(MustChange(a, "preferredLanguage").after == "Turkish");
    CHECK(MustChange(a, "timeZone").after == "UTC");
    CHECK(a.As<TargetUserBody>()->record.preferred_language_id == "language-tr");
    CHECK(a.As<TargetUserBody>()->record.active == std::optional<bool>(false));
    REQUIRE(ApplyToLive(plan, &live));
    jane.priority = "high";
    CHECK(Addresses(MakePlan(desired, live, {})).empty());
  }

  TEST_CASE("planner: warnings: license limit below the target users, near-duplicate company names") {
    DesiredState desired = AcmeDesired();
    desired.customers[0].license.users = 1;
    LiveState live = EmptyLive();
    live.companies.push_back({"near-1", "ACME  corp", "", "10", 0});
    Plan plan = MakePlan(desired, live, {});
    CHECK_FALSE(plan.diagnostics.has_errors());
    auto limit = Find(plan.diagnostics, Severity::Warning, "limited to 1 users but the manifest declares 2 target users");
    REQUIRE(limit.size() == 1);
    CHECK(limit[0]->location.ToString() == "manifests/acme.yaml:22:3");
    CHECK(limit[0]->subject == "acme");
    auto typo = Find(plan.diagnostics, Severity::Warning, "likely typo: would create a near-duplicate of live company 'ACME  corp' (near-1)");
    REQUIRE(typo.size() == 1);
    CHECK(Get(plan, "customer.acme.company").type == ActionType::Create);

    desired.customers[0].license.limited = false;
    CHECK(Find(MakePlan(desired, live, {}).diagnostics, Severity::Warning, "limited to").empty());
  }

  TEST_CASE("planner: creating a company needs its required fields") {
    DesiredState desired = AcmeDesired();
    desired.customers[0].company.industry.reset();
    desired.customers[0].license.users.reset();
    Plan plan = MakePlan(desired, EmptyLive(), {});
    CHECK(plan.diagnostics.error_count() == 2);
    CHECK(Find(plan.diagnostics, Severity::Error, "creating it needs company.industry").size() == 1);
    CHECK(Find(plan.diagnostics, Severity::Error, "creating it needs license.users").size() == 1);
    // An existing company does not need them.
    LiveState live = AppliedAcme();
    CHECK_FALSE(MakePlan(desired, live, {}).diagnostics.has_errors());
  }

  TEST_CASE("planner: --customer and --exclude select customers, groups follow the selection") {
    DesiredState desired = AcmeDesired();
    desired.groups.push_back({"apac", "APAC", FakeLocation("groups", 7)});
    DesiredCustomer beta = fixtures::MakeCustomer("beta", "Beta Ltd");
    beta.groups = {"apac"};
    desired.customers.push_back(beta);
    desired.groups.push_back({"unused", "Unused", FakeLocation("groups", 11)});

    Plan all = MakePlan(desired, EmptyLive(), {});
    CHECK(all.customers == std::vector<std::string>{"acme", "beta"});
    CHECK(all.Find("group.unused"));
    CHECK(all.Find("group.apac"));

    Plan only_beta = MakePlan(desired, EmptyLive(), {{"beta"}, {}});
    CHECK(only_beta.customers == std::vector<std::string>{"beta"});
    CHECK(Addresses(only_beta) == std::vector<std::string>{"group.apac", "customer.beta.company"});

    Plan by_company_name = MakePlan(desired, EmptyLive(), {{"acme corp"}, {}});
    CHECK(by_company_name.customers == std::vector<std::string>{"acme"});

    Plan excluded = MakePlan(desired, EmptyLive(), {{}, {"acme"}});
    CHECK(excluded.customers == std::vector<std::string>{"beta"});
    CHECK(excluded.Find("group.unused"));
    CHECK_FALSE(excluded.Find("customer.acme.company"));

    Diagnostics diags;
    auto none = SelectCustomers(desired, {{"acmee"}, {}}, &diags);
    CHECK(none.empty());
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].summary == "\"acmee\" names no customer");
    CHECK(diags.items()[0].fix == "did you mean acme?");  // only the close keys: beta is not

    Diagnostics far;
    CHECK(SelectCustomers(desired, {{"zeta-industries"}, {}}, &far).empty());
    REQUIRE(far.error_count() == 1);
    CHECK(far.items()[0].fix == "name a customer by its metadata.name or its company name");

    // Selected and excluded at once: an error, not an empty plan that reads "No changes".
    Diagnostics both;
    CHECK(SelectCustomers(desired, {{"acme"}, {"ACME"}}, &both).empty());
    REQUIRE(both.error_count() == 1);
    CHECK(both.items()[0].summary == "customer acme is both selected with --customer and left out with --exclude");
    CHECK(both.items()[0].subject == "--exclude");

    // Excluding every customer leaves nothing to plan.
    Diagnostics none_left;
    CHECK(SelectCustomers(desired, {{}, {"acme", "beta"}}, &none_left).empty());
    REQUIRE(none_left.error_count() == 1);
    CHECK(none_left.items()[0].summary == "--customer and --exclude leave no customer to plan");

    Diagnostics fine;
    CHECK(SelectCustomers(desired, {{}, {"beta"}}, &fine).size() == 1);
    CHECK(fine.empty());
  }

  TEST_CASE("planner: fingerprints are stable and StaleAddresses names what changed") {
    LiveState live = AppliedAcme();
    LiveCompany& acme = AcmeLive(live);
    acme.company.number_of_users = 400;
    acme.target_users[0].department = "Sales";
    DesiredState desired = AcmeDesired();
    desired.customers[0].target_users.push_back(fixtures::MakeTargetUser("new@acme.example"));
    Plan saved = MakePlan(desired, live, {});
    REQUIRE(Addresses(saved) == std::vector<std::string>{"customer.acme.company", "customer.acme.target-user.jane@acme.example",
                                                         "customer.acme.target-user.new@acme.example"});
    CHECK(Get(saved, "customer.acme.target-user.new@acme.example").fingerprint.empty());
    CHECK(StaleAddresses(saved, live).empty());

    // Equivalent records have the same fingerprint.
    CompanyRecord same = acme.company;
    std::reverse(same.license_module_ids.begin(), same.license_module_ids.end());
    same.license_start = "2026-01-01";
    CHECK(Fingerprint(same) == Fingerprint(acme.company));
    CHECK(Fingerprint(acme.company).size() == 16);

    LiveState fresh = live;
    AcmeLive(fresh).company.passthrough.push_back({"TrainingContentTypeResourceId", "x"});
    AcmeLive(fresh).target_users[0].phone = "+1";
    TargetUserRecord created = AcmeLive(fresh).target_users[1];
    created.email = "NEW@acme.example";
    created.id = "user-99";
    AcmeLive(fresh).target_users.push_back(created);
    CHECK(StaleAddresses(saved, fresh) == std::vector<std::string>{"customer.acme.company",
                                                                  "customer.acme.target-user.jane@acme.example",
                                                                  "customer.acme.target-user.new@acme.example"});

    // A detail read adds manager fields: not a change by itself.
    LiveState detailed = live;
    AcmeLive(detailed).target_users[0].detailed = false;
    CHECK(StaleAddresses(saved, detailed).empty());

    // A company create is stale once a company of that name exists; a deleted company makes
    // its update stale.
    Plan fresh_plan = MakePlan(AcmeDesired(), EmptyLive(), {});
    CHECK(StaleAddresses(fresh_plan, EmptyLive()).empty());
    LiveState taken = EmptyLive();
    taken.companies.push_back({"x-1", "Acme Corp", "", "1", 0});
    taken.groups.push_back({"g-1", "EMEA Partners", 0});
    CHECK(StaleAddresses(fresh_plan, taken) == std::vector<std::string>{"group.emea-partners", "customer.acme.company"});
    CHECK(StaleAddresses(saved, EmptyLive()) == Addresses(saved));
  }

  TEST_CASE("planner: 1,000 customers of 100 target users plan") {
    DesiredState desired = fixtures::LargeDesired(1000, 100);
    Plan plan = MakePlan(desired, EmptyLive(), {});
    CHECK_FALSE(plan.diagnostics.has_errors());
    CHECK(plan.actions.size() == 1000u * 101u);
    CHECK(plan.actions.back().address == "customer.c999.target-user.user99@c999.example");
    CHECK(plan.actions.back().depends_on == std::vector<InternedString>{"customer.c999.company"});
  }

  TEST_CASE("planner: many customers and users apply and plan again to nothing") {
    DesiredState desired = fixtures::LargeDesired(50, 100);
    LiveState live = EmptyLive();
    REQUIRE(ApplyToLive(MakePlan(desired, live, {}), &live));
    Plan again = MakePlan(desired, live, {});
    CHECK(again.actions.empty());
    CHECK(again.diagnostics.empty());
    live.details.begin()->second.target_users[7].department = "Drifted";
    CHECK(MakePlan(desired, live, {}).actions.size() == 1);
  }

  TEST_CASE("planner: a customer whose reads failed gets no action and is listed, the others are planned") {
    DesiredState desired = fixtures::LargeDesired(3, 2);
    LiveState live = EmptyLive();
    REQUIRE(ApplyToLive(MakePlan(desired, live, {}), &live));
    // Drift in every customer, then the reads of one of them fail.
    for (auto& [id, company] : live.details) company.target_users[0].department = "Drifted";
    const std::string failed_id = live.details.begin()->first;
    std::string failed_customer;
    for (const DesiredCustomer& c : desired.customers)
      if (live.details.begin()->second.company.name == c.company.name) failed_customer = c.key;
    REQUIRE_FALSE(failed_customer.empty());
    live.failed_reads[failed_id] = "GET /api/companies/" + failed_id + ": no answer";
    Plan plan = MakePlan(desired, live, {});
    CHECK_FALSE(plan.diagnostics.has_errors());  // not an error: the rest of the plan may be applied
    REQUIRE(plan.failed_customers.size() == 1);
    CHECK(plan.failed_customers[0].customer == failed_customer);
    CHECK(plan.failed_customers[0].error == "GET /api/companies/" + failed_id + ": no answer");
    CHECK(plan.actions.size() == 2);
    for (const Action& a : plan.actions) CHECK(a.customer != failed_customer);
  }
}

}  // namespace
}  // namespace onboard
