// engine/run against a real keepnet-sim: the client and its transport in this process, no
// onboard process.

#include "engine/run/live_plan.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <future>

#include "engine/exec/executor.h"
#include "engine/http/curl_transport.h"
#include "engine/manifest/loader.h"
#include "engine/run/saved_plan_check.h"
#include "tests/support/e2e_helpers.h"

namespace onboard {
namespace {

// Tells, through a future another thread can wait on, when the first answer to a request
// whose "METHOD path" starts with `watch` has been delivered.
class SignallingTransport : public Transport {
 public:
  SignallingTransport(Transport& base, std::string watch) : base_(base), watch_(std::move(watch)) {}
  std::shared_future<void> answered() { return answered_; }

  void Send(HttpRequest request, Callback done) override {
    const bool watched = (request.method + " " + request.path).rfind(watch_, 0) == 0;
    base_.Send(std::move(request), [this, watched, done = std::move(done)](HttpResponse r) {
      done(std::move(r));
      if (watched && !signalled_) {
        signalled_ = true;
        promise_.set_value();
      }
    });
  }
  void After(std::chrono::milliseconds delay, std::function<void()> fn) override { base_.After(delay, std::move(fn)); }
  void Run() override { base_.Run(); }
  bool RunOnce() override { return base_.RunOnce(); }
  size_t in_flight() const override { return base_.in_flight(); }

