#pragma once
// Plans built by hand for the renderer tests and the golden scenarios under tests/render/.
// They stand in for what the planner makes; the renderers must not depend on the planner.

#include <string>

#include <fmt/format.h>

#include "engine/plan/plan.h"

namespace onboard::render_fixtures {

inline SourceLocation At(const std::string& file, int line, int column) { return {file, line, column}; }

inline Action GroupCreate(const std::string& key, const std::string& name) {
  Action a;
  a.address = "group." + key;
  a.type = ActionType::Create;
  a.body = GroupBody{};
  a.As<GroupBody>()->name = name;
  a.source = At("manifests/groups.yaml", 4, 1);
  return a;
}

inline CompanyRecord AcmeCompany() {
  CompanyRecord c;
  c.name = "Acme Corp";
  c.description = "Security awareness for Acme";
  c.industry_id = "ind-tech";
  c.country_id = "ctr-tr";
  c.address = "1 Main St";
  c.website_url = "https://acme.example";
  c.license_type_id = "lt-enterprise";
  c.license_period_id = "lp-yearly";
  c.license_module_ids = {"mod-phishing"};
  c.license_start = "2026-01-01T00:00:00Z";
  c.license_end = "2027-01-01T00:00:00Z";
  c.users_limited = true;
  c.number_of_users = 500;
  c.time_zone_id = "Turkey Standard Time";
  c.date_format = "dd/MM/yyyy";
  c.time_format = "HH:mm";
  c.tags = {"emea", "gold"};
  return c;
}

/// A customer that does not exist yet: a group, its company, the company in the group, an
/// admin whose role ids and two target users whose company id are known after apply.
inline Plan FreshOnboarding() {
  Plan p;
  p.customers = {"acme"};
  p.manifest_digest = "sha256:4f1c0de";
  p.api_url = "https://api.keepnetlabs.com";
  p.names = {{"ind-tech", "Technology"}, {"ctr-tr", "Turkey"}, {"lt-enterprise", "Enterprise"},
             {"lp-yearly", "Yearly"}, {"mod-phishing", "Phishing Simulator"}};
  p.actions.push_back(GroupCreate("emea-partners", "EMEA Partners"));

  Action company;
  company.address = "customer.acme.company";
  company.type = ActionType::Create;
  company.body = CompanyBody{};
  company.customer = "acme";
  company.As<CompanyBody>()->record = AcmeCompany();
  company.source = At("manifests/acme.yaml", 5, 3);
  p.actions.push_back(company);

  Action participant;
  participant.address = "customer.acme.group.emea-partners";
  participant.type = ActionType::AddParticipant;
  participant.body = ParticipantBody{};
  participant.customer = "acme";
  participant.depends_on = {"group.emea-partners", "customer.acme.company"};
  participant.As<ParticipantBody>()->group_name = "EMEA Partners";
  participant.company_ref.from_action = "customer.acme.company";
  participant.As<ParticipantBody>()->group.from_action = "group.emea-partners";
  participant.source = At("manifests/acme.yaml", 24, 12);
  p.actions.push_back(participant);

  Action admin;
  admin.address = "customer.acme.admin.ada@acme.example";
  admin.type = ActionType::Create;
  admin.body = AdminBody{};
  admin.customer = "acme";
  admin.depends_on = {"customer.acme.company"};
  admin.As<AdminBody>()->record = SystemUserRecord{"", "ada@acme.example", "Ada", "Admin", "+905550000000", {}, {}, 1};
  admin.As<AdminBody>()->role_names_after_apply = {"Company Admin"};
  admin.company_ref.from_action = "customer.acme.company";
  admin.source = At("manifests/acme.yaml", 27, 7);
  p.actions.push_back(admin);

  const char* users[][4] = {{"jane@acme.example", "Jane", "Doe", "+905551111111"},
                            {"john@acme.example", "John", "Roe", "+905552222222"}};
  int line = 30;
  for (auto& u : users) {
    Action t;
    t.address = std::string("customer.acme.target-user.") + u[0];
    t.type = ActionType::Create;
    t.body = TargetUserBody{};
    t.customer = "acme";
    t.depends_on = {"customer.acme.company"};
    t.company_ref.from_action = "customer.acme.company";
    TargetUserRecord r;
    r.email = u[0];
    r.first_name = u[1];
    r.last_name = u[2];
    r.phone = u[3];
    r.department = "Finance";
    t.As<TargetUserBody>()->record = r;
    t.source = At("manifests/acme.yaml", line++, 7);
    p.actions.push_back(t);
  }
  p.diagnostics.Add({Severity::Warning, At("manifests/acme.yaml", 27, 7), "spec.admins[0]",
                     "creating an admin sends an invitation email to ada@acme.example", "", "customer.acme.admin.ada@acme.example"});
  return p;
}

/// Existing customers whose live state drifted from the manifests: updates only, and one new
/// target user of an existing company (its company id is known now).
inline Plan DriftUpdates() {
  Plan p;
  p.customers = {"acme", "globex"};
  p.manifest_digest = "sha256:77aa01";
  p.api_url = "https://api.keepnetlabs.com";

  Action company;
  company.address = "customer.acme.company";
  company.type = ActionType::Update;
  company.body = CompanyBody{};
  company.customer = "acme";
  company.target_id = "cmp-acme";
  company.company_ref.id = "cmp-acme";
  company.As<CompanyBody>()->record = AcmeCompany();
  company.As<CompanyBody>()->record->id = "cmp-acme";
  company.As<CompanyBody>()->record->number_of_users = 600;
  company.As<CompanyBody>()->record->passthrough = {{"NotificationTemplateTypeResourceId", "ntt-1"}};
  company.changes = {{"license.users", "500", "600"}, {"company.description", "", "Security awareness for Acme"}};
  company.fingerprint = "live:company:cmp-acme:9c2e";
  company.source = At("manifests/acme.yaml", 5, 3);
  p.actions.push_back(company);

  Action admin;
  admin.address = "customer.acme.admin.ada@acme.example";
  admin.type = ActionType::Update;
  admin.body = AdminBody{};
  admin.customer = "acme";
  admin.target_id = "su-ada";
  admin.company_ref.id = "cmp-acme";
  admin.As<AdminBody>()->record = SystemUserRecord{"su-ada", "ada@acme.example", "Adaline", "Admin", "+905550000009", {"role-1"}, {"Company Admin"}, 1};
  admin.changes = {{"firstName", "Ada", "Adaline"}, {"phone", "+905550000000", "+905550000009", true}};
  admin.fingerprint = "live:admin:su-ada:41d0";
  admin.source = At("manifests/acme.yaml", 27, 7);
  p.actions.push_back(admin);

  Action user;
  user.address = "customer.globex.target-user.hank@globex.example";
  user.type = ActionType::Update;
  user.body = TargetUserBody{};
  user.customer = "globex";
  user.target_id = "tu-hank";
  user.company_ref.id = "cmp-globex";
  TargetUserRecord r;
  r.id = "tu-hank";
  r.email = "hank@globex.example";
  r.phone = "+15551234567";
  r.first_name = "Hank";
  r.last_name = "Scorpio";
  r.department = "Engineering";
  r.active = false;
  r.detailed = true;
  user.As<TargetUserBody>()->record = r;
  user.changes = {{"department", "Sales", "Engineering"}, {"active", "true", "false"}};
  user.fingerprint = "live:target-user:tu-hank:0b7e";
  user.source = At("manifests/globex.csv", 3, 1);
  p.actions.push_back(user);

  Action added;
  added.address = "customer.globex.target-user.marge@globex.example";
  added.type = ActionType::Create;
  added.body = TargetUserBody{};
  added.customer = "globex";
  added.company_ref.id = "cmp-globex";
  TargetUserRecord m;
  m.email = "marge@globex.example";
  m.phone = "+15559876543";
  m.first_name = "Marge";
  added.As<TargetUserBody>()->record = m;
  added.source = At("manifests/globex.csv", 4, 1);
  p.actions.push_back(added);
  return p;
}

/// Manifests and platform agree.
inline Plan NoChanges() {
  Plan p;
  p.customers = {"acme", "globex"};
  p.manifest_digest = "sha256:77aa01";
  p.api_url = "https://api.keepnetlabs.com";
  return p;
}

/// A plan with warnings (one per customer, one plan-wide) and errors, and user data full of
/// Markdown and HTML specials.
inline Plan WarningsAndErrors() {
  Plan p;
  p.customers = {"initech", "umbrella"};
  p.manifest_digest = "sha256:e44";
  p.api_url = "http://127.0.0.1:8080";

  Action company;
  company.address = "customer.initech.company";
  company.type = ActionType::Update;
  company.body = CompanyBody{};
  company.customer = "initech";
  company.target_id = "cmp-initech";
  company.company_ref.id = "cmp-initech";
  company.As<CompanyBody>()->record = AcmeCompany();
  company.As<CompanyBody>()->record->id = "cmp-initech";
  company.As<CompanyBody>()->record->name = "Initech | <b>TPS</b>";
  company.changes = {{"company.name", "Initech", "Initech | <b>TPS</b>"},
                     {"company.description", "``` breakout", "line one\nline two `code`"}};
  company.fingerprint = "live:company:cmp-initech:1";
  company.source = At("manifests/initech.yaml", 5, 3);
  p.actions.push_back(company);

  Action user;
  user.address = "customer.umbrella.target-user.alice@umbrella.example";
  user.type = ActionType::Create;
  user.body = TargetUserBody{};
  user.customer = "umbrella";
  user.company_ref.id = "cmp-umbrella";
  TargetUserRecord r;
  r.email = "alice@umbrella.example";
  r.phone = "+441234567890";
  user.As<TargetUserBody>()->record = r;
  user.source = At("manifests/umbrella.yaml", 12, 7);
  p.actions.push_back(user);

  p.diagnostics.Add({Severity::Warning, {}, "company.name",
                     "name \"Initech | <b>TPS</b>\" is close to the existing company \"Initech\"", "check it is not a duplicate",
                     "customer.initech.company"});
  p.diagnostics.Add({Severity::Warning, {}, "", "the plan covers 2 of 5 customers (--customer)", "", ""});
  p.diagnostics.Add({Severity::Error, At("manifests/umbrella.yaml", 14, 9), "spec.targetUsers[1].phone",
                     "phone +44 1234 567891 is already used by bob@umbrella.example", "give each user their own phone",
                     "customer umbrella"});
  return p;
}

/// Values that need quotes in a plan line (separators, quotes, backslashes, edge spaces) and
/// seven admin creates whose invitation warnings share a group, of which the text and
/// Markdown renderings list three and count the rest.
inline Plan QuotedAndCollapsed() {
  Plan p;
  p.customers = {"lab"};
  p.manifest_digest = "sha256:51ab";
  p.api_url = "https://api.keepnetlabs.com";

  Action user;
  user.address = "customer.lab.target-user.ann@lab.example";
  user.type = ActionType::Create;
  user.body = TargetUserBody{};
  user.customer = "lab";
  user.company_ref.id = "cmp-lab";
  TargetUserRecord r;
  r.email = "ann@lab.example";
  r.first_name = " Ann";
  r.last_name = "O\"Neil \\ Co";
  r.department = "Research, Development";
  r.manager_first_name = "Bo";
  user.As<TargetUserBody>()->record = r;
  user.source = At("manifests/lab.yaml", 9, 7);
  p.actions.push_back(user);

  Action moved;
  moved.address = "customer.lab.target-user.cy@lab.example";
  moved.type = ActionType::Update;
  moved.body = TargetUserBody{};
  moved.customer = "lab";
  moved.target_id = "tu-cy";
  moved.company_ref.id = "cmp-lab";
  TargetUserRecord m;
  m.id = "tu-cy";
  m.email = "cy@lab.example";
  m.department = "Research, Development";
  moved.As<TargetUserBody>()->record = m;
  moved.changes = {{"department", "Sales -> Marketing", "Research, Development"}, {"lastName", "Lee ", "Lee"}};
  moved.fingerprint = "live:target-user:tu-cy:5e";
  moved.source = At("manifests/lab.yaml", 12, 7);
  p.actions.push_back(moved);

  for (int i = 0; i < 7; ++i) {
    const std::string email = fmt::format("admin{}@lab.example", i);
    Action admin;
    admin.address = "customer.lab.admin." + email;
    admin.type = ActionType::Create;
    admin.body = AdminBody{};
    admin.customer = "lab";
    admin.company_ref.id = "cmp-lab";
    admin.As<AdminBody>()->record = SystemUserRecord{"", email, "Admin", fmt::format("No {}", i), "", {"role-1"}, {}, 1};
    admin.source = At("manifests/lab.yaml", 20 + i, 7);
    p.actions.push_back(admin);
    p.diagnostics.Add({Severity::Warning, admin.source, "", "the platform may email " + email + " an invitation", "",
                       admin.address, "the platform may email an invitation to each new admin"});
  }
  p.names = {{"role-1", "Company Admin"}};
  p.diagnostics.Add({Severity::Warning, {}, "", "the plan covers 1 of 3 customers (--customer)", "", ""});
  return p;
}

/// `customers` customers with `per_customer` target-user creates each, for the size cap.
inline Plan Large(int customers, int per_customer) {
  Plan p;
  for (int c = 0; c < customers; ++c) {
    std::string key = fmt::format("customer-{:04}", c);
    p.customers.push_back(key);
    for (int u = 0; u < per_customer; ++u) {
      Action a;
      std::string email = fmt::format("user{:05}@{}.example", u, key);
      a.address = fmt::format("customer.{}.target-user.{}", key, email);
      a.type = ActionType::Create;
      a.body = TargetUserBody{};
      a.customer = key;
      a.company_ref.id = "cmp-" + key;
      TargetUserRecord r;
      r.email = email;
      r.phone = fmt::format("+9055500{:05}", u);
      r.first_name = "User";
      r.last_name = fmt::format("Number {}", u);
      a.As<TargetUserBody>()->record = r;
      p.actions.push_back(std::move(a));
    }
  }
  return p;
}

/// Target groups of one live customer: a create, a priority update, a prune delete, a new user
/// joining a live group and the new one, and existing users joining and leaving in one action
/// per group and direction.
inline Plan TargetGroups() {
  Plan p;
  p.customers = {"acme"};
  p.manifest_digest = "sha256:7a61";
  p.api_url = "https://api.keepnetlabs.com";
  auto action = [&](std::string address, ActionType type, ActionBody body) -> Action& {
    Action& a = p.actions.emplace_back();
    a.address = std::move(address);
    a.type = type;
    a.body = std::move(body);
    a.customer = "acme";
    a.company_ref.id = "cmp-acme";
    a.source = At("manifests/acme.yaml", 12, 7);
    return a;
  };
  action("customer.acme.target-group.sales", ActionType::Create, TargetGroupBody{{"", "Sales", "Low", ""}, 0});
  Action& finance = action("customer.acme.target-group.finance", ActionType::Update,
                           TargetGroupBody{{"tg-fin", "Finance", "High", "2026-01-01T00:00:00Z"}, 0});
  finance.target_id = "tg-fin";
  finance.changes = {{"priority", "Low", "High"}};
  finance.fingerprint = "3f0c9a1be2d4c6a8";
  TargetUserRecord jane;
  jane.email = "jane@acme.example";
  jane.phone = "+905551111111";
  jane.target_group_ids = std::vector<std::string>{"tg-fin"};
  Action& create = action("customer.acme.target-user.jane@acme.example", ActionType::Create,
                          TargetUserBody{jane, {{"Finance", {"tg-fin", ""}}, {"Sales", {"", "customer.acme.target-group.sales"}}}});
  create.depends_on = {"customer.acme.target-group.sales"};
  Action& join = action("customer.acme.target-group.sales.add-users", ActionType::AddParticipant,
                        TargetGroupMembersBody{"Sales", {"", "customer.acme.target-group.sales"}, {"tu-john", "tu-mia"},
                                               {"john@acme.example", "mia@acme.example"}});
  join.depends_on = {"customer.acme.target-group.sales"};
  Action& leave = action("customer.acme.target-group.finance.remove-users", ActionType::RemoveParticipant,
                         TargetGroupMembersBody{"Finance", {"tg-fin", ""}, {"tu-john"}, {"john@acme.example"}});
  leave.target_id = "tg-fin";
  leave.fingerprint = "9d2b7e0c41a5f368";
  Action& old = action("customer.acme.target-group.old", ActionType::Delete,
                       TargetGroupBody{{"tg-old", "Old", "Medium", ""}, 3});
  old.target_id = "tg-old";
  old.fingerprint = "c1e5a7f90b3d2e64";
  return p;
}

}  // namespace onboard::render_fixtures
