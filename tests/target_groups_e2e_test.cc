// End to end: target groups (spec.targetGroups) and memberships (a user's `groups`) planned
// and applied against keepnet-sim: creates, moves between groups at one request per group and
// direction, a user without `groups` keeping its memberships, prune of target groups, and a
// saved plan going stale when a target group changed since.

#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

#include "tests/support/e2e_helpers.h"

namespace onboard {
namespace {

constexpr int kUsers = 30;

// The Customer "tg" with two target groups; `groups_of(k)` is user k's `groups` list as YAML
// ("" leaves it out); `department_of(k)` its department.
std::string CustomerYaml(const std::string& target_groups, const std::function<std::string(int)>& groups_of,
                         const std::function<std::string(int)>& department_of, const std::string& extra = "") {
  std::string yaml =
      "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: tg}\nspec:\n"
      "  company: {name: TG Corp, country: TR, industry: Technology, timeZone: Turkey Standard Time, "
      "dateFormat: dd/MM/yyyy, timeFormat: HH:mm}\n"
      "  license: {type: Enterprise, period: Yearly, modules: [Phishing Simulator], users: 100, limited: true, "
      "start: 2026-01-01, end: 2027-01-01}\n" +
      extra + "  targetGroups: " + target_groups + "\n  targetUsers:\n";
  for (int k = 0; k < kUsers; ++k) {
    std::string groups = groups_of(k);
    yaml += fmt::format("    - {{email: user{0}@tg.example, phone: \"+9055600{0:05d}\", department: {1}{2}}}\n", k,
                        department_of(k), groups.empty() ? "" : ", groups: " + groups);
  }
  return yaml;
}

const char* kTwoGroups = "[{name: Finance, priority: High}, {name: Sales, priority: Low}]";

std::string Initial(int k) { return k < 15 ? "[Finance]" : "[Sales]"; }
std::string Moved(int k) { return k < 10 ? "[Sales]" : Initial(k); }  // users 0..9: Finance -> Sales
std::string Dept(int) { return "Ops"; }

// Target-group name -> emails of its members, from /_sim/state.
std::map<std::string, std::set<std::string>> Memberships(const test::SimProcess& sim) {
  rapidjson::Document state = test::SimState(sim);
  const rapidjson::Value& company = test::CompanyNamed(state, "TG Corp");
  std::map<std::string, std::string> name_of;
  std::map<std::string, std::set<std::string>> out;
  for (const auto& g : company["targetGroups"].GetArray()) {
    name_of[g["resourceId"].GetString()] = g["name"].GetString();
    out[g["name"].GetString()];
  }
  for (const auto& u : company["targetUsers"].GetArray())
    for (const auto& id : u["targetGroupResourceIds"].GetArray()) out[name_of[id.GetString()]].insert(u["email"].GetString());
  return out;
}

std::string DepartmentOf(const test::SimProcess& sim, const std::string& email) {
  rapidjson::Document state = test::SimState(sim);
  for (const auto& u : test::CompanyNamed(state, "TG Corp")["targetUsers"].GetArray())
    if (email == u["email"].GetString()) return u["department"].IsString() ? u["department"].GetString() : "";
  return "?";
}

std::set<std::string> Emails(int from, int to) {
  std::set<std::string> out;
  for (int k = from; k < to; ++k) out.insert(fmt::format("user{}@tg.example", k));
  return out;
}

// Requests by "METHOD template" of `after` minus `before`, the non-zero ones.
std::map<std::string, int64_t> Delta(const rapidjson::Document& before, const rapidjson::Document& after) {
  std::map<std::string, int64_t> out;
  for (auto it = after["requests"].MemberBegin(); it != after["requests"].MemberEnd(); ++it) {
    int64_t n = it->value.GetInt64() - test::RequestCount(before, it->name.GetString());
    if (n != 0) out[it->name.GetString()] = n;
  }
  return out;
}

void Apply(const test::SimProcess& sim, const std::string& dir) {
  testing::ProcessResult r = test::RunOnboard(sim, {"apply", "--auto-approve", "--no-color", dir});
  INFO(r.out, r.err);
  REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_SUITE("e2e") {

TEST_CASE("target groups: created with their members, 10 users moved at one request per group and direction") {
  test::SimProcess sim;
  test::TempDir dir;
  const std::string manifest = dir / "manifests/tg.yaml";
  test::WriteTextFile(manifest, CustomerYaml(kTwoGroups, Initial, Dept));
  Apply(sim, dir / "manifests");
  {
    auto members = Memberships(sim);
    CHECK(members.size() == 2);
    CHECK(members["Finance"] == Emails(0, 15));
    CHECK(members["Sales"] == Emails(15, 30));
  }
  test::CheckConverged(sim, {dir / "manifests"});

  // Move users 0..9 from Finance to Sales; user 0's department changes too (its PUT sends the
  // memberships back, so it must run before the membership changes, not undo them).
  test::WriteTextFile(manifest, CustomerYaml(kTwoGroups, Moved, [](int k) { return k == 0 ? "Legal" : "Ops"; }));
  testing::ProcessResult shown = test::RunOnboard(sim, {"plan", "--no-color", "--format", "json", dir / "manifests"});
  REQUIRE(shown.exit_code == 0);
  test::CheckPlanSchema(shown.out);
  rapidjson::Document plan = test::ParseJson(shown.out);
  CHECK(std::string(plan["membership_changes"].GetString()) == "group-actions");
  std::map<std::string, std::string> verbs;
  for (const auto& a : plan["actions"].GetArray()) verbs[a["address"].GetString()] = a["action"].GetString();
  CHECK(verbs["customer.tg.target-group.sales.add-users"] == "add-participant");
  CHECK(verbs["customer.tg.target-group.finance.remove-users"] == "remove-participant");
  CHECK(verbs["customer.tg.target-user.user0@tg.example"] == "update");
  CHECK(verbs.size() == 3);

  rapidjson::Document before = test::SimStats(sim);
  Apply(sim, dir / "manifests");
  rapidjson::Document after = test::SimStats(sim);
  std::map<std::string, int64_t> delta = Delta(before, after);
  std::string counts;
  for (const auto& [kind, n] : delta) counts += fmt::format("{} {}; ", kind, n);
  MESSAGE("the 10-user move: ", after["total"].GetInt64() - before["total"].GetInt64(), " requests: ", counts);
  CHECK(delta["PUT /api/target-groups/users"] == 1);                     // all ten join Sales in one
  CHECK(delta["DELETE /api/target-groups/{resourceId}/users"] == 1);     // and leave Finance in one
  CHECK(delta["PUT /api/target-users/{resourceId}"] == 1);               // user 0's department only
  CHECK(delta.count("POST /api/target-groups") == 0);
  {
    auto members = Memberships(sim);
    CHECK(members["Finance"] == Emails(10, 15));
    std::set<std::string> sales = Emails(0, 10);
    sales.merge(Emails(15, 30));
    CHECK(members["Sales"] == sales);
  }
  CHECK(DepartmentOf(sim, "user0@tg.example") == "Legal");
  test::CheckConverged(sim, {dir / "manifests"});

  // A user without `groups` keeps its memberships through an unrelated update.
  test::WriteTextFile(manifest, CustomerYaml(
                                    kTwoGroups, [](int k) { return k == 20 ? std::string() : Moved(k); },
                                    [](int k) { return k == 0 ? "Legal" : k == 20 ? "Audit" : "Ops"; }));
  Apply(sim, dir / "manifests");
  CHECK(DepartmentOf(sim, "user20@tg.example") == "Audit");
  CHECK(Memberships(sim)["Sales"].count("user20@tg.example") == 1);
  test::CheckConverged(sim, {dir / "manifests"});
}

TEST_CASE("target groups: prune deletes an unlisted group, and a saved plan goes stale when its group changed") {
  test::SimProcess sim;
  test::TempDir dir;
  const std::string manifest = dir / "manifests/tg.yaml";
  const char* three = "[{name: Finance, priority: High}, {name: Sales, priority: Low}, {name: Legacy}]";
  test::WriteTextFile(manifest, CustomerYaml(three, [](int k) { return k < 5 ? "[Finance, Legacy]" : "[Sales]"; }, Dept));
  Apply(sim, dir / "manifests");
  CHECK(Memberships(sim)["Legacy"] == Emails(0, 5));

  // Without prune, a group the manifest stops listing stays (and so do its members' memberships
  // of users without `groups`).
  test::WriteTextFile(manifest, CustomerYaml(kTwoGroups, [](int) { return std::string(); }, Dept));
  test::CheckConverged(sim, {dir / "manifests"});

  // With prune: one delete, after nothing else; the users stay.
  test::WriteTextFile(manifest, CustomerYaml(kTwoGroups, [](int) { return std::string(); }, Dept,
                                             "  prune: [targetGroups]\n"));
  testing::ProcessResult plan = test::RunOnboard(sim, {"plan", "--no-color", "--detailed-exitcode", dir / "manifests"});
  INFO(plan.out, plan.err);
  CHECK(plan.exit_code == 2);
  CHECK(plan.out.find("customer.tg.target-group.legacy") != std::string::npos);
  CHECK(plan.out.find("1 to delete") != std::string::npos);
  Apply(sim, dir / "manifests");
  {
    auto members = Memberships(sim);
    CHECK(members.count("Legacy") == 0);
    CHECK(members["Finance"] == Emails(0, 5));
  }
  CHECK(test::CustomerCompanies(test::SimState(sim)).size() == 1);
  test::CheckConverged(sim, {dir / "manifests"});

  // A saved plan that changes Finance's priority is stale once Finance changed since.
  test::WriteTextFile(manifest, CustomerYaml("[{name: Finance, priority: Low}, {name: Sales, priority: Low}]",
                                             [](int) { return std::string(); }, Dept));
  const std::string saved = dir / "plan.json";
  REQUIRE(test::RunOnboard(sim, {"plan", "--no-color", "--out", saved, dir / "manifests"}).exit_code == 0);
  test::WriteTextFile(dir / "other/tg.yaml",
                      CustomerYaml("[{name: Finance, priority: Medium}]", [](int) { return std::string(); }, Dept));
  Apply(sim, dir / "other");
  testing::ProcessResult stale = test::RunOnboard(sim, {"apply", "--auto-approve", "--no-color", "--plan", saved});
  INFO(stale.out, stale.err);
  CHECK(stale.exit_code == 1);
  CHECK(stale.err.find("stale") != std::string::npos);
  CHECK(stale.err.find("customer.tg.target-group.finance") != std::string::npos);

  // Unchanged since: the saved plan applies.
  REQUIRE(test::RunOnboard(sim, {"plan", "--no-color", "--out", saved, dir / "manifests"}).exit_code == 0);
  REQUIRE(test::RunOnboard(sim, {"apply", "--auto-approve", "--no-color", "--plan", saved}).exit_code == 0);
  test::CheckConverged(sim, {dir / "manifests"});
}

}  // TEST_SUITE

}  // namespace onboard
