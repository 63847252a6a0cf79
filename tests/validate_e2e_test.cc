// End to end: `onboard validate`, offline and --online (references resolved against
// keepnet-sim's seeded catalog), through the real binary.

#include <doctest/doctest.h>

#include <string>

#include "tests/support/e2e_helpers.h"
#include "tests/support/sim_process.h"

namespace onboard::test {
namespace {

const std::string kExamples = std::string(ONBOARD_SOURCE_DIR) + "/manifests/examples";

// A customer whose references are the given values; line numbers are fixed so tests can
// name the exact location of each field (country: line 9, preferredLanguage: line 13).
std::string Customer(const std::string& country, const std::string& industry, const std::string& language) {
  return "apiVersion: onboard/v1\n"        // 1
         "kind: Customer\n"                // 2
         "metadata:\n"                     // 3
         "  name: refs\n"                  // 4
         "spec:\n"                         // 5
         "  company:\n"                    // 6
         "    name: Refs Ltd\n"            // 7
         "    industry: " + industry + "\n"        // 8
         "    country: " + country + "\n"          // 9
         "    timeZone: turkey standard time\n"    // 10
         "    dateFormat: dd/MM/yyyy\n"            // 11
         "    timeFormat: HH:mm\n"                 // 12
         "    preferredLanguage: " + language + "\n"  // 13
         "  license: {type: enterprise, period: YEARLY, modules: [phishing simulator], users: 10}\n";
}

int64_t TotalRequests(const SimProcess& sim) { return SimStats(sim)["total"].GetInt64(); }

}  // namespace

TEST_SUITE("validate-e2e") {

TEST_CASE("validate-e2e: offline validation of the examples says ok and touches no network") {
  SimProcess sim;  // reachable, so a request would show in its stats
  testing::ProcessResult r = RunOnboard(sim, {"validate", kExamples});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "ok: 3 customers, 2 groups, 5 admins, 19 target users\n");
  CHECK(TotalRequests(sim) == 0);
}

TEST_CASE("validate-e2e: --online resolves names, ISO codes and codes case-insensitively") {
  SimProcess sim;
  TempDir dir;
  WriteTextFile(dir.path() + "/refs.yaml", Customer("tr", "HEALTHCARE", "pt-br"));
  testing::ProcessResult r = RunOnboard(sim, {"validate", "--online", dir.path()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "ok: 1 customers, 0 groups, 0 admins, 0 target users\n");
  CHECK(TotalWrites(sim) == 0);
}

TEST_CASE("validate-e2e: --online names an unknown reference's location and the closest candidates") {
  SimProcess sim;
  TempDir dir;
  const std::string file = dir.path() + "/refs.yaml";
  WriteTextFile(file, Customer("Turky", "Technology", "English"));
  testing::ProcessResult r = RunOnboard(sim, {"validate", "--online", dir.path()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(r.err.find(file + ":9:") != std::string::npos);
  CHECK(r.err.find("Turky") != std::string::npos);
  CHECK(r.err.find("Turkey") != std::string::npos);
  CHECK(TotalWrites(sim) == 0);
}

TEST_CASE("validate-e2e: --online refuses an ambiguous reference and lists what it matches") {
  SimProcess sim;
  TempDir dir;
  const std::string file = dir.path() + "/refs.yaml";
  WriteTextFile(file, Customer("PT", "Technology", "Portuguese"));
  testing::ProcessResult r = RunOnboard(sim, {"validate", "--online", dir.path()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(file + ":13:") != std::string::npos);
  CHECK(r.err.find("pt-BR") != std::string::npos);
  CHECK(r.err.find("pt-PT") != std::string::npos);
}

TEST_CASE("validate-e2e: an invalid manifest fails with its location: validate sends no request, plan and apply no write") {
  SimProcess sim;
  TempDir dir;
  const std::string file = dir.path() + "/bad.yaml";
  WriteTextFile(file, "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: bad}\nspec:\n  company: {name: Bad, colour: blue}\n");
  for (const char* command : {"validate", "plan", "apply"}) {
    std::vector<std::string> args = {command, dir.path()};
    if (std::string(command) == "apply") args.push_back("--auto-approve");
    testing::ProcessResult r = RunOnboard(sim, args);
    INFO(command << ": " << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(file + ":5:") != std::string::npos);
    CHECK(r.err.find("colour") != std::string::npos);
    // validate is offline; plan and apply start reading (token, catalog, companies) while
    // the manifests load, but an invalid one stops them before any write.
    if (std::string(command) == "validate") CHECK(TotalRequests(sim) == 0);
  }
  CHECK(TotalWrites(sim) == 0);
}

}  // TEST_SUITE

}  // namespace onboard::test
