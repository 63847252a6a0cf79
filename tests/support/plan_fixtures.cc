#include "tests/support/plan_fixtures.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace onboard::fixtures {
namespace {

std::string Slug(const std::string& name) {
  std::string out;
  for (char c : name) out += (c == ' ') ? '-' : static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  return out;
}

std::string ToUpper(std::string text) {
  for (char& c : text) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return text;
}

const std::vector<std::string>& ModuleNames() {
  static const std::vector<std::string> kNames = {
      "Phishing Simulator", "Awareness Educator", "Incident Responder", "Threat Intelligence", "Threat Sharing",
      "Smishing Simulator", "Vishing Simulator", "Quishing Simulator", "Callback Simulator"};
  return kNames;
}

CatalogEntry Module(const std::string& name) { return {"module-" + Slug(name), name, {}, {}}; }

// Fields of a customer and the manifest line each is written on.
const std::map<std::string, int>& CustomerLines() {
  static const std::map<std::string, int> kLines = {
      {"company.name", 6},         {"company.resourceId", 7},   {"company.description", 8},
      {"company.industry", 9},     {"company.country", 10},     {"company.address", 11},
      {"company.websiteUrl", 12},  {"company.timeZone", 13},    {"company.dateFormat", 14},
      {"company.timeFormat", 15},  {"company.preferredLanguage", 16}, {"company.tags", 17},
      {"license.type", 19},        {"license.period", 20},      {"license.modules", 21},
      {"license.users", 22},       {"license.limited", 23},     {"license.start", 24},
      {"license.end", 25},         {"groups", 26}};
  return kLines;
}

}  // namespace

Catalog SimCatalog() {
  Catalog c;
  for (auto [name, iso] : std::vector<std::pair<std::string, std::string>>{
           {"Turkey", "TR"}, {"United States", "US"}, {"United Kingdom", "GB"}, {"Germany", "DE"},
           {"France", "FR"}, {"Netherlands", "NL"}, {"Spain", "ES"}, {"Italy", "IT"}, {"Brazil", "BR"},
           {"Portugal", "PT"}, {"Japan", "JP"}, {"India", "IN"}, {"United Arab Emirates", "AE"},
           {"Saudi Arabia", "SA"}, {"Canada", "CA"}})
    c.countries.push_back({"country-" + Slug(iso), name, iso, iso});
  for (auto [name, code] : std::vector<std::pair<std::string, std::string>>{
           {"Technology", "TECH"}, {"Finance", "FIN"}, {"Healthcare", "HEALTH"}, {"Education", "EDU"},
           {"Government", "GOV"}, {"Retail", "RETAIL"}, {"Manufacturing", "MFG"}, {"Energy", "ENERGY"},
           {"Telecommunications", "TELCO"}, {"Other", "OTHER"}})
    c.industries.push_back({"industry-" + Slug(name), name, code, {}});
  for (const std::string& m : ModuleNames()) c.all_modules.push_back(Module(m));
  c.license_types = {{"license-type-enterprise", "Enterprise", {}, {}},
                     {"license-type-professional", "Professional", {}, {}},
                     {"license-type-trial", "Trial", {}, {}}};
  c.modules_by_license_type["license-type-enterprise"] = c.all_modules;
  for (const char* m : {"Phishing Simulator", "Awareness Educator", "Incident Responder", "Smishing Simulator"})
    c.modules_by_license_type["license-type-professional"].push_back(Module(m));
  for (const char* m : {"Phishing Simulator", "Awareness Educator"})
    c.modules_by_license_type["license-type-trial"].push_back(Module(m));
  for (const char* name : {"Monthly", "Yearly", "Perpetual"})
    c.license_periods.push_back({"period-" + Slug(name), name, ToUpper(name), {}});
  for (auto [name, code] : std::vector<std::pair<std::string, std::string>>{
           {"English", "en"}, {"Turkish", "tr"}, {"German", "de"}, {"French", "fr"}, {"Spanish", "es"},
           {"Portuguese", "pt-BR"}, {"Portuguese", "pt-PT"}})
    c.languages.push_back({"language-" + Slug(code), name, code, code});
  for (auto [id, name] : std::vector<std::pair<std::string, std::string>>{
           {"UTC", "(UTC) Coordinated Universal Time"},
           {"GMT Standard Time", "(UTC+00:00) Dublin, Edinburgh, Lisbon, London"},
           {"W. Europe Standard Time", "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"},
           {"Turkey Standard Time", "(UTC+03:00) Istanbul"},
           {"Arabian Standard Time", "(UTC+04:00) Abu Dhabi, Muscat"},
           {"India Standard Time", "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi"},
           {"Tokyo Standard Time", "(UTC+09:00) Osaka, Sapporo, Tokyo"},
           {"E. South America Standard Time", "(UTC-03:00) Brasilia"},
           {"Eastern Standard Time", "(UTC-05:00) Eastern Time (US & Canada)"},
           {"Pacific Standard Time", "(UTC-08:00) Pacific Time (US & Canada)"}})
    c.time_zones.push_back({id, name, {}, {}});
  for (const char* f : {"dd/MM/yyyy", "MM/dd/yyyy", "yyyy-MM-dd", "dd.MM.yyyy"}) c.date_formats.push_back({f, f, {}, {}});
  for (const char* f : {"HH:mm", "hh:mm tt"}) c.time_formats.push_back({f, f, {}, {}});
  return c;
}

