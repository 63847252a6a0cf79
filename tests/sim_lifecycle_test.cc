// keepnet-sim's target groups, memberships, deletes, license check and custom fields, and its
// strict replacing PUTs: the paths removal and lossless updates rely on.

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <set>
#include <string>

#include "tests/support/e2e_helpers.h"
#include "tests/support/sim_api.h"

namespace onboard::test {
namespace {

// Seeds one customer company with two target users; returns its id.
std::string SeedAcme(const SimProcess& sim, const std::string& name = "Acme") {
  rapidjson::Document r = ParseJson(sim.post("/_sim/seed", R"({"companies":[{"name":")" + name + R"(",
      "targetUsers":[{"email":"a@acme.example","phoneNumber":"1"},{"email":"b@acme.example","phoneNumber":"2"}]}]})"));
  return r["companies"][0]["resourceId"].GetString();
}

std::string UserId(SimApi& api, const std::string& email) {
  for (const auto& row : api.searchAll("/api/target-users/search")) {
    rapidjson::Document u = ParseJson(row);
    if (u["email"].GetString() == email) return u["resourceId"].GetString();
  }
  FAIL("no target user " << email);
  return {};
}

std::set<std::string> Members(SimApi& api, const std::string& group, bool exclude = false) {
  std::set<std::string> out;
  for (const auto& row : api.searchAll("/api/target-groups/" + group + "/users",
                                       exclude ? R"(,"excludeGroupUsers":true)" : ""))
    out.insert(ParseJson(row)["email"].GetString());
  return out;
}

