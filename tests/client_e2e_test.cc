// End to end: CurlTransport + KeepnetClient against a real keepnet-sim process on port 0.

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <set>

#include "engine/api/keepnet_client.h"
#include "engine/http/curl_transport.h"
#include "tests/support/sim_process.h"

namespace onboard {

namespace {

ClientOptions Options(const std::string& url) {
  ClientOptions o;
  o.base_url = url;
  o.client_id = "demo-client";
  o.client_secret = "demo-secret";
  o.parallelism = 8;
  o.max_attempts = 10;
  o.base_backoff = std::chrono::milliseconds(5);
  o.max_backoff = std::chrono::milliseconds(100);
  return o;
}

// A client over a real transport, talking to `sim`.
struct Client {
  explicit Client(const test::SimProcess& sim, ClientOptions o = {})
      : options(o.client_id.empty() ? Options(sim.url()) : std::move(o)),
        transport(CurlTransportOptions{sim.url(), options.parallelism}),
        api(options, transport) {}

  template <class T, class Start>
  Result<T> Call(Start&& start) {
    Result<T> r = Await<T>(transport, std::forward<Start>(start));
    if (r.error) {
      const std::string text = r.error->ToString();
      CHECK_MESSAGE(text.find("demo-secret") == std::string::npos, text);
    }
    return r;
  }

