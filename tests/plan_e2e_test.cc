// End to end: `onboard plan` as a process against keepnet-sim (each case its own simulator on
// port 0), the live state seeded through /_sim/seed or built by `onboard apply`.

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/support/e2e_helpers.h"

namespace onboard::test {
namespace {

using testing::ProcessResult;

const std::string kDrift = std::string(ONBOARD_TEST_DATA) + "/e2e/drift";

// The action of a plan document with this address; REQUIREs it.
const rapidjson::Value& ActionAt(const rapidjson::Document& plan, const std::string& address) {
  for (const rapidjson::Value& a : plan["actions"].GetArray())
    if (address == a["address"].GetString()) return a;
  FAIL("no action " << address);
  return plan;
}

bool HasAction(const rapidjson::Document& plan, const std::string& address) {
  for (const rapidjson::Value& a : plan["actions"].GetArray())
    if (address == a["address"].GetString()) return true;
  return false;
}

// field -> (before, after) of an update.
std::map<std::string, std::pair<std::string, std::string>> Changes(const rapidjson::Value& action) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (const rapidjson::Value& c : action["changes"].GetArray())
    out[c["field"].GetString()] = {c["before"].GetString(), c["after"].GetString()};
  return out;
}

// Runs `plan --format json` with extra args, CHECKs the schema, returns the document.
rapidjson::Document PlanJson(const SimProcess& sim, std::vector<std::string> args, int expected_exit = 0) {
  args.insert(args.begin(), {"plan", "--format", "json"});
  ProcessResult r = RunOnboard(sim, args);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == expected_exit);
  CheckPlanSchema(r.out);
  return ParseJson(r.out);
}

// The rank of an action in the plan's dependency order (docs/architecture.md).
int Rank(const std::string& object) {
  if (object == "group") return 0;
  if (object == "company") return 1;
  if (object == "participant") return 2;
  if (object == "admin") return 3;
  if (object == "target-group") return 4;
  if (object == "target-user") return 5;
  FAIL("unknown object " << object);
  return -1;
}

// The live twin of tests/e2e/drift/drift.yaml, with three drifts: license users 50 (manifest
// 100), Jane's department IT (manifest Finance), and the company missing from Drift Group.
const char* kDriftSeed = R"({
  "companies": [{
    "name": "Drift Co", "industry": "Finance", "country": "TR", "licenseType": "Enterprise",
    "licensePeriod": "Yearly", "isNumberOfUsersLimited": true, "numberOfUsers": 50,
    "systemUsers": [{"firstName": "Ada", "lastName": "Admin", "email": "ada@drift.example",
                     "phoneNumber": "+905550000000", "roles": ["Company Admin"]}],
    "targetUsers": [{"email": "jane@drift.example", "firstName": "Jane", "lastName": "Doe",
                     "department": "IT", "phoneNumber": "+905551111111"}]
  }],
  "companyGroups": [{"name": "Drift Group", "companies": []}]
})";