bool Mentions(const SimAnswer& a, const std::string& text) {
  if (!a.json.IsObject() || !a.json.HasMember("validationMessages") || !a.json["validationMessages"].IsArray()) return false;
  for (const auto& m : a.json["validationMessages"].GetArray())
    if (std::string(m.GetString()).find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("sim: target-group members are read from the group, added and removed in bulk, never on the user") {
  SimProcess sim;
  SimApi api(sim);
  const std::string acme = SeedAcme(sim);
  api.scope(acme);
  SimAnswer created = api.post("/api/target-groups", R"({"name":"Finance","priority":"High"})");
  REQUIRE(created.status == 200);
  const std::string finance = created.data()["resourceId"].GetString();
  const std::string a = UserId(api, "a@acme.example"), b = UserId(api, "b@acme.example");

  SimAnswer add = api.put("/api/target-groups/users",
                          R"({"targetUserResourceIds":[")" + a + R"(",")" + b + R"("],"targetGroupResourceIds":[")" + finance + R"("]})");
  REQUIRE_MESSAGE(add.status == 200, add.body);
  CHECK(add.data()[0]["addedUserCount"].GetInt() == 2);
  CHECK(Members(api, finance) == std::set<std::string>{"a@acme.example", "b@acme.example"});
  // Adding again changes nothing.
  CHECK(api.put("/api/target-groups/users", R"({"targetUserResourceIds":[")" + a + R"("],"targetGroupResourceIds":[")" + finance + R"("]})")
            .data()[0]["addedUserCount"].GetInt() == 0);

  // The user's own record carries no memberships (TargetUserDto has no such field).
  SimAnswer user = api.get("/api/target-users/" + a);
  CHECK_FALSE(user.data().HasMember("targetGroupResourceIds"));

  SimAnswer removed = api.del("/api/target-groups/" + finance + "/users", R"({"targetUserResourceIds":[")" + a + R"("]})");
  REQUIRE_MESSAGE(removed.status == 200, removed.body);
  CHECK(Members(api, finance) == std::set<std::string>{"b@acme.example"});
  CHECK(Members(api, finance, /*exclude=*/true) == std::set<std::string>{"a@acme.example"});

  // Strict bodies: unknown users, groups and fields are 400 naming the field; unknown ids 404.
  CHECK(Mentions(api.put("/api/target-groups/users", R"({"targetUserResourceIds":["nope"],"targetGroupResourceIds":[")" + finance + R"("]})"),
                 "TargetUserResourceIds: unknown target user 'nope'"));
  CHECK(Mentions(api.put("/api/target-groups/users", R"({"targetUserResourceIds":[")" + a + R"("],"targetGroupResourceIds":["nope"]})"),
                 "TargetGroupResourceIds"));
  CHECK(Mentions(api.put("/api/target-groups/users", R"({"targetUserResourceIds":[")" + a + R"("]})"), "TargetGroupResourceIds: is required"));
  CHECK(Mentions(api.del("/api/target-groups/" + finance + "/users", R"({"userIds":[")" + a + R"("]})"),
                 "userIds: is not a field of this request"));
  CHECK(api.del("/api/target-groups/nope/users", R"({"targetUserResourceIds":[")" + a + R"("]})").status == 404);
  CHECK(api.post("/api/target-groups/nope/users", R"({"pageNumber":1,"pageSize":10,"orderBy":"CreateTime","ascending":true})").status == 404);
  CHECK(Mentions(api.post("/api/target-groups", R"({"name":"X","priority":"High","color":"red"})"), "color"));

  // Scoped by the header: another company does not see the group.
  const std::string other = SeedAcme(sim, "Other");
  api.scope(other);
  CHECK(api.get("/api/target-groups/" + finance).status == 404);
  CHECK(api.post("/api/target-groups/" + finance + "/users", R"({"pageNumber":1,"pageSize":10,"orderBy":"CreateTime","ascending":true})").status == 404);

  rapidjson::Document stats = SimStats(sim);
  CHECK(RequestCount(stats, "PUT /api/target-groups/users") == 5);
  CHECK(RequestCount(stats, "POST /api/target-groups/{resourceId}/users") >= 4);
  CHECK(RequestCount(stats, "DELETE /api/target-groups/{resourceId}/users") == 3);
}

TEST_CASE("sim: a target user's create takes memberships, its PUT replaces them, custom fields and all") {
  SimProcess sim;
  SimApi api(sim);
  const std::string acme = SeedAcme(sim);
  api.scope(acme);
  const std::string group = api.post("/api/target-groups", R"({"name":"Ops","priority":"Low"})").data()["resourceId"].GetString();
  SimAnswer fields = api.get("/api/custom-fields/company");
  REQUIRE(fields.status == 200);
  REQUIRE(fields.data().Size() >= 1);
  const std::string cf = fields.data()[0]["resourceId"].GetString();

  SimAnswer created = api.post("/api/target-users", R"({"email":"c@acme.example","phoneNumber":"3","targetGroupResourceIds":[")" +
                                                        group + R"("],"customFields":[{"resourceId":")" + cf + R"(","value":"E-9"}]})");
  REQUIRE_MESSAGE(created.status == 200, created.body);
  const std::string c = created.data()["resourceId"].GetString();
  CHECK(Members(api, group) == std::set<std::string>{"c@acme.example"});
  SimAnswer read = api.get("/api/target-users/" + c);
  REQUIRE(read.data()["customFieldValues"].Size() == 1);
  CHECK(std::string(read.data()["customFieldValues"][0]["value"].GetString()) == "E-9");
  CHECK(std::string(read.data()["customFieldValues"][0]["name"].GetString()) == fields.data()[0]["name"].GetString());

  // A PUT that leaves them out clears them: the PUT replaces the whole user.
  REQUIRE(api.put("/api/target-users/" + c, R"({"email":"c@acme.example","phoneNumber":"3","department":"IT"})").status == 200);
  CHECK(Members(api, group).empty());
  CHECK(api.get("/api/target-users/" + c).data()["customFieldValues"].Size() == 0);

  CHECK(Mentions(api.put("/api/target-users/" + c, R"({"email":"c@acme.example","phoneNumber":"3","customFields":[{"resourceId":"nope","value":"1"}]})"),
                 "CustomFields: unknown custom field 'nope'"));
  CHECK(Mentions(api.put("/api/target-users/" + c, R"({"email":"c@acme.example","phoneNumber":"3","groups":[]})"),
                 "groups: is not a field of this request"));
  CHECK(api.del("/api/target-users/" + c).status == 200);
  CHECK(api.del("/api/target-users/" + c).status == 404);
}