  ClientOptions options;
  CurlTransport transport;
  KeepnetClient api;
};

template <class T>
std::string Why(const Result<T>& r) {
  return r.ok() ? "" : r.error->ToString();
}

// /_sim/stats: requests by "METHOD /path/{template}".
long SimCount(const test::SimProcess& sim, const std::string& key, const char* section = "requests") {
  rapidjson::Document doc;
  doc.Parse(sim.get("/_sim/stats").c_str());
  if (!doc.IsObject() || !doc.HasMember(section)) return -1;
  const auto& s = doc[section];
  auto it = s.FindMember(key.c_str());
  return it == s.MemberEnd() ? 0 : it->value.GetInt64();
}

long SimTotal(const test::SimProcess& sim) {
  rapidjson::Document doc;
  doc.Parse(sim.get("/_sim/stats").c_str());
  return doc.IsObject() && doc.HasMember("total") ? doc["total"].GetInt64() : -1;
}

std::string Id(const std::vector<CatalogEntry>& entries, const std::string& name) {
  for (const auto& e : entries)
    if (e.name == name || e.code == name || e.id == name) return e.id;
  return entries.empty() ? "" : entries.front().id;
}

CompanyRecord NewCompany(const Catalog& catalog, const std::string& name) {
  CompanyRecord c;
  c.name = name;
  c.description = "Security awareness for " + name;
  c.industry_id = Id(catalog.industries, "Technology");
  c.country_id = Id(catalog.countries, "TR");
  c.license_type_id = Id(catalog.license_types, "Enterprise");
  c.license_period_id = Id(catalog.license_periods, "Yearly");
  const auto& modules = catalog.modules_by_license_type.at(c.license_type_id);
  if (!modules.empty()) c.license_module_ids = {modules.front().id};
  c.number_of_users = 500;
  c.users_limited = true;
  c.license_start = "2026-01-01";
  c.license_end = "2027-01-01";
  c.time_zone_id = catalog.time_zones.front().id;
  c.date_format = catalog.date_formats.front().id;
  c.time_format = catalog.time_formats.front().id;
  c.tags = {"emea", "gold"};
  return c;
}

Catalog ReadCatalog(Client& c) {
  auto r = c.Call<Catalog>([&](auto cb) { c.api.ReadCatalog("catalog", cb); });
  REQUIRE_MESSAGE(r.ok(), Why(r));
  return *r.value;
}

std::vector<CompanySummary> AllCompanies(Client& c, const std::string& search = "") {
  std::vector<CompanySummary> all;
  for (int page = 1;; ++page) {
    auto r = c.Call<Page<CompanySummary>>([&](auto cb) { c.api.SearchCompanies("read", page, search, cb); });
    REQUIRE_MESSAGE(r.ok(), Why(r));
    for (auto& s : r.value->results) all.push_back(s);
    if (page >= r.value->total_pages || r.value->results.empty()) break;
  }
  return all;
}

}  // namespace

TEST_SUITE("client") {

TEST_CASE("e2e: token and companies search paging") {
  test::SimProcess sim({"--max-page-size", "5"});
  std::string seed = R"({"companies":[)";
  for (int i = 1; i <= 12; ++i) seed += std::string(i > 1 ? "," : "") + R"({"name":"Paging )" + std::to_string(i) + "\"}";
  sim.post("/_sim/seed", seed + "]}");
  Client c(sim);
  auto first = c.Call<Page<CompanySummary>>([&](auto cb) { c.api.SearchCompanies("read", 1, "", cb); });
  REQUIRE_MESSAGE(first.ok(), Why(first));
  CHECK(first.value->results.size() == 5);
  CHECK(first.value->total_records == 12);
  CHECK(first.value->total_pages == 3);
  auto all = AllCompanies(c);
  CHECK(all.size() == 12);
  std::set<std::string> ids, names;
  for (const auto& s : all) {
    ids.insert(s.id);
    names.insert(s.name);
  }
  CHECK(ids.size() == 12);
  CHECK(names.count("Paging 1") == 1);
  CHECK(names.count("Paging 12") == 1);
  auto filtered = AllCompanies(c, "paging 1");  // 1, 10, 11, 12
  CHECK(filtered.size() == 4);
  CHECK(SimCount(sim, "POST /connect/token") == 1);
}

TEST_CASE("e2e: catalog read in a handful of requests") {
  test::SimProcess sim;
  Client c(sim);
  Catalog catalog = ReadCatalog(c);
  CHECK_FALSE(catalog.countries.empty());
  CHECK_FALSE(catalog.industries.empty());
  CHECK_FALSE(catalog.license_types.empty());
  CHECK_FALSE(catalog.all_modules.empty());
  CHECK_FALSE(catalog.license_periods.empty());
  CHECK_FALSE(catalog.languages.empty());
  CHECK_FALSE(catalog.time_zones.empty());
  CHECK_FALSE(catalog.date_formats.empty());
  CHECK_FALSE(catalog.time_formats.empty());
  // token + codetypes + one batch lookup + licenses + time zones
  CHECK(c.api.stats().requests == 5);
  CHECK(SimTotal(sim) == 5);
  MESSAGE("catalog read: " << c.api.stats().requests << " requests (token included)");
}

TEST_CASE("e2e: create a company with multipart, read it back, update it") {
  test::SimProcess sim;
  Client c(sim);
  Catalog catalog = ReadCatalog(c);
  CompanyRecord want = NewCompany(catalog, "Acme Corp");
  auto created = c.Call<std::string>([&](auto cb) { c.api.CreateCompany("customer.acme.company", want, cb); });
  REQUIRE_MESSAGE(created.ok(), Why(created));
  auto got = c.Call<CompanyRecord>([&](auto cb) { c.api.GetCompany("read", *created.value, cb); });
  REQUIRE_MESSAGE(got.ok(), Why(got));
  const CompanyRecord& live = *got.value;
  CHECK(live.id == *created.value);
  CHECK(live.name == want.name);
  CHECK(live.description == want.description);
  CHECK(live.industry_id == want.industry_id);
  CHECK(live.country_id == want.country_id);
  CHECK(live.license_type_id == want.license_type_id);
  CHECK(live.license_period_id == want.license_period_id);
  CHECK(live.license_module_ids == want.license_module_ids);
  CHECK(live.number_of_users == 500);
  CHECK(live.users_limited);
  CHECK(live.license_start.rfind("2026-01-01", 0) == 0);
  CHECK(live.time_zone_id == want.time_zone_id);
  CHECK(live.tags == want.tags);

  // Put it in a group, then update another field: the PUT keeps the membership.
  auto group = c.Call<std::string>([&](auto cb) { c.api.CreateGroup("group.emea", "EMEA Partners", cb); });
  REQUIRE_MESSAGE(group.ok(), Why(group));
  auto added = c.Call<Unit>([&](auto cb) { c.api.AddParticipants("p", *group.value, {live.id}, cb); });
  REQUIRE_MESSAGE(added.ok(), Why(added));
  auto before = c.Call<CompanyRecord>([&](auto cb) { c.api.GetCompany("read", live.id, cb); });
  REQUIRE(before.ok());
  CHECK(before.value->group_ids == std::vector<std::string>{*group.value});
  CompanyRecord update = *before.value;
  update.description = "Changed";
  update.number_of_users = 750;
  auto updated = c.Call<Unit>([&](auto cb) { c.api.UpdateCompany("customer.acme.company", live.id, update, cb); });
  REQUIRE_MESSAGE(updated.ok(), Why(updated));
  auto after = c.Call<CompanyRecord>([&](auto cb) { c.api.GetCompany("read", live.id, cb); });
  REQUIRE(after.ok());
  CHECK(after.value->description == "Changed");
  CHECK(after.value->number_of_users == 750);
  CHECK(after.value->group_ids == std::vector<std::string>{*group.value});
  CHECK(after.value->tags == want.tags);
  auto members = c.Call<Page<CompanySummary>>([&](auto cb) { c.api.SearchGroupCompanies("g", *group.value, 1, cb); });
  REQUIRE(members.ok());
  REQUIRE(members.value->results.size() == 1);
  CHECK(members.value->results[0].id == live.id);
  auto groups = c.Call<std::vector<GroupRecord>>([&](auto cb) { c.api.ListGroups("g", cb); });
  REQUIRE(groups.ok());
  CHECK(std::any_of(groups.value->begin(), groups.value->end(),
                    [&](const GroupRecord& g) { return g.id == *group.value && g.company_count == 1; }));
  CHECK(c.api.stats().writes == 4);
}

TEST_CASE("e2e: users are created and searched in the company named by the header") {
  test::SimProcess sim;
  sim.post("/_sim/seed", R"({"companies":[{"name":"Acme"},{"name":"Other"}]})");
  Client c(sim);
  auto companies = AllCompanies(c);
  REQUIRE(companies.size() == 2);
  const std::string acme = companies[0].name == "Acme" ? companies[0].id : companies[1].id;
  const std::string other = companies[0].name == "Acme" ? companies[1].id : companies[0].id;

  auto roles = c.Call<std::vector<RoleRecord>>([&](auto cb) { c.api.ListRoles("r", acme, cb); });
  REQUIRE(roles.ok());
  auto admin_role = std::find_if(roles.value->begin(), roles.value->end(), [](auto& r) { return r.name == "Company Admin"; });
  REQUIRE(admin_role != roles.value->end());

  SystemUserRecord admin;
  admin.email = "ada@acme.example";
  admin.first_name = "Ada";
  admin.last_name = "Admin";
  admin.phone = "+905550000000";
  admin.role_ids = {admin_role->id};
  auto admin_id = c.Call<std::string>([&](auto cb) { c.api.CreateSystemUser("a", acme, admin, cb); });
  REQUIRE_MESSAGE(admin_id.ok(), Why(admin_id));
  auto found = c.Call<Page<SystemUserRecord>>([&](auto cb) { c.api.SearchSystemUsers("a", acme, 1, "ada@", cb); });
  REQUIRE(found.ok());
  REQUIRE(found.value->results.size() == 1);
  CHECK(found.value->results[0].id == *admin_id.value);
  CHECK(found.value->results[0].role_names == std::vector<std::string>{"Company Admin"});
  auto elsewhere = c.Call<Page<SystemUserRecord>>([&](auto cb) { c.api.SearchSystemUsers("a", other, 1, "ada@", cb); });
  REQUIRE(elsewhere.ok());
  CHECK(elsewhere.value->results.empty());
  admin.last_name = "Lovelace";
  auto admin_updated =
      c.Call<Unit>([&](auto cb) { c.api.UpdateSystemUser("a", acme, *admin_id.value, admin, cb); });
  REQUIRE_MESSAGE(admin_updated.ok(), Why(admin_updated));

  TargetUserRecord jane;
  jane.email = "jane@acme.example";
  jane.phone = "+905551111111";
  jane.first_name = "Jane";
  jane.last_name = "Doe";
  jane.department = "Finance";
  jane.priority = "High";
  jane.manager_email = "boss@acme.example";
  auto jane_id = c.Call<std::string>([&](auto cb) { c.api.CreateTargetUser("t", acme, jane, cb); });
  REQUIRE_MESSAGE(jane_id.ok(), Why(jane_id));
  auto targets = c.Call<Page<TargetUserRecord>>([&](auto cb) { c.api.SearchTargetUsers("t", acme, 1, "", cb); });
  REQUIRE(targets.ok());
  REQUIRE(targets.value->results.size() == 1);
  CHECK(targets.value->results[0].email == jane.email);
  CHECK(targets.value->results[0].active == std::optional<bool>(true));
  jane.department = "Risk";
  jane.active = false;
  auto jane_updated = c.Call<Unit>([&](auto cb) { c.api.UpdateTargetUser("t", acme, *jane_id.value, jane, cb); });
  REQUIRE_MESSAGE(jane_updated.ok(), Why(jane_updated));
  auto detail = c.Call<TargetUserRecord>([&](auto cb) { c.api.GetTargetUser("t", acme, *jane_id.value, cb); });
  REQUIRE(detail.ok());
  CHECK(detail.value->detailed);
  CHECK(detail.value->department == "Risk");
  CHECK(detail.value->active == std::optional<bool>(false));
  CHECK(detail.value->manager_email == "boss@acme.example");
  CHECK(detail.value->priority == "High");
  auto none = c.Call<Page<TargetUserRecord>>([&](auto cb) { c.api.SearchTargetUsers("t", other, 1, "", cb); });
  REQUIRE(none.ok());
  CHECK(none.value->results.empty());

  // A validation error comes back with the API's messages.
  SystemUserRecord bad = admin;
  bad.email = "ada@acme.example";  // taken
  auto dup = c.Call<std::string>([&](auto cb) { c.api.CreateSystemUser("customer.acme.admin", acme, bad, cb); });
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error->http_status == 400);
  CHECK(dup.error->permanent());
  MESSAGE(dup.error->ToString());
}