std::vector<RoleRecord> SimRoles(const std::string& company_id) {
  std::vector<RoleRecord> roles;
  for (const char* name : {"Company Admin", "Read Only Admin", "Campaign Manager"})
    roles.push_back({company_id + "-role-" + Slug(name), name});
  return roles;
}

SourceLocation FakeLocation(const std::string& key, int line, int column) {
  return {"manifests/" + key + ".yaml", line, column};
}

DesiredCustomer MakeCustomer(const std::string& key, const std::string& company_name) {
  DesiredCustomer c;
  c.key = key;
  c.location = FakeLocation(key, 1, 1);
  for (const auto& [field, line] : CustomerLines()) c.locations[field] = FakeLocation(key, line);
  c.locations["license.modules[0]"] = FakeLocation(key, 21, 15);
  c.locations["license.modules[1]"] = FakeLocation(key, 21, 35);
  DesiredCompany& co = c.company;
  co.name = company_name;
  co.description = "Security awareness for " + company_name;
  co.industry = "Technology";
  co.country = "TR";
  co.address = "1 Main St";
  co.website_url = "https://" + key + ".example";
  co.time_zone = "Turkey Standard Time";
  co.date_format = "dd/MM/yyyy";
  co.time_format = "HH:mm";
  co.preferred_language = "English";
  co.tags = std::vector<std::string>{"emea", "gold"};
  DesiredLicense& l = c.license;
  l.type = "Enterprise";
  l.period = "Yearly";
  l.modules = std::vector<std::string>{"Phishing Simulator", "Awareness Educator"};
  l.users = 500;
  l.limited = true;
  l.start = "2026-01-01";
  l.end = "2027-01-01";
  return c;
}

DesiredAdmin MakeAdmin(const std::string& email) {
  DesiredAdmin a;
  a.email = email;
  a.first_name = "Ada";
  a.last_name = "Admin";
  a.phone = "+905550000000";
  a.roles = std::vector<std::string>{"Company Admin"};
  return a;
}

DesiredTargetUser MakeTargetUser(const std::string& email, const std::string& department) {
  DesiredTargetUser u;
  u.email = email;
  u.phone = "+905551111111";
  u.first_name = "Jane";
  u.last_name = "Doe";
  u.department = department;
  return u;
}