TEST_CASE("sim: company PUT keeps to its schema: LogoUrl is stored, BaseManHourCost is refused") {
  SimProcess sim;
  SimApi api(sim);
  const std::string acme = SeedAcme(sim);
  rapidjson::Document state = SimState(sim);
  const rapidjson::Value& c = CompanyNamed(state, "Acme");
  FormFields required = {{"Name", "Acme"},
                         {"IndustryResourceId", c["industryResourceId"].GetString()},
                         {"CountryResourceId", c["countryResourceId"].GetString()},
                         {"LicenseTypeResourceId", c["licenseTypeResourceId"].GetString()},
                         {"LicensePeriodTypeResourceId", c["licensePeriodTypeResourceId"].GetString()},
                         {"NumberOfUsers", "10"},
                         {"TimeZoneId", c["timeZoneId"].GetString()},
                         {"DateFormat", c["dateFormat"].GetString()},
                         {"TimeFormat", c["timeFormat"].GetString()}};
  FormFields with_logo = required;
  with_logo.push_back({"LogoUrl", "https://cdn.example/acme.png"});
  with_logo.push_back({"CallBackNumberBookingCount", "4"});
  REQUIRE(api.form("PUT", "/api/companies/" + acme, with_logo).status == 200);
  SimAnswer got = api.get("/api/companies/" + acme);
  CHECK(std::string(got.data()["logoUrl"].GetString()) == "https://cdn.example/acme.png");
  CHECK(got.data()["callBackNumberBookingCount"].GetInt() == 4);

  FormFields with_cost = required;
  with_cost.push_back({"BaseManHourCost", "5"});
  SimAnswer refused = api.form("PUT", "/api/companies/" + acme, with_cost);
  CHECK(refused.status == 400);
  CHECK(Mentions(refused, "basemanhourcost: is not a field of the company update (PUT) form"));
  FormFields create = with_logo;
  create[0].second = "Acme Two";
  CHECK(Mentions(api.form("POST", "/api/companies", create), "logourl: is not a field of the company create form"));

  // A PUT that leaves LogoUrl out clears it.
  REQUIRE(api.form("PUT", "/api/companies/" + acme, required).status == 200);
  CHECK(api.get("/api/companies/" + acme).data()["logoUrl"].IsNull());
}

TEST_CASE("sim: license check, and a company delete takes its users and target groups") {
  SimProcess sim;
  SimApi api(sim);
  const std::string acme = SeedAcme(sim);
  SimAnswer lic = api.get("/api/companies/" + acme + "/license-check");
  REQUIRE(lic.status == 200);
  CHECK(lic.data()["totalUserCount"].GetInt() == 2);
  CHECK(lic.data()["activeUserCount"].GetInt() == 2);
  CHECK_FALSE(lic.data()["isLicenseExceeded"].GetBool());
  CHECK(api.get("/api/companies/nope/license-check").status == 404);

  api.scope(acme);
  REQUIRE(api.post("/api/target-groups", R"({"name":"Ops","priority":"Low"})").status == 200);
  api.scope("");
  REQUIRE(api.del("/api/companies/" + acme).status == 200);
  CHECK(api.get("/api/companies/" + acme).status == 404);
  CHECK(api.del("/api/companies/" + acme).status == 404);
  CHECK(CountCompaniesNamed(SimState(sim), "Acme") == 0);
}

TEST_CASE("sim: /_sim/seed builds target groups with their members") {
  SimProcess sim;
  SimApi api(sim);
  rapidjson::Document r = ParseJson(sim.post("/_sim/seed", R"({"companies":[{"name":"Seeded","generateTargetUsers":3,
      "targetGroups":[{"name":"Finance","priority":"High","members":["user1@seeded.example","USER3@seeded.example"]}]}]})"));
  api.scope(r["companies"][0]["resourceId"].GetString());
  SimAnswer groups = api.get("/api/target-groups");
  REQUIRE(groups.data().Size() == 1);
  CHECK(std::string(groups.data()[0]["priority"].GetString()) == "High");
  CHECK(Members(api, groups.data()[0]["resourceId"].GetString()) ==
        std::set<std::string>{"user1@seeded.example", "user3@seeded.example"});
  CHECK(sim.post("/_sim/seed", R"({"companies":[{"name":"Bad","targetGroups":[{"name":"X","members":["nobody@x.example"]}]}]})")
            .find("no target user") != std::string::npos);
}

}  // namespace onboard::test