TEST_SUITE("plan-e2e") {

TEST_CASE("plan-e2e: a fresh platform plans every object as a create, in dependency order") {
  SimProcess sim;
  ProcessResult text = RunOnboard(sim, {"plan", "--detailed-exitcode", kExamples});
  CHECK(text.exit_code == 2);
  CHECK(text.out.find("Plan: 31 to create, 0 to update, 0 to delete") != std::string::npos);

  rapidjson::Document plan = PlanJson(sim, {"--detailed-exitcode", kExamples}, 2);
  CHECK(plan["summary"]["create"].GetInt() == 31);
  CHECK(plan["summary"]["update"].GetInt() == 0);
  // New companies join their groups in their create request: no participant action.
  CHECK(plan["summary"]["add_participant"].GetInt() == 0);
  const auto& actions = plan["actions"].GetArray();
  REQUIRE(actions.Size() == 31);
  std::map<std::string, size_t> position;
  std::map<std::string, int> last_rank_of_customer;
  int groups = 0;
  for (size_t i = 0; i < actions.Size(); ++i) {
    const rapidjson::Value& a = actions[i];
    const std::string address = a["address"].GetString();
    const std::string object = a["object"].GetString();
    const std::string kind = a["action"].GetString();
    INFO(address);
    CHECK(kind == (object == "participant" ? "add-participant" : "create"));
    // Every dependency comes earlier; every per-customer action waits for its company.
    for (const rapidjson::Value& d : a["depends_on"].GetArray()) CHECK(position.count(d.GetString()) == 1);
    if (object != "group" && object != "company") {
      const std::string company = "customer." + std::string(a["customer"].GetString()) + ".company";
      bool waits = false;
      for (const rapidjson::Value& d : a["depends_on"].GetArray()) waits |= company == d.GetString();
      CHECK(waits);
      CHECK(std::string(a["company_ref"]["from_action"].GetString()) == company);
    }
    if (object == "participant") CHECK(a["depends_on"].Size() == 2);
    // Groups before every company; within a customer: company, participants, admins, users.
    if (object == "group") {
      ++groups;
      CHECK(last_rank_of_customer.empty());
    } else {
      int& last = last_rank_of_customer[a["customer"].GetString()];
      CHECK(Rank(object) >= last);
      last = Rank(object);
    }
    position[address] = i;
  }
  CHECK(groups == 2);
  CHECK(last_rank_of_customer.size() == 3);
  CHECK(TotalWrites(sim) == 0);
}

TEST_CASE("plan-e2e: an onboarded platform has no changes and exits 0 with --detailed-exitcode") {
  SimProcess sim;
  REQUIRE(RunOnboard(sim, {"apply", "--auto-approve", kExamples}).exit_code == 0);
  ProcessResult r = RunOnboard(sim, {"plan", "--detailed-exitcode", kExamples});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("No changes. The platform matches the manifests.") != std::string::npos);
  rapidjson::Document plan = PlanJson(sim, {"--detailed-exitcode", kExamples}, 0);
  CHECK(plan["actions"].Size() == 0);
  CHECK(plan["summary"]["create"].GetInt() == 0);
  CHECK(plan["summary"]["update"].GetInt() == 0);
}

TEST_CASE("plan-e2e: drift of a license field, a user's department and a group participant") {
  SimProcess sim;
  sim.post("/_sim/seed", kDriftSeed);
  rapidjson::Document plan = PlanJson(sim, {"--detailed-exitcode", kDrift}, 2);
  CHECK(plan["actions"].Size() == 3);
  CHECK(plan["summary"]["create"].GetInt() == 0);
  CHECK(plan["summary"]["update"].GetInt() == 2);

  const rapidjson::Value& company = ActionAt(plan, "customer.drift.company");
  CHECK(std::string(company["action"].GetString()) == "update");
  auto changes = Changes(company);
  CHECK(changes.size() == 1);
  CHECK(changes["license.users"] == std::pair<std::string, std::string>{"50", "100"});

  const rapidjson::Value& jane = ActionAt(plan, "customer.drift.target-user.jane@drift.example");
  CHECK(std::string(jane["action"].GetString()) == "update");
  changes = Changes(jane);
  CHECK(changes.size() == 1);
  CHECK(changes["department"] == std::pair<std::string, std::string>{"IT", "Finance"});

  const rapidjson::Value& participant = ActionAt(plan, "customer.drift.group.drift-group");
  CHECK(std::string(participant["action"].GetString()) == "add-participant");
  // The group and the company exist: both ids are known now.
  CHECK(participant["group_ref"].HasMember("id"));
  CHECK(participant["company_ref"].HasMember("id"));

  ProcessResult text = RunOnboard(sim, {"plan", kDrift});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("license.users: 50 -> 100") != std::string::npos);
  CHECK(text.out.find("department: IT -> Finance") != std::string::npos);
  CHECK(text.out.find("Plan: 0 to create, 2 to update, 0 to delete, 1 participant to add.") != std::string::npos);

  // Apply mends all three; the company's other fields survive the whole-company PUT.
  REQUIRE(RunOnboard(sim, {"apply", "--auto-approve", kDrift}).exit_code == 0);
  CheckConverged(sim, {kDrift});
  rapidjson::Document state = SimState(sim);
  const rapidjson::Value& live = CompanyNamed(state, "Drift Co");
  CHECK(live["numberOfUsers"].GetInt() == 100);
  CHECK(std::string(live["targetUsers"][0]["department"].GetString()) == "Finance");
  CHECK(state["companyGroups"][0]["companyResourceIds"].Size() == 1);
}

