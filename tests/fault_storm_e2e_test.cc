// End-to-end: faults that hit the reads (issue 11, items 7 and 8). A storm of failing reads
// is outlasted by the read retry policy; a customer whose reads keep failing is skipped and
// reported, and every other customer is planned and applied.

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "tests/support/e2e_helpers.h"

namespace onboard::test {
namespace {

using testing::ProcessResult;

const char kTargetId[] = "FleetCo1Id01";

}  // namespace

TEST_SUITE("fault-storm-e2e") {

TEST_CASE("fault-storm-e2e: 70% of all requests fail, reads included: apply converges in a few runs, no duplicates") {
  // Before reads were retried longer, one read failing in 6 tries (0.7^6 = 12% of reads)
  // aborted every run for every customer: at 70% no run got through.
  TempDir dir, state_dir;
  WriteFleet(dir.path(), 6, 3);
  const std::string state = state_dir / "sim-state.json";
  {
    // Seed 5: the simulator's fault generator is deterministic per seed.
    SimProcess sim({"--fault-rate", "0.7", "--faults", "500,reset", "--seed", "5", "--state", state});
    // Creates are sent at most 5 times (0.7^5 = 17% of them fail a run): a few runs.
    const int runs = ApplyUntilConverged(sim, dir.path(), 8);
    MESSAGE("applies until one succeeded at 70% faults: " << runs);
    CHECK(runs <= 8);
    rapidjson::Document stats = SimStats(sim);
    // The storm hit the reads too (searches and GETs), not only the writes.
    CHECK(RequestCount(stats, "POST /api/companies/search") > RequestCount(stats, "POST /api/companies"));
    CHECK(stats["faults"].GetInt() > stats["total"].GetInt() / 2);
    rapidjson::Document live = SimState(sim);
    CheckNoDuplicates(live);
    CHECK(CustomerCompanies(live).size() == 6);
  }
  // The same platform without the storm: the next plan says no changes.
  SimProcess calm({"--seed", "5", "--state", state});
  CheckConverged(calm, {dir.path()});
}

TEST_CASE("fault-storm-e2e: a customer whose reads always fail is skipped and named while the others are applied") {
  // Every read scoped to one company fails; everything else is answered.
  SimProcess sim({"--fault-rate", "1", "--faults", "500", "--fault-requests", "reads", "--fault-company", kTargetId});
  sim.post("/_sim/seed", fmt::format(R"({{"companies":[{{"name":"Fleet Co 1","resourceId":"{}"}}]}})", kTargetId));
  TempDir dir;
  WriteFleet(dir.path(), 4, 2);

  ProcessResult r = RunOnboard(sim, {"apply", "--auto-approve", dir.path()});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 1);
  // Named: the customer and the request that failed.
  const size_t at = r.out.find("error: customer cust-1: skipped, its live state could not be read");
  REQUIRE(at != std::string::npos);
  const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
  // Whichever of its reads failed first: the request, for that customer, on that company.
  CHECK(line.find("[customer.cust-1]") != std::string::npos);
  CHECK(line.find(kTargetId) != std::string::npos);
  CHECK(line.find("HTTP 500 INTERNAL_SERVER_ERROR") != std::string::npos);
  CHECK(r.out.find("1 customer not read") != std::string::npos);

  rapidjson::Document state = SimState(sim);
  CheckNoDuplicates(state);
  for (int i : {0, 2, 3}) {
    const rapidjson::Value& c = CompanyNamed(state, fmt::format("Fleet Co {}", i));
    CHECK(c["systemUsers"].Size() == 1);
    CHECK(c["targetUsers"].Size() == 2);
  }
  // The skipped company was not touched.
  CHECK(CompanyNamed(state, "Fleet Co 1")["targetUsers"].Size() == 0);

  // The others are done; the plan still fails for the one it cannot read, and says so.
  ProcessResult others = RunOnboard(sim, {"plan", "--detailed-exitcode", "--exclude", "cust-1", dir.path()});
  CHECK(others.exit_code == 0);
  ProcessResult all = RunOnboard(sim, {"plan", "--format", "json", dir.path()});
  CHECK(all.exit_code == 1);
  rapidjson::Document plan = ParseJson(all.out);
  CheckPlanSchema(all.out);
  REQUIRE(plan.HasMember("failed_customers"));
  REQUIRE(plan["failed_customers"].Size() == 1);
  CHECK(std::string(plan["failed_customers"][0]["customer"].GetString()) == "cust-1");
  CHECK(plan["actions"].Size() == 0);
}

TEST_CASE("fault-storm-e2e: a read every customer needs failing still fails the run, saying which") {
  SimProcess sim({"--fault-rate", "1", "--faults", "500", "--fault-requests", "reads"});
  TempDir dir;
  WriteFleet(dir.path(), 2, 1);
  ProcessResult r = RunOnboard(sim, {"apply", "--auto-approve", dir.path()});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("(every customer needs it, so nothing was planned)") != std::string::npos);
  CHECK(TotalWrites(sim) == 0);
}

}  // TEST_SUITE

}  // namespace onboard::test
