#include "engine/api/keepnet_client.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>

#include "tests/support/fake_transport.h"

namespace onboard {

namespace {

const char kSecret[] = "s3cr3t-Client-VALUE";

ClientOptions Options(int parallelism = 4) {
  ClientOptions o;
  o.base_url = "http://127.0.0.1:1";
  o.client_id = "demo-client";
  o.client_secret = kSecret;
  o.parallelism = parallelism;
  o.page_size = 10;
  return o;
}

const char kEmptyPage[] = R"({"pageNumber":1,"pageSize":10,"totalNumberOfPages":0,"totalNumberOfRecords":0,"results":[]})";

// Every error string a test produced, to check none holds a secret.
std::vector<std::string>& ErrorStrings() {
  static std::vector<std::string> all;
  return all;
}

template <class T>
Result<T> Keep(Result<T> r) {
  if (r.error) ErrorStrings().push_back(r.error->ToString());
  return r;
}

Result<Page<CompanySummary>> Search(KeepnetClient& client, FakeTransport& fake, int page = 1) {
  return Keep(Await<Page<CompanySummary>>(fake, [&](auto cb) { client.SearchCompanies("test", page, "", cb); }));
}

CompanyRecord SomeCompany() {
  CompanyRecord c;
  c.name = "Acme";
  c.industry_id = "ind";
  c.country_id = "tr";
  c.license_type_id = "ent";
  c.license_period_id = "yr";
  c.number_of_users = 10;
  c.time_zone_id = "UTC";
  c.date_format = "dd/MM/yyyy";
  c.time_format = "HH:mm";
  return c;
}

}  // namespace

TEST_SUITE("client") {

TEST_CASE("the token is fetched once, form-encoded, and reused for every call") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.SetHandler([](const HttpRequest&) { return FakeTransport::Ok(kEmptyPage); });
  KeepnetClient client(Options(), fake);
  for (int i = 0; i < 5; ++i) REQUIRE(Search(client, fake).ok());
  CHECK(fake.count("POST /connect/token") == 1);
  CHECK(fake.count("POST /api/companies/search") == 5);
  const HttpRequest& token = fake.sent().front();
  CHECK(token.content_type == "application/x-www-form-urlencoded");
  CHECK(token.body.empty());  // the secret is in no string: WireBody builds the body on the wire
  CHECK(WireBody(token) == std::string("grant_type=client_credentials&client_id=demo-client&client_secret=") +
                               kSecret + "&scope=api1");
  CHECK(token.bearer_token.empty());
  for (const auto& r : fake.sent())
    if (r.path != "/connect/token") CHECK(r.bearer_token == "tok-1");
  CHECK(client.stats().requests == 6);
  CHECK(client.stats().errors == 0);
}

TEST_CASE("concurrent calls wait for the one token request") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.SetHandler([](const HttpRequest&) { return FakeTransport::Ok(kEmptyPage); });
  KeepnetClient client(Options(), fake);
  int done = 0;
  for (int i = 0; i < 6; ++i)
    client.SearchCompanies("test", 1, "", [&](Result<Page<CompanySummary>> r) { done += r.ok(); });
  fake.Run();
  CHECK(done == 6);
  CHECK(fake.count("POST /connect/token") == 1);
}

TEST_CASE("a token that expires at once is renewed before each call") {
  FakeTransport fake;
  fake.SetHandler([n = 0](const HttpRequest& r) mutable {
    if (r.path == "/connect/token") return FakeTransport::Token("tok-" + std::to_string(++n), 0);
    return FakeTransport::Ok(kEmptyPage);
  });
  KeepnetClient client(Options(), fake);
  REQUIRE(Search(client, fake).ok());
  REQUIRE(Search(client, fake).ok());
  CHECK(fake.count("POST /connect/token") == 2);
  CHECK(fake.sent().back().bearer_token == "tok-2");
}

TEST_CASE("a 401 renews the token once and retries the call once") {
  FakeTransport fake;
  fake.SetHandler([n = 0](const HttpRequest& r) mutable {
    if (r.path == "/connect/token") return FakeTransport::Token("tok-" + std::to_string(++n));
    return FakeTransport::Ok(kEmptyPage);
  });
  fake.Script("POST /api/companies/search", FakeTransport::Json(401, ""));
  KeepnetClient client(Options(), fake);
  REQUIRE(Search(client, fake).ok());
  CHECK(fake.count("POST /connect/token") == 2);
  CHECK(fake.count("POST /api/companies/search") == 2);
  CHECK(fake.sent().back().bearer_token == "tok-2");

  SUBCASE("a second 401 in a row is an error, not a loop") {
    fake.Script("POST /api/companies/search", FakeTransport::Json(401, ""));
    fake.Script("POST /api/companies/search", FakeTransport::Json(401, ""));
    auto r = Search(client, fake);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->http_status == 401);
    CHECK(r.error->permanent());
    CHECK(fake.count("POST /connect/token") == 3);
    CHECK(fake.count("POST /api/companies/search") == 4);
  }
}

