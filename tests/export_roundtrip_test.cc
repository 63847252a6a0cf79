// End to end: seed keepnet-sim with a fleet of 50 customers with awkward values, run the real
// `onboard export`, then `onboard validate` (ok) and `onboard plan --detailed-exitcode`
// (exit 0: no change) on what it wrote; export again: the same bytes.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "tests/support/child_process.h"
#include "tests/support/sim_process.h"

namespace onboard {
namespace {

namespace fs = std::filesystem;
using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

// The /_sim/seed document (tools/keepnet-sim/README.md): 50 companies with quotes, colons,
// non-ASCII, leading zeros in phones, empty optional fields, admins with roles, groups,
// and two customers above the CSV threshold.
std::string FleetSeed() {
  const std::vector<std::string> names = {"Acme: \"The\" Company", "Çağrı Şirketi A.Ş.", "O'Brien & Sons",
                                          "0042 Holdings", "true", "東京 Trading", "acme the company"};
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("companies");
  w.StartArray();
  std::vector<std::string> all;
  for (int i = 0; i < 50; ++i) {
    std::string name = i < static_cast<int>(names.size()) ? names[i] : fmt::format("Customer #{} (Ltd.)", i);
    all.push_back(name);
    w.StartObject();
    Str(w, "name", name);
    if (i % 3) Str(w, "description", "Line: with \"quotes\" and # hash");
    Str(w, "industry", i % 2 ? "Technology" : "Finance");
    Str(w, "country", i % 4 ? "TR" : "US");
    if (i % 5) Str(w, "address", "Bağdat Cd. No:5, İstanbul");
    Str(w, "licenseType", i % 7 ? "Enterprise" : "Professional");
    w.Key("licenseModules");
    w.StartArray();
    w.String("Phishing Simulator");
    if (i % 2) w.String("Awareness Educator");
    w.EndArray();
    Str(w, "licensePeriod", i % 6 ? "Yearly" : "Monthly");
    if (i % 3 == 0) Str(w, "language", "pt-BR");
    if (i % 9) {
      Str(w, "licenseStartDate", "2025-01-01");
      Str(w, "licenseEndDate", "2026-06-30");
    }
    w.Key("isNumberOfUsersLimited");
    w.Bool(i % 5 != 0);
    w.Key("numberOfUsers");
    w.Int(100 + i);
    Str(w, "timeZoneId", i % 8 ? "Turkey Standard Time" : "UTC");
    Str(w, "dateFormat", "dd/MM/yyyy");
    Str(w, "timeFormat", i % 10 ? "HH:mm" : "hh:mm tt");
    if (i % 4 == 1) {
      w.Key("tags");
      w.StartArray();
      w.String("gold");
      w.String("0123");
      w.String("a: b");
      w.EndArray();
    }
    w.Key("systemUsers");
    w.StartArray();
    w.StartObject();
    Str(w, "firstName", "Zoë");
    Str(w, "lastName", "D'Arcy");
    Str(w, "email", fmt::format("admin{}@customer{}.example", i, i));
    Str(w, "phoneNumber", fmt::format("00905550{:03}", i));
    w.Key("roles");
    w.StartArray();
    w.String("Company Admin");
    if (i % 2) w.String("Read Only Admin");
    w.EndArray();
    w.EndObject();
    w.EndArray();
    w.Key("targetUsers");
    w.StartArray();
    for (int u = 0; u < i % 4; ++u) {
      w.StartObject();
      Str(w, "email", fmt::format("Person{}@Customer{}.example", u, i));
      Str(w, "firstName", u % 2 ? "Ayşe" : "Jane \"JJ\"");
      if (u % 2 == 0) Str(w, "lastName", "Doe, Jr.");
      if (u == 1) Str(w, "department", "R&D: Labs");
      Str(w, "phoneNumber", fmt::format("0555{:07}", u));
      Str(w, "priority", u == 2 ? "High" : "Medium");
      w.Key("isActive");
      w.Bool(u != 1);
      w.EndObject();
    }
    w.EndArray();
    if (i == 11 || i == 22) {
      w.Key("generateTargetUsers");
      w.Int(60);
    }
    // Target groups with members (one awkward name), an empty one, and one with a priority a
    // manifest cannot write (VeryHigh: exported without it).
    if (i % 4 >= 2) {
      w.Key("targetGroups");
      w.StartArray();
      w.StartObject();
      Str(w, "name", "Finance: \"A\", B");
      Str(w, "priority", "High");
      w.Key("members");
      w.StartArray();
      w.String(fmt::format("Person0@Customer{}.example", i).c_str());
      w.EndArray();
      w.EndObject();
      w.StartObject();
      Str(w, "name", "Ops");
      Str(w, "priority", i % 8 == 3 ? "VeryHigh" : "Low");
      w.Key("members");
      w.StartArray();
      w.String(fmt::format("Person0@Customer{}.example", i).c_str());
      w.String(fmt::format("Person1@Customer{}.example", i).c_str());
      w.EndArray();
      w.EndObject();
      w.StartObject();
      Str(w, "name", "Empty");
      w.EndObject();
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("companyGroups");
  w.StartArray();
  for (const auto& [group, step] : std::vector<std::pair<std::string, int>>{{"EMEA Partners", 3}, {"Gold: \"Tier 1\"", 5}}) {
    w.StartObject();
    Str(w, "name", group);
    w.Key("companies");
    w.StartArray();
    for (size_t i = 0; i < all.size(); i += static_cast<size_t>(step)) w.String(all[i].c_str());
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buffer.GetString();
}

std::map<std::string, std::string> ReadTree(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    files[fs::relative(entry.path(), root).string()] = buffer.str();
  }
  return files;
}

TEST_SUITE("export") {
  TEST_CASE("export a seeded fleet, validate and plan the files: no change, export again: same bytes") {
    test::SimProcess sim;
    std::string seeded = sim.post("/_sim/seed", FleetSeed());
    REQUIRE_MESSAGE(seeded.find("\"error\"") == std::string::npos, seeded);

    const fs::path dir = fs::temp_directory_path() / fmt::format("onboard-export-e2e-{}", getpid());
    fs::remove_all(dir);
    testing::ProcessOptions env;
    env.env = {{"KEEPNET_CLIENT_ID", "demo-client"}, {"KEEPNET_CLIENT_SECRET", "demo-secret"}, {"NO_COLOR", "1"}};
    const std::string out1 = (dir / "one").string(), out2 = (dir / "two").string();

    testing::ProcessResult exported = testing::Run({ONBOARD_PATH, "export", "--out", out1, "--api-url", sim.url()}, env);
    REQUIRE_MESSAGE(exported.exit_code == 0, exported.err);
    CHECK(exported.out.find("Exported 50 customer(s)") != std::string::npos);
    CHECK(exported.err.find("demo-secret") == std::string::npos);
    CHECK(fs::exists(fs::path(out1) / "customers" / "users" / "customer-11-ltd.csv"));
    CHECK(fs::exists(fs::path(out1) / "groups.yaml"));
    CHECK(fs::exists(fs::path(out1) / "defaults.yaml"));
    {
      std::map<std::string, std::string> files = ReadTree(out1);
      const std::string csv = files["customers/users/customer-11-ltd.csv"];
      CHECK(csv.substr(0, csv.find('\n')).find(",groups") != std::string::npos);
      CHECK(csv.find("\"Finance: \"\"A\"\", B;Ops\"") != std::string::npos);  // Person0: both groups, quoted
      int with_groups = 0;
      for (const auto& [name, text] : files)
        if (text.find("targetGroups:") != std::string::npos && text.find("groups: [") != std::string::npos) ++with_groups;
      CHECK(with_groups == 22);  // the customers i % 4 >= 2 but the two in a CSV (11, 22)
    }

    testing::ProcessResult validated = testing::Run({ONBOARD_PATH, "validate", out1}, env);
    CHECK_MESSAGE(validated.exit_code == 0, (validated.out + validated.err));

    testing::ProcessResult planned =
        testing::Run({ONBOARD_PATH, "plan", out1, "--detailed-exitcode", "--api-url", sim.url()}, env);
    CHECK_MESSAGE(planned.exit_code == 0, (planned.out + planned.err));

    testing::ProcessResult again = testing::Run({ONBOARD_PATH, "export", "--out", out2, "--api-url", sim.url()}, env);
    REQUIRE_MESSAGE(again.exit_code == 0, again.err);
    std::map<std::string, std::string> one = ReadTree(out1), two = ReadTree(out2);
    CHECK(one.size() == 54);  // 50 customers, 2 CSV files, groups.yaml, defaults.yaml
    CHECK(one == two);

    // Existing files are not overwritten without --force, and nothing is written then.
    std::ofstream(fs::path(out1) / "groups.yaml", std::ios::trunc) << "# edited\n";
    testing::ProcessResult refused = testing::Run({ONBOARD_PATH, "export", "--out", out1, "--api-url", sim.url()}, env);
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("--force") != std::string::npos);
    CHECK(ReadTree(out1)["groups.yaml"] == "# edited\n");
    testing::ProcessResult forced =
        testing::Run({ONBOARD_PATH, "export", "--out", out1, "--force", "--api-url", sim.url()}, env);
    CHECK(forced.exit_code == 0);
    CHECK(ReadTree(out1) == two);
    fs::remove_all(dir);
  }
}

}  // namespace
}  // namespace onboard