TEST_CASE("plan-e2e: 130 live companies read in pages of 20, the customer's on the last page") {
  SimProcess sim({"--max-page-size", "20"});
  std::string seed = R"({"companies": [)";
  for (int i = 0; i < 129; ++i) seed += fmt::format(R"({{"name": "Filler {:03d}"}},)", i);
  // Seeded last, so last in creation order (the search's default order): page 7 of 7.
  seed += R"({"name": "Drift Co", "industry": "Finance", "country": "TR", "licenseType": "Enterprise",
              "licensePeriod": "Yearly", "isNumberOfUsersLimited": true, "numberOfUsers": 100}]})";
  sim.post("/_sim/seed", seed);
  rapidjson::Document plan = PlanJson(sim, {kDrift});
  CHECK_FALSE(HasAction(plan, "customer.drift.company"));
  const rapidjson::Value& participant = ActionAt(plan, "customer.drift.group.drift-group");
  CHECK(participant["company_ref"].HasMember("id"));
  rapidjson::Document stats = SimStats(sim);
  CHECK(RequestCount(stats, "POST /api/companies/search") == 7);
  CHECK(RequestCount(stats, "GET /api/companies/{resourceId}") == 1);
}

TEST_CASE("plan-e2e: two live companies with one name are an error naming both, nothing planned") {
  SimProcess sim;
  rapidjson::Document seeded = ParseJson(sim.post("/_sim/seed", R"({"companies": [{"name": "Drift Co"}, {"name": "Drift Co"}]})"));
  const std::string id1 = seeded["companies"][0]["resourceId"].GetString();
  const std::string id2 = seeded["companies"][1]["resourceId"].GetString();
  ProcessResult r = RunOnboard(sim, {"plan", "--detailed-exitcode", kDrift});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(id1) != std::string::npos);
  CHECK(r.err.find(id2) != std::string::npos);
  CHECK(r.out.find("Plan:") == std::string::npos);

  ProcessResult json = RunOnboard(sim, {"plan", "--format", "json", kDrift});
  CHECK(json.exit_code == 1);
  CheckPlanSchema(json.out);
  rapidjson::Document plan = ParseJson(json.out);
  CHECK(plan["actions"].Size() == 0);
  CHECK(plan["summary"]["create"].GetInt() == 0);
  CHECK(plan["diagnostics"].Size() >= 1);

  CHECK(RunOnboard(sim, {"apply", "--auto-approve", kDrift}).exit_code == 1);
  CHECK(TotalWrites(sim) == 0);
}

TEST_CASE("plan-e2e: a pinned resourceId matches a company of another name") {
  SimProcess sim;
  sim.post("/_sim/seed", R"({"companies": [{"name": "Old Name Ltd", "resourceId": "PinnedCo0001",
      "industry": "Finance", "country": "TR", "licenseType": "Enterprise", "licensePeriod": "Yearly",
      "isNumberOfUsersLimited": true, "numberOfUsers": 100}, {"name": "Drift Co"}]})");
  TempDir dir;
  std::string yaml = ReadTextFile(kDrift + "/drift.yaml");
  const std::string from = "    name: Drift Co\n";
  REQUIRE(yaml.find(from) != std::string::npos);
  yaml.replace(yaml.find(from), from.size(), "    name: Drift Co\n    resourceId: PinnedCo0001\n");
  WriteTextFile(dir / "drift.yaml", yaml);
  rapidjson::Document plan = PlanJson(sim, {dir.path()});
  const rapidjson::Value& company = ActionAt(plan, "customer.drift.company");
  CHECK(std::string(company["action"].GetString()) == "update");
  CHECK(std::string(company["target_id"].GetString()) == "PinnedCo0001");
  auto changes = Changes(company);
  CHECK(changes.size() == 1);
  CHECK(changes["company.name"] == std::pair<std::string, std::string>{"Old Name Ltd", "Drift Co"});
}