TEST_CASE("a rejected credential fails every waiting call with the token error") {
  FakeTransport fake;
  fake.Script("POST /connect/token",
              FakeTransport::Json(401, std::string(R"({"error":"invalid_client","error_description":"bad secret )") +
                                           kSecret + "\"}"));
  KeepnetClient client(Options(), fake);
  auto r = Search(client, fake);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->path == "/connect/token");
  CHECK(r.error->origin == "test");
  CHECK(r.error->http_status == 401);
  CHECK(r.error->ToString().find(kSecret) == std::string::npos);
  // onboard's own words, naming the credentials to check; nothing the server said.
  CHECK(r.error->ToString().find("check the client id and the client secret") != std::string::npos);
  CHECK(r.error->ToString().find("invalid_client") == std::string::npos);
  CHECK(fake.count("POST /api/companies/search") == 0);
}

TEST_CASE("429 with Retry-After: waits as told, then succeeds") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.Script("GET /api/company-groups", FakeTransport::Json(429, "", {{"retry-after", "2"}}));
  fake.Script("GET /api/company-groups", FakeTransport::Ok(R"([{"resourceId":"g1","name":"EMEA","companyCount":2}])"));
  KeepnetClient client(Options(), fake);
  auto r = Keep(Await<std::vector<GroupRecord>>(fake, [&](auto cb) { client.ListGroups("test", cb); }));
  REQUIRE(r.ok());
  REQUIRE(r.value->size() == 1);
  CHECK((*r.value)[0].company_count == 2);
  CHECK(std::count(fake.delays().begin(), fake.delays().end(), std::chrono::milliseconds(2000)) >= 1);
  CHECK(std::all_of(fake.delays().begin(), fake.delays().end(),
                    [](auto d) { return d == std::chrono::milliseconds(2000); }));
  CHECK(fake.now() >= std::chrono::milliseconds(2000));
  CHECK(client.stats().rate_limited == 1);
  CHECK(client.stats().retries == 1);
}

TEST_CASE("5xx and dropped connections on a GET are retried with backoff") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.Script("GET /api/companies/c1", FakeTransport::Json(502, "<html>bad gateway</html>"));
  fake.Script("GET /api/companies/c1", FakeTransport::NoAnswer("Empty reply from server", true));
  fake.Script("GET /api/companies/c1", FakeTransport::Json(500, ""));
  fake.Script("GET /api/companies/c1", FakeTransport::Ok(R"({"resourceId":"c1","name":"Acme"})"));
  ClientOptions o = Options();
  o.base_backoff = std::chrono::milliseconds(100);
  o.max_backoff = std::chrono::milliseconds(250);
  KeepnetClient client(o, fake);
  auto r = Keep(Await<CompanyRecord>(fake, [&](auto cb) { client.GetCompany("test", "c1", cb); }));
  REQUIRE(r.ok());
  CHECK(r.value->name == "Acme");
  CHECK(fake.count("GET /api/companies/c1") == 4);
  CHECK(client.stats().retries == 3);
  REQUIRE(fake.delays().size() == 3);
  CHECK(fake.delays()[0] <= std::chrono::milliseconds(100));
  CHECK(fake.delays()[1] <= std::chrono::milliseconds(200));
  CHECK(fake.delays()[2] <= std::chrono::milliseconds(250));
}

TEST_CASE("retries stop at max_attempts") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.SetHandler([](const HttpRequest&) { return FakeTransport::Json(500, R"({"status":"INTERNAL_SERVER_ERROR","message":"boom"})"); });
  ClientOptions o = Options();
  o.max_read_attempts = 3;
  KeepnetClient client(o, fake);
  auto r = Search(client, fake);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->kind == ApiError::Kind::Http);
  CHECK(r.error->http_status == 500);
  CHECK(r.error->api_status == "INTERNAL_SERVER_ERROR");
  CHECK(fake.count("POST /api/companies/search") == 3);
  CHECK(client.stats().errors == 1);
}

