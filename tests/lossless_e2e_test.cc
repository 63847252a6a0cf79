// Lossless updates, derived from the spec: for each object onboard updates (company, system
// user, target user), every optional field of the update (PUT) schema in
// schemas/openapi-subset.json is set through the API on keepnet-sim, `onboard apply` makes
// an unrelated change (the description, a last name, a department), and every one of those
// fields must still hold its value afterwards. The fields come from the spec itself, so a field
// the spec gains later is checked without anyone remembering to: if the test cannot make up a
// value for it or read it back, it fails and says which field.

#include <doctest/doctest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/e2e_helpers.h"
#include "tests/support/sim_api.h"

namespace onboard::test {
namespace {

using Value = rapidjson::Value;

std::string Norm(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  return out;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return Norm(haystack).find(Norm(needle)) != std::string::npos;
}

std::string Json(const Value& v) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  v.Accept(w);
  return std::string(sb.GetString(), sb.GetSize());
}

// One property of a request schema.
struct Field {
  std::string name;
  const Value* schema;           // resolved ($ref followed)
  const Value* items = nullptr;  // an array's item schema, resolved
};

// The spec, and the optional properties of a request body schema.
class Spec {
 public:
  Spec() {
    std::ifstream in(ONBOARD_SOURCE_DIR "/schemas/openapi-subset.json");
    std::stringstream text;
    text << in.rdbuf();
    doc_.Parse(text.str().c_str());
    REQUIRE_FALSE(doc_.HasParseError());
  }

  const Value& Resolve(const Value& schema) const {
    if (schema.IsObject() && schema.HasMember("$ref")) {
      std::string ref = schema["$ref"].GetString();
      ref = ref.substr(std::string("#/components/schemas/").size());
      return doc_["components"]["schemas"][ref.c_str()];
    }
    return schema;
  }

  // The optional properties of the request body of `method path` (first media type).
  std::vector<Field> Optional(const char* path, const char* method) const {
    const Value& content = doc_["paths"][path][method]["requestBody"]["content"];
    const Value& schema = Resolve(content.MemberBegin()->value["schema"]);
    std::set<std::string> required;
    if (schema.HasMember("required"))
      for (const auto& r : schema["required"].GetArray()) required.insert(r.GetString());
    std::vector<Field> out;
    for (const auto& p : schema["properties"].GetObject()) {
      std::string name = p.name.GetString();
      if (required.count(name)) continue;
      const Value& s = Resolve(p.value);
      if (s.HasMember("format") && std::string(s["format"].GetString()) == "binary") continue;  // an upload
      out.push_back({name, &s, s.HasMember("items") ? &Resolve(s["items"]) : nullptr});
    }
    return out;
  }

  std::vector<std::string> Required(const char* path, const char* method) const {
    const Value& content = doc_["paths"][path][method]["requestBody"]["content"];
    const Value& schema = Resolve(content.MemberBegin()->value["schema"]);
    std::vector<std::string> out;
    for (const auto& r : schema["required"].GetArray()) out.emplace_back(r.GetString());
    return out;
  }

