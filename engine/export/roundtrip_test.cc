// The headline property without a network: export a live state, load the files with the
// manifest loader, plan them against the same live state with the planner: no error, no
// action.

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "engine/export/exporter.h"
#include "engine/manifest/loader.h"
#include "engine/plan/planner.h"

namespace onboard {
namespace {

namespace fs = std::filesystem;

Catalog FleetCatalog() {
  Catalog c;
  c.countries = {{"c-tr", "Turkey", "TR", "TR"}, {"c-us", "United States", "US", "US"}, {"c-de", "Germany", "DE", "DE"}};
  c.industries = {{"i-tech", "Technology", "TECH", ""}, {"i-fin", "Finance", "FIN", ""}};
  c.license_types = {{"lt-ent", "Enterprise", "", ""}, {"lt-pro", "Professional", "", ""}};
  c.modules_by_license_type["lt-ent"] = {{"m-phish", "Phishing Simulator", "", ""}, {"m-aware", "Awareness Educator", "", ""}};
  c.modules_by_license_type["lt-pro"] = {{"m-phish-pro", "Phishing Simulator", "", ""}};
  c.all_modules = {{"m-phish", "Phishing Simulator", "", ""}, {"m-aware", "Awareness Educator", "", ""},
                   {"m-phish-pro", "Phishing Simulator", "", ""}};
  c.license_periods = {{"p-year", "Yearly", "", ""}, {"p-month", "Monthly", "", ""}};
  c.languages = {{"l-en", "English", "en", ""}, {"l-pt-br", "Portuguese", "pt-BR", ""}, {"l-pt-pt", "Portuguese", "pt-PT", ""}};
  c.time_zones = {{"Turkey Standard Time", "Istanbul", "", ""}, {"UTC", "UTC", "", ""}};
  c.date_formats = {{"dd/MM/yyyy", "dd/MM/yyyy", "", ""}, {"MM/dd/yyyy", "MM/dd/yyyy", "", ""}};
  c.time_formats = {{"HH:mm", "HH:mm", "", ""}, {"hh:mm", "hh:mm", "", ""}};
  return c;
}

// 50 customers with awkward values: quotes, colons, non-ASCII, leading zeros, empty
// optional fields, names that collide as keys.
LiveState Fleet() {
  LiveState live;
  live.catalog = FleetCatalog();
  live.groups = {{"g-emea", "EMEA Partners", 0}, {"g-gold", "Gold: \"Tier 1\"", 0}, {"g-tr", "Türkiye", 0}};
  const std::vector<std::string> names = {"Acme Corp", "Acme: \"The\" Company", "Çağrı Şirketi A.Ş.", "O'Brien & Sons",
                                          "0042 Holdings", "true", "Twin", "Twin Peaks", "acme corp!", "東京 Trading"};
  for (int i = 0; i < 50; ++i) {
    LiveCompany c;
    CompanyRecord& r = c.company;
    r.id = fmt::format("C{:04}xyzABCD", i);
    r.name = i < static_cast<int>(names.size()) ? names[i] : fmt::format("Customer #{} (Ltd.)", i);
    r.description = i % 3 == 0 ? "" : "Line: with \"quotes\" and # hash";
    r.industry_id = i % 2 ? "i-tech" : "i-fin";
    r.country_id = i % 4 == 0 ? "c-us" : "c-tr";
    r.address = i % 5 == 0 ? "" : "Bağdat Cd. No:5, İstanbul";
    r.website_url = i % 2 ? "https://example.com/a?b=c#d" : "";
    r.license_type_id = i % 7 == 0 ? "lt-pro" : "lt-ent";
    r.license_period_id = i % 6 == 0 ? "p-month" : "p-year";
    r.license_module_ids = i % 7 == 0 ? std::vector<std::string>{"m-phish-pro"}
                                      : std::vector<std::string>{"m-phish", "Awareness Educator"};
    r.license_start = i % 9 == 0 ? "" : "2025-01-01T00:00:00";
    r.license_end = i % 9 == 0 ? "" : "2026-06-30T00:00:00";
    r.users_limited = i % 5 != 0;
    r.number_of_users = 10 + i;
    r.preferred_language_id = i % 3 == 0 ? "l-pt-br" : (i % 3 == 1 ? "l-en" : "");
    r.time_zone_id = i % 8 == 0 ? "UTC" : "Turkey Standard Time";
    r.date_format = "dd/MM/yyyy";
    r.time_format = i % 10 == 0 ? "hh:mm" : "HH:mm";
    if (i % 4 == 1) r.tags = {"gold", "0123", "a: b"};
    if (i % 3 == 0) r.group_ids.push_back("g-emea");
    if (i % 5 == 0) r.group_ids.push_back("g-tr");
    c.roles = {{"R-admin-" + r.id, "Company Admin"}, {"R-ro-" + r.id, "Read Only Admin"}};
    SystemUserRecord admin;
    admin.id = "A" + r.id;
    admin.email = fmt::format("Admin{}@Customer{}.example", i, i);
    admin.first_name = "Zoë";
    admin.last_name = "D'Arcy";
    admin.phone = "0090555000" + std::to_string(i);
    admin.role_names = i % 2 ? std::vector<std::string>{"Company Admin"}
                             : std::vector<std::string>{"Company Admin", "Read Only Admin"};
    admin.status_id = 1;
    c.admins.push_back(admin);
    int users = i % 10 == 3 ? 60 : i % 4;  // a few above the CSV threshold
    for (int u = 0; u < users; ++u) {
      TargetUserRecord t;
      t.id = fmt::format("T{}-{}", i, u);
      t.email = fmt::format("user{}@customer{}.example", u, i);
      t.phone = fmt::format("0{}", 5550000000L + u);
      t.first_name = u % 3 == 0 ? "Ayşe" : "Jane \"JJ\"";
      t.last_name = u % 2 ? "" : "Doe, Jr.";
      t.department = u % 4 == 0 ? "R&D: Labs" : "";
      t.priority = u % 5 == 0 ? "High" : "Medium";
      t.active = u % 6 != 0;
      t.time_zone_id = u % 7 == 0 ? "UTC" : "";
      t.preferred_language_id = u % 8 == 0 ? "l-pt-pt" : "";
      c.target_users.push_back(t);
    }
    if (i % 2 == 0) {  // target groups read, with members (u even: Alpha, u % 3 == 0: "Beta, Inc.")
      c.target_groups_read = true;
      c.target_groups = {{"TA" + r.id, "Alpha", "High", ""}, {"TB" + r.id, "Beta, Inc.", "Low", ""},
                         {"TE" + r.id, "Empty", "Medium", ""}};
      for (TargetUserRecord& t : c.target_users) {
        int u = std::stoi(t.id.substr(t.id.find('-') + 1));
        t.target_group_ids.emplace();
        if (u % 2 == 0) t.target_group_ids->push_back("TA" + r.id), c.target_group_members["TA" + r.id].push_back(t.id);
        if (u % 3 == 0) t.target_group_ids->push_back("TB" + r.id), c.target_group_members["TB" + r.id].push_back(t.id);
      }
    }
    live.companies.push_back({r.id, r.name, r.license_end, std::to_string(r.number_of_users), users});
    live.details[r.id] = std::move(c);
  }
  return live;
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / fmt::format("onboard-export-{}-{}", getpid(), counter_++);
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

void Write(const fs::path& root, const ExportResult& result) {
  for (const ExportedFile& f : result.files) {
    fs::create_directories((root / f.path).parent_path());
    std::ofstream(root / f.path, std::ios::binary) << f.content;
  }
}

std::string Joined(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.items()) out += d.ToString() + "\n";
  return out;
}

void CheckRoundTrip(const LiveState& live, const ExportOptions& options) {
  ExportResult result = ExportManifests(live, options);
  CHECK_MESSAGE(result.diagnostics.empty(), Joined(result.diagnostics));
  TempDir dir;
  Write(dir.path(), result);
  Diagnostics load;
  DesiredState desired = LoadManifests({dir.path().string()}, &load);
  REQUIRE_MESSAGE(!load.has_errors(), Joined(load));
  CHECK(desired.customers.size() == live.details.size());
  Plan plan = MakePlan(desired, live, {});
  CHECK_MESSAGE(!plan.diagnostics.has_errors(), Joined(plan.diagnostics));
  std::string actions;
  for (const Action& a : plan.actions) {
    actions += a.address + ":";
    for (const FieldChange& c : a.changes) actions += fmt::format(" {} [{}] -> [{}]", c.field, c.before, c.after);
    actions += "\n";
  }
  CHECK_MESSAGE(plan.actions.empty(), actions);
  // The target groups and memberships made it into the manifests.
  size_t groups = 0, members = 0;
  for (const DesiredCustomer& c : desired.customers) {
    groups += c.target_groups.size();
    for (const DesiredTargetUser& u : c.target_users) members += u.groups ? u.groups->size() : 0;
  }
  size_t live_groups = 0, live_members = 0;
  for (const auto& [id, c] : live.details) {
    live_groups += c.target_groups.size();
    for (const auto& [g, m] : c.target_group_members) live_members += m.size();
  }
  CHECK(groups == live_groups);
  CHECK(members == live_members);
  CHECK(groups > 0);
}

TEST_SUITE("export") {
  TEST_CASE("round trip: an exported fleet loads without error and plans no change") {
    LiveState live = Fleet();
    SUBCASE("defaults, users by threshold") { CheckRoundTrip(live, {}); }
    SUBCASE("users inline, no defaults, every company pinned") {
      ExportOptions options;
      options.users = UsersMode::Inline;
      options.defaults = false;
      options.pin_ids = true;
      CheckRoundTrip(live, options);
    }
    SUBCASE("users in CSV files") {
      ExportOptions options;
      options.users = UsersMode::Csv;
      CheckRoundTrip(live, options);
    }
  }
}

}  // namespace
}  // namespace onboard
