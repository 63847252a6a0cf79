// End to end: the executor with the real KeepnetClient and CurlTransport against keepnet-sim,
// with plans built by hand (the planner's own tests cover making them).

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/api/keepnet_client.h"
#include "engine/exec/dry_run_transport.h"
#include "engine/exec/executor.h"
#include "engine/http/curl_transport.h"
#include "engine/text/strings.h"
#include "tests/support/sim_process.h"

namespace onboard {
namespace {

using test::SimProcess;

rapidjson::Document Parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

// The plan the planner would make for: group "EMEA Partners"; customers acme and globex,
// both new, both in the group, one admin (role by name, known after apply) and two target
// users each.
Plan BuildPlan(const Catalog& catalog) {
  auto id_of = [](const std::vector<CatalogEntry>& list, const std::string& key) {
    for (const CatalogEntry& e : list)
      if (e.name == key || e.code == key || e.iso_code == key || e.id == key) return e.id;
    FAIL("catalog has no " << key);
    return std::string();
  };
  Plan plan;
  Action group;
  group.address = "group.emea";
  group.body = GroupBody{};
  group.As<GroupBody>()->name = "EMEA Partners";
  plan.actions.push_back(group);
  for (const std::string customer : {"acme", "globex"}) {
    const std::string company_address = "customer." + customer + ".company";
    Action company;
    company.address = company_address;
    company.body = CompanyBody{};
    company.customer = customer;
    company.source = {"manifests/" + customer + ".yaml", 8, 5};
    CompanyRecord c;
    c.name = customer == "acme" ? "Acme Corp" : "Globex Inc";
    c.industry_id = id_of(catalog.industries, "Finance");
    c.country_id = id_of(catalog.countries, "TR");
    c.license_type_id = id_of(catalog.license_types, "Enterprise");
    c.license_period_id = id_of(catalog.license_periods, "Yearly");
    c.number_of_users = 100;
    c.users_limited = true;
    c.time_zone_id = "Turkey Standard Time";
    c.date_format = "dd/MM/yyyy";
    c.time_format = "HH:mm";
    company.As<CompanyBody>()->record = c;
    plan.actions.push_back(company);

    Action participant;
    participant.address = "customer." + customer + ".group.emea";
    participant.type = ActionType::AddParticipant;
    participant.body = ParticipantBody{};
    participant.customer = customer;
    participant.As<ParticipantBody>()->group_name = "EMEA Partners";
    participant.depends_on = {"group.emea", company_address};
    participant.company_ref.from_action = company_address;
    participant.As<ParticipantBody>()->group.from_action = "group.emea";
    plan.actions.push_back(participant);

    Action admin;
    admin.address = "customer." + customer + ".admin.ada@" + customer + ".example";
    admin.body = AdminBody{};
    admin.customer = customer;
    admin.depends_on = {company_address};
    admin.company_ref.from_action = company_address;
    admin.As<AdminBody>()->record = SystemUserRecord{};
    admin.As<AdminBody>()->record.email = "ada@" + customer + ".example";
    admin.As<AdminBody>()->record.first_name = "Ada";
    admin.As<AdminBody>()->record.last_name = "Admin";
    admin.As<AdminBody>()->record.phone = "+905550000000";
    admin.As<AdminBody>()->role_names_after_apply = {"company admin"};
    plan.actions.push_back(admin);

    for (const std::string user : {"jane", "john"}) {
      Action target;
      target.address = "customer." + customer + ".target-user." + user + "@" + customer + ".example";
      target.body = TargetUserBody{};
      target.customer = customer;
      target.depends_on = {company_address};
      target.company_ref.from_action = company_address;
      target.As<TargetUserBody>()->record = TargetUserRecord{};
      target.As<TargetUserBody>()->record.email = user + "@" + customer + ".example";
      target.As<TargetUserBody>()->record.phone = "+905551111111";
      target.As<TargetUserBody>()->record.first_name = user;
      target.As<TargetUserBody>()->record.department = "Finance";
      plan.actions.push_back(target);
    }
  }
  return plan;
}

ClientOptions OptionsFor(const SimProcess& sim) {
  ClientOptions o;
  o.base_url = sim.url();
  o.client_id = "demo-client";
  o.client_secret = "demo-secret";
  o.base_backoff = std::chrono::milliseconds(5);  // faults are injected: keep retries quick
  o.max_backoff = std::chrono::milliseconds(50);
  return o;
}

CurlTransportOptions TransportFor(const SimProcess& sim) {
  CurlTransportOptions o;
  o.base_url = sim.url();
  return o;
}

Catalog ReadCatalog(const SimProcess& sim) {
  CurlTransport transport(TransportFor(sim));
  KeepnetClient client(OptionsFor(sim), transport);
  Result<Catalog> r = Await<Catalog>(transport, [&](Callback<Catalog> cb) { client.ReadCatalog("test", cb); });
  REQUIRE_MESSAGE(r.ok(), r.error->ToString());
  return *r.value;
}

// Checks the simulator holds exactly what the plan asked for, once each, in the right
// companies (which is what the X-KEEPNET-Company-Id header decides), and nothing in the
// reseller's own company.
void CheckApplied(const SimProcess& sim, const ApplyReport& report) {
  rapidjson::Document state = Parse(sim.get("/_sim/state"));
  std::map<std::string, int> companies_by_name;
  std::map<std::string, std::string> id_by_name;
  for (const auto& c : state["companies"].GetArray()) {
    const std::string name = c["name"].GetString();
    ++companies_by_name[name];
    id_by_name[name] = c["resourceId"].GetString();
    if (c["isReseller"].GetBool()) {
      CHECK_MESSAGE(c["systemUsers"].Size() + c["targetUsers"].Size() == 0, "users landed unscoped in the reseller");
      continue;
    }
    std::vector<std::string> admins, targets;
    for (const auto& u : c["systemUsers"].GetArray()) admins.push_back(ToLowerAscii(u["email"].GetString()));
    for (const auto& u : c["targetUsers"].GetArray()) targets.push_back(ToLowerAscii(u["email"].GetString()));
    const std::string domain = name == "Acme Corp" ? "acme.example" : "globex.example";
    CHECK(admins == std::vector<std::string>{"ada@" + domain});
    std::sort(targets.begin(), targets.end());
    CHECK(targets == std::vector<std::string>{"jane@" + domain, "john@" + domain});
    // The admin got the company's own "Company Admin" role, resolved after the create.
    std::string admin_role;
    for (const auto& r : c["roles"].GetArray())
      if (std::string(r["name"].GetString()) == "Company Admin") admin_role = r["resourceId"].GetString();
    REQUIRE(c["systemUsers"].Size() == 1);
    const auto& roles = c["systemUsers"][0]["roleResourceIdList"];
    REQUIRE(roles.Size() == 1);
    CHECK(std::string(roles[0].GetString()) == admin_role);
  }
  CHECK(companies_by_name["Acme Corp"] == 1);
  CHECK(companies_by_name["Globex Inc"] == 1);
  INFO("sim stats: " << sim.get("/_sim/stats"));
  REQUIRE(state["companyGroups"].Size() == 1);
  const auto& group = state["companyGroups"][0];
  CHECK(std::string(group["name"].GetString()) == "EMEA Partners");
  std::set<std::string> members;
  for (const auto& id : group["companyResourceIds"].GetArray()) members.insert(id.GetString());
  CHECK(members == std::set<std::string>{id_by_name["Acme Corp"], id_by_name["Globex Inc"]});
  for (const ActionReport& a : report.actions)
    if (a.address == "customer.acme.company") CHECK(a.id == id_by_name["Acme Corp"]);
}

ApplyReport Apply(const SimProcess& sim, const Plan& plan) {
  CurlTransport transport(TransportFor(sim));
  KeepnetClient client(OptionsFor(sim), transport);
  return Execute(plan, client, {});
}

}  // namespace

TEST_SUITE("exec") {

TEST_CASE("exec e2e: apply creates the group, companies, participants, admins and users, scoped") {
  SimProcess sim;
  const Plan plan = BuildPlan(ReadCatalog(sim));
  sim.post("/_sim/reset", "");  // no demo data, and zero the counters
  const ApplyReport report = Apply(sim, plan);
  INFO(RenderApplySummary(report, false));
  REQUIRE(report.success());
  CHECK(report.created == 9);
  CHECK(report.participants_added == 2);
  CheckApplied(sim, report);
  rapidjson::Document stats = Parse(sim.get("/_sim/stats"));
  // One per create, no retry, no duplicate; the two companies joining group emea go in one
  // request when they are ready in the same turn, else in two.
  const int joins = stats["requests"]["PUT /api/company-groups/{resourceId}/participants"].GetInt();
  CHECK((joins == 1 || joins == 2));
  CHECK(stats["total_writes"].GetInt() == 9 + joins);
}

TEST_CASE("exec e2e: answers lost after the commit never make duplicates") {
  SimProcess sim({"--faults", "commit-then-drop", "--fault-requests", "writes", "--fault-rate", "0.2", "--seed", "7"});
  const Plan plan = BuildPlan(ReadCatalog(sim));
  sim.post("/_sim/reset", "");  // no demo data: the state holds only what the apply made
  const ApplyReport report = Apply(sim, plan);
  INFO(RenderApplySummary(report, false));
  REQUIRE(report.success());
  MESSAGE(report.adopted << " create(s) adopted after a lost answer");
  CheckApplied(sim, report);  // exactly one of each
}

TEST_CASE("exec e2e: 500s and resets on 10% of requests: the apply still converges") {
  SimProcess sim({"--faults", "500,reset", "--fault-rate", "0.1", "--seed", "11"});
  const Plan plan = BuildPlan(ReadCatalog(sim));
  sim.post("/_sim/reset", "");  // no demo data: the state holds only what the apply made
  const ApplyReport report = Apply(sim, plan);
  INFO(RenderApplySummary(report, false));
  REQUIRE(report.success());
  CheckApplied(sim, report);
}

TEST_CASE("exec e2e: a dry run sends no write and shows placeholder ids") {
  SimProcess sim;
  const Plan plan = BuildPlan(ReadCatalog(sim));
  sim.post("/_sim/reset", "");  // no demo data, and zero the counters
  CurlTransport real(TransportFor(sim));
  DryRunTransport dry(real);
  KeepnetClient client(OptionsFor(sim), dry);
  const ApplyReport report = Execute(plan, client, {});
  INFO(RenderApplySummary(report, false));
  CHECK(report.success());
  rapidjson::Document stats = Parse(sim.get("/_sim/stats"));
  CHECK(stats["total_writes"].GetInt() == 0);
  size_t joins = 0;  // participant requests: the two companies joining emea share one when ready together
  for (const RecordedRequest& r : dry.recorded()) joins += r.path.find("/participants") != std::string::npos;
  CHECK((joins == 1 || joins == 2));
  CHECK(dry.recorded().size() == plan.actions.size() - 2 + joins);
  const std::string out = dry.FormatRecordedRequests();
  CHECK(out.find("X-KEEPNET-Company-Id: <id of customer.acme.company>") != std::string::npos);
  CHECK(out.find("/api/company-groups/<id of group.emea>/participants") != std::string::npos);
  CHECK(out.find("demo-secret") == std::string::npos);
  CHECK(Parse(sim.get("/_sim/state"))["companies"].Size() == 1);  // only the reseller
}

}  // TEST_SUITE

}  // namespace onboard