 private:
  rapidjson::Document doc_;
};

// Where valid ids come from: the simulator's reference data and objects made for the test.
struct Sources {
  std::vector<std::pair<std::string, std::string>> code_types;  // (name, first lookup id of it)
  std::map<std::string, std::vector<std::string>> code_type_ids;
  std::vector<std::string> time_zones;
  std::vector<std::string> modules;       // of the company's license type
  std::string company_group;              // a company group made for the test
  std::string target_group;               // a target group of the company
  std::vector<std::string> roles;         // role ids of the company, not Company Admin
  std::string custom_field;               // a Text custom field of the company
};

// A value for one optional field, as JSON text; "" when the test has no way to make one.
// `current` is the live value (JSON text) when known: a made-up value must differ from it.
std::string MakeValue(const Field& f, const Sources& src, int* serial, const std::string& current) {
  const Value& s = *f.schema;
  const std::string type = s.HasMember("type") ? s["type"].GetString() : "";
  const std::string format = s.HasMember("format") ? s["format"].GetString() : "";
  const std::string n = Norm(f.name);
  auto quoted = [](const std::string& v) { return "\"" + v + "\""; };
  auto pick = [&](const std::vector<std::string>& ids) -> std::string {
    for (const auto& id : ids)
      if (quoted(id) != current) return id;
    return ids.empty() ? "" : ids.front();
  };
  auto id_for = [&](const std::string& name) -> std::string {
    if (Contains(name, "companygroup")) return src.company_group;
    if (Contains(name, "targetgroup")) return src.target_group;
    if (Contains(name, "licensemodule")) return pick(src.modules);
    if (Contains(name, "timezone")) return pick(src.time_zones);
    if (Contains(name, "role")) return pick(src.roles);
    // A lookup: the code type whose name the field's name holds (the longest such name).
    std::string best;
    for (const auto& [type_name, id] : src.code_types)
      if (Contains(name, type_name) && Norm(type_name).size() > Norm(best).size()) best = type_name;
    return best.empty() ? "" : pick(src.code_type_ids.at(best));
  };
  const bool id_like = n.size() > 2 && (n.ends_with("id") || n.ends_with("ids") || n.ends_with("idarray") ||
                                       n.ends_with("idlist"));
  if (type == "array") {
    const Value& items = *f.items;
    if (items.HasMember("properties") && items["properties"].HasMember("resourceId") && Contains(f.name, "customfield"))
      return R"([{"resourceId":")" + src.custom_field + R"(","value":"lossless-)" + f.name + R"("}])";
    if (id_like) {
      std::string id = id_for(f.name);
      return id.empty() ? "" : "[" + quoted(id) + "]";
    }
    if (items.HasMember("type") && std::string(items["type"].GetString()) == "string")
      return "[" + quoted("lossless-" + f.name) + "]";
    return "";
  }
  if (type == "boolean") return current == "true" ? "false" : "true";
  if (type == "integer") {
    if (Contains(f.name, "status")) return current == "2" ? "1" : "2";  // 1 active, 2 inactive
    return std::to_string(7 + (*serial)++);
  }
  if (type == "string") {
    if (format == "date-time") return quoted("2030-01-0" + std::to_string(1 + (*serial)++ % 9) + "T00:00:00Z");
    if (id_like) {
      std::string id = id_for(f.name);
      return id.empty() ? "" : quoted(id);
    }
    // The spec types priorities as bare strings; the platform's values are not in it.
    if (n == "priority") return quoted(current == "\"High\"" ? "Low" : "High");
    std::string v = "lossless-" + f.name;
    if (Contains(f.name, "email")) v = "lossless." + n + "@lossless.example";
    else if (Contains(f.name, "url")) v = "https://lossless.example/" + n;
    size_t max = s.HasMember("maxLength") ? s["maxLength"].GetUint() : 1000;
    return quoted(v.substr(0, max));
  }
  return "";
}

// The value a record holds for a request field, normalised for comparison; nullopt when the
// record has nothing that reads back as that field.
using ReadBack = std::function<std::optional<std::string>(const std::string& field)>;

// Normalises a JSON value for comparison: date-times to their first 19 characters, arrays to
// their sorted items.
std::string Canonical(const Value& v) {
  if (v.IsString()) {
    std::string s = v.GetString();
    if (s.size() >= 19 && s[4] == '-' && s[10] == 'T') return "\"" + s.substr(0, 19) + "\"";
    return "\"" + s + "\"";
  }
  if (v.IsArray()) {
    std::vector<std::string> items;
    for (const auto& i : v.GetArray()) items.push_back(Canonical(i));
    std::sort(items.begin(), items.end());
    std::string out = "[";
    for (const auto& i : items) out += (out.size() > 1 ? "," : "") + i;
    return out + "]";
  }
  return Json(v);
}

std::string Canonical(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  return Canonical(d);
}

// A member of `record` named like `field`, ignoring case.
const Value* MemberLike(const Value& record, const std::string& field) {
  for (const auto& m : record.GetObject())
    if (Norm(m.name.GetString()) == Norm(field)) return &m.value;
  return nullptr;
}

// Checks every set field reads back with the value set. `what` names the object in messages.
void CheckKept(const std::string& what, const std::map<std::string, std::string>& set, const ReadBack& read) {
  for (const auto& [field, value] : set) {
    std::optional<std::string> got = read(field);
    CHECK_MESSAGE(got.has_value(), what << ": the test cannot read " << field << " back: teach it where it shows");
    if (!got) continue;
    CHECK_MESSAGE(*got == Canonical(value), what << "." << field << " was " << Canonical(value) << ", now " << *got);
  }
}

std::string FindRow(const std::vector<std::string>& rows, const std::string& email, rapidjson::Document* out) {
  for (const auto& row : rows) {
    out->Parse(row.c_str());
    if (Norm((*out)["email"].GetString()) == Norm(email)) return row;
  }
  FAIL("no row for " << email);
  return {};
}

// The JSON body of the PUT at `path`: its required fields as `record` holds them, and a
// made-up value for every optional one but `managed` (also kept in *set, by field).
std::string JsonPutBody(const Spec& spec, const char* path, const Value& record, const std::string& managed,
                        const Sources& src, int* serial, std::map<std::string, std::string>* set, const char* what) {
  std::string json = "{";
  for (const std::string& r : spec.Required(path, "put")) {
    const Value* v = MemberLike(record, r);
    REQUIRE_MESSAGE((v && !v->IsNull()), "the " << what << " as read lacks the required " << r);
    json += (json.size() > 1 ? "," : "") + ("\"" + r + "\":" + Json(*v));
  }
  for (const Field& f : spec.Optional(path, "put")) {
    if (f.name == managed) continue;
    const Value* live = MemberLike(record, f.name);
    std::string value = MakeValue(f, src, serial, live ? Json(*live) : "");
    REQUIRE_MESSAGE(!value.empty(), "no way to make a value for " << what << " field " << f.name);
    (*set)[f.name] = value;
    json += ",\"" + f.name + "\":" + value;
  }
  return json + "}";
}

const char* kCompanyPut = "/api/companies/{resourceId}";
const char* kSystemUserPut = "/api/system-users/{resourceId}";
const char* kTargetUserPut = "/api/target-users/{resourceId}";

}  // namespace

