#include "engine/export/exporter.h"

#include <algorithm>

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

namespace onboard {
namespace {

Catalog TestCatalog() {
  Catalog c;
  c.countries = {{"c-tr", "Turkey", "TR", "TR"}, {"c-us", "United States", "US", "US"}, {"c-de", "Germany", "", "DE"}};
  c.industries = {{"i-tech", "Technology", "TECH", ""}, {"i-fin", "Finance", "", ""}};
  c.license_types = {{"lt-ent", "Enterprise", "", ""}, {"lt-pro", "Professional", "", ""}};
  c.modules_by_license_type["lt-ent"] = {{"m-phish", "Phishing Simulator", "", ""}, {"m-aware", "Awareness Educator", "", ""}};
  c.modules_by_license_type["lt-pro"] = {{"m-phish-pro", "Phishing Simulator", "", ""}};
  c.all_modules = {{"m-phish", "Phishing Simulator", "", ""}, {"m-aware", "Awareness Educator", "", ""},
                   {"m-phish-pro", "Phishing Simulator", "", ""}};
  c.license_periods = {{"p-year", "Yearly", "", ""}, {"p-month", "Monthly", "", ""}};
  c.languages = {{"l-en", "English", "en", ""}, {"l-pt-br", "Portuguese", "pt-BR", ""},
                 {"l-pt-pt", "Portuguese", "pt-PT", ""}, {"l-x1", "Klingon", "", ""}, {"l-x2", "Klingon", "", ""}};
  c.time_zones = {{"Turkey Standard Time", "(UTC+03:00) Istanbul", "", ""}, {"UTC", "(UTC) Coordinated Universal Time", "", ""}};
  c.date_formats = {{"dd/MM/yyyy", "dd/MM/yyyy", "", ""}, {"MM/dd/yyyy", "MM/dd/yyyy", "", ""}};
  c.time_formats = {{"HH:mm", "HH:mm", "", ""}, {"hh:mm", "hh:mm", "", ""}};
  return c;
}

LiveCompany Company(const std::string& id, const std::string& name, const std::string& country = "c-tr") {
  LiveCompany c;
  c.company.id = id;
  c.company.name = name;
  c.company.industry_id = "i-tech";
  c.company.country_id = country;
  c.company.license_type_id = "lt-ent";
  c.company.license_period_id = "p-year";
  c.company.number_of_users = 100;
  c.company.users_limited = true;
  c.company.time_zone_id = "Turkey Standard Time";
  c.company.date_format = "dd/MM/yyyy";
  c.company.time_format = "HH:mm";
  c.roles = {{"r-admin-" + id, "Company Admin"}, {"r-view-" + id, "Viewer"}};
  return c;
}

void Add(LiveState* live, LiveCompany company) {
  live->companies.push_back({company.company.id, company.company.name, {}, {}, 0});
  std::string id = company.company.id;
  live->details[id] = std::move(company);
}

const ExportedFile* FindFile(const ExportResult& r, const std::string& path) {
  for (const ExportedFile& f : r.files)
    if (f.path == path) return &f;
  return nullptr;
}

YAML::Node Load(const ExportResult& r, const std::string& path) {
  const ExportedFile* f = FindFile(r, path);
  REQUIRE_MESSAGE(f, path);
  return YAML::Load(f->content);
}

bool HasWarning(const ExportResult& r, const std::string& text) {
  for (const Diagnostic& d : r.diagnostics.items())
    if (d.ToString().find(text) != std::string::npos) return true;
  return false;
}

TargetUserRecord User(const std::string& email, const std::string& phone) {
  TargetUserRecord u;
  u.id = "u-" + email;
  u.email = email;
  u.phone = phone;
  u.first_name = "First";
  return u;
}

TEST_SUITE("export") {
  TEST_CASE("keys are lowercase, dashed, trimmed and within 63 characters") {
    CHECK(KeyFromName("Acme Corp") == "acme-corp");
    CHECK(KeyFromName("  Acme -- Corp, Ltd.  ") == "acme-corp-ltd");
    CHECK(KeyFromName("Müller & Söhne GmbH") == "m-ller-s-hne-gmbh");
    CHECK(KeyFromName("日本") == "customer");
    CHECK(KeyFromName("") == "customer");
    std::string long_name(40, 'a');
    long_name += " " + std::string(40, 'b');
    std::string key = KeyFromName(long_name);
    CHECK(key.size() <= 63);
    CHECK(key.back() != '-');
    CHECK(KeyFromName(std::string(62, 'a') + " b").size() == 62);  // no dangling dash
  }

  TEST_CASE("duplicate keys get -2, -3 by company id, whatever the order, skipping taken keys") {
    std::vector<CompanySummary> companies = {
        {"id-c", "Acme", {}, {}, 0}, {"id-a", "ACME", {}, {}, 0}, {"id-b", "acme!", {}, {}, 0}, {"id-d", "Acme 2", {}, {}, 0}};
    std::map<std::string, std::string> keys = AssignKeys(companies);
    CHECK(keys["id-a"] == "acme");
    CHECK(keys["id-b"] == "acme-3");  // acme-2 is Acme 2's own key
    CHECK(keys["id-c"] == "acme-4");
    CHECK(keys["id-d"] == "acme-2");
    std::reverse(companies.begin(), companies.end());
    CHECK(AssignKeys(companies) == keys);
  }

  TEST_CASE("a customer file holds the company, license, groups, admins and users, with names for references") {
    LiveState live;
    live.catalog = TestCatalog();
    LiveCompany c = Company("x1", "Acme Corp");
    c.company.description = "Security awareness";
    c.company.license_module_ids = {"m-aware", "Phishing Simulator"};  // ids or names on the wire
    c.company.license_start = "2026-01-01T00:00:00Z";
    c.company.license_end = "2027-01-01T12:30:00";
    c.company.preferred_language_id = "l-pt-br";
    c.company.tags = {"gold", "emea", "gold"};
    c.company.group_ids = {"g-1"};
    SystemUserRecord admin;
    admin.email = "Ada@acme.example";
    admin.first_name = "Ada";
    admin.last_name = "Admin";
    admin.phone = "05550000000";
    admin.role_names = {"company admin"};
    admin.status_id = 1;
    c.admins = {admin};
    c.target_users = {User("zed@acme.example", "+905551111111"), User("amy@acme.example", "0555")};
    c.target_users[0].time_zone_id = "UTC";
    c.target_users[0].priority = "high";
    c.target_users[0].active = false;
    Add(&live, c);
    live.groups = {{"g-1", "EMEA Partners", 1}, {"g-2", "Gold: Tier", 0}};

    ExportOptions options;
    options.defaults = false;
    ExportResult r = ExportManifests(live, options);
    CHECK(r.diagnostics.empty());
    REQUIRE(r.files.size() == 2);
    CHECK(r.files[0].path == "customers/acme-corp.yaml");
    CHECK(r.files[1].path == "groups.yaml");

    YAML::Node doc = Load(r, "customers/acme-corp.yaml");
    CHECK(doc["apiVersion"].as<std::string>() == "onboard/v1");
    CHECK(doc["kind"].as<std::string>() == "Customer");
    CHECK(doc["metadata"]["name"].as<std::string>() == "acme-corp");
    YAML::Node company = doc["spec"]["company"];
    CHECK(company["name"].as<std::string>() == "Acme Corp");
    CHECK_FALSE(company["resourceId"]);  // matched by name: the name is unique
    CHECK(company["industry"].as<std::string>() == "Technology");
    CHECK(company["country"].as<std::string>() == "TR");
    CHECK(company["timeZone"].as<std::string>() == "Turkey Standard Time");
    CHECK(company["dateFormat"].as<std::string>() == "dd/MM/yyyy");
    CHECK(company["timeFormat"].as<std::string>() == "HH:mm");
    CHECK(company["preferredLanguage"].as<std::string>() == "pt-BR");  // two "Portuguese": the code
    CHECK(company["tags"].as<std::vector<std::string>>() == std::vector<std::string>{"gold", "emea"});
    CHECK_FALSE(company["address"]);  // empty: not managed
    YAML::Node license = doc["spec"]["license"];
    CHECK(license["type"].as<std::string>() == "Enterprise");
    CHECK(license["period"].as<std::string>() == "Yearly");
    CHECK(license["modules"].as<std::vector<std::string>>() ==
          std::vector<std::string>{"Awareness Educator", "Phishing Simulator"});
    CHECK(license["users"].as<int>() == 100);
    CHECK(license["limited"].as<bool>() == true);
    CHECK(license["start"].as<std::string>() == "2026-01-01");
    CHECK(license["end"].as<std::string>() == "2027-01-01T12:30:00");
    CHECK(doc["spec"]["groups"].as<std::vector<std::string>>() == std::vector<std::string>{"emea-partners"});

    YAML::Node admins = doc["spec"]["admins"];
    REQUIRE(admins.size() == 1);
    CHECK(admins[0]["email"].as<std::string>() == "Ada@acme.example");
    CHECK(admins[0]["phone"].as<std::string>() == "05550000000");
    CHECK(admins[0]["phone"].Tag() == "!");  // quoted
    CHECK(admins[0]["roles"].as<std::vector<std::string>>() == std::vector<std::string>{"Company Admin"});
    CHECK(admins[0]["active"].as<bool>() == true);

    YAML::Node users = doc["spec"]["targetUsers"];
    REQUIRE(users.size() == 2);
    CHECK(users[0]["email"].as<std::string>() == "amy@acme.example");  // sorted by email
    CHECK(users[0]["phone"].Tag() == "!");
    CHECK(users[0]["phone"].as<std::string>() == "0555");
    CHECK(users[1]["priority"].as<std::string>() == "High");
    CHECK(users[1]["active"].as<bool>() == false);
    CHECK(users[1]["timeZone"].as<std::string>() == "UTC");
    CHECK_FALSE(users[1]["manager"]);  // not read in detail

    std::vector<YAML::Node> groups = YAML::LoadAll(FindFile(r, "groups.yaml")->content);
    REQUIRE(groups.size() == 2);
    CHECK(groups[0]["kind"].as<std::string>() == "CompanyGroup");
    CHECK(groups[0]["metadata"]["name"].as<std::string>() == "emea-partners");
    CHECK(groups[0]["spec"]["name"].as<std::string>() == "EMEA Partners");
    CHECK(groups[1]["metadata"]["name"].as<std::string>() == "gold-tier");
    CHECK(groups[1]["spec"]["name"].as<std::string>() == "Gold: Tier");
  }

  TEST_CASE("a reference no name names alone is written as its id, one not listed is left out") {
    LiveState live;
    live.catalog = TestCatalog();
    LiveCompany c = Company("x1", "Acme");
    c.company.preferred_language_id = "l-x2";  // two "Klingon", no code
    c.company.industry_id = "i-gone";
    Add(&live, c);
    ExportResult r = ExportManifests(live, {});
    YAML::Node company = Load(r, "customers/acme.yaml")["spec"]["company"];
    CHECK(company["preferredLanguage"].as<std::string>() == "l-x2");
    CHECK_FALSE(company["industry"]);
    CHECK(HasWarning(r, "written as its id"));
    CHECK(HasWarning(r, "industry \"i-gone\" is not in the platform's list"));
  }

  TEST_CASE("modules resolve among those the license type offers") {
    LiveState live;
    live.catalog = TestCatalog();
    LiveCompany c = Company("x1", "Pro Co");
    c.company.license_type_id = "lt-pro";
    c.company.license_module_ids = {"m-phish-pro"};
    Add(&live, c);
    ExportResult r = ExportManifests(live, {});
    CHECK(Load(r, "customers/pro-co.yaml")["spec"]["license"]["modules"][0].as<std::string>() == "Phishing Simulator");
    CHECK(r.diagnostics.empty());
  }

  TEST_CASE("Defaults hold what more than half of the customers share, customer files leave it out") {
    LiveState live;
    live.catalog = TestCatalog();
    Add(&live, Company("a", "Alpha", "c-tr"));
    Add(&live, Company("b", "Beta", "c-tr"));
    LiveCompany gamma = Company("c", "Gamma", "c-us");
    gamma.company.time_format = "hh:mm";
    gamma.company.users_limited = false;
    Add(&live, gamma);
    LiveCompany delta = Company("d", "Delta", "c-us");
    delta.company.time_zone_id = "";  // no time zone: Defaults must not give it one
    Add(&live, delta);

    ExportResult r = ExportManifests(live, {});
    YAML::Node defaults = Load(r, "defaults.yaml");
    CHECK(defaults["kind"].as<std::string>() == "Defaults");
    CHECK_FALSE(defaults["metadata"]);
    CHECK_FALSE(defaults["spec"]["company"]["country"]);  // 2 of 4 is not more than half
    CHECK_FALSE(defaults["spec"]["company"]["timeZone"]);  // Delta has none
    CHECK(defaults["spec"]["company"]["dateFormat"].as<std::string>() == "dd/MM/yyyy");
    CHECK(defaults["spec"]["company"]["timeFormat"].as<std::string>() == "HH:mm");
    CHECK(defaults["spec"]["license"]["period"].as<std::string>() == "Yearly");
    CHECK(defaults["spec"]["license"]["limited"].as<bool>() == true);

    YAML::Node alpha = Load(r, "customers/alpha.yaml")["spec"];
    CHECK(alpha["company"]["country"].as<std::string>() == "TR");
    CHECK(alpha["company"]["timeZone"].as<std::string>() == "Turkey Standard Time");
    CHECK_FALSE(alpha["company"]["dateFormat"]);
    CHECK_FALSE(alpha["company"]["timeFormat"]);
    CHECK_FALSE(alpha["license"]["period"]);
    CHECK_FALSE(alpha["license"]["limited"]);
    YAML::Node g = Load(r, "customers/gamma.yaml")["spec"];
    CHECK(g["company"]["timeFormat"].as<std::string>() == "hh:mm");
    CHECK(g["license"]["limited"].as<bool>() == false);
    CHECK_FALSE(Load(r, "customers/delta.yaml")["spec"]["company"]["timeZone"]);

    ExportOptions no_defaults;
    no_defaults.defaults = false;
    ExportResult full = ExportManifests(live, no_defaults);
    CHECK_FALSE(FindFile(full, "defaults.yaml"));
    CHECK(Load(full, "customers/alpha.yaml")["spec"]["license"]["period"].as<std::string>() == "Yearly");
  }

  TEST_CASE("awkward values read back exactly") {
    LiveState live;
    live.catalog = TestCatalog();
    const std::vector<std::string> awkward = {
        "Acme: \"The\" Company", "Çağrı Şirketi", "  padded  ", "true", "0123", "null", "- dash", "#hash",
        "a #b", "yes", "1e5", "O'Brien", "[x]", "@at", "x: y, z", "*star", "multi\nline"};
    LiveCompany c = Company("x1", awkward[0]);
    c.company.description = awkward[1];
    c.company.address = awkward[14];
    c.company.tags = {"true", "0123", "a,b", "x: y"};
    size_t i = 0;
    for (const std::string& v : awkward) {
      ++i;
      TargetUserRecord u = User("u" + std::to_string(10 + i) + "@acme.example", "00" + std::to_string(i));
      u.first_name = v.size() <= 40 ? v : "x";
      u.department = v;
      c.target_users.push_back(u);
    }
    Add(&live, c);
    ExportResult r = ExportManifests(live, {});
    YAML::Node spec = Load(r, "customers/acme-the-company.yaml")["spec"];
    CHECK(spec["company"]["name"].as<std::string>() == awkward[0]);
    CHECK(spec["company"]["description"].as<std::string>() == awkward[1]);
    CHECK(spec["company"]["address"].as<std::string>() == awkward[14]);
    CHECK(spec["company"]["tags"].as<std::vector<std::string>>() == c.company.tags);
    for (const YAML::Node& t : spec["company"]["tags"]) CHECK(t.Tag() == "!");  // none reads as a number
    YAML::Node users = spec["targetUsers"];
    REQUIRE(users.size() == awkward.size());
    for (size_t k = 0; k < awkward.size(); ++k) {
      CAPTURE(awkward[k]);
      CHECK(users[k]["department"].as<std::string>() == awkward[k]);
      CHECK(users[k]["phone"].Tag() == "!");
      CHECK(users[k]["phone"].as<std::string>().rfind("00", 0) == 0);
    }
    // Values the manifest reader would type (true, 0123, null, yes, 1e5) are quoted.
    const std::string& text = FindFile(r, "customers/acme-the-company.yaml")->content;
    CHECK(text.find("department: \"true\"") != std::string::npos);
    CHECK(text.find("department: \"0123\"") != std::string::npos);
    CHECK(text.find("department: \"null\"") != std::string::npos);
    CHECK(text.find("Çağrı Şirketi") != std::string::npos);  // UTF-8 as is, not escaped
  }

  TEST_CASE("values the manifest format cannot hold are left out with a warning") {
    LiveState live;
    live.catalog = TestCatalog();
    LiveCompany c = Company("x1", "Acme");
    c.company.number_of_users = 0;
    c.company.tags = {"ok", ""};
    SystemUserRecord no_phone;
    no_phone.email = "a@acme.example";
    no_phone.first_name = "A";
    no_phone.last_name = "B";
    c.admins = {no_phone};
    TargetUserRecord u = User("u@acme.example", "");
    u.first_name = std::string(41, 'x');
    u.priority = "Critical";
    c.target_users = {u, User("U@ACME.example", "1"), User("not an email", "1")};
    c.company.license_start = "2027-01-01T00:00:00";
    c.company.license_end = "2026-01-01T00:00:00";
    Add(&live, c);
    ExportResult r = ExportManifests(live, {});
    YAML::Node spec = Load(r, "customers/acme.yaml")["spec"];
    CHECK_FALSE(spec["license"]["users"]);
    CHECK_FALSE(spec["license"]["start"]);
    CHECK_FALSE(spec["license"]["end"]);
    CHECK_FALSE(spec["company"]["tags"]);
    CHECK_FALSE(spec["admins"]);
    REQUIRE(spec["targetUsers"].size() == 1);
    CHECK(spec["targetUsers"][0]["email"].as<std::string>() == "u@acme.example");  // the first live one
    CHECK_FALSE(spec["targetUsers"][0]["phone"]);
    CHECK_FALSE(spec["targetUsers"][0]["firstName"]);
    CHECK_FALSE(spec["targetUsers"][0]["priority"]);
    CHECK(r.diagnostics.warning_count() == 8);
    CHECK_FALSE(r.diagnostics.has_errors());
  }

  TEST_CASE("two live companies with one name are pinned by resourceId") {
    LiveState live;
    live.catalog = TestCatalog();
    Add(&live, Company("id-2", "Twin"));
    Add(&live, Company("id-1", "Twin "));
    Add(&live, Company("id-3", "Solo"));
    Add(&live, Company("id-4", "CASE"));
    Add(&live, Company("id-5", "case"));
    ExportResult r = ExportManifests(live, {});
    CHECK(Load(r, "customers/twin.yaml")["spec"]["company"]["resourceId"].as<std::string>() == "id-1");
    CHECK(Load(r, "customers/twin-2.yaml")["spec"]["company"]["resourceId"].as<std::string>() == "id-2");
    CHECK_FALSE(Load(r, "customers/solo.yaml")["spec"]["company"]["resourceId"]);
    CHECK(Load(r, "customers/case-2.yaml")["spec"]["company"]["resourceId"].as<std::string>() == "id-5");
    ExportOptions pin;
    pin.pin_ids = true;
    CHECK(Load(ExportManifests(live, pin), "customers/solo.yaml")["spec"]["company"]["resourceId"].as<std::string>() ==
          "id-3");
  }

  TEST_CASE("a subset keeps the keys a full export gives") {
    LiveState live;
    live.catalog = TestCatalog();
    Add(&live, Company("id-1", "Twin"));
    Add(&live, Company("id-2", "Twin"));
    live.details.erase("id-1");
    ExportResult r = ExportManifests(live, {});
    CHECK(FindFile(r, "customers/twin-2.yaml"));
    CHECK(r.customers == 1);
  }

  TEST_CASE("exporting twice gives the same bytes, whatever order the live state was read in") {
    LiveState live;
    live.catalog = TestCatalog();
    LiveCompany c = Company("x1", "Acme");
    for (int i = 0; i < 30; ++i) c.target_users.push_back(User("user" + std::to_string(i * 7 % 30) + "@a.example", "1"));
    c.company.group_ids = {"g-2", "g-1"};
    Add(&live, c);
    Add(&live, Company("x2", "Beta"));
    live.groups = {{"g-2", "Two", 0}, {"g-1", "One", 0}};
    ExportResult first = ExportManifests(live, {});
    std::reverse(live.details["x1"].target_users.begin(), live.details["x1"].target_users.end());
    std::reverse(live.groups.begin(), live.groups.end());
    std::reverse(live.companies.begin(), live.companies.end());
    ExportResult second = ExportManifests(live, {});
    REQUIRE(first.files.size() == second.files.size());
    for (size_t i = 0; i < first.files.size(); ++i) {
      CHECK(first.files[i].path == second.files[i].path);
      CHECK(first.files[i].content == second.files[i].content);
    }
    CHECK(Load(first, "customers/acme.yaml")["spec"]["groups"].as<std::vector<std::string>>() ==
          std::vector<std::string>{"one", "two"});
  }

  TEST_CASE("target users go to a CSV file above the threshold, or as the options force") {
    LiveState live;
    live.catalog = TestCatalog();
    LiveCompany big = Company("x1", "Big");
    for (int i = 0; i < 51; ++i) big.target_users.push_back(User("u" + std::to_string(100 + i) + "@big.example", "0" + std::to_string(i)));
    big.target_users[0].department = "R&D, \"Labs\"";
    big.target_users[0].active = true;
    LiveCompany small = Company("x2", "Small");
    for (int i = 0; i < 50; ++i) small.target_users.push_back(User("u" + std::to_string(100 + i) + "@small.example", "1"));
    SystemUserRecord admin;
    admin.email = "a@big.example";
    admin.first_name = "A";
    admin.last_name = "B";
    admin.phone = "1";
    big.admins = {admin};
    Add(&live, big);
    Add(&live, small);

    ExportResult r = ExportManifests(live, {});
    YAML::Node big_spec = Load(r, "customers/big.yaml")["spec"];
    CHECK(big_spec["targetUsersCsv"].as<std::string>() == "users/big.csv");
    CHECK_FALSE(big_spec["targetUsers"]);
    CHECK(big_spec["admins"].size() == 1);  // admins stay inline
    const ExportedFile* csv = FindFile(r, "customers/users/big.csv");
    REQUIRE(csv);
    CHECK(csv->content.rfind("email,phone,firstName,department,active\n"
                             "u100@big.example,00,First,\"R&D, \"\"Labs\"\"\",true\n"
                             "u101@big.example,01,First,,\n",
                             0) == 0);
    CHECK(std::count(csv->content.begin(), csv->content.end(), '\n') == 52);
    CHECK(Load(r, "customers/small.yaml")["spec"]["targetUsers"].size() == 50);
    CHECK_FALSE(FindFile(r, "customers/users/small.csv"));
    CHECK(r.target_users == 101);

    ExportOptions inline_users;
    inline_users.users = UsersMode::Inline;
    ExportResult all_inline = ExportManifests(live, inline_users);
    CHECK(Load(all_inline, "customers/big.yaml")["spec"]["targetUsers"].size() == 51);
    CHECK_FALSE(FindFile(all_inline, "customers/users/big.csv"));

    ExportOptions csv_users;
    csv_users.users = UsersMode::Csv;
    ExportResult all_csv = ExportManifests(live, csv_users);
    CHECK(FindFile(all_csv, "customers/users/small.csv"));
    CHECK(Load(all_csv, "customers/small.yaml")["spec"]["targetUsersCsv"].as<std::string>() == "users/small.csv");
  }
}

}  // namespace
}  // namespace onboard
