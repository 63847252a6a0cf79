// End-to-end tests of keepnet-sim: each starts the simulator on port 0 through SimProcess.

#include <doctest/doctest.h>
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/sim_process.h"

namespace {

using onboard::test::SimProcess;
using Fields = std::vector<std::pair<std::string, std::string>>;

const char* kSearchBody =
    R"({"pageNumber":1,"pageSize":50,"orderBy":"CreateTime","ascending":true,"filter":{"Condition":"AND","SearchInputTextValue":""}})";

/// One HTTP answer with its body parsed as JSON when possible.
struct Resp {
  int status = 0;
  std::string body;
  httplib::Headers headers;
  rapidjson::Document json;

  const rapidjson::Value& data() const { return json["data"]; }
  std::string str(const char* key) const { return data()[key].GetString(); }
};

Resp toResp(const httplib::Result& r) {
  REQUIRE_MESSAGE(r, "no HTTP response: " << httplib::to_string(r.error()));
  Resp out;
  out.status = r->status;
  out.body = r->body;
  out.headers = r->headers;
  out.json.Parse(out.body.c_str());
  return out;
}

std::string multipartBody(const Fields& fields, const std::string& boundary) {
  std::string body;
  for (const auto& [name, value] : fields)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  return body + "--" + boundary + "--\r\n";
}

/// A client of the simulator holding a bearer token.
class Api {
 public:
  explicit Api(const SimProcess& sim, const std::string& id = "demo-client", const std::string& secret = "demo-secret")
      : cli_(sim.host(), sim.port()) {
    auto r = cli_.Post("/connect/token",
                       "grant_type=client_credentials&client_id=" + id + "&client_secret=" + secret + "&scope=api1",
                       "application/x-www-form-urlencoded");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    rapidjson::Document d;
    d.Parse(r->body.c_str());
    token_ = d["access_token"].GetString();
  }

  /// Scopes the following calls to a company (X-KEEPNET-Company-Id); "" for none.
  void scope(std::string companyId) { company_ = std::move(companyId); }

  Resp get(const std::string& path) { return toResp(cli_.Get(path, headers())); }
  Resp post(const std::string& path, const std::string& json) {
    return toResp(cli_.Post(path, headers(), json, "application/json"));
  }
  Resp put(const std::string& path, const std::string& json) {
    return toResp(cli_.Put(path, headers(), json, "application/json"));
  }
  Resp del(const std::string& path, const std::string& json = "") {
    return json.empty() ? toResp(cli_.Delete(path, headers()))
                        : toResp(cli_.Delete(path, headers(), json, "application/json"));
  }
  Resp form(const std::string& method, const std::string& path, const Fields& fields) {
    const std::string boundary = "----simtestboundary7d3a";
    const std::string type = "multipart/form-data; boundary=" + boundary;
    const std::string body = multipartBody(fields, boundary);
    return toResp(method == "PUT" ? cli_.Put(path, headers(), body, type.c_str())
                                  : cli_.Post(path, headers(), body, type.c_str()));
  }
  httplib::Result rawPost(const std::string& path, const std::string& body, const char* type) {
    return cli_.Post(path, headers(), body, type);
  }
  const std::string& token() const { return token_; }

  /// resourceId of the lookup of typeId with this name or code.
  std::string lookup(int typeId, const std::string& nameOrCode) {
    Resp r = get("/api/lookups/" + std::to_string(typeId));
    for (const auto& l : r.data().GetArray())
      if (nameOrCode == l["name"].GetString() || nameOrCode == l["code"].GetString()) return l["resourceId"].GetString();
    FAIL("no lookup " << nameOrCode);
    return {};
  }
  std::string licenseType(const std::string& name) {
    Resp r = get("/api/lookups/licenses");
    for (const auto& l : r.data()["licenses"].GetArray())
      if (name == l["name"].GetString()) return l["resourceId"].GetString();
    FAIL("no license " << name);
    return {};
  }
  /// Every required company field with valid values.
  Fields companyFields(const std::string& name) {
    return {{"Name", name},
            {"IndustryResourceId", lookup(14, "Finance")},
            {"CountryResourceId", lookup(11, "TR")},
            {"LicenseTypeResourceId", licenseType("Enterprise")},
            {"LicensePeriodTypeResourceId", lookup(27, "Yearly")},
            {"NumberOfUsers", "250"},
            {"TimeZoneId", "Turkey Standard Time"},
            {"DateFormat", "dd/MM/yyyy"},
            {"TimeFormat", "HH:mm"}};
  }
  std::string createCompany(const std::string& name, Fields extra = {}) {
    Fields f = companyFields(name);
    f.insert(f.end(), extra.begin(), extra.end());
    Resp r = form("POST", "/api/companies", f);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return r.data()["resourceId"].GetString();
  }

