// The loader's part of target groups: spec.targetGroups, a user's `groups` (inline and the CSV
// column), `prune` (Customer and Defaults), and the checks with their file:line:column.

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

#include "engine/manifest/loader.h"

namespace onboard {
namespace {

namespace fs = std::filesystem;

class Dir {
 public:
  Dir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("onboard-tg-loader-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Dir() { fs::remove_all(path_); }
  std::string Write(const std::string& relative, const std::string& text) const {
    fs::path p = path_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

const char* kCustomer = R"(apiVersion: onboard/v1
kind: Customer
metadata: {name: acme}
spec:
  company: {name: Acme Corp}
  targetGroups:
    - {name: Finance, priority: High}
    - {name: Sales}
  targetUsers:
    - {email: jane@acme.example, groups: [Finance, sales]}
    - {email: john@acme.example}
  targetUsersCsv: users.csv
)";

}  // namespace

TEST_SUITE("manifest") {
  TEST_CASE("loader: targetGroups, users' groups inline and in the CSV column (names split at semicolons)") {
    Dir dir;
    dir.Write("acme.yaml", kCustomer);
    dir.Write("users.csv", "email,groups\nann@acme.example,Finance; Sales\nbob@acme.example,\ncem@acme.example,;\n");
    Diagnostics diags;
    DesiredState state = LoadManifests({dir.path()}, &diags);
    REQUIRE_MESSAGE(!diags.has_errors(), diags.ToString());
    const DesiredCustomer& c = state.customers.at(0);
    REQUIRE(c.target_groups.size() == 2);
    CHECK(c.target_groups[0].name == "Finance");
    CHECK(c.target_groups[0].priority == "High");
    CHECK_FALSE(c.target_groups[1].priority.has_value());
    CHECK(c.target_groups[1].location.line == 8);
    REQUIRE(c.target_users.size() == 5);
    CHECK(c.target_users[0].groups == std::vector<std::string>{"Finance", "sales"});
    CHECK_FALSE(c.target_users[1].groups.has_value());  // not managed: live memberships stay
    CHECK(c.target_users[2].groups == std::vector<std::string>{"Finance", "Sales"});
    CHECK_FALSE(c.target_users[3].groups.has_value());  // empty cell: not managed
    CHECK(c.target_users[4].groups == std::vector<std::string>{});  // ";": in no group
    CHECK_FALSE(c.prune.target_groups);
  }

  TEST_CASE("loader: a user's group must be declared in spec.targetGroups (did you mean), names unique ignoring case") {
    Dir dir;
    std::string yaml = kCustomer;
    yaml.replace(yaml.find("targetUsersCsv: users.csv\n"), 26, "");
    yaml.replace(yaml.find("groups: [Finance, sales]"), 24, "groups: [Finance, Fnance]");
    yaml.replace(yaml.find("- {name: Sales}"), 15, "- {name: finance}");
    dir.Write("acme.yaml", yaml);
    dir.Write("more.yaml", "");
    Diagnostics diags;
    LoadManifests({dir.path() + "/acme.yaml"}, &diags);
    std::string all = diags.ToString();
    CHECK(all.find("acme.yaml:8:7: error: spec.targetGroups[1].name: target group \"finance\" is listed twice") !=
          std::string::npos);
    CHECK(all.find("acme.yaml:10:42: error: spec.targetUsers[0].groups[1]: target group \"Fnance\" is not declared") !=
          std::string::npos);
    CHECK(all.find("did you mean Finance?") != std::string::npos);

    Dir csv;
    csv.Write("acme.yaml", kCustomer);
    csv.Write("users.csv", "email,groups\nann@acme.example,Finance;Marketing\n");
    Diagnostics csv_diags;
    LoadManifests({csv.path()}, &csv_diags);
    CHECK(csv_diags.ToString().find("users.csv:2:18: error: groups: target group \"Marketing\" is not declared") !=
          std::string::npos);
  }

  TEST_CASE("loader: prune on a Customer or in Defaults, the Customer's list replacing the Defaults'") {
    Dir dir;
    dir.Write("defaults.yaml", "apiVersion: onboard/v1\nkind: Defaults\nspec:\n  prune: [targetGroups, admins]\n");
    dir.Write("a.yaml", "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: a}\nspec:\n  company: {name: A}\n");
    dir.Write("b.yaml",
              "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: b}\nspec:\n  company: {name: B}\n  prune: [targetUsers]\n");
    dir.Write("c.yaml", "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: c}\nspec:\n  company: {name: C}\n  prune: []\n");
    Diagnostics diags;
    DesiredState state = LoadManifests({dir.path()}, &diags);
    REQUIRE_MESSAGE(!diags.has_errors(), diags.ToString());
    REQUIRE(state.customers.size() == 3);
    CHECK(state.customers[0].prune.target_groups);
    CHECK(state.customers[0].prune.admins);
    CHECK_FALSE(state.customers[0].prune.target_users);
    CHECK(state.customers[1].prune.target_users);
    CHECK_FALSE(state.customers[1].prune.target_groups);
    CHECK_FALSE(state.customers[2].prune.target_groups);

    Dir bad;
    bad.Write("a.yaml", "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: a}\nspec:\n  company: {name: A}\n"
                        "  prune: [targetGroup]\n  targetGroups: [{name: X, priority: Urgent}]\n");
    Diagnostics bad_diags;
    LoadManifests({bad.path()}, &bad_diags);
    std::string all = bad_diags.ToString();
    CHECK(all.find("a.yaml:6:11") != std::string::npos);  // the unknown prune list
    CHECK(all.find("a.yaml:7:") != std::string::npos);    // the priority
  }
}

}  // namespace onboard
