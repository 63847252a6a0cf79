// The loader's removal keys: `prune` (Customer and Defaults, the Customer's list replacing
// the Defaults') and `ensure: absent`.

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

#include "engine/manifest/loader.h"

namespace onboard {
namespace {

namespace fs = std::filesystem;

class Folder {
 public:
  Folder() {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("onboard-removal-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Folder() { fs::remove_all(path_); }
  void Write(const std::string& name, const std::string& text) const { std::ofstream(path_ / name) << text; }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string Customer(const std::string& key, const std::string& extra) {
  return "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: " + key + "}\nspec:\n  company: {name: " + key +
         " Ltd}\n" + extra;
}

}  // namespace

TEST_SUITE("manifest") {

TEST_CASE("loader: prune lists, the Customer's list replacing the Defaults'") {
  Folder dir;
  dir.Write("defaults.yaml", "apiVersion: onboard/v1\nkind: Defaults\nspec:\n  prune: [targetUsers, groups]\n");
  dir.Write("a.yaml", Customer("inherits", "") + "---\n" + Customer("own", "  prune: [admins, targetGroups]\n") +
                          "---\n" + Customer("none", "  prune: []\n"));
  Diagnostics diags;
  DesiredState state = LoadManifests({dir.path()}, &diags);
  REQUIRE_MESSAGE(!diags.has_errors(), diags.ToString());
  REQUIRE(state.customers.size() == 3);
  const PruneSet& inherits = state.customers[0].prune;
  CHECK(inherits.target_users);
  CHECK(inherits.groups);
  CHECK_FALSE(inherits.admins);
  CHECK(state.customers[0].locations.at("prune").file.find("defaults.yaml") != std::string::npos);
  const PruneSet& own = state.customers[1].prune;
  CHECK(own.admins);
  CHECK(own.target_groups);
  CHECK_FALSE(own.target_users);  // replaced, not merged
  CHECK_FALSE(own.groups);
  const PruneSet& none = state.customers[2].prune;
  CHECK_FALSE(none.target_users);
  CHECK_FALSE(none.groups);
}

TEST_CASE("loader: an unknown prune list is an error at its file:line:column, with the closest name") {
  Folder dir;
  dir.Write("a.yaml", Customer("acme", "  prune: [targetUser]\n"));
  Diagnostics diags;
  LoadManifests({dir.path()}, &diags);
  REQUIRE(diags.has_errors());
  const std::string text = diags.ToString();
  CHECK(text.find("a.yaml:6:") != std::string::npos);
  CHECK(text.find("targetUsers") != std::string::npos);  // did you mean
}

TEST_CASE("loader: ensure: absent keeps only the company's name and pin, and warns about the rest") {
  Folder dir;
  dir.Write("a.yaml", Customer("old", "  ensure: absent\n  targetUsersCsv: gone.csv\n"
                                      "  admins:\n    - {email: a@old.example, firstName: A, lastName: B, phone: \"+1\"}\n"));
  Diagnostics diags;
  DesiredState state = LoadManifests({dir.path()}, &diags);
  REQUIRE_MESSAGE(!diags.has_errors(), diags.ToString());  // the CSV is not read
  REQUIRE(state.customers.size() == 1);
  const DesiredCustomer& old = state.customers[0];
  CHECK(old.absent);
  CHECK(old.company.name == "old Ltd");
  CHECK(old.admins.empty());
  REQUIRE(diags.warning_count() == 1);
  CHECK(diags.items()[0].summary.find("ignored (admins, targetUsersCsv)") != std::string::npos);

  Folder plain;
  plain.Write("a.yaml", Customer("old", "  ensure: absent\n"));
  Diagnostics quiet;
  DesiredState only = LoadManifests({plain.path()}, &quiet);
  CHECK(quiet.items().empty());
  CHECK(only.customers[0].absent);
}

TEST_CASE("loader: ensure takes present or absent") {
  Folder dir;
  dir.Write("a.yaml", Customer("acme", "  ensure: gone\n"));
  Diagnostics diags;
  LoadManifests({dir.path()}, &diags);
  CHECK(diags.has_errors());
}

TEST_CASE("loader: an absent customer may name its company by resourceId alone, a kept one needs its name") {
  Folder dir;
  const std::string head = "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: ";
  dir.Write("a.yaml", head + "gone}\nspec:\n  ensure: absent\n  company: {resourceId: cmp-42}\n");
  Diagnostics ok;
  DesiredState state = LoadManifests({dir.path()}, &ok);
  REQUIRE_MESSAGE(!ok.has_errors(), ok.ToString());
  REQUIRE(state.customers.size() == 1);
  CHECK(state.customers[0].absent);
  CHECK(state.customers[0].company.resource_id == std::optional<std::string>("cmp-42"));
  CHECK(state.customers[0].company.name.empty());

  dir.Write("a.yaml", head + "kept}\nspec:\n  company: {resourceId: cmp-42}\n");
  Diagnostics kept;
  LoadManifests({dir.path()}, &kept);
  CHECK(kept.ToString().find("a.yaml:5:3: error: spec.company: missing required field `name`") != std::string::npos);

  dir.Write("a.yaml", head + "gone}\nspec:\n  ensure: absent\n  company: {description: x}\n");
  Diagnostics neither;
  LoadManifests({dir.path()}, &neither);
  CHECK(neither.ToString().find("a.yaml:6:3: error: spec.company: an absent customer names the company to delete: missing `name` "
                           "or `resourceId`") != std::string::npos);
}

}  // TEST_SUITE

}  // namespace onboard