TEST_CASE("lossless: every optional field of each PUT schema survives an unrelated apply") {
  const Spec spec;
  SimProcess sim;
  SimApi api(sim);
  rapidjson::Document seeded = ParseJson(sim.post("/_sim/seed", R"({"companies":[{"name":"Lossless Co",
      "systemUsers":[{"firstName":"Ada","lastName":"Admin","email":"ada@lossless.example","phoneNumber":"+905550000000","roles":["Company Admin"]}],
      "targetUsers":[{"email":"jane@lossless.example","phoneNumber":"+905551111111","department":"IT"}]}]})"));
  const std::string company = seeded["companies"][0]["resourceId"].GetString();

  // ---- where valid ids come from
  Sources src;
  const SimAnswer code_types = api.get("/api/codetypes");
  for (const auto& t : code_types.data().GetArray()) {
    std::vector<std::string> ids;
    const SimAnswer lookups = api.get("/api/lookups/" + std::to_string(t["id"].GetInt()));
    for (const auto& l : lookups.data().GetArray())
      ids.emplace_back(l["resourceId"].GetString());
    if (ids.empty()) continue;
    src.code_types.emplace_back(t["name"].GetString(), ids.front());
    src.code_type_ids[t["name"].GetString()] = ids;
  }
  const SimAnswer zones = api.get("/api/timezone/timezones");
  for (const auto& z : zones.data()["timeZoneList"].GetArray())
    src.time_zones.emplace_back(z["id"].GetString());
  SimAnswer live_company = api.get("/api/companies/" + company);
  const std::string license = live_company.data()["licenseTypeResourceId"].GetString();
  const SimAnswer licenses = api.get("/api/lookups/licenses");
  for (const auto& l : licenses.data()["licenses"].GetArray())
    if (license == l["resourceId"].GetString())
      for (const auto& m : l["licenseModules"].GetArray()) src.modules.emplace_back(m["resourceId"].GetString());
  src.company_group = api.post("/api/company-groups", R"({"name":"Lossless Group"})").data()["resourceId"].GetString();
  api.scope(company);
  src.target_group = api.post("/api/target-groups", R"({"name":"Lossless Targets","priority":"High"})").data()["resourceId"].GetString();
  const SimAnswer roles = api.get("/api/roles");
  for (const auto& r : roles.data().GetArray())
    if (std::string(r["name"].GetString()) != "Company Admin") src.roles.emplace_back(r["resourceId"].GetString());
  const SimAnswer custom_fields = api.get("/api/custom-fields/company");
  for (const auto& f : custom_fields.data().GetArray())
    if (std::string(f["fieldDataType"].GetString()) == "Text") src.custom_field = f["resourceId"].GetString();
  int serial = 0;

  // ---- the company: every optional PUT field but the one the manifest changes
  std::map<std::string, std::string> company_set;
  {
    FormFields form;
    for (const std::string& r : spec.Required(kCompanyPut, "put")) {
      const Value* v = MemberLike(live_company.data(), r);
      REQUIRE_MESSAGE((v && !v->IsNull()), "the company GET lacks required " << r);
      form.push_back({r, v->IsString() ? v->GetString() : Json(*v)});
    }
    for (const Field& f : spec.Optional(kCompanyPut, "put")) {
      if (f.name == "Description") continue;  // managed: the manifest changes it
      const Value* live = MemberLike(live_company.data(), f.name);
      std::string value = MakeValue(f, src, &serial, live ? Json(*live) : "");
      REQUIRE_MESSAGE(!value.empty(), "no way to make a value for company field " << f.name);
      company_set[f.name] = value;
      rapidjson::Document v;
      v.Parse(value.c_str());
      if (v.IsArray()) {
        for (const auto& item : v.GetArray()) form.push_back({f.name, item.GetString()});
      } else {
        form.push_back({f.name, v.IsString() ? v.GetString() : Json(v)});
      }
    }
    api.scope("");
    SimAnswer put = api.form("PUT", "/api/companies/" + company, form);
    REQUIRE_MESSAGE(put.status == 200, put.body);
  }
  auto company_read = [&](const rapidjson::Document& got) -> ReadBack {
    return [&got](const std::string& field) -> std::optional<std::string> {
      const Value& d = got["data"];
      if (Contains(field, "companygroup")) {
        std::vector<std::string> ids;
        for (const auto& g : d["companyGroups"].GetArray()) ids.push_back("\"" + std::string(g["resourceId"].GetString()) + "\"");
        std::sort(ids.begin(), ids.end());
        std::string out = "[";
        for (const auto& i : ids) out += (out.size() > 1 ? "," : "") + i;
        return out + "]";
      }
      if (Contains(field, "licensemodule")) return Canonical(d["licenseModules"]);
      const Value* v = MemberLike(d, field);
      if (!v) return std::nullopt;
      return Canonical(*v);
    };
  };
  {
    rapidjson::Document before = ParseJson(api.get("/api/companies/" + company).body);
    CheckKept("company (as set)", company_set, company_read(before));  // the simulator stores them all
  }

  // ---- the system user
  api.scope(company);
  std::map<std::string, std::string> admin_set;
  std::string admin_id;
  {
    rapidjson::Document row;
    FindRow(api.searchAll("/api/system-users/search"), "ada@lossless.example", &row);
    admin_id = row["resourceId"].GetString();
    const std::string json = JsonPutBody(spec, kSystemUserPut, row, "", src, &serial, &admin_set, "system user");
    SimAnswer put = api.put("/api/system-users/" + admin_id, json);
    REQUIRE_MESSAGE(put.status == 200, put.body);
  }
  std::map<std::string, std::string> role_names;
  const SimAnswer all_roles = api.get("/api/roles");
  for (const auto& r : all_roles.data().GetArray()) role_names[r["resourceId"].GetString()] = r["name"].GetString();
  auto admin_read = [&](const rapidjson::Document& row) -> ReadBack {
    return [&row, &role_names](const std::string& field) -> std::optional<std::string> {
      if (Contains(field, "role")) {
        // The row shows role names joined by commas: read back as the ids they name.
        std::string names = row["roles"].IsString() ? row["roles"].GetString() : "";
        std::vector<std::string> ids;
        for (const auto& [id, name] : role_names)
          if (("," + names + ",").find(name) != std::string::npos) ids.push_back("\"" + id + "\"");
        std::sort(ids.begin(), ids.end());
        std::string out = "[";
        for (const auto& i : ids) out += (out.size() > 1 ? "," : "") + i;
        return out + "]";
      }
      const Value* v = MemberLike(row, field);
      if (!v) return std::nullopt;
      return Canonical(*v);
    };
  };
  {
    rapidjson::Document row;
    FindRow(api.searchAll("/api/system-users/search"), "ada@lossless.example", &row);
    CheckKept("admin (as set)", admin_set, admin_read(row));
  }

  // ---- the target user
  std::map<std::string, std::string> user_set;
  std::string user_id;
  {
    rapidjson::Document row;
    FindRow(api.searchAll("/api/target-users/search"), "jane@lossless.example", &row);
    user_id = row["resourceId"].GetString();
    SimAnswer live = api.get("/api/target-users/" + user_id);
    // The department is managed: the manifest changes it.
    const std::string json =
        JsonPutBody(spec, kTargetUserPut, live.data(), "department", src, &serial, &user_set, "target user");
    SimAnswer put = api.put("/api/target-users/" + user_id, json);
    REQUIRE_MESSAGE(put.status == 200, put.body);
  }
  auto user_read = [&](const rapidjson::Document& got) -> ReadBack {
    return [&got, &api, &src, &user_id](const std::string& field) -> std::optional<std::string> {
      const Value& d = got["data"];
      if (Contains(field, "customfield")) {
        // customFields go in, customFieldValues come out: compare what was set.
        const Value* values = MemberLike(d, "customFieldValues");
        if (!values || !values->IsArray()) return std::nullopt;
        std::string out = "[";
        for (const auto& v : values->GetArray())
          out += std::string(out.size() > 1 ? "," : "") + R"({"resourceId":")" + v["resourceId"].GetString() +
                 R"(","value":")" + (v["value"].IsString() ? v["value"].GetString() : "") + "\"}";
        return Canonical(out + "]");
      }
      if (Contains(field, "targetgroup")) {
        // Memberships are not on the user: they are the groups' member lists.
        std::string out = "[";
        for (const auto& row : api.searchAll("/api/target-groups/" + src.target_group + "/users"))
          if (ParseJson(row)["resourceId"].GetString() == user_id) out += "\"" + src.target_group + "\"";
        return out + "]";
      }
      const Value* v = MemberLike(d, field);
      if (!v) return std::nullopt;
      return Canonical(*v);
    };
  };
  {
    rapidjson::Document got = ParseJson(api.get("/api/target-users/" + user_id).body);
    CheckKept("target user (as set)", user_set, user_read(got));
  }

  // ---- an unrelated change through onboard
  TempDir dir;
  WriteTextFile(dir / "lossless.yaml", R"(apiVersion: onboard/v1
kind: Customer
metadata: {name: lossless}
spec:
  company: {name: Lossless Co, description: Changed by onboard}
  admins:
    - {email: ada@lossless.example, firstName: Ada, lastName: Changed, phone: "+905550000000"}
  targetUsers:
    - {email: jane@lossless.example, department: Changed Dept}
)");
  rapidjson::Document before = SimStats(sim);
  testing::ProcessResult applied = RunOnboard(sim, {"apply", dir.path(), "--auto-approve"});
  REQUIRE_MESSAGE(applied.exit_code == 0, applied.out << applied.err);
  rapidjson::Document after = SimStats(sim);
  auto sent = [&](const char* key) { return RequestCount(after, key) - RequestCount(before, key); };
  CHECK(sent("PUT /api/companies/{resourceId}") == 1);
  CHECK(sent("PUT /api/system-users/{resourceId}") == 1);
  CHECK(sent("PUT /api/target-users/{resourceId}") == 1);
  // The user's memberships were read from its company's one group, once.
  CHECK(sent("GET /api/target-groups") == 1);
  CHECK(sent("POST /api/target-groups/{resourceId}/users") == 1);

  // ---- the change landed, and everything else survived it
  api.scope("");
  rapidjson::Document company_after = ParseJson(api.get("/api/companies/" + company).body);
  CHECK(std::string(company_after["data"]["description"].GetString()) == "Changed by onboard");
  CheckKept("company", company_set, company_read(company_after));

  api.scope(company);
  rapidjson::Document admin_after;
  FindRow(api.searchAll("/api/system-users/search"), "ada@lossless.example", &admin_after);
  CHECK(std::string(admin_after["lastName"].GetString()) == "Changed");
  CheckKept("admin", admin_set, admin_read(admin_after));

  rapidjson::Document user_after = ParseJson(api.get("/api/target-users/" + user_id).body);
  CHECK(std::string(user_after["data"]["department"].GetString()) == "Changed Dept");
  CheckKept("target user", user_set, user_read(user_after));

  // And a second plan has nothing left to do, and reads no memberships: nothing needs them.
  rapidjson::Document converged_before = SimStats(sim);
  CheckConverged(sim, {dir.path()});
  rapidjson::Document converged_after = SimStats(sim);
  CHECK(RequestCount(converged_after, "GET /api/target-groups") == RequestCount(converged_before, "GET /api/target-groups"));
  CHECK(RequestCount(converged_after, "POST /api/target-groups/{resourceId}/users") ==
        RequestCount(converged_before, "POST /api/target-groups/{resourceId}/users"));
}

}  // namespace onboard::test