TEST_CASE("reads outlast a fault storm: more attempts than writes, backoff capped at read_max_backoff") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  // 15 failures in a row, then the answer: a write would have given up after 6 tries.
  for (int i = 0; i < 15; ++i) fake.Script("POST /api/companies/search", FakeTransport::Json(500, ""));
  fake.Script("POST /api/companies/search", FakeTransport::Ok(kEmptyPage));
  for (int i = 0; i < 8; ++i) fake.Script("PUT /api/companies/c1", FakeTransport::Json(500, ""));
  KeepnetClient client(Options(), fake);
  auto r = Search(client, fake);
  REQUIRE(r.ok());
  CHECK(fake.count("POST /api/companies/search") == 16);
  REQUIRE(fake.delays().size() == 15);
  for (auto d : fake.delays()) CHECK(d <= ClientOptions{}.read_max_backoff);
  auto w = Keep(Await<Unit>(fake, [&](auto cb) { client.UpdateCompany("customer.acme.company", "c1", SomeCompany(), cb); }));
  REQUIRE_FALSE(w.ok());
  CHECK(fake.count("PUT /api/companies/c1") == ClientOptions{}.max_attempts);
}

TEST_CASE("a create whose connection dropped after sending is OutcomeUnknown and never re-sent") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.Script("POST /api/companies", FakeTransport::NoAnswer("Empty reply from server", true));
  KeepnetClient client(Options(), fake);
  auto r = Keep(Await<std::string>(fake, [&](auto cb) { client.CreateCompany("customer.acme.company", SomeCompany(), cb); }));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->kind == ApiError::Kind::OutcomeUnknown);
  CHECK(r.error->origin == "customer.acme.company");
  CHECK(fake.count("POST /api/companies") == 1);
  CHECK(client.stats().writes == 1);
  CHECK(client.stats().retries == 0);
  const HttpRequest& sent = fake.sent().back();
  CHECK(sent.write);
  CHECK(sent.content_type.empty());
  CHECK_FALSE(sent.form.empty());
}

TEST_CASE("a create is retried only when it surely was not applied") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  KeepnetClient client(Options(), fake);
  auto create = [&] {
    return Keep(Await<std::string>(fake, [&](auto cb) { client.CreateGroup("group.emea", "EMEA", cb); }));
  };

  SUBCASE("refused, 429 and 503 are retried") {
    fake.Script("POST /api/company-groups", FakeTransport::NoAnswer("Couldn't connect to server", false));
    fake.Script("POST /api/company-groups", FakeTransport::Json(429, ""));
    fake.Script("POST /api/company-groups", FakeTransport::Json(503, ""));
    fake.Script("POST /api/company-groups", FakeTransport::Ok(R"({"resourceId":"g9"})"));
    auto r = create();
    REQUIRE(r.ok());
    CHECK(*r.value == "g9");
    CHECK(fake.count("POST /api/company-groups") == 4);
    CHECK(client.stats().writes == 1);
    CHECK(client.stats().retries == 3);
  }
  SUBCASE("500, 502 and 504 may have committed") {
    for (int status : {500, 502, 504}) {
      CAPTURE(status);
      const int before = fake.count("POST /api/company-groups");
      fake.Script("POST /api/company-groups", FakeTransport::Json(status, ""));
      auto r = create();
      REQUIRE_FALSE(r.ok());
      CHECK(r.error->kind == ApiError::Kind::OutcomeUnknown);
      CHECK(r.error->http_status == status);
      CHECK(fake.count("POST /api/company-groups") == before + 1);
    }
  }
}

TEST_CASE("envelope failures with HTTP 200 and validation errors are reported, not retried") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.Script("POST /api/system-users",
              FakeTransport::Json(200, R"({"Data":null,"IsSuccess":false,"Status":"INPUT_ERROR","Message":"bad"})"));
  fake.Script("POST /api/system-users",
              FakeTransport::Json(400, R"({"data":null,"status":"INPUT_ERROR","message":"One or more validation errors occurred.","validationMessages":["Email: invalid"]})"));
  KeepnetClient client(Options(), fake);
  SystemUserRecord u;
  u.email = "x";
  auto first = Keep(Await<std::string>(fake, [&](auto cb) { client.CreateSystemUser("a", "c1", u, cb); }));
  REQUIRE_FALSE(first.ok());
  CHECK(first.error->kind == ApiError::Kind::Api);
  CHECK(first.error->api_status == "INPUT_ERROR");
  auto second = Keep(Await<std::string>(fake, [&](auto cb) { client.CreateSystemUser("a", "c1", u, cb); }));
  REQUIRE_FALSE(second.ok());
  CHECK(second.error->kind == ApiError::Kind::Http);
  CHECK(second.error->ToString() ==
        "POST /api/system-users [a] (company c1): HTTP 400 INPUT_ERROR: One or more validation errors occurred.; validation: Email: invalid");
  CHECK(fake.count("POST /api/system-users") == 2);
  CHECK(fake.sent().back().company_id == "c1");
}