TEST_CASE("e2e: reads succeed through injected 500s and resets") {
  test::SimProcess sim({"--fault-rate", "0.3", "--faults", "500,reset", "--seed", "7"});
  sim.post("/_sim/seed", R"({"companies":[{"name":"A"},{"name":"B"},{"name":"C"}]})");
  Client c(sim);
  for (int i = 0; i < 4; ++i) ReadCatalog(c);
  for (int i = 0; i < 6; ++i) {
    auto all = AllCompanies(c);
    REQUIRE(all.size() == 3);
    auto got = c.Call<CompanyRecord>([&](auto cb) { c.api.GetCompany("read", all[i % 3].id, cb); });
    REQUIRE_MESSAGE(got.ok(), Why(got));
  }
  CHECK(c.api.stats().retries > 0);
  CHECK(c.api.stats().errors == 0);
  MESSAGE("retries through faults: " << c.api.stats().retries << " of " << c.api.stats().requests << " requests");
}

TEST_CASE("e2e: a create whose connection is dropped after commit is OutcomeUnknown and exists once") {
  test::SimProcess sim({"--faults", "commit-then-drop", "--fault-requests", "writes", "--fault-rate", "1"});
  Client c(sim);
  Catalog catalog = ReadCatalog(c);  // --fault-requests writes: reads are not faulted
  auto created = c.Call<std::string>([&](auto cb) { c.api.CreateCompany("customer.acme.company", NewCompany(catalog, "Dropped Co"), cb); });
  REQUIRE_FALSE(created.ok());
  CHECK(created.error->kind == ApiError::Kind::OutcomeUnknown);
  MESSAGE("commit-then-drop as curl sees it: " << created.error->ToString());
  CHECK(SimCount(sim, "POST /api/companies") == 1);
  auto found = AllCompanies(c, "Dropped Co");
  CHECK(found.size() == 1);
}