 private:
  Transport& base_;
  std::string watch_;
  std::promise<void> promise_;
  std::shared_future<void> answered_ = promise_.get_future().share();
  bool signalled_ = false;
};

struct Api {
  explicit Api(const test::SimProcess& sim, const std::string& watch = "POST /api/companies/search")
      : transport(CurlTransportOptions{sim.url(), 8}), signalling(transport, watch) {
    options.base_url = sim.url();
    options.client_id = "demo-client";
    options.client_secret = test::kSimClientSecret;
    options.parallelism = 8;
    client = std::make_unique<KeepnetClient>(options, signalling);
  }
  ClientOptions options;
  CurlTransport transport;
  SignallingTransport signalling;
  std::unique_ptr<KeepnetClient> client;
};

DesiredState Load(const std::string& dir) {
  Diagnostics diags;
  DesiredState desired = LoadManifests({dir}, &diags);
  REQUIRE_MESSAGE(!diags.has_errors(), (diags.items().empty() ? "" : diags.items()[0].ToString()));
  return desired;
}

LoadDesiredFn Loader(const std::string& dir) {
  return [dir](Diagnostics* diags, const CustomerSeenFn& seen) { return LoadManifests({dir}, diags, seen); };
}

std::vector<std::string> Addresses(const Plan& plan) {
  std::vector<std::string> out;
  for (const Action& a : plan.actions) out.push_back(a.address);
  return out;
}

TEST_SUITE("run") {
  TEST_CASE("run: the reads that need no manifest are answered while the manifests load") {
    test::SimProcess sim;
    test::TempDir dir;
    test::WriteFleet(dir.path(), 3, 2);
    Api api(sim);
    std::shared_future<void> companies_read = api.signalling.answered();
    bool read_while_loading = false;
    PlannedRun run = LoadAndPlan(
        [&](Diagnostics* diags, const CustomerSeenFn& seen) {
          // The run must not wait for the manifests to start reading: the companies search
          // is answered while this (the loader) still holds the manifests back.
          read_while_loading = companies_read.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
          return LoadManifests({dir.path()}, diags, seen);
        },
        {}, *api.client);
    CHECK(read_while_loading);
    REQUIRE(run.ok());
    CHECK(std::count_if(run.plan.actions.begin(), run.plan.actions.end(),
                        [](const Action& a) { return a.object() == ObjectType::Company && a.type == ActionType::Create; }) == 3);
    CHECK(test::TotalWrites(sim) == 0);
  }

  TEST_CASE("run: a customer's company is read while the other manifests still load") {
    test::SimProcess sim;
    test::TempDir dir;
    test::WriteFleet(dir.path(), 2, 1, 0);
    {
      Api setup(sim);
      Plan fresh;
      REQUIRE(PlanAgainstLive(Load(dir.path()), {}, *setup.client, &fresh));
      REQUIRE(Execute(fresh, *setup.client, {}).success());
    }
    const int64_t reads_before = test::RequestCount(test::SimStats(sim), "GET /api/companies/{resourceId}");
    Api api(sim, "GET /api/companies/");
    std::shared_future<void> company_read = api.signalling.answered();
    bool read_while_loading = false, first = true;
    PlannedRun run = LoadAndPlan(
        [&](Diagnostics* diags, const CustomerSeenFn& seen) {
          return LoadManifests({dir.path()}, diags, [&](const DesiredCustomer& c) {
            seen(c);
            if (!first) return;
            first = false;
            // The loading holds here until the first customer's company has been read.
            read_while_loading = company_read.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
          });
        },
        {}, *api.client);
    CHECK(read_while_loading);
    REQUIRE(run.ok());
    CHECK(run.plan.actions.empty());
    // Each company read once, though the early read and the final one both asked.
    CHECK(test::RequestCount(test::SimStats(sim), "GET /api/companies/{resourceId}") - reads_before == 2);
  }

  TEST_CASE("run: invalid manifests stop the run before any write, with their errors") {
    test::SimProcess sim;
    test::TempDir dir;
    test::WriteFleet(dir.path(), 2, 1);
    test::WriteTextFile(dir / "broken.yaml", "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: broken}\nspec: {}\n");
    Api api(sim);
    PlannedRun run = LoadAndPlan(Loader(dir.path()), {}, *api.client);
    CHECK_FALSE(run.manifests_ok());
    CHECK_FALSE(run.ok());
    CHECK(run.manifest_diagnostics.error_count() > 0);
    CHECK(run.plan.actions.empty());
    CHECK(test::TotalWrites(sim) == 0);
  }

  TEST_CASE("run: an unknown --customer is an error of the plan, with the closest keys") {
    test::SimProcess sim;
    test::TempDir dir;
    test::WriteFleet(dir.path(), 2, 1);
    Api api(sim);
    PlanOptions options;
    options.customers = {"cust-7"};
    PlannedRun run = LoadAndPlan(Loader(dir.path()), options, *api.client);
    CHECK(run.manifests_ok());
    REQUIRE(run.plan.diagnostics.has_errors());
    CHECK(run.plan.diagnostics.items()[0].summary.find("cust-7") != std::string::npos);
  }

  TEST_CASE("run: an updated target user is read in full and planned again, and a saved plan goes stale") {
    test::SimProcess sim;
    test::TempDir dir;
    test::WriteFleet(dir.path(), 1, 2, 0);
    Api api(sim);
    {
      DesiredState desired = Load(dir.path());
      Plan fresh;
      REQUIRE(PlanAgainstLive(desired, {}, *api.client, &fresh));
      REQUIRE(Execute(fresh, *api.client, {}).success());
    }
    // The department of one user changes in the manifest.
    test::WriteTextFile(dir / "customers/cust-000.yaml", [] {
      std::string yaml = test::FleetCustomerYaml(0, 2, 0, "Fleet Co 0");
      yaml.replace(yaml.find("department: Dept0"), 17, "department: Legal");
      return yaml;
    }());
    DesiredState desired = Load(dir.path());
    const int64_t details_before = test::RequestCount(test::SimStats(sim), "GET /api/target-users/{resourceId}");
    Plan plan;
    REQUIRE(PlanAgainstLive(desired, {}, *api.client, &plan));
    CHECK(Addresses(plan) == std::vector<std::string>{"customer.cust-0.target-user.user0@cust0.example"});
    CHECK(test::RequestCount(test::SimStats(sim), "GET /api/target-users/{resourceId}") == details_before + 1);
    REQUIRE(plan.actions[0].As<TargetUserBody>());
    CHECK(plan.actions[0].As<TargetUserBody>()->record.detailed);

    Diagnostics diags;
    CHECK(ChangedSincePlan(&plan, *api.client, &diags).empty());
    CHECK_FALSE(diags.has_errors());

    // Someone renames that user on the platform: the saved plan is stale.
    const Action& update = plan.actions[0];
    Result<TargetUserRecord> live = Await<TargetUserRecord>(api.signalling, [&](auto cb) {
      api.client->GetTargetUser("test", update.company_ref.id, update.target_id, std::move(cb));
    });
    REQUIRE(live.ok());
    TargetUserRecord renamed = *live.value;
    renamed.last_name = "Renamed";
    REQUIRE(Await<Unit>(api.signalling, [&](auto cb) {
              api.client->UpdateTargetUser("test", update.company_ref.id, update.target_id, renamed, std::move(cb));
            }).ok());
    CHECK(ChangedSincePlan(&plan, *api.client, &diags) == Addresses(plan));
    CHECK_FALSE(diags.has_errors());
  }
}

}  // namespace
}  // namespace onboard
