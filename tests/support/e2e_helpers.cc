#include "tests/support/e2e_helpers.h"

#include <doctest/doctest.h>
#include <rapidjson/error/en.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "engine/text/strings.h"

namespace onboard::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string templ = std::string(base && *base ? base : "/tmp") + "/onboard-e2e-XXXXXX";
  std::vector<char> buffer(templ.begin(), templ.end());
  buffer.push_back('\0');
  REQUIRE(mkdtemp(buffer.data()) != nullptr);
  path_ = buffer.data();
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void WriteTextFile(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  REQUIRE_MESSAGE(out.good(), "cannot write " << path);
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

rapidjson::Document ParseJson(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  INFO("JSON: " << json.substr(0, 2000));
  REQUIRE_MESSAGE(!d.HasParseError(), rapidjson::GetParseError_En(d.GetParseError()) << " at " << d.GetErrorOffset());
  return d;
}

std::vector<std::string> OnboardArgv(const std::vector<std::string>& args) {
  std::vector<std::string> argv{ONBOARD_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

testing::ProcessOptions OnboardOptions(const SimProcess& sim) {
  testing::ProcessOptions o;
  o.env["KEEPNET_API_BASE_URL"] = sim.url();
  o.env["KEEPNET_CLIENT_ID"] = "demo-client";
  o.env["KEEPNET_CLIENT_SECRET"] = kSimClientSecret;
  o.env["NO_COLOR"] = "1";
  return o;
}

void CheckNoSecret(const std::string& text) {
  INFO("output: " << text.substr(0, 4000));
  CHECK(text.find(kSimClientSecret) == std::string::npos);
}

testing::ProcessResult RunOnboard(const SimProcess& sim, const std::vector<std::string>& args,
                                  const std::string& stdin_data) {
  testing::ProcessOptions options = OnboardOptions(sim);
  options.stdin_data = stdin_data;
  testing::ProcessResult r = testing::Run(OnboardArgv(args), options);
  CheckNoSecret(r.out);
  CheckNoSecret(r.err);
  return r;
}

rapidjson::Document SimState(const SimProcess& sim) { return ParseJson(sim.get("/_sim/state")); }
rapidjson::Document SimStats(const SimProcess& sim) { return ParseJson(sim.get("/_sim/stats")); }

int64_t TotalWrites(const SimProcess& sim) {
  rapidjson::Document stats = SimStats(sim);
  REQUIRE(stats.HasMember("total_writes"));
  return stats["total_writes"].GetInt64();
}

int64_t RequestCount(const rapidjson::Document& stats, const std::string& key) {
  const rapidjson::Value& requests = stats["requests"];
  auto it = requests.FindMember(key.c_str());
  return it == requests.MemberEnd() ? 0 : it->value.GetInt64();
}

std::vector<const rapidjson::Value*> CustomerCompanies(const rapidjson::Document& state) {
  std::vector<const rapidjson::Value*> out;
  for (const rapidjson::Value& c : state["companies"].GetArray())
    if (!c["isReseller"].GetBool()) out.push_back(&c);
  return out;
}

int CountCompaniesNamed(const rapidjson::Document& state, const std::string& name) {
  int n = 0;
  for (const rapidjson::Value& c : state["companies"].GetArray())
    if (name == c["name"].GetString()) ++n;
  return n;
}

const rapidjson::Value& CompanyNamed(const rapidjson::Document& state, const std::string& name) {
  REQUIRE_MESSAGE(CountCompaniesNamed(state, name) == 1, "companies named " << name);
  for (const rapidjson::Value& c : state["companies"].GetArray())
    if (name == c["name"].GetString()) return c;
  FAIL("unreachable");
  return state;
}

namespace {

void CheckUniqueEmails(const rapidjson::Value& users, const std::string& where) {
  std::set<std::string> seen;
  for (const rapidjson::Value& u : users.GetArray()) {
    std::string email = ToLowerAscii(u["email"].GetString());
    CHECK_MESSAGE(seen.insert(email).second, "duplicate " << email << " in " << where);
  }
}

}  // namespace

void CheckNoDuplicates(const rapidjson::Document& state) {
  std::map<std::string, int> names;
  for (const rapidjson::Value& c : state["companies"].GetArray()) {
    const std::string name = c["name"].GetString();
    CHECK_MESSAGE(++names[name] == 1, "two companies named " << name);
    CheckUniqueEmails(c["systemUsers"], name + " system users");
    CheckUniqueEmails(c["targetUsers"], name + " target users");
  }
  std::map<std::string, int> groups;
  for (const rapidjson::Value& g : state["companyGroups"].GetArray()) {
    const std::string name = g["name"].GetString();
    CHECK_MESSAGE(++groups[name] == 1, "two company groups named " << name);
  }
}

std::string FleetCustomerYaml(int i, int users, int groups, const std::string& company_name) {
  std::string yaml = fmt::format(
      "apiVersion: onboard/v1\nkind: Customer\nmetadata: {{name: cust-{0}}}\nspec:\n"
      "  company: {{name: \"{1}\", description: Fleet customer {0}}}\n"
      "  license: {{modules: [Phishing Simulator], users: {2}, start: 2026-01-01, end: 2027-01-01}}\n",
      i, company_name, 100 + i);
  if (groups > 0) yaml += fmt::format("  groups: [group-{}]\n", i % groups);
  yaml += fmt::format(
      "  admins:\n    - {{email: admin@cust{0}.example, firstName: Admin, lastName: N{0}, "
      "phone: \"+90555{0:07d}\", roles: [Company Admin]}}\n",
      i);
  if (users > 0) yaml += "  targetUsers:\n";
  for (int k = 0; k < users; ++k)
    yaml += fmt::format(
        "    - {{email: user{1}@cust{0}.example, firstName: User, lastName: U{1}, department: "
        "Dept{2}, phone: \"+90556{0:04d}{1:03d}\"}}\n",
        i, k, k % 3);
  return yaml;
}

std::string WriteFleet(const std::string& dir, int customers, int users, int groups) {
  WriteTextFile(dir + "/defaults.yaml",
                "apiVersion: onboard/v1\nkind: Defaults\nspec:\n"
                "  company: {country: TR, industry: Technology, timeZone: Turkey Standard Time, "
                "dateFormat: dd/MM/yyyy, timeFormat: HH:mm}\n"
                "  license: {type: Enterprise, period: Yearly, limited: true}\n");
  std::string group_docs;
  for (int g = 0; g < groups; ++g)
    group_docs += fmt::format("{}apiVersion: onboard/v1\nkind: CompanyGroup\nmetadata: {{name: group-{}}}\n"
                              "spec: {{name: Fleet Group {}}}\n",
                              g == 0 ? "" : "---\n", g, g);
  if (groups > 0) WriteTextFile(dir + "/groups.yaml", group_docs);
  for (int i = 0; i < customers; ++i)
    WriteTextFile(fmt::format("{}/customers/cust-{:03d}.yaml", dir, i),
                  FleetCustomerYaml(i, users, groups, fmt::format("Fleet Co {}", i)));
  return dir;
}

std::vector<rapidjson::Document> JsonLines(const std::string& text) {
  std::vector<rapidjson::Document> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] == '{') out.push_back(ParseJson(line));
  return out;
}

void CheckPlanSchema(const std::string& json) {
  static const std::string schema_text = ReadTextFile(std::string(ONBOARD_SOURCE_DIR) + "/schemas/plan.schema.json");
  rapidjson::Document schema_json = ParseJson(schema_text);
  rapidjson::SchemaDocument schema(schema_json);
  rapidjson::Document doc = ParseJson(json);
  rapidjson::SchemaValidator validator(schema);
  bool ok = doc.Accept(validator);
  std::string where;
  if (!ok) {
    rapidjson::StringBuffer pointer, doc_pointer;
    validator.GetInvalidSchemaPointer().StringifyUriFragment(pointer);
    validator.GetInvalidDocumentPointer().StringifyUriFragment(doc_pointer);
    where = fmt::format("schema {} keyword {} document {}", pointer.GetString(),
                        validator.GetInvalidSchemaKeyword(), doc_pointer.GetString());
  }
  CHECK_MESSAGE(ok, "plan does not validate against schemas/plan.schema.json: " << where);
}

int ApplyUntilConverged(const SimProcess& sim, const std::string& dir, int most) {
  for (int run = 1; run <= most; ++run) {
    testing::ProcessResult r = RunOnboard(sim, {"apply", "--auto-approve", dir});
    INFO("apply " << run << " stdout: " << r.out << "\nstderr: " << r.err);
    if (r.exit_code == 0) return run;
    CHECK(r.exit_code == 1);
  }
  return most + 1;
}

void CheckConverged(const SimProcess& sim, const std::vector<std::string>& paths) {
  std::vector<std::string> args{"plan", "--detailed-exitcode"};
  args.insert(args.end(), paths.begin(), paths.end());
  testing::ProcessResult r = RunOnboard(sim, args);
  INFO("plan stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("No changes.") != std::string::npos);
}

}  // namespace onboard::test
