// End to end: removal against keepnet-sim. `prune` (target users, admins, groups), the
// unlisted-objects report, the mass-deletion guard and --allow-mass-delete, offboarding with
// `ensure: absent`, leaving company groups in one request per group, and saved plans with
// deletes that went stale. Each case sets the platform up with onboard itself (a fleet of
// WriteFleet), then edits the manifests as a user would.

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/text/strings.h"
#include "tests/support/e2e_helpers.h"

namespace onboard::test {
namespace {

using testing::ProcessResult;

// The e-mails of `kind` ("targetUsers", "systemUsers") of the company named `name`, lowered.
std::vector<std::string> Emails(const SimProcess& sim, const std::string& name, const char* kind) {
  rapidjson::Document state = SimState(sim);
  const rapidjson::Value& company = CompanyNamed(state, name);
  std::vector<std::string> out;
  for (const rapidjson::Value& u : company[kind].GetArray()) out.push_back(ToLowerAscii(u["email"].GetString()));
  std::sort(out.begin(), out.end());
  return out;
}

// The fleet customer i with the target users `keep` (of WriteFleet's userK@custI.example)
// and `extra` YAML lines at the end of its spec.
std::string CustomerKeeping(int i, const std::vector<int>& keep, const std::string& extra, int groups = 2) {
  std::string yaml = FleetCustomerYaml(i, 0, groups, fmt::format("Fleet Co {}", i));
  if (!keep.empty()) yaml += "  targetUsers:\n";
  for (int k : keep)
    yaml += fmt::format(
        "    - {{email: user{1}@cust{0}.example, firstName: User, lastName: U{1}, department: Dept{2}, "
        "phone: \"+90556{0:04d}{1:03d}\"}}\n",
        i, k, k % 3);
  return yaml + extra;
}

void WriteCustomer(const std::string& dir, int i, const std::string& yaml) {
  WriteTextFile(fmt::format("{}/customers/cust-{:03d}.yaml", dir, i), yaml);
}

// Applies the fleet in dir and checks it converged.
void ApplyFleet(const SimProcess& sim, const std::string& dir) {
  ProcessResult r = RunOnboard(sim, {"apply", dir, "--auto-approve"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
  CheckConverged(sim, {dir});
}

std::vector<std::string> ActionsOf(const rapidjson::Document& plan, const char* verb) {
  std::vector<std::string> out;
  for (const rapidjson::Value& a : plan["actions"].GetArray())
    if (std::string(a["action"].GetString()) == verb) out.push_back(a["address"].GetString());
  return out;
}

}  // namespace

TEST_SUITE("removal-e2e") {

TEST_CASE("prune: the leaver is deleted and nobody else, without prune the unlisted users stay and are reported") {
  SimProcess sim;
  TempDir tmp;
  const std::string dir = WriteFleet(tmp / "m", 2, 3);
  ApplyFleet(sim, dir);
  // user2 leaves both customers; only cust-0 prunes.
  WriteCustomer(dir, 0, CustomerKeeping(0, {0, 1}, "  prune: [targetUsers]\n"));
  WriteCustomer(dir, 1, CustomerKeeping(1, {0, 1}, ""));

  ProcessResult json = RunOnboard(sim, {"plan", dir, "--format", "json"});
  REQUIRE_MESSAGE(json.exit_code == 0, json.err);
  CheckPlanSchema(json.out);
  rapidjson::Document plan = ParseJson(json.out);
  CHECK(plan["actions"].Size() == 1);
  CHECK(ActionsOf(plan, "delete") == std::vector<std::string>{"customer.cust-0.target-user.user2@cust0.example"});
  CHECK(plan["summary"]["delete"].GetInt() == 1);
  // The delete shows the live record that goes.
  const rapidjson::Value& del = plan["actions"][0];
  bool shows_email = false;
  for (const rapidjson::Value& c : del["changes"].GetArray())
    shows_email = shows_email || (std::string(c["field"].GetString()) == "email" &&
                                  std::string(c["before"].GetString()) == "user2@cust0.example");
  CHECK(shows_email);
  // cust-1 keeps user2, and the plan says so, by address.
  REQUIRE(plan.HasMember("unlisted"));
  const rapidjson::Value& unlisted = plan["unlisted"]["customers"];
  REQUIRE(unlisted.Size() == 1);
  CHECK(std::string(unlisted[0]["customer"].GetString()) == "cust-1");
  CHECK(unlisted[0]["target_users"].GetInt() == 1);
  CHECK(std::string(unlisted[0]["addresses"][0].GetString()) == "customer.cust-1.target-user.user2@cust1.example");

  ProcessResult text = RunOnboard(sim, {"plan", dir, "--detailed-exitcode", "--no-color"});
  CHECK(text.exit_code == 2);
  CHECK(text.out.find("  - customer.cust-0.target-user.user2@cust0.example\n") != std::string::npos);
  CHECK(text.out.find("      - email: user2@cust0.example\n") != std::string::npos);
  CHECK(text.out.find("customer cust-1: 1 target user not in the manifest; add `prune: [targetUsers]` to remove them") !=
        std::string::npos);
  CHECK(text.out.find("0 to update, 1 to delete") != std::string::npos);
  ProcessResult md = RunOnboard(sim, {"plan", dir, "--format", "markdown"});
  CHECK(md.out.find("- customer.cust-0.target-user.user2@cust0.example\n") != std::string::npos);
  CHECK(md.out.find("-     email: user2@cust0.example\n") != std::string::npos);

  // The dry run lists the DELETE and writes nothing.
  const int64_t writes = TotalWrites(sim);
  ProcessResult dry = RunOnboard(sim, {"apply", dir, "--dry-run", "--format", "json"});
  REQUIRE_MESSAGE(dry.exit_code == 0, dry.err);
  rapidjson::Document report = ParseJson(dry.out);
  REQUIRE(report["requests"].Size() == 1);
  CHECK(std::string(report["requests"][0]["method"].GetString()) == "DELETE");
  CHECK(std::string(report["requests"][0]["path"].GetString()).rfind("/api/target-users/", 0) == 0);
  CHECK(report["summary"]["deleted"].GetInt() == 1);
  CHECK(TotalWrites(sim) == writes);

  ProcessResult apply = RunOnboard(sim, {"apply", dir, "--auto-approve", "--no-color", "--journal", tmp / "journal.jsonl"});
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.out << apply.err);
  CHECK(apply.out.find("1 deleted") != std::string::npos);
  const std::string journal = ReadTextFile(tmp / "journal.jsonl");
  CHECK(journal.find("\"DELETE\"") != std::string::npos);
  CHECK(journal.find("customer.cust-0.target-user.user2@cust0.example") != std::string::npos);
  CHECK(TotalWrites(sim) == writes + 1);
  CHECK(Emails(sim, "Fleet Co 0", "targetUsers") ==
        std::vector<std::string>{"user0@cust0.example", "user1@cust0.example"});
  CHECK(Emails(sim, "Fleet Co 1", "targetUsers").size() == 3);
  // Re-plan: no changes (the unlisted user is reported, not a change).
  ProcessResult again = RunOnboard(sim, {"plan", dir, "--detailed-exitcode", "--no-color"});
  CHECK_MESSAGE(again.exit_code == 0, again.out);
  CHECK(again.out.find("No changes") != std::string::npos);
  CHECK(again.out.find("customer cust-1: 1 target user not in the manifest") != std::string::npos);
}

TEST_CASE("prune: admins deletes the unlisted admin, detailed exit code 2") {
  SimProcess sim;
  TempDir tmp;
  const std::string dir = WriteFleet(tmp / "m", 1, 1);
  const std::string second =
      "    - {email: second@cust0.example, firstName: Second, lastName: Admin, phone: \"+905550000099\", "
      "roles: [Company Admin]}\n";
  std::string with_second = CustomerKeeping(0, {0}, "");
  with_second.insert(with_second.find("  targetUsers:"), second);
  WriteCustomer(dir, 0, with_second);
  ApplyFleet(sim, dir);
  REQUIRE(Emails(sim, "Fleet Co 0", "systemUsers").size() == 2);

  WriteCustomer(dir, 0, CustomerKeeping(0, {0}, "  prune: [admins]\n"));
  ProcessResult plan = RunOnboard(sim, {"plan", dir, "--detailed-exitcode", "--no-color"});
  CHECK(plan.exit_code == 2);
  CHECK(plan.out.find("  - customer.cust-0.admin.second@cust0.example\n") != std::string::npos);
  ProcessResult apply = RunOnboard(sim, {"apply", dir, "--auto-approve"});
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.out << apply.err);
  CHECK(Emails(sim, "Fleet Co 0", "systemUsers") == std::vector<std::string>{"admin@cust0.example"});
  CheckConverged(sim, {dir});
}

TEST_CASE("mass-delete guard: a header-only CSV against 50 live users stops plan and apply, the flag lets all go") {
  SimProcess sim;
  TempDir tmp;
  const std::string dir = WriteFleet(tmp / "m", 1, 50);
  ApplyFleet(sim, dir);
  REQUIRE(Emails(sim, "Fleet Co 0", "targetUsers").size() == 50);
  WriteTextFile(dir + "/customers/users.csv", "email,firstName,lastName,phone\n");
  WriteCustomer(dir, 0, CustomerKeeping(0, {}, "  targetUsersCsv: users.csv\n  prune: [targetUsers]\n"));

  const int64_t writes = TotalWrites(sim);
  ProcessResult plan = RunOnboard(sim, {"plan", dir, "--no-color"});
  CHECK(plan.exit_code == 1);
  const std::string said = plan.out + plan.err;
  CHECK(said.find("cust-0") != std::string::npos);
  CHECK(said.find("delete 50 of the 50 live target users") != std::string::npos);
  CHECK(said.find("--allow-mass-delete") != std::string::npos);
  ProcessResult saved = RunOnboard(sim, {"plan", dir, "--out", tmp / "refused.json"});
  CHECK(saved.exit_code == 1);

  ProcessResult apply = RunOnboard(sim, {"apply", dir, "--auto-approve"});
  CHECK(apply.exit_code == 1);
  CHECK(TotalWrites(sim) == writes);
  CHECK(Emails(sim, "Fleet Co 0", "targetUsers").size() == 50);

  // Reviewed with the flag, saved, applied: all 50 go.
  ProcessResult reviewed = RunOnboard(sim, {"plan", dir, "--allow-mass-delete", "--out", tmp / "plan.json"});
  REQUIRE_MESSAGE(reviewed.exit_code == 0, reviewed.out << reviewed.err);
  ProcessResult go = RunOnboard(sim, {"apply", "--plan", tmp / "plan.json", "--auto-approve"});
  REQUIRE_MESSAGE(go.exit_code == 0, go.out << go.err);
  CHECK(Emails(sim, "Fleet Co 0", "targetUsers").empty());
  CHECK(TotalWrites(sim) == writes + 50);
  rapidjson::Document stats = SimStats(sim);
  CHECK(RequestCount(stats, "DELETE /api/target-users/{resourceId}") == 50);
  CheckConverged(sim, {dir});
}

TEST_CASE("mass-delete guard: apply --allow-mass-delete applies what the guard stopped") {
  SimProcess sim;
  TempDir tmp;
  const std::string dir = WriteFleet(tmp / "m", 1, 10);
  ApplyFleet(sim, dir);
  WriteCustomer(dir, 0, CustomerKeeping(0, {0, 1}, "  prune: [targetUsers]\n"));
  CHECK(RunOnboard(sim, {"apply", dir, "--auto-approve"}).exit_code == 1);
  ProcessResult go = RunOnboard(sim, {"apply", dir, "--auto-approve", "--allow-mass-delete"});
  REQUIRE_MESSAGE(go.exit_code == 0, go.out << go.err);
  CHECK(Emails(sim, "Fleet Co 0", "targetUsers").size() == 2);
}

TEST_CASE("ensure: absent deletes exactly one company, already gone plans nothing") {
  SimProcess sim;
  TempDir tmp;
  const std::string dir = WriteFleet(tmp / "m", 2, 3);
  ApplyFleet(sim, dir);
  // The rest of the document may stay: it is ignored (and validate says so).
  std::string absent = CustomerKeeping(1, {0, 1, 2}, "");
  absent.insert(absent.find("  company:"), "  ensure: absent\n");
  WriteCustomer(dir, 1, absent);
  ProcessResult validate = RunOnboard(sim, {"validate", dir});
  CHECK(validate.exit_code == 0);
  CHECK((validate.out + validate.err).find("ensure: absent") != std::string::npos);

  ProcessResult json = RunOnboard(sim, {"plan", dir, "--format", "json"});
  REQUIRE_MESSAGE(json.exit_code == 0, json.err);
  CheckPlanSchema(json.out);
  rapidjson::Document plan = ParseJson(json.out);
  REQUIRE(plan["actions"].Size() == 1);
  CHECK(ActionsOf(plan, "delete") == std::vector<std::string>{"customer.cust-1.company"});
  std::string going;
  for (const rapidjson::Value& c : plan["actions"][0]["changes"].GetArray())
    going += std::string(c["field"].GetString()) + "=" + c["before"].GetString() + ";";
  CHECK(going.find("company.name=Fleet Co 1;") != std::string::npos);
  CHECK(going.find("admins (deleted with it)=1;") != std::string::npos);
  CHECK(going.find("targetUsers (deleted with it)=3;") != std::string::npos);
  ProcessResult text = RunOnboard(sim, {"plan", dir, "--no-color", "--detailed-exitcode"});
  CHECK(text.exit_code == 2);
  CHECK(text.out.find("      - targetUsers (deleted with it): 3\n") != std::string::npos);

  const int64_t writes = TotalWrites(sim);
  ProcessResult apply = RunOnboard(sim, {"apply", dir, "--auto-approve"});
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.out << apply.err);
  CHECK(TotalWrites(sim) == writes + 1);
  CHECK(RequestCount(SimStats(sim), "DELETE /api/companies/{resourceId}") == 1);
  rapidjson::Document state = SimState(sim);
  CHECK(CountCompaniesNamed(state, "Fleet Co 1") == 0);
  CHECK(CountCompaniesNamed(state, "Fleet Co 0") == 1);
  // Already gone: nothing to do.
  ProcessResult again = RunOnboard(sim, {"plan", dir, "--detailed-exitcode", "--no-color"});
  CHECK_MESSAGE(again.exit_code == 0, again.out);
  CHECK(again.out.find("No changes") != std::string::npos);
}

TEST_CASE("prune: groups: two customers leave one group in one DELETE participants request") {
  SimProcess sim;
  TempDir tmp;
  const std::string dir = WriteFleet(tmp / "m", 3, 1, 1);  // all three in Fleet Group 0
  ApplyFleet(sim, dir);
  for (int i : {0, 1}) {
    std::string yaml = CustomerKeeping(i, {0}, "  prune: [groups]\n", 1);
    yaml.replace(yaml.find("  groups: [group-0]\n"), 20, "  groups: []\n");
    WriteCustomer(dir, i, yaml);
  }
  ProcessResult json = RunOnboard(sim, {"plan", dir, "--format", "json"});
  REQUIRE_MESSAGE(json.exit_code == 0, json.err);
  CheckPlanSchema(json.out);
  rapidjson::Document plan = ParseJson(json.out);
  CHECK(ActionsOf(plan, "remove-participant") ==
        std::vector<std::string>{"customer.cust-0.group.group-0", "customer.cust-1.group.group-0"});
  CHECK(plan["actions"].Size() == 2);

  const int64_t writes = TotalWrites(sim);
  ProcessResult apply = RunOnboard(sim, {"apply", dir, "--auto-approve"});
  REQUIRE_MESSAGE(apply.exit_code == 0, apply.out << apply.err);
  CHECK(RequestCount(SimStats(sim), "DELETE /api/company-groups/{resourceId}/participants") == 1);
  CHECK(TotalWrites(sim) == writes + 1);
  rapidjson::Document state = SimState(sim);
  const rapidjson::Value& groups = state["companyGroups"];
  REQUIRE(groups.Size() == 1);
  REQUIRE(groups[0]["companyResourceIds"].Size() == 1);
  CHECK(std::string(groups[0]["companyResourceIds"][0].GetString()) ==
        CompanyNamed(state, "Fleet Co 2")["resourceId"].GetString());
  CheckConverged(sim, {dir});
}

TEST_CASE("saved plan with deletes: refused when a deleted object changed since, applied when nothing did") {
  SimProcess sim;
  TempDir tmp;
  const std::string dir = WriteFleet(tmp / "m", 1, 3);
  ApplyFleet(sim, dir);
  // Another manifest set that changes user2, whom the plan below deletes.
  const std::string other = WriteFleet(tmp / "other", 1, 3);
  std::string changed = CustomerKeeping(0, {0, 1, 2}, "");
  changed.replace(changed.find("department: Dept2"), 17, "department: Moved");
  WriteCustomer(other, 0, changed);

  WriteCustomer(dir, 0, CustomerKeeping(0, {0, 1}, "  prune: [targetUsers]\n"));
  ProcessResult saved = RunOnboard(sim, {"plan", dir, "--out", tmp / "plan.json"});
  REQUIRE_MESSAGE(saved.exit_code == 0, saved.err);
  ProcessResult change = RunOnboard(sim, {"apply", other, "--auto-approve"});
  REQUIRE_MESSAGE(change.exit_code == 0, change.out << change.err);

  const int64_t writes = TotalWrites(sim);
  ProcessResult stale = RunOnboard(sim, {"apply", "--plan", tmp / "plan.json", "--auto-approve"});
  CHECK(stale.exit_code == 1);
  CHECK(stale.err.find("stale") != std::string::npos);
  CHECK(stale.err.find("customer.cust-0.target-user.user2@cust0.example") != std::string::npos);
  CHECK(TotalWrites(sim) == writes);
  CHECK(Emails(sim, "Fleet Co 0", "targetUsers").size() == 3);

  // Planned again from what is live now: applies.
  ProcessResult fresh = RunOnboard(sim, {"plan", dir, "--out", tmp / "plan.json"});
  REQUIRE_MESSAGE(fresh.exit_code == 0, fresh.err);
  ProcessResult go = RunOnboard(sim, {"apply", "--plan", tmp / "plan.json", "--auto-approve"});
  REQUIRE_MESSAGE(go.exit_code == 0, go.out << go.err);
  CHECK(Emails(sim, "Fleet Co 0", "targetUsers") ==
        std::vector<std::string>{"user0@cust0.example", "user1@cust0.example"});
}

TEST_CASE("saved plan: a delete of an object the live state does not hold is refused as edited") {
  SimProcess sim;
  TempDir tmp;
  const std::string dir = WriteFleet(tmp / "m", 1, 3);
  ApplyFleet(sim, dir);
  WriteCustomer(dir, 0, CustomerKeeping(0, {0, 1}, "  prune: [targetUsers]\n"));
  ProcessResult saved = RunOnboard(sim, {"plan", dir, "--out", tmp / "plan.json"});
  REQUIRE_MESSAGE(saved.exit_code == 0, saved.err);
  // Point the delete at user1 (listed, kept) while it still shows user2.
  rapidjson::Document state = SimState(sim);
  std::string user1_id;
  for (const rapidjson::Value& u : CompanyNamed(state, "Fleet Co 0")["targetUsers"].GetArray())
    if (ToLowerAscii(u["email"].GetString()) == "user1@cust0.example") user1_id = u["resourceId"].GetString();
  REQUIRE_FALSE(user1_id.empty());
  std::string text = ReadTextFile(tmp / "plan.json");
  rapidjson::Document p = ParseJson(text);
  const std::string user2_id = p["actions"][0]["target_id"].GetString();
  for (size_t at = text.find(user2_id); at != std::string::npos; at = text.find(user2_id, at + user1_id.size()))
    text.replace(at, user2_id.size(), user1_id);
  WriteTextFile(tmp / "edited.json", text);
  const int64_t writes = TotalWrites(sim);
  ProcessResult r = RunOnboard(sim, {"apply", "--plan", tmp / "edited.json", "--auto-approve"});
  CHECK(r.exit_code == 1);
  CHECK(TotalWrites(sim) == writes);
  CHECK(Emails(sim, "Fleet Co 0", "targetUsers").size() == 3);
}

}  // TEST_SUITE

}  // namespace onboard::test