TEST_CASE("e2e: a reset on a create is OutcomeUnknown: the client cannot tell it was not applied") {
  test::SimProcess sim({"--faults", "reset", "--fault-rate", "1"});
  Client c(sim);
  auto created = c.Call<std::string>([&](auto cb) { c.api.CreateGroup("group.x", "X", cb); });
  REQUIRE_FALSE(created.ok());
  CHECK(created.error->kind == ApiError::Kind::OutcomeUnknown);
  MESSAGE("reset as curl sees it: " << created.error->message);
  CHECK(SimCount(sim, "POST /api/company-groups") == 1);
}

TEST_CASE("e2e: rate limited calls still succeed") {
  test::SimProcess sim({"--rate-limit", "5"});
  Client c(sim);
  int ok = 0;
  for (int i = 0; i < 16; ++i)
    c.api.ListGroups("g", [&](Result<std::vector<GroupRecord>> r) {
      if (!r.ok()) MESSAGE(r.error->ToString());
      ok += r.ok();
    });
  c.transport.Run();
  CHECK(ok == 16);
  CHECK(c.api.stats().rate_limited > 0);
  CHECK(c.api.stats().errors == 0);
  MESSAGE("rate limited: " << c.api.stats().rate_limited << " 429s, " << c.api.stats().requests << " requests");
}

