// End to end: the reads a plan sends per customer (counted by keepnet-sim's /_sim/stats), so
// that a read the data already answers cannot come back unnoticed.

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <string>

#include <fmt/format.h>

#include "tests/support/e2e_helpers.h"

namespace onboard::test {
namespace {

using testing::ProcessResult;

const char* kDefaults =
    "apiVersion: onboard/v1\nkind: Defaults\nspec:\n"
    "  company: {country: TR, industry: Technology, timeZone: Turkey Standard Time, "
    "dateFormat: dd/MM/yyyy, timeFormat: HH:mm}\n"
    "  license: {type: Enterprise, period: Yearly, limited: true}\n";

// Customer `i` (company "Reads Co i") with one admin (`roles` YAML appended to its entry, e.g.
// ", roles: [Company Admin]") and `users` target users.
std::string Customer(int i, const std::string& admin_last_name, const std::string& roles, int users) {
  std::string yaml = fmt::format(
      "apiVersion: onboard/v1\nkind: Customer\nmetadata: {{name: cust-{0}}}\nspec:\n"
      "  company: {{name: \"Reads Co {0}\"}}\n"
      "  license: {{modules: [Phishing Simulator], users: 100, start: 2026-01-01, end: 2027-01-01}}\n"
      "  admins:\n    - {{email: admin@cust{0}.example, firstName: Admin, lastName: {1}, "
      "phone: \"+90555{0:07d}\"{2}}}\n",
      i, admin_last_name, roles);
  if (users > 0) yaml += "  targetUsers:\n";
  for (int k = 0; k < users; ++k)
    yaml += fmt::format("    - {{email: user{1}@cust{0}.example, firstName: User, lastName: U{1}, phone: \"+90556{0:04d}{1:03d}\"}}\n",
                        i, k);
  return yaml;
}

int64_t Delta(const rapidjson::Document& before, const rapidjson::Document& after, const std::string& key) {
  return RequestCount(after, key) - RequestCount(before, key);
}

}  // namespace

TEST_SUITE("reads-e2e") {

TEST_CASE("reads-e2e: a no-op plan reads roles only where an admin names roles, users only where there are some") {
  SimProcess sim;
  TempDir dir;
  WriteTextFile(dir / "defaults.yaml", kDefaults);
  const std::string roles = ", roles: [Company Admin]";
  WriteTextFile(dir / "customers/cust-0.yaml", Customer(0, "Zero", "", 2));     // no roles named, users
  WriteTextFile(dir / "customers/cust-1.yaml", Customer(1, "One", roles, 0));   // roles named, no users
  WriteTextFile(dir / "customers/cust-2.yaml", Customer(2, "Two", "", 0));      // neither
  WriteTextFile(dir / "customers/cust-3.yaml", Customer(3, "Three", roles, 3));  // both
  ProcessResult applied = RunOnboard(sim, {"apply", "--auto-approve", dir.path()});
  INFO("apply stderr: " << applied.err);
  REQUIRE(applied.exit_code == 0);

  const rapidjson::Document s0 = SimStats(sim);
  ProcessResult plan = RunOnboard(sim, {"plan", "--detailed-exitcode", dir.path()});
  INFO("plan stderr: " << plan.err);
  CHECK(plan.exit_code == 0);
  const rapidjson::Document s1 = SimStats(sim);
  // Per customer: its company and its admins always; its roles where an admin names roles;
  // its target users unless the manifest lists none and the company search counts none.
  CHECK(Delta(s0, s1, "GET /api/companies/{resourceId}") == 4);
  CHECK(Delta(s0, s1, "POST /api/system-users/search") == 4);
  CHECK(Delta(s0, s1, "GET /api/roles") == 2);
  CHECK(Delta(s0, s1, "POST /api/target-users/search") == 2);
  CHECK(Delta(s0, s1, "GET /api/target-users/{resourceId}") == 0);
  CHECK(s1["total_writes"].GetInt64() == s0["total_writes"].GetInt64());
}

TEST_CASE("reads-e2e: a customer whose manifest lists no user still reads the users the company has") {
  SimProcess sim;
  TempDir dir;
  WriteTextFile(dir / "defaults.yaml", kDefaults);
  WriteTextFile(dir / "customers/cust-0.yaml", Customer(0, "Zero", "", 2));
  REQUIRE(RunOnboard(sim, {"apply", "--auto-approve", dir.path()}).exit_code == 0);
  WriteTextFile(dir / "customers/cust-0.yaml", Customer(0, "Zero", "", 0));  // the users stay on the platform
  const rapidjson::Document s0 = SimStats(sim);
  CHECK(RunOnboard(sim, {"plan", "--detailed-exitcode", dir.path()}).exit_code == 0);
  const rapidjson::Document s1 = SimStats(sim);
  CHECK(Delta(s0, s1, "POST /api/target-users/search") == 1);  // the search counts 2
}

TEST_CASE("reads-e2e: an admin update whose manifest names no roles keeps the admin's roles") {
  SimProcess sim;
  TempDir dir;
  WriteTextFile(dir / "defaults.yaml", kDefaults);
  WriteTextFile(dir / "customers/cust-0.yaml", Customer(0, "Zero", ", roles: [Company Admin]", 0));
  REQUIRE(RunOnboard(sim, {"apply", "--auto-approve", dir.path()}).exit_code == 0);
  auto role_ids = [&] {
    rapidjson::Document state = SimState(sim);
    const rapidjson::Value& admin = CompanyNamed(state, "Reads Co 0")["systemUsers"][0];
    return admin["roleResourceIdList"].Size();
  };
  REQUIRE(role_ids() == 1);

  // Roles are no longer managed; the last name changes: the PUT replaces the role list, so the
  // plan reads the roles to send the live one back.
  WriteTextFile(dir / "customers/cust-0.yaml", Customer(0, "Renamed", "", 0));
  const rapidjson::Document s0 = SimStats(sim);
  ProcessResult applied = RunOnboard(sim, {"apply", "--auto-approve", dir.path()});
  INFO("apply stderr: " << applied.err);
  REQUIRE(applied.exit_code == 0);
  const rapidjson::Document s1 = SimStats(sim);
  CHECK(Delta(s0, s1, "GET /api/roles") == 1);
  CHECK(Delta(s0, s1, "PUT /api/system-users/{resourceId}") == 1);
  CHECK(role_ids() == 1);
  CHECK(RunOnboard(sim, {"plan", "--detailed-exitcode", dir.path()}).exit_code == 0);
}

}  // TEST_SUITE

}  // namespace onboard::test