 private:
  httplib::Headers headers() const {
    httplib::Headers h{{"Authorization", "Bearer " + token_}};
    if (!company_.empty()) h.emplace("X-KEEPNET-Company-Id", company_);
    return h;
  }
  httplib::Client cli_;
  std::string token_;
  std::string company_;
};

rapidjson::Document parse(const std::string& s) {
  rapidjson::Document d;
  d.Parse(s.c_str());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

std::set<std::string> keys(const rapidjson::Value& v) {
  std::set<std::string> out;
  for (const auto& m : v.GetObject()) out.insert(m.name.GetString());
  return out;
}

std::string userJson(const std::string& email) {
  return R"({"firstName":"Ada","lastName":"Lovelace","email":")" + email + R"(","phoneNumber":"+905551112233"})";
}

/// Minimal OpenAPI checker: property names (additionalProperties:false) and JSON types.
class SpecChecker {
 public:
  SpecChecker() {
    std::ifstream in(std::string(ONBOARD_SOURCE_DIR) + "/schemas/openapi-subset.json");
    std::stringstream ss;
    ss << in.rdbuf();
    spec_.Parse(ss.str().c_str());
    REQUIRE_FALSE(spec_.HasParseError());
  }
  /// Problems of body against the 200 schema of method+path (template form).
  std::vector<std::string> check(const std::string& method, const std::string& path, const std::string& body) {
    std::vector<std::string> problems;
    rapidjson::Document doc = parse(body);
    const auto& op = spec_["paths"][path.c_str()][method.c_str()];
    const auto& schema = op["responses"]["200"]["content"]["application/json"]["schema"];
    walk(schema, doc, "$", problems);
    return problems;
  }

 private:
  const rapidjson::Value& resolve(const rapidjson::Value& s) {
    if (s.HasMember("$ref")) {
      std::string ref = s["$ref"].GetString();
      std::string name = ref.substr(ref.rfind('/') + 1);
      return spec_["components"]["schemas"][name.c_str()];
    }
    return s;
  }
  void walk(const rapidjson::Value& schemaIn, const rapidjson::Value& v, const std::string& at,
            std::vector<std::string>& problems) {
    const auto& s = resolve(schemaIn);
    if (v.IsNull()) {
      if (!(s.HasMember("nullable") && s["nullable"].GetBool()) && !s.HasMember("properties") &&
          s.HasMember("type") && std::string(s["type"].GetString()) != "object")
        problems.push_back(at + ": null where not nullable");
      return;
    }
    std::string type = s.HasMember("type") ? s["type"].GetString() : (s.HasMember("properties") ? "object" : "");
    if (type == "object") {
      if (!v.IsObject()) return problems.push_back(at + ": not an object");
      if (s.HasMember("properties")) {
        for (const auto& m : v.GetObject()) {
          std::string k = m.name.GetString();
          if (!s["properties"].HasMember(k.c_str()))
            problems.push_back(at + "." + k + ": not in the schema");
          else
            walk(s["properties"][k.c_str()], m.value, at + "." + k, problems);
        }
      }
    } else if (type == "array") {
      if (!v.IsArray()) return problems.push_back(at + ": not an array");
      for (rapidjson::SizeType i = 0; i < v.Size(); ++i) walk(s["items"], v[i], at + "[]", problems);
    } else if (type == "string") {
      if (!v.IsString()) problems.push_back(at + ": not a string");
    } else if (type == "integer") {
      if (!v.IsInt()) problems.push_back(at + ": not an integer");
    } else if (type == "boolean") {
      if (!v.IsBool()) problems.push_back(at + ": not a boolean");
    }
  }
  rapidjson::Document spec_;
};

std::string tempPath(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("keepnet-sim-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

}  // namespace

TEST_SUITE("sim") {

TEST_CASE("sim: the token endpoint takes forms only and checks the secret") {
  SimProcess sim;
  httplib::Client cli(sim.host(), sim.port());
  auto json = cli.Post("/connect/token",
                       R"({"grant_type":"client_credentials","client_id":"demo-client","client_secret":"demo-secret","scope":"api1"})",
                       "application/json");
  REQUIRE(json);
  CHECK(json->status == 500);
  auto bad = cli.Post("/connect/token", "grant_type=client_credentials&client_id=demo-client&client_secret=nope&scope=api1",
                      "application/x-www-form-urlencoded");
  REQUIRE(bad);
  CHECK(bad->status == 401);
  auto ok = cli.Post("/connect/token", "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret&scope=api1",
                     "application/x-www-form-urlencoded");
  REQUIRE(ok);
  REQUIRE(ok->status == 200);
  auto d = parse(ok->body);
  CHECK(keys(d) == std::set<std::string>{"access_token", "expires_in", "token_type", "scope"});
  CHECK(std::string(d["token_type"].GetString()) == "Bearer");
  CHECK(d["expires_in"].GetInt() == 3600);
}

TEST_CASE("sim: missing, unknown and expired tokens get 401") {
  SimProcess sim({"--token-ttl", "0"});
  httplib::Client cli(sim.host(), sim.port());
  auto none = cli.Get("/api/codetypes");
  REQUIRE(none);
  CHECK(none->status == 401);
  auto unknown = cli.Get("/api/codetypes", {{"Authorization", "Bearer not-a-token"}});
  REQUIRE(unknown);
  CHECK(unknown->status == 401);
  Api api(sim);  // with --token-ttl 0 every token is born expired
  CHECK(api.get("/api/codetypes").status == 401);
}

TEST_CASE("sim: a company-admin client is scoped to its company and refused reseller endpoints") {
  SimProcess sim({"--client", "demo-client:demo-secret", "--client", "acme-admin:s3cret:company-admin"});
  Api admin(sim, "acme-admin", "s3cret");
  CHECK(admin.post("/api/companies/search", kSearchBody).status == 403);
  CHECK(admin.get("/api/company-groups").status == 403);
  CHECK(admin.form("POST", "/api/companies", admin.companyFields("Nope")).status == 403);
  Resp users = admin.post("/api/system-users/search", kSearchBody);
  CHECK(users.status == 200);
  CHECK(admin.post("/api/system-users", userJson("boss@acme.example")).status == 200);
  Resp mine = admin.get("/api/companies/my");
  REQUIRE(mine.status == 200);
  CHECK(std::string(mine.data()[0]["name"].GetString()) == "acme-admin Company");
  Api reseller(sim);
  admin.scope(reseller.createCompany("Other Co"));
  CHECK(admin.post("/api/system-users/search", kSearchBody).status == 403);
}

TEST_CASE("sim: X-KEEPNET-Company-Id naming a company the reseller does not manage is 403") {
  SimProcess sim({"--client", "r1:s1", "--client", "r2:s2:reseller"});
  Api r1(sim, "r1", "s1");
  Api r2(sim, "r2", "s2");
  const std::string theirs = r2.createCompany("R2 Customer");
  r1.scope(theirs);
  CHECK(r1.post("/api/target-users/search", kSearchBody).status == 403);
  CHECK(r1.get("/api/companies/" + theirs).status == 403);
  r1.scope("doesNotExist");
  CHECK(r1.get("/api/roles").status == 403);
  CHECK(r1.get("/api/companies/doesNotExist").status == 404);
  Resp r1Companies = r1.post("/api/companies/search", kSearchBody);
  CHECK(r1Companies.data()["totalNumberOfRecords"].GetInt() == 0);
}

TEST_CASE("sim: a user created without the company header lands in the reseller's own company") {
  SimProcess sim;
  Api api(sim);
  const std::string customer = api.createCompany("Customer A");
  REQUIRE(api.post("/api/system-users", userJson("lost@customer.example")).status == 200);
  api.scope(customer);
  CHECK(api.post("/api/system-users/search", kSearchBody).data()["totalNumberOfRecords"].GetInt() == 0);
  api.scope("");
  Resp own = api.post("/api/system-users/search", kSearchBody);
  REQUIRE(own.data()["totalNumberOfRecords"].GetInt() == 1);
  CHECK(std::string(own.data()["results"][0]["companyName"].GetString()) == "Demo Reseller");
  // The reseller's own company is not a customer: companies/search does not list it.
  Resp companies = api.post("/api/companies/search", kSearchBody);
  CHECK(companies.data()["totalNumberOfRecords"].GetInt() == 1);
}

TEST_CASE("sim: every envelope has exactly data, status, message and validationMessages") {
  SimProcess sim;
  Api api(sim);
  const std::set<std::string> envelope{"data", "status", "message", "validationMessages"};
  Resp ok = api.get("/api/codetypes");
  CHECK(keys(ok.json) == envelope);
  CHECK(std::string(ok.json["status"].GetString()) == "SUCCESS");
  Resp bad = api.post("/api/companies/search", "{}");
  CHECK(bad.status == 400);
  CHECK(keys(bad.json) == envelope);
  CHECK(std::string(bad.json["status"].GetString()) == "INPUT_ERROR");
  Resp missing = api.get("/api/companies/nope");
  CHECK(missing.status == 404);
  CHECK(keys(missing.json) == envelope);
  CHECK(std::string(missing.json["status"].GetString()) == "NOT_FOUND");
}

TEST_CASE("sim: responses validate against the spec's schemas") {
  SimProcess sim;
  Api api(sim);
  SpecChecker spec;
  const std::string company = api.createCompany("Spec Co", {{"Tags", "a"}, {"LicenseEndDate", "2030-01-01"}});
  api.scope(company);
  const std::string roleId = api.get("/api/roles").data()[0]["resourceId"].GetString();
  REQUIRE(api.post("/api/system-users", R"({"firstName":"A","lastName":"B","email":"a@spec.example","phoneNumber":"1","roleResourceIdList":[")" + roleId + R"("]})").status == 200);
  const std::string target = api.post("/api/target-users", R"({"email":"t@spec.example","phoneNumber":"+1"})").str("resourceId");
  const std::string targetGroup = api.post("/api/target-groups", R"({"name":"TG","priority":"High"})").str("resourceId");
  api.scope("");
  const std::string group = api.post("/api/company-groups", R"({"name":"G","companyResourceIdArray":[")" + company + R"("]})").str("resourceId");
  struct Case {
    const char* method;
    std::string path;
    const char* templ;
    std::string body;
    std::string scope;
  };
  const std::vector<Case> cases = {
      {"get", "/api/codetypes", "/api/codetypes", "", ""},
      {"get", "/api/lookups/11", "/api/lookups/{typeId}", "", ""},
      {"post", "/api/lookups", "/api/lookups", R"({"typeIdList":[14,31]})", ""},
      {"get", "/api/lookups/licenses", "/api/lookups/licenses", "", ""},
      {"get", "/api/lookups/country-timezones", "/api/lookups/country-timezones", "", ""},
      {"get", "/api/timezone/timezones", "/api/timezone/timezones", "", ""},
      {"get", "/api/companies/my", "/api/companies/my", "", ""},
      {"post", "/api/companies/search", "/api/companies/search", kSearchBody, ""},
      {"get", "/api/companies/" + company, "/api/companies/{resourceId}", "", ""},
      {"get", "/api/company-groups", "/api/company-groups", "", ""},
      {"get", "/api/company-groups/" + group, "/api/company-groups/{resourceId}", "", ""},
      {"post", "/api/company-groups/search", "/api/company-groups/search", kSearchBody, ""},
      {"post", "/api/company-groups/" + group + "/companies/search", "/api/company-groups/{resourceId}/companies/search", kSearchBody, ""},
      {"post", "/api/system-users/search", "/api/system-users/search", kSearchBody, company},
      {"post", "/api/target-users/search", "/api/target-users/search", kSearchBody, company},
      {"post", "/api/target-users/search-email", "/api/target-users/search-email", R"({"email":"t@spec.example","pageNumber":1,"pageSize":10})", company},
      {"get", "/api/target-users/" + target, "/api/target-users/{resourceId}", "", company},
      {"get", "/api/target-groups", "/api/target-groups", "", company},
      {"post", "/api/target-groups/search", "/api/target-groups/search", kSearchBody, company},
      {"get", "/api/roles", "/api/roles", "", company},
      {"get", "/api/target-groups/" + targetGroup, "/api/target-groups/{resourceId}", "", company},
      {"post", "/api/target-groups/" + targetGroup + "/users", "/api/target-groups/{resourceId}/users", kSearchBody, company},
      {"get", "/api/companies/" + company + "/license-check", "/api/companies/{resourceId}/license-check", "", ""},
      {"get", "/api/custom-fields/company", "/api/custom-fields/company", "", company},
  };
  for (const auto& c : cases) {
    api.scope(c.scope);
    Resp r = std::string(c.method) == "get" ? api.get(c.path) : api.post(c.path, c.body);
    CAPTURE(c.path);
    CHECK(r.status == 200);
    auto problems = spec.check(c.method, c.templ, r.body);
    CHECK_MESSAGE(problems.empty(), c.path << ": " << (problems.empty() ? "" : problems.front()));
  }
}

TEST_CASE("sim: searches refuse a null orderBy or a null filter") {
  SimProcess sim;
  Api api(sim);
  Resp nullOrder = api.post("/api/companies/search",
                            R"({"pageNumber":1,"pageSize":10,"orderBy":null,"ascending":true,"filter":{"Condition":"AND","SearchInputTextValue":""}})");
  CHECK(nullOrder.status == 400);
  CHECK(nullOrder.body.find("OrderBy") != std::string::npos);
  Resp nullFilter = api.post("/api/system-users/search", R"({"pageNumber":1,"pageSize":10,"orderBy":"CreateTime","ascending":true,"filter":null})");
  CHECK(nullFilter.status == 400);
  Resp zeroPage = api.post("/api/target-users/search", R"({"pageNumber":0,"pageSize":10,"orderBy":"CreateTime","ascending":true,"filter":{}})");
  CHECK(zeroPage.status == 400);
}

TEST_CASE("sim: pages are clamped to --max-page-size and ordered by creation") {
  SimProcess sim({"--max-page-size", "2"});
  sim.post("/_sim/seed", R"({"companies":[{"name":"C1"},{"name":"C2"},{"name":"C3"},{"name":"C4"},{"name":"C5"}]})");
  Api api(sim);
  Resp first = api.post("/api/companies/search", R"({"pageNumber":1,"pageSize":20,"orderBy":"CreateTime","ascending":true,"filter":{"Condition":"AND","SearchInputTextValue":""}})");
  REQUIRE(first.status == 200);
  CHECK(first.data()["pageSize"].GetInt() == 2);
  CHECK(first.data()["totalNumberOfRecords"].GetInt() == 5);
  CHECK(first.data()["totalNumberOfPages"].GetInt() == 3);
  CHECK(std::string(first.data()["results"][0]["companyName"].GetString()) == "C1");
  Resp last = api.post("/api/companies/search", R"({"pageNumber":3,"pageSize":20,"orderBy":"CreateTime","ascending":true,"filter":{"Condition":"AND","SearchInputTextValue":""}})");
  CHECK(last.data()["results"].Size() == 1);
  Resp desc = api.post("/api/companies/search", R"({"pageNumber":1,"pageSize":20,"orderBy":"CreateTime","ascending":false,"filter":{"Condition":"AND","SearchInputTextValue":"c"}})");
  CHECK(std::string(desc.data()["results"][0]["companyName"].GetString()) == "C5");
  Resp filtered = api.post("/api/companies/search", R"({"pageNumber":1,"pageSize":20,"orderBy":"CreateTime","ascending":true,"filter":{"condition":"AND","searchInputTextValue":"c3"}})");
  CHECK(filtered.data()["totalNumberOfRecords"].GetInt() == 1);
}

TEST_CASE("sim: company create is multipart and validates every field") {
  SimProcess sim;
  Api api(sim);
  Fields f = api.companyFields(std::string(65, 'x'));
  for (auto& [k, v] : f) {
    if (k == "NumberOfUsers") v = "99999999999";
    if (k == "IndustryResourceId") v = "unknownIndus";
  }
  f.push_back({"LicenseModuleResourceIdArray[]", "nope"});
  Resp bad = api.form("POST", "/api/companies", f);
  REQUIRE(bad.status == 400);
  std::vector<std::string> msgs;
  for (const auto& m : bad.json["validationMessages"].GetArray()) msgs.push_back(m.GetString());
  auto has = [&](const std::string& prefix) {
    return std::any_of(msgs.begin(), msgs.end(), [&](const std::string& m) { return m.rfind(prefix, 0) == 0; });
  };
  CHECK(has("Name: must be at most 64 characters"));
  CHECK(has("NumberOfUsers:"));
  CHECK(has("IndustryResourceId:"));
  CHECK(has("LicenseModuleResourceIdArray:"));
  CHECK(msgs.size() == 4);
  CHECK(api.post("/api/companies", R"({"Name":"Json Co"})").status == 415);

  const auto modules = api.get("/api/lookups/licenses");
  const std::string trialModule = modules.data()["licenses"][2]["licenseModules"][0]["resourceId"].GetString();
  const std::string id = api.createCompany("Good Co", {{"LicenseModuleResourceIdArray[0]", trialModule},
                                                       {"Description", "desc"}, {"IsNumberOfUsersLimited", "true"}});
  Resp got = api.get("/api/companies/" + id);
  REQUIRE(got.status == 200);
  CHECK(got.str("name") == "Good Co");
  CHECK(got.str("countryCode") == "TR");
  CHECK(got.str("industryName") == "Finance");
  CHECK(got.data()["numberOfUsers"].GetInt() == 250);
  CHECK(got.data()["licenseModules"][0].GetString() == trialModule);
  CHECK(got.data()["isNumberOfUsersLimited"].GetBool());
  Resp search = api.post("/api/companies/search", kSearchBody);
  CHECK(std::string(search.data()["results"][0]["numberOfUsers"].GetString()) == "250");
  CHECK(std::string(search.data()["results"][0]["companyResourceId"].GetString()) == id);
}

TEST_CASE("sim: company PUT replaces: optional fields not sent are cleared") {
  SimProcess sim;
  Api api(sim);
  const std::string group = [&] {
    return api.post("/api/company-groups", R"({"name":"EU"})").str("resourceId");
  }();
  const std::string id = api.createCompany(
      "Replace Me", {{"Description", "keep me?"}, {"Address", "Istanbul"}, {"Tags", "t1"}, {"CompanyGroupResourceIdArray", group}});
  Resp before = api.get("/api/companies/" + id);
  CHECK(before.str("description") == "keep me?");
  CHECK(before.data()["companyGroups"].Size() == 1);
  Fields f = api.companyFields("Replaced");
  Resp put = api.form("PUT", "/api/companies/" + id, f);
  REQUIRE_MESSAGE(put.status == 200, put.body);
  Resp after = api.get("/api/companies/" + id);
  CHECK(after.str("name") == "Replaced");
  CHECK(after.data()["description"].IsNull());
  CHECK(after.data()["address"].IsNull());
  CHECK(after.data()["tags"].Size() == 0);
  CHECK(after.data()["companyGroups"].Size() == 0);
  Fields missing = {{"Name", "Only a name"}};
  CHECK(api.form("PUT", "/api/companies/" + id, missing).status == 400);
  CHECK(api.form("PUT", "/api/companies/unknownId123", f).status == 404);
}

TEST_CASE("sim: duplicate company names are accepted") {
  SimProcess sim;
  Api api(sim);
  const std::string a = api.createCompany("Twin");
  const std::string b = api.createCompany("Twin");
  CHECK(a != b);
  CHECK(api.post("/api/companies/search", kSearchBody).data()["totalNumberOfRecords"].GetInt() == 2);
}

TEST_CASE("sim: duplicate user emails inside one company are refused") {
  SimProcess sim;
  Api api(sim);
  const std::string a = api.createCompany("A");
  const std::string b = api.createCompany("B");
  api.scope(a);
  CHECK(api.post("/api/system-users", userJson("dup@x.example")).status == 200);
  Resp dup = api.post("/api/system-users", userJson("DUP@x.example"));
  CHECK(dup.status == 400);
  CHECK(dup.body.find("email already exists") != std::string::npos);
  CHECK(api.post("/api/target-users", R"({"email":"t@x.example","phoneNumber":"1"})").status == 200);
  CHECK(api.post("/api/target-users", R"({"email":"T@X.example","phoneNumber":"1"})").status == 400);
  CHECK(api.post("/api/target-users", R"({"email":"not-an-email","phoneNumber":"1"})").status == 400);
  api.scope(b);
  CHECK(api.post("/api/system-users", userJson("dup@x.example")).status == 200);
}

TEST_CASE("sim: roles are per company and system-user search shows role names") {
  SimProcess sim;
  Api api(sim);
  const std::string a = api.createCompany("A");
  const std::string b = api.createCompany("B");
  api.scope(a);
  Resp rolesA = api.get("/api/roles");
  api.scope(b);
  Resp rolesB = api.get("/api/roles");
  REQUIRE(rolesA.data().Size() == 3);
  const std::string adminA = rolesA.data()[0]["resourceId"].GetString();
  CHECK(std::string(rolesA.data()[0]["name"].GetString()) == "Company Admin");
  CHECK(adminA != rolesB.data()[0]["resourceId"].GetString());
  const std::string body = R"({"firstName":"A","lastName":"B","email":"r@x.example","phoneNumber":"1","roleResourceIdList":[")" + adminA + R"("]})";
  CHECK(api.post("/api/system-users", body).status == 400);  // company B does not know A's role id
  api.scope(a);
  const std::string id = api.post("/api/system-users", body).str("resourceId");
  Resp found = api.post("/api/system-users/search", kSearchBody);
  CHECK(std::string(found.data()["results"][0]["roles"].GetString()) == "Company Admin");
  CHECK(api.put("/api/system-users/" + id, userJson("renamed@x.example")).status == 200);
  CHECK(api.del("/api/system-users/" + id).status == 200);
  CHECK(api.del("/api/system-users/" + id).status == 404);
}

TEST_CASE("sim: reference data has non-sequential code types and two Portuguese languages") {
  SimProcess sim;
  Api api(sim);
  Resp types = api.get("/api/codetypes");
  std::set<int> ids;
  for (const auto& t : types.data().GetArray()) ids.insert(t["id"].GetInt());
  CHECK(ids.count(11) == 1);
  CHECK(ids.count(1) == 0);
  Resp langs = api.get("/api/lookups/31");
  int portuguese = 0;
  for (const auto& l : langs.data().GetArray()) portuguese += std::string(l["name"].GetString()) == "Portuguese";
  CHECK(portuguese == 2);
  // Same seed, same ids.
  SimProcess again;
  Api api2(again);
  CHECK(api2.get("/api/lookups/31").body == langs.body);
}

TEST_CASE("sim: participants PUT adds idempotently and DELETE removes") {
  SimProcess sim;
  Api api(sim);
  const std::string a = api.createCompany("A");
  const std::string b = api.createCompany("B");
  const std::string g = api.post("/api/company-groups", R"({"name":"G"})").str("resourceId");
  const std::string add = R"({"companyResourceIdArray":[")" + a + R"("]})";
  CHECK(api.put("/api/company-groups/" + g + "/participants", add).status == 200);
  CHECK(api.put("/api/company-groups/" + g + "/participants", add).status == 200);
  CHECK(api.put("/api/company-groups/" + g + "/participants", R"({"companyResourceIdArray":[")" + b + R"("]})").status == 200);
  CHECK(api.get("/api/company-groups/" + g).data()["companyCount"].GetInt() == 2);
  CHECK(api.del("/api/company-groups/" + g + "/participants", add).status == 200);
  Resp members = api.post("/api/company-groups/" + g + "/companies/search", kSearchBody);
  REQUIRE(members.data()["totalNumberOfRecords"].GetInt() == 1);
  CHECK(std::string(members.data()["results"][0]["companyResourceId"].GetString()) == b);
}

TEST_CASE("sim: --state survives a kill -9 and a restart") {
  const std::string file = tempPath("state-restart.json");
  std::filesystem::remove(file);
  std::string id;
  {
    SimProcess sim({"--state", file});
    Api api(sim);
    id = api.createCompany("Durable");
    api.scope(id);
    REQUIRE(api.post("/api/target-users", R"({"email":"d@durable.example","phoneNumber":"1"})").status == 200);
    sim.kill();
  }
  SimProcess again({"--state", file});
  Api api(again);
  Resp got = api.get("/api/companies/" + id);
  REQUIRE(got.status == 200);
  CHECK(got.str("name") == "Durable");
  CHECK(got.data()["targetUserCount"].GetInt() == 1);
  const std::string next = api.createCompany("After restart");
  CHECK(next != id);
  std::filesystem::remove(file);
}

TEST_CASE("sim: /_sim/stats counts requests by path template and writes apart") {
  SimProcess sim;
  Api api(sim);
  const std::string id = api.createCompany("Counted");
  api.get("/api/companies/" + id);
  api.get("/api/companies/" + id);
  api.post("/api/companies/search", kSearchBody);
  auto stats = parse(sim.get("/_sim/stats"));
  CHECK(stats["requests"]["GET /api/companies/{resourceId}"].GetInt() == 2);
  CHECK(stats["writes"]["POST /api/companies"].GetInt() == 1);
  CHECK_FALSE(stats["writes"].HasMember("POST /api/companies/search"));
  CHECK(stats["total_writes"].GetInt() == 1);
  CHECK(stats["total"].GetInt() >= 5);
  sim.post("/_sim/reset", "");
  auto zero = parse(sim.get("/_sim/stats"));
  CHECK(zero["total"].GetInt() == 0);
  CHECK(parse(sim.get("/_sim/state"))["companies"].Size() == 1);  // only Demo Reseller
}

TEST_CASE("sim: over --rate-limit the answer is 429 with Retry-After") {
  SimProcess sim({"--rate-limit", "1"});
  Api api(sim);  // takes the only token of the bucket
  Resp r = api.get("/api/codetypes");
  CHECK(r.status == 429);
  CHECK(std::stoi(r.headers.find("Retry-After")->second) >= 1);
  CHECK(std::string(r.json["status"].GetString()) == "TOO_MANY_REQUESTS");
  CHECK(parse(sim.get("/_sim/stats"))["status_429"].GetInt() >= 1);
}

TEST_CASE("sim: injected 500 faults answer an error without applying") {
  SimProcess sim({"--fault-rate", "1", "--faults", "500"});
  Api api(sim);  // /connect/token is never faulted
  Resp r = api.form("POST", "/api/companies", {{"Name", "Never"}});  // lookups would be faulted too
  CHECK(r.status == 500);
  CHECK(std::string(r.json["status"].GetString()) == "INTERNAL_SERVER_ERROR");
  CHECK(parse(sim.get("/_sim/state"))["companies"].Size() == 1);
  CHECK(parse(sim.get("/_sim/stats"))["faults"].GetInt() >= 1);
}

TEST_CASE("sim: injected resets drop the connection without applying") {
  SimProcess sim({"--fault-rate", "1", "--faults", "reset"});
  Api api(sim);
  httplib::Client cli(sim.host(), sim.port());
  auto r = cli.Post("/api/company-groups", {{"Authorization", "Bearer " + api.token()}}, R"({"name":"Lost"})",
                    "application/json");
  CHECK_FALSE(r);
  CHECK(parse(sim.get("/_sim/state"))["companyGroups"].Size() == 0);
}

TEST_CASE("sim: commit-then-drop applies the write and answers nothing") {
  SimProcess sim({"--fault-rate", "1", "--faults", "commit-then-drop", "--fault-requests", "writes"});
  Api api(sim);
  httplib::Client cli(sim.host(), sim.port());
  httplib::Headers h{{"Authorization", "Bearer " + api.token()}};
  auto w = cli.Post("/api/company-groups", h, R"({"name":"Applied"})", "application/json");
  CHECK_FALSE(w);
  auto state = parse(sim.get("/_sim/state"));
  REQUIRE(state["companyGroups"].Size() == 1);
  CHECK(std::string(state["companyGroups"][0]["name"].GetString()) == "Applied");
  // --fault-requests writes: reads are left alone.
  auto read = cli.Get("/api/company-groups", h);
  REQUIRE(read);
  CHECK(read->status == 200);
}

TEST_CASE("sim: --fault-rate hits reads too: searches and GETs lose their answers") {
  SimProcess sim({"--fault-rate", "1", "--faults", "commit-then-drop"});
  Api api(sim);  // /connect/token is never faulted
  httplib::Client cli(sim.host(), sim.port());
  httplib::Headers h{{"Authorization", "Bearer " + api.token()}};
  CHECK_FALSE(cli.Get("/api/company-groups", h));
  CHECK_FALSE(cli.Post("/api/companies/search", h,
                       R"({"pageNumber":1,"pageSize":10,"orderBy":"CreateTime","ascending":true,"filter":{}})",
                       "application/json"));
  CHECK(parse(sim.get("/_sim/stats"))["faults"].GetInt() == 2);
}

TEST_CASE("sim: --fault-requests reads and --fault-company fault one company's reads only") {
  SimProcess sim({"--fault-rate", "1", "--faults", "500", "--fault-requests", "reads", "--fault-company", "Target000001"});
  sim.post("/_sim/seed", R"({"companies":[{"name":"Target","resourceId":"Target000001"},{"name":"Other","resourceId":"Other0000001"}]})");
  Api api(sim);
  CHECK(api.get("/api/companies/Target000001").status == 500);
  CHECK(api.get("/api/companies/Other0000001").status == 200);
  CHECK(api.get("/api/company-groups").status == 200);  // not scoped to the company
  httplib::Client cli(sim.host(), sim.port());
  const std::string search = R"({"pageNumber":1,"pageSize":10,"orderBy":"CreateTime","ascending":true,"filter":{}})";
  auto scoped = cli.Post("/api/target-users/search",
                         {{"Authorization", "Bearer " + api.token()}, {"X-KEEPNET-Company-Id", "Target000001"}}, search,
                         "application/json");
  REQUIRE(scoped);
  CHECK(scoped->status == 500);
  auto other = cli.Post("/api/target-users/search",
                        {{"Authorization", "Bearer " + api.token()}, {"X-KEEPNET-Company-Id", "Other0000001"}}, search,
                        "application/json");
  REQUIRE(other);
  CHECK(other->status == 200);
  // Writes are not faulted, even for that company.
  Resp put = api.form("PUT", "/api/companies/Target000001", {{"Name", "Target"}});
  CHECK(put.status != 500);
}

TEST_CASE("sim: /_sim/seed builds companies, users and groups directly") {
  SimProcess sim;
  auto out = parse(sim.post("/_sim/seed", R"({
    "companies": [
      {"name": "Seeded A", "industry": "Finance", "country": "DE", "licenseType": "Professional",
       "licenseModules": ["Phishing Simulator"], "licensePeriod": "Monthly", "language": "pt-BR",
       "numberOfUsers": 10, "isNumberOfUsersLimited": true, "tags": ["gold"],
       "systemUsers": [{"firstName": "S", "lastName": "U", "email": "su@a.example", "phoneNumber": "1", "roles": ["Company Admin"]}],
       "targetUsers": [{"email": "tu@a.example", "phoneNumber": "2"}], "generateTargetUsers": 12},
      {"name": "Seeded B"}
    ],
    "companyGroups": [{"name": "Seeded Group", "companies": ["Seeded A", "Seeded B"]}]
  })"));
  REQUIRE(out["companies"].Size() == 2);
  const std::string a = out["companies"][0]["resourceId"].GetString();
  Api api(sim);
  Resp got = api.get("/api/companies/" + a);
  CHECK(got.str("countryCode") == "DE");
  CHECK(got.str("licenseTypeName") == "Professional");
  CHECK(got.data()["targetUserCount"].GetInt() == 13);
  CHECK(got.data()["companyGroups"].Size() == 1);
  Resp search = api.post("/api/companies/search",
                         R"({"pageNumber":1,"pageSize":10,"orderBy":"CreateTime","ascending":true,"filter":{},"isTargetUserCountExceededLimit":true})");
  CHECK(search.data()["totalNumberOfRecords"].GetInt() == 1);
  CHECK(search.data()["limitExceededCompanyCount"].GetInt() == 1);
  api.scope(a);
  Resp users = api.post("/api/system-users/search", kSearchBody);
  CHECK(std::string(users.data()["results"][0]["roles"].GetString()) == "Company Admin");
  auto bad = parse(sim.post("/_sim/seed", R"({"companies":[{"name":"X","country":"Atlantis"}]})"));
  CHECK(bad.HasMember("error"));
}

TEST_CASE("sim: company delete removes the company and its users") {
  SimProcess sim;
  Api api(sim);
  const std::string id = api.createCompany("Doomed");
  api.scope(id);
  api.post("/api/target-users", R"({"email":"x@doomed.example","phoneNumber":"1"})");
  api.scope("");
  CHECK(api.del("/api/companies/" + id).status == 200);
  CHECK(api.get("/api/companies/" + id).status == 404);
  CHECK(parse(sim.get("/_sim/state"))["companies"].Size() == 1);
}

}  // TEST_SUITE