DesiredState AcmeDesired() {
  DesiredState d;
  d.groups.push_back({"emea-partners", "EMEA Partners", FakeLocation("groups", 3)});
  DesiredCustomer c = MakeCustomer("acme", "Acme Corp");
  c.groups = {"emea-partners"};
  c.locations["groups[0]"] = FakeLocation("acme", 26, 12);
  c.admins.push_back(MakeAdmin("ada@acme.example"));
  c.admins.back().locations[""] = FakeLocation("acme", 28, 7);
  c.admins.back().locations["roles"] = FakeLocation("acme", 28, 90);
  c.target_users.push_back(MakeTargetUser("jane@acme.example", "Finance"));
  c.target_users.back().locations.Set("", FakeLocation("acme", 30, 7));
  DesiredTargetUser john = MakeTargetUser("john@acme.example", "Engineering");
  john.first_name = "John";
  john.locations.Set("", FakeLocation("acme", 31, 7));
  c.target_users.push_back(john);
  d.customers.push_back(std::move(c));
  d.digest = "digest-acme";
  d.files = {"manifests/groups.yaml", "manifests/acme.yaml"};
  return d;
}

LiveState EmptyLive() {
  LiveState live;
  live.catalog = SimCatalog();
  return live;
}

bool ApplyToLive(const Plan& plan, LiveState* live) {
  std::map<std::string, std::string> produced;  // create address -> new id
  int next = static_cast<int>(live->details.size() + live->groups.size()) + 1;
  auto new_id = [&](const char* prefix) { return fmt::format("{}-{}", prefix, next++); };
  auto resolve = [&](const IdRef& ref) -> std::string {
    if (ref.known()) return ref.id;
    auto it = produced.find(ref.from_action);
    return it == produced.end() ? std::string() : it->second;
  };
  auto role_names = [](const LiveCompany& company, SystemUserRecord* user) {
    user->role_names.clear();
    for (const std::string& id : user->role_ids)
      for (const RoleRecord& r : company.roles)
        if (r.id == id) user->role_names.push_back(r.name);
  };
  for (const Action& a : plan.actions) {
    std::string company_id = resolve(a.company_ref);
    switch (a.object()) {
      case ObjectType::Group: {
        std::string id = new_id("group");
        live->groups.push_back({id, a.As<GroupBody>()->name, 0});
        produced[a.address] = id;
        break;
      }
      case ObjectType::Company: {
        const CompanyRecord& body = *a.As<CompanyBody>()->record;
        if (a.type == ActionType::Create) {
          std::string id = new_id("company");
          CompanyRecord record = body;
          record.id = id;
          for (const ParticipantBody& join : a.As<CompanyBody>()->joins) {
            std::string group_id = resolve(join.group);
            if (group_id.empty()) return false;
            record.group_ids.push_back(group_id);
            for (GroupRecord& g : live->groups)
              if (g.id == group_id) ++g.company_count;
          }
          live->companies.push_back({id, record.name, record.license_end, std::to_string(record.number_of_users), 0});
          live->details[id] = {record, {}, {}, SimRoles(id)};
          live->details[id].target_groups_read = true;  // a new company has none
          produced[a.address] = id;
        } else {
          auto it = live->details.find(a.target_id);
          if (it == live->details.end()) return false;
          it->second.company = body;
          it->second.company.id = a.target_id;
          for (CompanySummary& s : live->companies)
            if (s.id == a.target_id) s.name = body.name;
        }
        break;
      }
      case ObjectType::Participant: {
        std::string group_id = resolve(a.As<ParticipantBody>()->group);
        auto it = live->details.find(company_id);
        if (it == live->details.end() || group_id.empty()) return false;
        std::vector<std::string>& ids = it->second.company.group_ids;
        if (std::find(ids.begin(), ids.end(), group_id) == ids.end()) ids.push_back(group_id);
        for (GroupRecord& g : live->groups)
          if (g.id == group_id) ++g.company_count;
        break;
      }
      case ObjectType::Admin: {
        auto it = live->details.find(company_id);
        if (it == live->details.end()) return false;
        SystemUserRecord user = a.As<AdminBody>()->record;
        for (const std::string& name : a.As<AdminBody>()->role_names_after_apply)
          for (const RoleRecord& r : it->second.roles)
            if (r.name == name) user.role_ids.push_back(r.id);
        role_names(it->second, &user);
        if (a.type == ActionType::Create) {
          user.id = new_id("admin");
          it->second.admins.push_back(user);
          break;
        }
        auto& admins = it->second.admins;
        auto found = std::find_if(admins.begin(), admins.end(), [&](const SystemUserRecord& u) { return u.id == a.target_id; });
        if (found == admins.end()) return false;
        user.id = a.target_id;
        *found = user;
        break;
      }
      case ObjectType::TargetUser: {
        auto it = live->details.find(company_id);
        if (it == live->details.end()) return false;
        TargetUserRecord user = a.As<TargetUserBody>()->record;
        user.detailed = true;
        if (a.type == ActionType::Create) {
          user.id = new_id("user");
          for (const ParticipantBody& join : a.As<TargetUserBody>()->joins) {
            std::string group_id = resolve(join.group);
            if (group_id.empty()) return false;
            std::vector<std::string>& ids = user.target_group_ids ? *user.target_group_ids : user.target_group_ids.emplace();
            if (std::find(ids.begin(), ids.end(), group_id) == ids.end()) ids.push_back(group_id);
          }
          if (it->second.target_groups_read && !user.target_group_ids) user.target_group_ids.emplace();  // as read: in none
          if (user.target_group_ids)
            for (const std::string& g : *user.target_group_ids) it->second.target_group_members[g].push_back(user.id);
          it->second.target_users.push_back(user);
          break;
        }
        auto& users = it->second.target_users;
        auto found = std::find_if(users.begin(), users.end(), [&](const TargetUserRecord& u) { return u.id == a.target_id; });
        if (found == users.end()) return false;
        user.id = a.target_id;
        *found = user;
        break;
      }
      case ObjectType::TargetGroup: {
        auto it = live->details.find(company_id);
        if (it == live->details.end()) return false;
        LiveCompany& c = it->second;
        c.target_groups_read = true;
        TargetGroupRecord group = a.As<TargetGroupBody>()->record;
        if (a.type == ActionType::Create) {
          group.id = new_id("target-group");
          c.target_groups.push_back(group);
          produced[a.address] = group.id;
          break;
        }
        auto found = std::find_if(c.target_groups.begin(), c.target_groups.end(),
                                  [&](const TargetGroupRecord& g) { return g.id == a.target_id; });
        if (found == c.target_groups.end()) return false;
        if (a.type == ActionType::Update) {
          found->name = group.name;
          found->priority = group.priority;
          break;
        }
        c.target_groups.erase(found);
        c.target_group_members.erase(a.target_id);
        for (TargetUserRecord& u : c.target_users)
          if (u.target_group_ids) std::erase(*u.target_group_ids, a.target_id);
        break;
      }
      case ObjectType::TargetGroupMembers: {
        auto it = live->details.find(company_id);
        const TargetGroupMembersBody& m = *a.As<TargetGroupMembersBody>();
        std::string group_id = resolve(m.group);
        if (it == live->details.end() || group_id.empty()) return false;
        std::vector<std::string>& members = it->second.target_group_members[group_id];
        for (const std::string& user_id : m.user_ids) {
          std::erase(members, user_id);
          if (a.type == ActionType::AddParticipant) members.push_back(user_id);
          for (TargetUserRecord& u : it->second.target_users) {
            if (u.id != user_id) continue;
            std::vector<std::string>& ids = u.target_group_ids ? *u.target_group_ids : u.target_group_ids.emplace();
            std::erase(ids, group_id);
            if (a.type == ActionType::AddParticipant) ids.push_back(group_id);
          }
        }
        break;
      }
    }
  }
  return true;
}

DesiredState LargeDesired(int customers, int users) {
  DesiredState d;
  for (int i = 0; i < customers; ++i) {
    DesiredCustomer c = MakeCustomer(fmt::format("c{}", i), fmt::format("Customer {}", i));
    c.target_users.reserve(users);
    for (int u = 0; u < users; ++u) {
      c.target_users.push_back(MakeTargetUser(fmt::format("user{}@c{}.example", u, i)));
      c.target_users.back().time_zone = "Turkey Standard Time";
    }
    d.customers.push_back(std::move(c));
  }
  return d;
}

}  // namespace onboard::fixtures
