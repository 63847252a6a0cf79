#include "engine/manifest/loader.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "engine/manifest/schema_check.h"
#include "engine/manifest/yaml_reader.h"

namespace onboard {
namespace {

namespace fs = std::filesystem;

const fs::path kExamples = fs::path(ONBOARD_SOURCE_DIR) / "manifests" / "examples";

// A fresh folder under the system temp dir, removed at the end of the test.
class ManifestDir {
 public:
  ManifestDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("onboard-manifest-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ManifestDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  std::string Write(const std::string& relative, const std::string& text) const {
    fs::path p = path_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

 private:
  fs::path path_;
};

const DesiredCustomer* Find(const DesiredState& state, const std::string& key) {
  for (const DesiredCustomer& c : state.customers)
    if (c.key == key) return &c;
  return nullptr;
}

const char* kMinimalCustomer = R"(apiVersion: onboard/v1
kind: Customer
metadata:
  name: acme
spec:
  company:
    name: Acme Corp
)";

TEST_SUITE("manifest") {
  TEST_CASE("loader: the examples validate, with counts") {
    Diagnostics diags;
    DesiredState state = LoadManifests({kExamples.string()}, &diags);
    INFO(diags.ToString());
    CHECK(diags.empty());
    ManifestCounts n = CountManifests(state);
    CHECK(n.customers == 3);
    CHECK(n.groups == 2);
    CHECK(n.admins == 5);
    CHECK(n.target_users == 19);
    REQUIRE(state.groups.size() == 2);
    CHECK(state.groups[0].key == "emea-partners");
    CHECK(state.groups[0].name == "EMEA Partners");
    CHECK(state.files.size() == 6);  // five YAML files and one CSV
    CHECK(state.digest.size() == 16);
  }

  TEST_CASE("loader: Defaults fill what a customer leaves out, the customer's value wins") {
    Diagnostics diags;
    DesiredState state = LoadManifests({kExamples.string()}, &diags);
    const DesiredCustomer* acme = Find(state, "acme");
    const DesiredCustomer* globex = Find(state, "globex");
    REQUIRE(acme);
    REQUIRE(globex);
    CHECK(acme->company.time_zone == "Turkey Standard Time");
    CHECK(acme->locations.at("company.timeZone").file.find("defaults.yaml") != std::string::npos);
    CHECK(acme->license.type == "Enterprise");
    CHECK(acme->license.limited == true);
    CHECK(acme->license.users == 500);
    CHECK(globex->company.time_zone == "GMT Standard Time");
    CHECK(globex->locations.at("company.timeZone").file.find("globex.yaml") != std::string::npos);
    CHECK(globex->company.time_format == "HH:mm");  // from Defaults
    CHECK_FALSE(globex->company.address.has_value());  // in neither: not managed
  }

  TEST_CASE("loader: customers pinned by resourceId may share a company name (they match by id)") {
    ManifestDir dir;
    const std::string doc =
        "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: NAME}\n"
        "spec:\n  company: {name: Acme Corp, resourceId: ID}\n";
    auto with = [&](std::string key, std::string id) {
      std::string d = doc;
      d.replace(d.find("NAME"), 4, key);
      d.replace(d.find("ID"), 2, id);
      return d;
    };
    dir.Write("a.yaml", with("acme-tr", "aaaaaaaaaaaa") + "---\n" + with("acme-de", "bbbbbbbbbbbb"));
    Diagnostics diags;
    DesiredState state = LoadManifests({dir.path()}, &diags);
    CHECK_MESSAGE(!diags.has_errors(), diags.ToString());
    CHECK(state.customers.size() == 2);
  }

  TEST_CASE("loader: values, types and locations of a customer") {
    Diagnostics diags;
    DesiredState state = LoadManifests({kExamples.string()}, &diags);
    const DesiredCustomer* acme = Find(state, "acme");
    REQUIRE(acme);
    CHECK(acme->company.name == "Acme Corp");
    CHECK(acme->license.start == "2026-01-01");
    REQUIRE(acme->license.modules.has_value());
    CHECK(acme->license.modules->size() == 3);
    CHECK(acme->groups == std::vector<std::string>{"emea-partners", "gold-tier"});
    SourceLocation industry = acme->locations.at("company.industry");
    CHECK(industry.line == 10);
    CHECK(industry.column == 15);
    CHECK(acme->locations.at("groups[1]").line == 20);
    CHECK(acme->locations.at("license.modules[0]").line == 16);
    REQUIRE(acme->admins.size() == 2);
    CHECK(acme->admins[0].phone == "+905550000000");
    CHECK(acme->admins[0].roles == std::vector<std::string>{"Company Admin"});
    CHECK(acme->admins[0].locations.at("").line == 22);
    REQUIRE(acme->target_users.size() == 13);
    const DesiredTargetUser& mehmet = acme->target_users[2];
    CHECK(mehmet.email == "mehmet@acme.example");
    REQUIRE(mehmet.manager.has_value());
    CHECK(mehmet.manager->email == "jane@acme.example");
    CHECK_FALSE(mehmet.priority.has_value());
    CHECK(acme->target_users[1].priority == "High");
  }

  TEST_CASE("loader: CSV target users follow the inline ones, with their row as location") {
    Diagnostics diags;
    DesiredState state = LoadManifests({kExamples.string()}, &diags);
    const DesiredCustomer* acme = Find(state, "acme");
    REQUIRE(acme);
    const DesiredTargetUser& ayse = acme->target_users[3];
    CHECK(ayse.email == "ayse@acme.example");
    CHECK(ayse.first_name == "Ay\xC5\x9F" "e");
    CHECK(ayse.active == true);
    CHECK(ayse.time_zone == "Turkey Standard Time");
    REQUIRE(ayse.manager.has_value());
    CHECK(ayse.manager->last_name == "Doe");
    SourceLocation row = ayse.locations.Find("");
    CHECK(row.file.find("users/acme.csv") != std::string::npos);
    CHECK(row.line == 2);
    CHECK(row.ToString().rfind(":2") == row.ToString().size() - 2);  // file:line
    const DesiredTargetUser& deniz = acme->target_users[5];
    CHECK(deniz.active == true);  // "yes"
    CHECK_FALSE(deniz.time_zone.has_value());  // empty cell: not managed
    CHECK(acme->target_users[9].department == "Research, Development");
    CHECK(acme->target_users[10].active == false);
    CHECK_FALSE(acme->target_users[8].active.has_value());
  }

  TEST_CASE("loader: YAML scalars are typed for the schema") {
    ManifestDir dir;
    std::string good = dir.Write("good.yaml", std::string(kMinimalCustomer) +
                                                  "  license:\n    users: 500\n    limited: true\n    start: 2026-01-01\n"
                                                  "    end: '2027-01-01'\n    type: \"123\"\n");
    Diagnostics diags;
    DesiredState state = LoadManifests({good}, &diags);
    INFO(diags.ToString());
    CHECK(diags.empty());
    REQUIRE(state.customers.size() == 1);
    CHECK(state.customers[0].license.users == 500);
    CHECK(state.customers[0].license.limited == true);
    CHECK(state.customers[0].license.start == "2026-01-01");
    CHECK(state.customers[0].license.type == "123");

    std::string bad = dir.Write("bad.yaml", std::string(kMinimalCustomer) + "  license:\n    users: \"500\"\n    limited: \"true\"\n");
    Diagnostics bad_diags;
    LoadManifests({bad}, &bad_diags);
    CHECK(bad_diags.error_count() == 2);
    CHECK(bad_diags.ToString().find("spec.license.users: must be a whole number of at least 1, got \"500\"") != std::string::npos);
  }

  TEST_CASE("loader: every error is collected, across documents and files") {
    ManifestDir dir;
    std::string a = dir.Write("a.yaml", std::string(kMinimalCustomer) + "  license:\n    users: 0\n    limited: maybe\n" +
                                            "---\napiVersion: onboard/v1\nkind: CompanyGroup\nmetadata: {name: Gold}\nspec: {}\n");
    std::string b = dir.Write("b.yaml", "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: acme}\nspec:\n  company: {name: Other}\n");
    Diagnostics diags;
    LoadManifests({a, b}, &diags);
    INFO(diags.ToString());
    // users, limited, group metadata.name, group spec.name, duplicate customer key
    CHECK(diags.error_count() == 5);
  }

  TEST_CASE("loader: a group a customer names need not be defined offline") {
    ManifestDir dir;
    std::string f = dir.Write("c.yaml", std::string(kMinimalCustomer) + "  groups: [Some Live Group]\n");
    Diagnostics diags;
    DesiredState state = LoadManifests({f}, &diags);
    CHECK(diags.empty());
    REQUIRE(state.customers.size() == 1);
    CHECK(state.customers[0].groups == std::vector<std::string>{"Some Live Group"});
  }

  TEST_CASE("loader: directories are read recursively and sorted, files named twice are read once") {
    ManifestDir dir;
    dir.Write("m/b.yaml", "apiVersion: onboard/v1\nkind: CompanyGroup\nmetadata: {name: b}\nspec: {name: B}\n");
    dir.Write("m/a/z.yml", "apiVersion: onboard/v1\nkind: CompanyGroup\nmetadata: {name: z}\nspec: {name: Z}\n");
    dir.Write("m/.hidden/x.yaml", "not: [valid");
    dir.Write("m/readme.md", "# not a manifest\n");
    dir.Write("m/empty.yaml", "---\n# nothing here\n---\n");
    Diagnostics diags;
    std::string m = (dir.path() / "m").string();
    DesiredState state = LoadManifests({m, m + "/b.yaml"}, &diags);
    INFO(diags.ToString());
    CHECK(diags.empty());
    REQUIRE(state.files.size() == 3);
    CHECK(state.files[0] == m + "/a/z.yml");
    CHECK(state.files[1] == m + "/b.yaml");
    CHECK(state.files[2] == m + "/empty.yaml");
    REQUIRE(state.groups.size() == 2);
    CHECK(state.groups[0].key == "z");
  }

  TEST_CASE("loader: paths in messages stay as the user gave them") {
    ManifestDir dir;
    dir.Write("rel/bad.yaml", "apiVersion: onboard/v2\n");
    fs::path saved = fs::current_path();
    fs::current_path(dir.path());
    Diagnostics diags;
    LoadManifests({"rel"}, &diags);
    fs::current_path(saved);
    REQUIRE_FALSE(diags.empty());
    INFO(diags.ToString());
    CHECK(diags.items()[0].location.file == "rel/bad.yaml");
    CHECK(diags.items().back().ToString().rfind("rel/bad.yaml:1:13: error: apiVersion:", 0) == 0);
  }

  TEST_CASE("loader: many files (read in parallel) give results and errors in file order") {
    ManifestDir dir;
    for (int i = 0; i < 40; ++i) {
      std::string key = fmt::format("c{:02d}", i);
      std::string users = i == 17 ? "  license: {users: -1}\n" : "";
      dir.Write("fleet/" + key + ".yaml", fmt::format("apiVersion: onboard/v1\nkind: Customer\nmetadata: {{name: {}}}\n"
                                                       "spec:\n  company: {{name: Company {}}}\n{}",
                                                       key, i, users));
    }
    dir.Write("fleet/c05.yaml", "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: c05}\nspec:\n  company: {naem: x}\n");
    Diagnostics diags;
    DesiredState state = LoadManifests({(dir.path() / "fleet").string()}, &diags);
    REQUIRE(state.customers.size() == 40);
    for (int i = 0; i < 40; ++i) CHECK(state.customers[i].key == fmt::format("c{:02d}", i));
    INFO(diags.ToString());
    REQUIRE(diags.error_count() == 3);
    CHECK(diags.items()[0].location.file.find("c05.yaml") != std::string::npos);
    CHECK(diags.items()[2].location.file.find("c17.yaml") != std::string::npos);
    Diagnostics again;
    CHECK(LoadManifests({(dir.path() / "fleet").string()}, &again).digest == state.digest);
  }

  TEST_CASE("loader: a missing path is an error") {
    Diagnostics diags;
    LoadManifests({"/nonexistent/onboard/manifests"}, &diags);
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].ToString().find("no such file or directory") != std::string::npos);
  }