TEST_CASE("AIMD: a 429 halves the requests in flight and holds the queue") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  for (int i = 0; i < 4; ++i)
    fake.Script("POST /api/companies/search", FakeTransport::Json(429, "", {{"retry-after", "1"}}));
  fake.SetHandler([](const HttpRequest&) { return FakeTransport::Ok(kEmptyPage); });
  KeepnetClient client(Options(/*parallelism=*/4), fake);
  int ok = 0;
  for (int i = 0; i < 4; ++i)
    client.SearchCompanies("test", i + 1, "", [&](Result<Page<CompanySummary>> r) { ok += r.ok(); });
  // Token first, then the four searches at once.
  REQUIRE(fake.RunOnce());
  CHECK(fake.in_flight() == 4);
  fake.Run();
  CHECK(ok == 4);
  CHECK(client.stats().rate_limited == 4);
  // sends: token, 4 first tries, 4 retries; the retries went out one, then at most two at a time.
  const auto& at_send = fake.in_flight_at_send();
  REQUIRE(at_send.size() == 9);
  CHECK(at_send[4] == 4);
  CHECK(at_send[5] == 1);
  CHECK(*std::max_element(at_send.begin() + 5, at_send.end()) <= 2);
  // Nothing was retried before Retry-After passed.
  CHECK(fake.now() >= std::chrono::milliseconds(1000));
}

TEST_CASE("pacing: after a 429 request starts are spaced, and the pace recovers on clean answers") {
  FakeTransport fake;
  ClientOptions options = Options(/*parallelism=*/4);
  options.clock = [&fake] { return std::chrono::steady_clock::time_point{} + fake.now(); };
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  // Answers take no virtual time, so the clock at the answer is the clock at the start.
  std::vector<std::chrono::milliseconds> starts;
  fake.SetHandler([&](const HttpRequest&) {
    starts.push_back(fake.now());
    if (starts.size() == 11) return FakeTransport::Json(429, "", {{"retry-after", "1"}});
    return FakeTransport::Ok(kEmptyPage);
  });
  KeepnetClient client(options, fake);
  int ok = 0;
  for (int i = 0; i < 40; ++i)
    client.SearchCompanies("test", i + 1, "", [&](Result<Page<CompanySummary>> r) { ok += r.ok(); });
  fake.Run();
  CHECK(ok == 40);
  CHECK(client.stats().rate_limited == 1);
  REQUIRE(starts.size() == 41);
  // Unpaced before the 429: the first 11, and the 3 already in flight with it, at once.
  for (size_t i = 0; i < 14; ++i) CHECK(starts[i] == std::chrono::milliseconds(0));
  // Then nothing before Retry-After passed, and one start at a time: 11 answers in the last
  // second (the token's and 10 searches) set the pace to 0.85 x 11/s, a start every ~107 ms.
  std::vector<std::chrono::milliseconds> gaps;
  for (size_t i = 14; i < starts.size(); ++i) {
    CHECK(starts[i] >= std::chrono::milliseconds(1000));
    if (i > 14) gaps.push_back(starts[i] - starts[i - 1]);
  }
  REQUIRE(gaps.size() == 26);
  CHECK(gaps.front() >= std::chrono::milliseconds(100));
  CHECK(gaps.front() <= std::chrono::milliseconds(110));
  for (auto gap : gaps) CHECK(gap >= std::chrono::milliseconds(50));
  // Clean answers raise the pace: the starts come closer together.
  CHECK(gaps.back() < gaps.front() - std::chrono::milliseconds(20));
  // The waits were the transport's timers: no sleeping, and the run took virtual time.
  CHECK(fake.now() >= std::chrono::milliseconds(1000) + gaps.front() * 10);
}

TEST_CASE("pacing: token requests wait for a slot too, no 429, no pacing") {
  FakeTransport fake;
  ClientOptions options = Options(/*parallelism=*/4);
  options.clock = [&fake] { return std::chrono::steady_clock::time_point{} + fake.now(); };
  int searches = 0;
  std::vector<std::pair<std::string, std::chrono::milliseconds>> starts;
  fake.SetHandler([&](const HttpRequest& r) {
    starts.emplace_back(r.path, fake.now());
    if (r.path == "/connect/token") return FakeTransport::Token("tok", /*expires_in=*/0);
    if (++searches == 1) return FakeTransport::Json(429, "", {{"retry-after", "1"}});
    return FakeTransport::Ok(kEmptyPage);
  });
  KeepnetClient client(options, fake);
  for (int i = 0; i < 3; ++i) REQUIRE(Search(client, fake).ok());
  // A token that expires at once: token, search (429), then a token before each search.
  REQUIRE(starts.size() == 8);
  CHECK(fake.count("POST /connect/token") == 4);
  // After the 429 every start, the token requests' included, has a slot of its own.
  CHECK(starts[2].first == "/connect/token");
  CHECK(starts[2].second >= std::chrono::milliseconds(1000));
  for (size_t i = 3; i < starts.size(); ++i) CHECK(starts[i].second > starts[i - 1].second);

  FakeTransport quiet;
  ClientOptions quiet_options = Options(/*parallelism=*/4);
  quiet_options.clock = [&quiet] { return std::chrono::steady_clock::time_point{} + quiet.now(); };
  quiet.SetHandler([](const HttpRequest& r) {
    if (r.path == "/connect/token") return FakeTransport::Token("tok");
    return FakeTransport::Ok(kEmptyPage);
  });
  KeepnetClient unpaced(quiet_options, quiet);
  for (int i = 0; i < 20; ++i) unpaced.SearchCompanies("test", 1, "", [](Result<Page<CompanySummary>>) {});
  quiet.Run();
  CHECK(quiet.count("POST /api/companies/search") == 20);
  CHECK(quiet.delays().empty());
  CHECK(quiet.now() == std::chrono::milliseconds(0));
}