TEST_CASE("e2e: a token the server forgot is renewed once on 401") {
  test::SimProcess sim;
  Client c(sim);
  REQUIRE(c.Call<std::vector<GroupRecord>>([&](auto cb) { c.api.ListGroups("g", cb); }).ok());
  sim.post("/_sim/reset", "{}");  // forgets every token
  auto again = c.Call<std::vector<GroupRecord>>([&](auto cb) { c.api.ListGroups("g", cb); });
  REQUIRE_MESSAGE(again.ok(), Why(again));
  CHECK(SimCount(sim, "POST /connect/token") == 1);  // stats were reset with the tokens
  CHECK(SimCount(sim, "GET /api/company-groups") == 2);
}

TEST_CASE("e2e: a token that is expired at once: one renewal, then a 401 error, no loop") {
  test::SimProcess sim({"--token-ttl", "0"});
  Client c(sim);
  auto r = c.Call<std::vector<GroupRecord>>([&](auto cb) { c.api.ListGroups("g", cb); });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->http_status == 401);
  CHECK(SimCount(sim, "POST /connect/token") == 2);
  CHECK(SimCount(sim, "GET /api/company-groups") == 2);
}

TEST_CASE("e2e: wrong credentials fail without leaking the secret") {
  test::SimProcess sim;
  ClientOptions o = Options(sim.url());
  o.client_secret = "not-the-right-secret-42";
  Client c(sim, o);
  auto r = c.Call<Page<CompanySummary>>([&](auto cb) { c.api.SearchCompanies("read", 1, "", cb); });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->http_status == 401);
  CHECK(r.error->path == "/connect/token");
  CHECK(r.error->ToString().find("not-the-right-secret-42") == std::string::npos);
}

TEST_CASE("e2e: plain http to a remote host is refused before any request") {
  std::string error;
  CHECK_FALSE(CheckBaseUrl("http://example.com", false, &error));
  CHECK(error.find("--allow-insecure-http") != std::string::npos);
  test::SimProcess sim;
  CHECK(CheckBaseUrl(sim.url(), false, &error));
}

}  // TEST_SUITE

}  // namespace onboard