  TEST_CASE("loader: the digest is stable and follows the content") {
    ManifestDir dir;
    std::string f = dir.Write("c.yaml", kMinimalCustomer);
    Diagnostics d1, d2, d3;
    std::string first = LoadManifests({f}, &d1).digest;
    CHECK(first == LoadManifests({f}, &d2).digest);
    dir.Write("c.yaml", std::string(kMinimalCustomer) + "    country: TR\n");
    CHECK(first != LoadManifests({f}, &d3).digest);
  }

  TEST_CASE("schema: accepts every example document and rejects broken copies") {
    const ManifestSchema& schema = ManifestSchema::Embedded();
    int documents = 0;
    for (const auto& entry : fs::recursive_directory_iterator(kExamples)) {
      if (entry.path().extension() != ".yaml") continue;
      std::ifstream in(entry.path());
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      Diagnostics read_diags;
      std::vector<SourceDocument> docs = ReadYamlDocuments(entry.path().string(), text, &read_diags);
      CHECK(read_diags.empty());
      for (SourceDocument& doc : docs) {
        ++documents;
        INFO(entry.path().string());
        Diagnostics ok;
        CHECK(schema.ValidateDocument(doc, &ok));
        CHECK(ok.empty());
        auto& alloc = doc.json.GetAllocator();
        rapidjson::Value& spec = doc.json["spec"];

        // An unknown key anywhere is an error.
        spec.AddMember("colour", "blue", alloc);
        Diagnostics unknown;
        CHECK_FALSE(schema.ValidateDocument(doc, &unknown));
        CHECK(unknown.ToString().find("unknown field `colour`") != std::string::npos);
        spec.RemoveMember("colour");

        // A required key removed.
        rapidjson::Value saved(doc.json["apiVersion"], alloc);
        doc.json.RemoveMember("apiVersion");
        Diagnostics missing;
        CHECK_FALSE(schema.ValidateDocument(doc, &missing));
        CHECK(missing.ToString().find("missing required field `apiVersion`") != std::string::npos);
        doc.json.AddMember("apiVersion", saved, alloc);

        // A wrong type.
        rapidjson::Value saved_spec(doc.json["spec"], alloc);
        doc.json["spec"].SetArray();
        Diagnostics wrong;
        CHECK_FALSE(schema.ValidateDocument(doc, &wrong));
        CHECK(wrong.ToString().find("spec: must be a mapping of fields, got a list") != std::string::npos);
        doc.json["spec"] = saved_spec;
        Diagnostics again;
        CHECK(schema.ValidateDocument(doc, &again));
      }
    }
    CHECK(documents == 6);
  }

  TEST_CASE("schema: CSV rows are checked against the target user definition") {
    const ManifestSchema& schema = ManifestSchema::Embedded();
    SourceDocument rows;
    rows.file = "users.csv";
    rows.json.Parse(R"([{"email": "a@b.co", "priority": "Low"}, {"email": "c@d.co", "department": 5}])");
    rows.marks["/1/department"] = {3, 8, 0, 0, ""};
    Diagnostics diags;
    CHECK_FALSE(schema.ValidateTargetUsers(rows, &diags));
    REQUIRE(diags.error_count() == 1);
    CHECK(diags.items()[0].ToString().rfind("users.csv:3:8: error: department: must be text", 0) == 0);
  }
}

}  // namespace
}  // namespace onboard