TEST_CASE("requests beyond the limit wait in FIFO order") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.SetHandler([](const HttpRequest&) { return FakeTransport::Ok(kEmptyPage); });
  KeepnetClient client(Options(/*parallelism=*/2), fake);
  for (int i = 1; i <= 6; ++i) client.SearchCompanies("test", i, "", [](Result<Page<CompanySummary>>) {});
  fake.Run();
  const auto& at_send = fake.in_flight_at_send();
  CHECK(*std::max_element(at_send.begin(), at_send.end()) == 2);
  std::vector<std::string> order;
  for (const auto& r : fake.sent())
    if (r.path == "/api/companies/search") order.push_back(r.body.substr(0, r.body.find(',')));
  REQUIRE(order.size() == 6);
  for (int i = 0; i < 6; ++i) CHECK(order[i] == "{\"pageNumber\":" + std::to_string(i + 1));
}

TEST_CASE("scoped calls carry the company header, writes are marked, searches are not writes") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.SetHandler([](const HttpRequest& r) {
    if (r.method == "GET") return FakeTransport::Ok("[]");
    if (r.path.find("/search") != std::string::npos) return FakeTransport::Ok(kEmptyPage);
    return FakeTransport::Ok(R"({"resourceId":"new"})");
  });
  KeepnetClient client(Options(), fake);
  TargetUserRecord t;
  t.email = "a@x";
  t.phone = "1";
  SystemUserRecord s;
  REQUIRE(Keep(Await<Page<TargetUserRecord>>(fake, [&](auto cb) { client.SearchTargetUsers("o", "c1", 1, "", cb); })).ok());
  REQUIRE(Keep(Await<Page<SystemUserRecord>>(fake, [&](auto cb) { client.SearchSystemUsers("o", "c1", 1, "", cb); })).ok());
  REQUIRE(Keep(Await<std::vector<RoleRecord>>(fake, [&](auto cb) { client.ListRoles("o", "c1", cb); })).ok());
  REQUIRE(Keep(Await<std::string>(fake, [&](auto cb) { client.CreateTargetUser("o", "c1", t, cb); })).ok());
  REQUIRE(Keep(Await<Unit>(fake, [&](auto cb) { client.UpdateTargetUser("o", "c1", "t1", t, cb); })).ok());
  REQUIRE(Keep(Await<Unit>(fake, [&](auto cb) { client.UpdateSystemUser("o", "c1", "u1", s, cb); })).ok());
  REQUIRE(Keep(Await<Unit>(fake, [&](auto cb) { client.AddParticipants("o", "g1", {"c1"}, cb); })).ok());
  REQUIRE(Keep(Await<Page<CompanySummary>>(fake, [&](auto cb) { client.SearchGroupCompanies("o", "g1", 1, cb); })).ok());
  for (const auto& r : fake.sent()) {
    CAPTURE(r.path);
    const bool is_search = r.path.find("/search") != std::string::npos;
    if (r.path.find("target-users") != std::string::npos || r.path.find("system-users") != std::string::npos ||
        r.path == "/api/roles")
      CHECK(r.company_id == "c1");
    CHECK(r.write == (r.method == "PUT" || (r.method == "POST" && !is_search && r.path != "/connect/token")));
  }
  CHECK(fake.sent().back().path == "/api/company-groups/g1/companies/search");
  CHECK(client.stats().writes == 4);
}

