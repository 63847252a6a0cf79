// End to end: reading target-group memberships into the live state (ReadTargetGroups, and
// ReadLiveState with ReadOptions) against keepnet-sim: from the groups' member lists, every
// page, once per group, never once per user.

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

#include "engine/api/keepnet_client.h"
#include "engine/desired/desired_state.h"
#include "engine/http/curl_transport.h"
#include "engine/live/reader.h"
#include "tests/support/e2e_helpers.h"

namespace onboard {
namespace {

ClientOptions Options(const std::string& url) {
  ClientOptions o;
  o.base_url = url;
  o.client_id = "demo-client";
  o.client_secret = "demo-secret";
  o.parallelism = 8;
  return o;
}

// A company of 250 target users: Early holds users 1..150, Late 101..250, Empty nobody.
std::string SeedMembers(const test::SimProcess& sim) {
  std::string early, late;
  for (int i = 1; i <= 250; ++i) {
    const std::string email = fmt::format("\"user{}@members.example\"", i);
    if (i <= 150) early += (early.empty() ? "" : ",") + email;
    if (i > 100) late += (late.empty() ? "" : ",") + email;
  }
  rapidjson::Document r = test::ParseJson(sim.post(
      "/_sim/seed", R"({"companies":[{"name":"Members","generateTargetUsers":250,"targetGroups":[)"
                        R"({"name":"Early","members":[)" + early + R"(]},{"name":"Late","members":[)" + late +
                        R"(]},{"name":"Empty"}]}]})"));
  return r["companies"][0]["resourceId"].GetString();
}

}  // namespace

TEST_SUITE("client") {

TEST_CASE("memberships: read from each group's member list, every page, once per group") {
  test::SimProcess sim;
  const std::string company = SeedMembers(sim);
  ClientOptions options = Options(sim.url());
  CurlTransport transport(CurlTransportOptions{sim.url(), options.parallelism});
  KeepnetClient client(options, transport);

  DesiredCustomer members;
  members.key = "members";
  members.company.name = "Members";

  // Without the option nothing about target groups is read.
  {
    LiveState live;
    Diagnostics diags;
    ReadLiveState(client, {&members}, &live, &diags);
    REQUIRE_FALSE(diags.has_errors());
    REQUIRE(live.details.count(company) == 1);
    CHECK_FALSE(live.details[company].target_groups_read);
    CHECK_FALSE(live.details[company].target_users.front().target_group_ids.has_value());
    CHECK(test::RequestCount(test::SimStats(sim), "GET /api/target-groups") == 0);
  }

  // With it, for the customers it names.
  LiveState live;
  Diagnostics diags;
  ReadOptions read;
  read.target_groups = [](const DesiredCustomer& c) { return c.key == "members"; };
  ReadLiveState(client, {&members}, &live, &diags, read);
  REQUIRE_FALSE(diags.has_errors());
  const LiveCompany& c = live.details.at(company);
  REQUIRE(c.target_groups_read);
  REQUIRE(c.target_groups.size() == 3);
  std::map<std::string, std::string> name_of;
  for (const TargetGroupRecord& g : c.target_groups) name_of[g.id] = g.name;
  REQUIRE(c.target_users.size() == 250);
  for (const TargetUserRecord& u : c.target_users) {
    REQUIRE(u.target_group_ids.has_value());
    const int n = std::stoi(u.email.substr(4, u.email.find('@') - 4));
    std::set<std::string> groups;
    for (const std::string& id : *u.target_group_ids) groups.insert(name_of[id]);
    std::set<std::string> want;
    if (n <= 150) want.insert("Early");
    if (n > 100) want.insert("Late");
    CHECK_MESSAGE(groups == want, u.email);
  }
  rapidjson::Document stats = test::SimStats(sim);
  CHECK(test::RequestCount(stats, "GET /api/target-groups") == 1);
  // Early: 150 members = 2 pages of 100; Late: 2 pages; Empty: 1 page. Not one per user.
  CHECK(test::RequestCount(stats, "POST /api/target-groups/{resourceId}/users") == 5);
  CHECK(test::RequestCount(stats, "GET /api/target-users/{resourceId}") == 0);

  // Reading again is free: the company is marked read.
  CHECK(ReadTargetGroups(client, {company}, &live, &diags) == 0);
  CHECK(test::RequestCount(test::SimStats(sim), "GET /api/target-groups") == 1);
}

}  // TEST_SUITE

}  // namespace onboard
