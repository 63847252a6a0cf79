#include "engine/exec/dry_run_transport.h"

#include <doctest/doctest.h>

#include "engine/exec/testing/scripted_transport.h"

namespace onboard {
namespace {

using testing::Ok;
using testing::ScriptedTransport;

HttpRequest Write(std::string method, std::string path, std::string origin, std::string company_id = "") {
  HttpRequest r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.origin = std::move(origin);
  r.company_id = std::move(company_id);
  r.write = true;
  r.bearer_token = "tok-SECRET-123";
  return r;
}

}  // namespace

TEST_SUITE("exec") {

TEST_CASE("dry run: writes never reach the inner transport, reads do") {
  ScriptedTransport inner([](const HttpRequest&) { return Ok(R"({"data":[],"status":"SUCCESS"})"); });
  DryRunTransport dry(inner);

  HttpRequest read;
  read.method = "GET";
  read.path = "/api/company-groups";
  read.origin = "live";
  int answered = 0;
  dry.Send(read, [&](HttpResponse r) { CHECK(r.status == 200); ++answered; });
  HttpRequest search = Write("POST", "/api/companies/search", "live");
  search.write = false;  // a POST that only reads
  dry.Send(search, [&](HttpResponse) { ++answered; });
  dry.Send(Write("POST", "/api/company-groups", "group.emea"), [&](HttpResponse) { ++answered; });
  CHECK(dry.in_flight() == 3);
  dry.Run();

  CHECK(answered == 3);
  REQUIRE(inner.requests.size() == 2);
  for (const HttpRequest& r : inner.requests) CHECK_FALSE(r.write);
  REQUIRE(dry.recorded().size() == 1);
  CHECK(dry.recorded()[0].path == "/api/company-groups");
}

TEST_CASE("dry run: a write is answered from the loop with a placeholder id") {
  ScriptedTransport inner([](const HttpRequest&) { return Ok("{}"); });
  DryRunTransport dry(inner);
  HttpResponse got;
  bool answered = false;
  dry.Send(Write("POST", "/api/companies", "customer.acme.company"), [&](HttpResponse r) {
    got = std::move(r);
    answered = true;
  });
  CHECK_FALSE(answered);  // never inside Send
  CHECK(dry.RunOnce());
  REQUIRE(answered);
  CHECK(got.status == 200);
  CHECK(got.body.find(R"("resourceId":"<id of customer.acme.company>")") != std::string::npos);
  CHECK_FALSE(dry.RunOnce());
}

TEST_CASE("dry run: placeholders flow into later requests, the token never shows") {
  ScriptedTransport inner([](const HttpRequest&) {
    return Ok(R"({"data":[{"resourceId":"r1","name":"Company Admin"}],"status":"SUCCESS"})");
  });
  std::vector<std::string> printed;
  DryRunTransport dry(inner, [&](const RecordedRequest& r) { printed.push_back(FormatRecordedRequest(r)); });

  HttpRequest company = Write("POST", "/api/companies", "customer.acme.company");
  company.form = {{"Name", "Acme Corp"}, {"NumberOfUsers", "500"}};
  dry.Send(company, [](HttpResponse) {});
  dry.Run();

  // A read scoped to the company that exists only as a placeholder goes out unscoped.
  HttpRequest roles;
  roles.method = "GET";
  roles.path = "/api/roles";
  roles.company_id = DryRunPlaceholder("customer.acme.company");
  dry.Send(roles, [](HttpResponse) {});
  HttpRequest admin = Write("POST", "/api/system-users", "customer.acme.admin.ada@acme.example",
                            DryRunPlaceholder("customer.acme.company"));
  admin.content_type = "application/json";
  admin.body = R"({"firstName":"Ada","email":"ada@acme.example","roleResourceIdList":["r1"]})";
  dry.Send(admin, [](HttpResponse) {});
  dry.Send(Write("PUT", "/api/company-groups/%3Cid%20of%20group.emea%3E/participants", "customer.acme.group.emea"),
           [](HttpResponse) {});
  dry.Run();

  REQUIRE(inner.requests.size() == 1);
  CHECK(inner.requests[0].company_id.empty());

  const std::string out = dry.FormatRecordedRequests();
  CHECK(out ==
        "POST /api/companies  (customer.acme.company)\n"
        "    Authorization: Bearer [redacted]\n"
        "    Name: Acme Corp\n"
        "    NumberOfUsers: 500\n"
        "\n"
        "POST /api/system-users  (customer.acme.admin.ada@acme.example)\n"
        "    Authorization: Bearer [redacted]\n"
        "    X-KEEPNET-Company-Id: <id of customer.acme.company>\n"
        "    {\n"
        "      \"firstName\": \"Ada\",\n"
        "      \"email\": \"ada@acme.example\",\n"
        "      \"roleResourceIdList\": [\n"
        "        \"r1\"\n"
        "      ]\n"
        "    }\n"
        "\n"
        "PUT /api/company-groups/<id of group.emea>/participants  (customer.acme.group.emea)\n"
        "    Authorization: Bearer [redacted]\n");
  // The token is a field shown redacted, never its value.
  CHECK(out.find("SECRET") == std::string::npos);
  REQUIRE(printed.size() == 3);  // printed as they were "sent", in order
  CHECK(printed[0].rfind("POST /api/companies ", 0) == 0);
}

}  // TEST_SUITE

}  // namespace onboard