TEST_CASE("catalog: code types found by name, one batch lookup, licenses and time zones in parallel") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.Script("GET /api/codetypes", FakeTransport::Ok(R"([{"id":41,"name":"Industry"},{"id":12,"name":"COUNTRY"},
      {"id":3,"name":"License Period Type"},{"id":77,"name":"language"},{"id":5,"name":"Other"}])"));
  fake.Script("POST /api/lookups", FakeTransport::Ok(R"([
      {"resourceId":"tr","genericCodeTypeId":12,"name":"Turkey","code":"TR"},
      {"resourceId":"tech","genericCodeTypeId":41,"name":"Technology"},
      {"resourceId":"yr","genericCodeTypeId":3,"name":"Yearly"},
      {"resourceId":"en","genericCodeTypeId":77,"name":"English","isoCode":"en"}])"));
  fake.Script("GET /api/lookups/licenses", FakeTransport::Ok(R"({"licenses":[{"resourceId":"ent","name":"Enterprise","licenseModules":[]}],"allLicenseModules":[]})"));
  fake.Script("GET /api/timezone/timezones", FakeTransport::Ok(R"({"timeZoneList":[{"id":"UTC","displayName":"UTC"}],"dateFormatList":["dd/MM/yyyy"],"timeFormatList":["HH:mm"]})"));
  KeepnetClient client(Options(), fake);
  auto r = Keep(Await<Catalog>(fake, [&](auto cb) { client.ReadCatalog("catalog", cb); }));
  REQUIRE(r.ok());
  const Catalog& c = *r.value;
  REQUIRE(c.countries.size() == 1);
  CHECK(c.countries[0].id == "tr");
  CHECK(c.industries[0].id == "tech");
  CHECK(c.license_periods[0].id == "yr");
  CHECK(c.languages[0].iso_code == "en");
  CHECK(c.license_types[0].id == "ent");
  CHECK(c.time_zones[0].id == "UTC");
  CHECK(c.time_formats[0].id == "HH:mm");
  CHECK(fake.sent().size() == 5);
  CHECK(client.stats().requests == 5);
  const auto lookups = std::find_if(fake.sent().begin(), fake.sent().end(), [](auto& x) { return x.path == "/api/lookups"; });
  REQUIRE(lookups != fake.sent().end());
  CHECK(lookups->body == R"({"typeIdList":[12,41,3,77]})");
  // Licenses and time zones did not wait for the code types: three in flight after the token.
  CHECK(fake.in_flight_at_send()[3] == 3);
}

TEST_CASE("catalog: falls back to one GET per type when the batch lookup is missing") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.Script("GET /api/codetypes", FakeTransport::Ok(R"([{"id":1,"name":"country"},{"id":2,"name":"industry"},
      {"id":3,"name":"LicensePeriodType"},{"id":4,"name":"Language"}])"));
  fake.Script("POST /api/lookups", FakeTransport::Json(405, ""));
  fake.SetHandler([](const HttpRequest& r) {
    if (r.path == "/api/lookups/licenses") return FakeTransport::Ok(R"({"licenses":[],"allLicenseModules":[]})");
    if (r.path == "/api/timezone/timezones") return FakeTransport::Ok(R"({"timeZoneList":[]})");
    const std::string id = r.path.substr(std::string("/api/lookups/").size());
    return FakeTransport::Ok(R"([{"resourceId":"id-)" + id + R"(","name":"n"}])");
  });
  KeepnetClient client(Options(), fake);
  auto r = Keep(Await<Catalog>(fake, [&](auto cb) { client.ReadCatalog("catalog", cb); }));
  REQUIRE(r.ok());
  CHECK(r.value->countries[0].id == "id-1");
  CHECK(r.value->industries[0].id == "id-2");
  CHECK(r.value->license_periods[0].id == "id-3");
  CHECK(r.value->languages[0].id == "id-4");
  CHECK(fake.count("GET /api/lookups/3") == 1);
}

TEST_CASE("catalog: a missing code type is an error naming what the API has") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.Script("GET /api/codetypes", FakeTransport::Ok(R"([{"id":1,"name":"Country"}])"));
  fake.SetHandler([](const HttpRequest&) { return FakeTransport::Ok(R"({})"); });
  KeepnetClient client(Options(), fake);
  auto r = Keep(Await<Catalog>(fake, [&](auto cb) { client.ReadCatalog("catalog", cb); }));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error->kind == ApiError::Kind::Decode);
  CHECK(r.error->message.find("Industry") != std::string::npos);
  CHECK(r.error->message.find("Country") != std::string::npos);
}