TEST_CASE("plan-e2e: --customer reads only that customer's objects") {
  SimProcess sim;
  TempDir dir;
  WriteFleet(dir.path(), 3, 2, 1);
  REQUIRE(RunOnboard(sim, {"apply", "--auto-approve", dir.path()}).exit_code == 0);

  // Baseline: a plan of all three reads each company and its users once (stats count from
  // the simulator's start, so compare differences).
  rapidjson::Document s0 = SimStats(sim);
  ProcessResult all = RunOnboard(sim, {"plan", "--detailed-exitcode", dir.path()});
  CHECK(all.exit_code == 0);
  rapidjson::Document s1 = SimStats(sim);
  ProcessResult one = RunOnboard(sim, {"plan", "--detailed-exitcode", "--customer", "cust-1", dir.path()});
  CHECK(one.exit_code == 0);
  rapidjson::Document s2 = SimStats(sim);
  for (const char* key : {"GET /api/companies/{resourceId}", "POST /api/system-users/search", "POST /api/target-users/search"}) {
    INFO(key);
    CHECK(RequestCount(s1, key) - RequestCount(s0, key) == 3);
    CHECK(RequestCount(s2, key) - RequestCount(s1, key) == 1);
  }
}

TEST_CASE("plan-e2e: --format markdown renders a summary table and one section per customer") {
  SimProcess sim;
  ProcessResult r = RunOnboard(sim, {"plan", "--format", "markdown", kExamples});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("| customer | create | update |") != std::string::npos);
  CHECK(r.out.find("**Plan: 31 to create, 0 to update, 0 to delete.**") != std::string::npos);
  for (const char* customer : {"acme", "globex", "initech"}) {
    INFO(customer);
    CHECK(r.out.find(fmt::format("<details><summary>{} (", customer)) != std::string::npos);
    CHECK(r.out.find(fmt::format("| {} |", customer)) != std::string::npos);
  }
  CHECK(r.out.find("+90******0000") != std::string::npos);
  CHECK(r.out.find("+905550000000") == std::string::npos);
  CHECK(r.out.find("\033[") == std::string::npos);
}

TEST_CASE("plan-e2e: phone numbers are masked in every rendering unless --show-sensitive") {
  SimProcess sim;
  for (const char* format : {"text", "markdown", "json"}) {
    INFO(format);
    ProcessResult masked = RunOnboard(sim, {"plan", "--format", format, kExamples});
    CHECK(masked.exit_code == 0);
    CHECK(masked.out.find("+90******0000") != std::string::npos);
    CHECK(masked.out.find("+905550000000") == std::string::npos);
    CHECK(masked.out.find("+905552220001") == std::string::npos);
    ProcessResult shown = RunOnboard(sim, {"plan", "--show-sensitive", "--format", format, kExamples});
    CHECK(shown.exit_code == 0);
    CHECK(shown.out.find("+905550000000") != std::string::npos);
    CHECK(shown.out.find("+905552220001") != std::string::npos);
    if (std::string(format) == "json") {
      CheckPlanSchema(masked.out);
      CheckPlanSchema(shown.out);
    }
  }
}

TEST_CASE("plan-e2e: plan --out FILE, then apply --plan FILE carries it out") {
  SimProcess sim;
  TempDir dir;
  const std::string saved = dir / "plan.json";
  ProcessResult planned = RunOnboard(sim, {"plan", "--out", saved, kExamples});
  CHECK(planned.exit_code == 0);
  const std::string document = ReadTextFile(saved);
  CheckPlanSchema(document);
  CheckNoSecret(document);
  CHECK(ParseJson(document)["actions"].Size() == 31);
  ProcessResult applied = RunOnboard(sim, {"apply", "--auto-approve", "--plan", saved});
  INFO("apply stderr: " << applied.err);
  CHECK(applied.exit_code == 0);
  CHECK(TotalWrites(sim) == 31);
  CheckConverged(sim, {kExamples});
  CheckNoDuplicates(SimState(sim));
}

}  // TEST_SUITE

}  // namespace
}  // namespace onboard::test