TEST_CASE("a delete answered 404 on a retry after a lost answer is done, a first 404 is an error") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.Script("DELETE /api/target-users/u1", FakeTransport::NoAnswer("Empty reply from server", true));
  fake.Script("DELETE /api/target-users/u1", FakeTransport::Json(404, R"({"status":"NOT_FOUND","message":"gone"})"));
  fake.Script("DELETE /api/target-users/u2", FakeTransport::Json(404, R"({"status":"NOT_FOUND","message":"no such user"})"));
  fake.Script("DELETE /api/companies/c1", FakeTransport::Json(429, "", {{"retry-after", "0"}}));
  fake.Script("DELETE /api/companies/c1", FakeTransport::Json(404, R"({"status":"NOT_FOUND","message":"no such company"})"));
  KeepnetClient client(Options(), fake);
  auto gone = Keep(Await<Unit>(fake, [&](auto cb) { client.DeleteTargetUser("t", "c1", "u1", cb); }));
  CHECK_MESSAGE(gone.ok(), (gone.ok() ? std::string() : gone.error->ToString()));
  CHECK(fake.count("DELETE /api/target-users/u1") == 2);
  CHECK(fake.sent().back().company_id == "c1");
  auto missing = Keep(Await<Unit>(fake, [&](auto cb) { client.DeleteTargetUser("t", "c1", "u2", cb); }));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error->http_status == 404);
  // A 429 was surely not applied: a 404 after it is someone else's delete, and still an error.
  auto refused = Keep(Await<Unit>(fake, [&](auto cb) { client.DeleteCompany("c", "c1", cb); }));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error->http_status == 404);
}

TEST_CASE("memberships change in bulk: one request per group and direction") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.SetHandler([](const HttpRequest&) { return FakeTransport::Ok(R"({"resourceId":"g1"})"); });
  KeepnetClient client(Options(), fake);
  REQUIRE(Keep(Await<Unit>(fake, [&](auto cb) { client.AddTargetGroupUsers("t", "c1", {"g1", "g2"}, {"u1", "u2", "u3"}, cb); })).ok());
  REQUIRE(Keep(Await<Unit>(fake, [&](auto cb) { client.RemoveTargetGroupUsers("t", "c1", "g1", {"u1", "u2"}, cb); })).ok());
  REQUIRE(Keep(Await<Unit>(fake, [&](auto cb) { client.RemoveParticipants("g", "grp", {"c1", "c2"}, cb); })).ok());
  CHECK(fake.count("PUT /api/target-groups/users") == 1);
  CHECK(fake.count("DELETE /api/target-groups/g1/users") == 1);
  CHECK(fake.count("DELETE /api/company-groups/grp/participants") == 1);
  for (const HttpRequest& r : fake.sent())
    if (r.path != "/connect/token") CHECK(r.write);
}

TEST_CASE("CheckBaseUrl: https anywhere, http only to loopback unless allowed") {
  std::string error;
  CHECK(CheckBaseUrl("https://api.keepnetlabs.com", false, &error));
  CHECK(CheckBaseUrl("http://127.0.0.1:8080", false, &error));
  CHECK(CheckBaseUrl("http://127.1.2.3", false, &error));
  CHECK(CheckBaseUrl("http://localhost:9/api", false, &error));
  CHECK(CheckBaseUrl("http://[::1]:8080", false, &error));
  CHECK_FALSE(CheckBaseUrl("http://example.com", false, &error));
  CHECK(error.find("--allow-insecure-http") != std::string::npos);
  CHECK_FALSE(CheckBaseUrl("http://127.0.0.1.example.com", false, &error));
  CHECK_FALSE(CheckBaseUrl("http://10.0.0.1", false, &error));
  CHECK(CheckBaseUrl("http://example.com", true, &error));
  CHECK_FALSE(CheckBaseUrl("ftp://example.com", true, &error));
  CHECK_FALSE(CheckBaseUrl("example.com", false, &error));
}

TEST_CASE("a secret that is an ordinary word garbles no message") {
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
  fake.Script("GET /api/companies/c1",
              FakeTransport::Json(400, R"({"status":"INPUT_ERROR","message":"unknown error or wrong secret"})"));
  for (const char* word : {"error", "secret"}) {
    ClientOptions o = Options();
    o.client_secret = word;
    KeepnetClient client(o, fake);
    auto r = Keep(Await<CompanyRecord>(fake, [&](auto cb) { client.GetCompany("test", "c1", cb); }));
    REQUIRE_FALSE(r.ok());
    CAPTURE(r.error->ToString());
    CHECK(r.error->ToString().find("unknown error or wrong secret") != std::string::npos);
    CHECK(r.error->ToString().find("[redacted]") == std::string::npos);
    fake.Script("POST /connect/token", FakeTransport::Token("tok-1"));
    fake.Script("GET /api/companies/c1",
                FakeTransport::Json(400, R"({"status":"INPUT_ERROR","message":"unknown error or wrong secret"})"));
  }
}

// A secret in every form a server might quote it: raw, URL-encoded (either hex case) and
// JSON-escaped.
std::vector<std::string> EncodedForms(const std::string& value) {
  std::string json;
  for (char c : value) {
    if (c == '"' || c == '\\') json += '\\';
    json += c;
  }
  std::string lower = FormUrlEncode(value);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return {value, FormUrlEncode(value), lower, json};
}

TEST_CASE("token refusals: no form of the secret, the credential to check (401) or the role to give (403)") {
  const std::string secret = R"(p:+/%"\w0rd)";
  std::string echo;  // the server quotes the request back, every encoding of it
  for (const std::string& form : EncodedForms(secret)) echo += " " + form;
  std::string echo_json;
  for (char c : echo) {
    if (c == '"' || c == '\\') echo_json += '\\';
    echo_json += c;
  }
  for (int status : {400, 401, 403, 500}) {
    FakeTransport fake;
    fake.SetHandler([&](const HttpRequest&) {
      return FakeTransport::Json(status, R"({"status":"X","message":"bad request:)" + echo_json + R"("})");
    });
    ClientOptions o = Options();
    o.client_secret = secret;
    o.credentials_source = "client id demo-client from KEEPNET_CLIENT_ID, client secret from --client-secret-file s.txt";
    o.max_read_attempts = 1;
    KeepnetClient client(o, fake);
    auto r = Search(client, fake);
    REQUIRE_FALSE(r.ok());
    const std::string text = r.error->ToString();
    CAPTURE(text);
    for (const std::string& form : EncodedForms(secret)) CHECK(text.find(form) == std::string::npos);
    CHECK(text.find("bad request") == std::string::npos);
    if (status == 401 || status == 400) {
      CHECK(text.find("check the client id and the client secret") != std::string::npos);
      CHECK(text.find("--client-secret-file s.txt") != std::string::npos);
    }
    if (status == 403) CHECK(text.find("Client Role = Reseller (Company -> Company Settings -> REST API") != std::string::npos);
  }
}

TEST_CASE("a bearer token a server quotes back is cut out in every encoding") {
  const std::string token = R"(tok:+/%"\e1)";
  std::string token_json;
  for (char c : token) {
    if (c == '"' || c == '\\') token_json += '\\';
    token_json += c;
  }
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Json(200, R"({"access_token":")" + token_json + R"(","expires_in":3600})"));
  std::string quoted;
  for (const std::string& form : EncodedForms(token)) quoted += " [" + form + "]";
  std::string quoted_json;
  for (char c : quoted) {
    if (c == '"' || c == '\\') quoted_json += '\\';
    quoted_json += c;
  }
  fake.Script("GET /api/companies/c1",
              FakeTransport::Json(400, R"({"status":"INPUT_ERROR","message":"you sent)" + quoted_json + R"("})"));
  KeepnetClient client(Options(), fake);
  auto r = Keep(Await<CompanyRecord>(fake, [&](auto cb) { client.GetCompany("test", "c1", cb); }));
  REQUIRE_FALSE(r.ok());
  CHECK(fake.sent().back().bearer_token == Secret(token));
  const std::string text = r.error->ToString();
  CAPTURE(text);
  for (const std::string& form : EncodedForms(token)) CHECK(text.find(form) == std::string::npos);
  CHECK(text.find("you sent [[redacted]] [[redacted]] [[redacted]] [[redacted]]") != std::string::npos);
}

TEST_CASE("no error string produced by these tests holds the secret or a token") {
  // Errors of every kind, with servers echoing the token back (only /connect/token ever
  // receives the secret, and its answers are never shown); plus whatever the tests above
  // produced when they ran in the same process.
  FakeTransport fake;
  fake.Script("POST /connect/token", FakeTransport::Token("tok-SECRET-1"));
  const std::string echo = std::string("echo tok-SECRET-1");
  fake.Script("GET /api/companies/c1", FakeTransport::Json(400, R"({"status":"INPUT_ERROR","message":")" + echo +
                                                                     R"(","validationMessages":[")" + echo + "\"]}"));
  fake.Script("GET /api/companies/c2", FakeTransport::Json(200, R"({"IsSuccess":false,"Message":")" + echo + "\"}"));
  fake.Script("GET /api/companies/c3", FakeTransport::Json(404, "<html>" + echo + "</html>"));
  fake.Script("POST /api/companies", FakeTransport::NoAnswer(echo, true));
  KeepnetClient client(Options(), fake);
  const size_t before = ErrorStrings().size();
  for (const char* id : {"c1", "c2", "c3"})
    CHECK_FALSE(Keep(Await<CompanyRecord>(fake, [&](auto cb) { client.GetCompany("test", id, cb); })).ok());
  CHECK_FALSE(Keep(Await<std::string>(fake, [&](auto cb) { client.CreateCompany("test", SomeCompany(), cb); })).ok());
  REQUIRE(ErrorStrings().size() == before + 4);
  for (const auto& s : ErrorStrings()) {
    CAPTURE(s);
    CHECK(s.find(kSecret) == std::string::npos);
    CHECK(s.find("tok-SECRET-1") == std::string::npos);
  }
  CHECK(ErrorStrings().back().find("[redacted]") != std::string::npos);
}

}  // TEST_SUITE

}  // namespace onboard
