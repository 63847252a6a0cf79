#include "engine/api/wire_json.h"
#include "engine/api/spec_fields.h"
#include "engine/text/strings.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace onboard {

namespace {

using Value = rapidjson::Value;
using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// Real answers have been seen with PascalCase keys: try the spec's camelCase name first,
// then the same name with its first letter upper-cased.
const Value* Member(const Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  if (it != obj.MemberEnd() && !it->value.IsNull()) return &it->value;
  std::string pascal = key;
  if (!pascal.empty()) pascal[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(pascal[0])));
  it = obj.FindMember(pascal.c_str());
  if (it != obj.MemberEnd() && !it->value.IsNull()) return &it->value;
  return nullptr;
}

std::string NumberText(const Value& v) {
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  if (v.IsDouble()) {
    double d = v.GetDouble();
    if (d == static_cast<double>(static_cast<long long>(d))) return std::to_string(static_cast<long long>(d));
    return std::to_string(d);
  }
  return "";
}

// A string field; numbers and bools are rendered as text, null and absent give "".
std::string Str(const Value& obj, const char* key) {
  const Value* v = Member(obj, key);
  if (!v) return "";
  if (v->IsString()) return std::string(v->GetString(), v->GetStringLength());
  if (v->IsNumber()) return NumberText(*v);
  if (v->IsBool()) return v->GetBool() ? "true" : "false";
  return "";
}

std::optional<long long> Int(const Value& obj, const char* key) {
  const Value* v = Member(obj, key);
  if (!v) return std::nullopt;
  if (v->IsInt64()) return v->GetInt64();
  if (v->IsNumber()) return static_cast<long long>(v->GetDouble());
  if (v->IsString()) {
    std::string s(v->GetString(), v->GetStringLength());
    char* end = nullptr;
    long long n = std::strtoll(s.c_str(), &end, 10);
    if (!s.empty() && end && *end == '\0') return n;
  }
  return std::nullopt;
}

std::optional<bool> Bool(const Value& obj, const char* key) {
  const Value* v = Member(obj, key);
  if (!v) return std::nullopt;
  if (v->IsBool()) return v->GetBool();
  if (v->IsString()) {
    const std::string s = ToLowerAscii(std::string_view(v->GetString(), v->GetStringLength()));
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return std::nullopt;
}

std::vector<std::string> StrArray(const Value& obj, const char* key) {
  std::vector<std::string> out;
  const Value* v = Member(obj, key);
  if (!v || !v->IsArray()) return out;
  for (const auto& item : v->GetArray()) {
    if (item.IsString()) out.emplace_back(item.GetString(), item.GetStringLength());
    else if (item.IsNumber()) out.push_back(NumberText(item));
  }
  return out;
}

// The JSON text of a value.
std::string RawJson(const Value& v) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  v.Accept(w);
  return std::string(sb.GetString(), sb.GetSize());
}

bool IsOneOf(const std::string& name, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (EqualsIgnoreCase(name, n)) return true;
  return false;
}

// A read member's name in the request schema `fields`: the same name ignoring case (logoUrl
// -> LogoUrl), or its rename; nullptr when the request has no such field.
const std::string* RequestName(const SpecFields& fields, const std::string& read_name,
                               std::initializer_list<std::pair<const char*, const char*>> renames) {
  for (const auto& [from, to] : renames)
    if (EqualsIgnoreCase(read_name, from)) return FindSpecField(fields, to);
  return FindSpecField(fields, read_name);
}

// The members of a JSON record that the update schema `fields` also has and that onboard does
// not manage (`managed`, in request spelling), as (request name, JSON text): what an update
// must send back so that the PUT, which replaces the object, keeps them. Nulls are left out.
PassthroughFields JsonPassthrough(
    const Value& record, const SpecFields& fields, std::initializer_list<const char*> managed,
    std::initializer_list<std::pair<const char*, const char*>> renames = {}) {
  PassthroughFields out;
  for (const auto& m : record.GetObject()) {
    if (m.value.IsNull()) continue;
    const std::string* name = RequestName(fields, std::string(m.name.GetString(), m.name.GetStringLength()), renames);
    if (!name || IsOneOf(*name, managed)) continue;
    out.emplace_back(*name, RawJson(m.value));
  }
  return out;
}

bool Parse(const std::string& body, rapidjson::Document* doc, std::string* error) {
  doc->Parse(body.c_str(), body.size());
  if (doc->HasParseError()) {
    *error = "the answer is not JSON (" + std::to_string(body.size()) + " bytes)";
    return false;
  }
  return true;
}

// The envelope's `data`, which must be of the expected JSON type.
const Value* Data(const std::string& body, rapidjson::Document* doc, bool want_array, std::string* error) {
  if (!Parse(body, doc, error)) return nullptr;
  if (!doc->IsObject()) {
    *error = "the answer is not an envelope object";
    return nullptr;
  }
  const Value* data = Member(*doc, "data");
  if (!data) {
    *error = "the envelope has no data";
    return nullptr;
  }
  if (want_array ? !data->IsArray() : !data->IsObject()) {
    *error = std::string("the envelope's data is not ") + (want_array ? "a list" : "an object");
    return nullptr;
  }
  return data;
}

// Appends row(item) for each object of `items`, and, when `children` names a member, the
// items nested under it too (depth first), so a tree of results reads as one flat list.
template <class T, class Fn>
bool AppendRows(const Value& items, const char* children, std::vector<T>* out, std::string* error, Fn& row) {
  for (const auto& item : items.GetArray()) {
    if (!item.IsObject()) {
      *error = "a result is not an object";
      return false;
    }
    out->push_back(row(item));
    const Value* nested = children ? Member(item, children) : nullptr;
    if (nested && nested->IsArray() && !AppendRows(*nested, children, out, error, row)) return false;
  }
  return true;
}

template <class T, class Fn>
bool DecodePage(const std::string& body, Page<T>* out, std::string* error, Fn row,
                const char* children = nullptr) {
  rapidjson::Document doc;
  const Value* data = Data(body, &doc, false, error);
  if (!data) return false;
  *out = Page<T>{};
  out->page_number = static_cast<int>(Int(*data, "pageNumber").value_or(1));
  out->page_size = static_cast<int>(Int(*data, "pageSize").value_or(0));
  out->total_pages = static_cast<int>(Int(*data, "totalNumberOfPages").value_or(0));
  out->total_records = static_cast<int>(Int(*data, "totalNumberOfRecords").value_or(0));
  const Value* results = Member(*data, "results");
  if (results && !results->IsArray()) {
    *error = "the page's results are not a list";
    return false;
  }
  return !results || AppendRows(*results, children, &out->results, error, row);
}

template <class T, class Fn>
bool DecodeList(const std::string& body, std::vector<T>* out, std::string* error, Fn row) {
  rapidjson::Document doc;
  const Value* data = Data(body, &doc, true, error);
  if (!data) return false;
  out->clear();
  for (const auto& item : data->GetArray()) {
    if (!item.IsObject()) {
      *error = "a list item is not an object";
      return false;
    }
    out->push_back(row(item));
  }
  return true;
}

CompanySummary CompanySummaryFrom(const Value& v) {
  CompanySummary c;
  c.id = Str(v, "companyResourceId");
  c.name = Str(v, "companyName");
  c.license_end = Str(v, "licenseEndDate");
  c.number_of_users = Str(v, "numberOfUsers");
  c.target_user_count = static_cast<int>(Int(v, "targetUserCount").value_or(0));
  c.create_time = Str(v, "createTime");
  return c;
}

std::string ToString(const rapidjson::StringBuffer& sb) { return std::string(sb.GetString(), sb.GetSize()); }

void Key(Writer& w, const char* key) { w.Key(key); }
void KV(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}
void StringArray(Writer& w, const std::vector<std::string>& items) {
  w.StartArray();
  for (const auto& s : items) w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  w.EndArray();
}

// RFC 3339 date-time, as the spec's `format: date-time` requires: a bare date gets midnight,
// a date-time without an offset gets Z. Anything else is sent as given.
std::string WireDateTime(const std::string& value) {
  auto digits = [&](size_t from, size_t n) {
    if (value.size() < from + n) return false;
    for (size_t i = from; i < from + n; ++i)
      if (!std::isdigit(static_cast<unsigned char>(value[i]))) return false;
    return true;
  };
  const bool date = digits(0, 4) && value.size() >= 10 && value[4] == '-' && digits(5, 2) && value[7] == '-' && digits(8, 2);
  if (!date) return value;
  if (value.size() == 10) return value + "T00:00:00Z";
  if (value[10] != 'T' && value[10] != 't') return value;
  const std::string time = value.substr(11);
  const bool has_offset = !time.empty() && (time.back() == 'Z' || time.back() == 'z' ||
                                            time.find_first_of("+-") != std::string::npos);
  return has_offset ? value : value + "Z";
}

}  // namespace

bool Envelope::reports_failure() const {
  if (is_success.has_value() && !*is_success) return true;
  return IsErrorStatus(status);
}

bool IsErrorStatus(const std::string& status) {
  const std::string s = ToUpperAscii(Trim(status));
  if (s.empty()) return false;
  for (const char* word : {"ERROR", "FAIL", "INVALID", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "NOTFOUND",
                           "DENIED", "CONFLICT", "BAD_REQUEST", "EXCEPTION"}) {
    if (s.find(word) != std::string::npos) return true;
  }
  return false;
}

bool EnvelopeSucceeded(int http_status, const Envelope& envelope) {
  return http_status >= 200 && http_status < 300 && !envelope.reports_failure();
}

Envelope ReadEnvelope(const std::string& body) {
  Envelope env;
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return env;
  env.is_json_object = true;
  env.is_success = Bool(doc, "isSuccess");
  // Problem details carry a numeric status (the HTTP one): only a string is the API's.
  if (const Value* status = Member(doc, "status"); status && status->IsString()) env.status = status->GetString();
  env.message = Str(doc, "message");
  env.validation_messages = StrArray(doc, "validationMessages");
  // Other error shapes say as much: OAuth ({"error", "error_description"}), RFC 7807 problem
  // details as ASP.NET sends them ({"title", "detail", "errors": {field: [...]}}), and a
  // validating proxy's {"validation": [{"message"}]}.
  if (env.message.empty()) env.message = Str(doc, "error_description");
  if (env.message.empty()) env.message = Str(doc, "error");
  if (env.message.empty()) env.message = Str(doc, "detail");
  if (env.message.empty()) env.message = Str(doc, "title");
  if (const Value* errors = Member(doc, "errors"); errors && errors->IsObject()) {
    for (const auto& field : errors->GetObject()) {
      const std::string name(field.name.GetString(), field.name.GetStringLength());
      if (field.value.IsArray()) {
        for (const auto& m : field.value.GetArray())
          if (m.IsString()) env.validation_messages.push_back(name + ": " + m.GetString());
      } else if (field.value.IsString()) {
        env.validation_messages.push_back(name + ": " + field.value.GetString());
      }
    }
  }
  if (const Value* validation = Member(doc, "validation"); validation && validation->IsArray()) {
    for (const auto& v : validation->GetArray()) {
      const std::string m = Str(v, "message");
      if (!m.empty()) env.validation_messages.push_back(m);
    }
  }
  if (const Value* messages = Member(doc, "messages")) {
    if (messages->IsString() && env.message.empty()) env.message = messages->GetString();
    for (auto& m : StrArray(doc, "messages")) env.validation_messages.push_back(std::move(m));
  }
  return env;
}

bool DecodeToken(const std::string& body, std::string* access_token, int* expires_in, std::string* error) {
  rapidjson::Document doc;
  if (!Parse(body, &doc, error)) return false;
  if (!doc.IsObject()) {
    *error = "the token answer is not an object";
    return false;
  }
  // Some identity servers wrap the token in an envelope's data; accept both.
  const Value* obj = &doc;
  if (!Member(doc, "access_token")) {
    if (const Value* data = Member(doc, "data"); data && data->IsObject()) obj = data;
  }
  *access_token = Str(*obj, "access_token");
  if (access_token->empty()) {
    *error = "the token answer has no access_token";
    return false;
  }
  *expires_in = static_cast<int>(Int(*obj, "expires_in").value_or(3600));
  return true;
}

bool DecodeIdResult(const std::string& body, std::string* id, std::string* error) {
  rapidjson::Document doc;
  const Value* data = Data(body, &doc, false, error);
  if (!data) return false;
  *id = Str(*data, "resourceId");
  if (id->empty()) {
    *error = "the answer has no data.resourceId";
    return false;
  }
  return true;
}

bool DecodeCompanyPage(const std::string& body, Page<CompanySummary>* out, std::string* error) {
  // Companies of sub-resellers come nested under `children`: they are the reseller's too.
  return DecodePage(body, out, error, CompanySummaryFrom, "children");
}

bool DecodeCompany(const std::string& body, CompanyRecord* out, std::string* error) {
  rapidjson::Document doc;
  const Value* data = Data(body, &doc, false, error);
  if (!data) return false;
  const Value& v = *data;
  CompanyRecord c;
  c.id = Str(v, "resourceId");
  if (c.id.empty()) c.id = Str(v, "companyResourceId");
  c.name = Str(v, "name");
  c.description = Str(v, "description");
  c.industry_id = Str(v, "industryResourceId");
  c.country_id = Str(v, "countryResourceId");
  c.address = Str(v, "address");
  c.website_url = Str(v, "websiteUrl");
  c.license_type_id = Str(v, "licenseTypeResourceId");
  c.license_period_id = Str(v, "licensePeriodTypeResourceId");
  c.license_module_ids = StrArray(v, "licenseModules");
  c.license_start = Str(v, "licenseStartDate");
  c.license_end = Str(v, "licenseEndDate");
  c.users_limited = Bool(v, "isNumberOfUsersLimited").value_or(false);
  c.number_of_users = static_cast<int>(Int(v, "numberOfUsers").value_or(0));
  c.preferred_language_id = Str(v, "preferredLanguageTypeResourceId");
  c.time_zone_id = Str(v, "timeZoneId");
  c.date_format = Str(v, "dateFormat");
  c.time_format = Str(v, "timeFormat");
  c.tags = StrArray(v, "tags");
  if (const Value* groups = Member(v, "companyGroups"); groups && groups->IsArray()) {
    for (const auto& g : groups->GetArray()) {
      if (g.IsObject()) c.group_ids.push_back(Str(g, "resourceId"));
      else if (g.IsString()) c.group_ids.emplace_back(g.GetString(), g.GetStringLength());
    }
  }
  if (auto status = Int(v, "statusId")) c.status_id = static_cast<int>(*status);
  // Every other field the PUT form has, kept under its form name: the PUT replaces the
  // company, and a field the PUT lacks (baseManHourCost, names, counts) is never sent.
  for (const auto& m : v.GetObject()) {
    const std::string* form = FindSpecField(CompanyUpdateFields(), std::string(m.name.GetString(), m.name.GetStringLength()));
    // The form fields CompanyRecord holds as members (the encoder writes those).
    if (!form || IsOneOf(*form, {"File", "Name", "Description", "IndustryResourceId", "CountryResourceId", "Address",
                                 "WebsiteUrl", "LicenseTypeResourceId", "LicenseModuleResourceIdArray",
                                 "LicensePeriodTypeResourceId", "LicenseStartDate", "LicenseEndDate",
                                 "IsNumberOfUsersLimited", "NumberOfUsers", "PreferredLanguageTypeResourceId",
                                 "CompanyGroupResourceIdArray", "StatusId", "TimeZoneId", "DateFormat", "TimeFormat",
                                 "Tags"}))
      continue;
    auto text = [](const Value& x) -> std::optional<std::string> {
      if (x.IsString()) return std::string(x.GetString(), x.GetStringLength());
      if (x.IsBool()) return std::string(x.GetBool() ? "true" : "false");
      if (x.IsNumber()) return NumberText(x);
      return std::nullopt;  // null, or an object a form cannot carry
    };
    if (m.value.IsArray()) {
      for (const auto& item : m.value.GetArray())
        if (auto t = text(item)) c.passthrough.emplace_back(*form, *t);
    } else if (auto t = text(m.value)) {
      c.passthrough.emplace_back(*form, *t);
    }
  }
  *out = std::move(c);
  return true;
}

bool DecodeGroups(const std::string& body, std::vector<GroupRecord>* out, std::string* error) {
  return DecodeList(body, out, error, [](const Value& v) {
    return GroupRecord{Str(v, "resourceId"), Str(v, "name"), static_cast<int>(Int(v, "companyCount").value_or(0)),
                       Str(v, "addedTime")};
  });
}

// The request fields SystemUserRecord and TargetUserRecord hold as members.
constexpr std::initializer_list<const char*> kSystemUserManaged = {
    "firstName", "lastName", "email", "phoneNumber", "statusId", "roleResourceIdList", "companyResourceId"};
constexpr std::initializer_list<const char*> kTargetUserManaged = {
    "email", "phoneNumber", "firstName", "lastName", "department", "priority", "isActive", "timeZoneId",
    "preferredLanguageId", "managerFirstName", "managerLastName", "managerEmail", "targetGroupResourceIds"};
// The record spells some fields differently from the request.
constexpr std::initializer_list<std::pair<const char*, const char*>> kTargetUserRenames = {
    {"customFieldValues", "customFields"}};

bool DecodeSystemUserPage(const std::string& body, Page<SystemUserRecord>* out, std::string* error) {
  return DecodePage(body, out, error, [](const Value& v) {
    SystemUserRecord u;
    u.id = Str(v, "resourceId");
    u.email = Str(v, "email");
    u.first_name = Str(v, "firstName");
    u.last_name = Str(v, "lastName");
    u.phone = Str(v, "phoneNumber");
    if (const Value* roles = Member(v, "roles"); roles && roles->IsArray()) {
      u.role_names = StrArray(v, "roles");
    } else {
      const std::string joined = Str(v, "roles");
      size_t start = 0;
      while (start <= joined.size()) {
        size_t comma = joined.find(',', start);
        if (comma == std::string::npos) comma = joined.size();
        std::string name = Trim(joined.substr(start, comma - start));
        if (!name.empty()) u.role_names.push_back(std::move(name));
        start = comma + 1;
      }
    }
    if (auto status = Int(v, "statusId")) u.status_id = static_cast<int>(*status);
    u.passthrough = JsonPassthrough(v, SystemUserUpdateFields(), kSystemUserManaged);
    return u;
  });
}

bool DecodeRoles(const std::string& body, std::vector<RoleRecord>* out, std::string* error) {
  return DecodeList(body, out, error, [](const Value& v) { return RoleRecord{Str(v, "resourceId"), Str(v, "name")}; });
}

bool DecodeTargetUserPage(const std::string& body, Page<TargetUserRecord>* out, std::string* error) {
  return DecodePage(body, out, error, [](const Value& v) {
    TargetUserRecord u;
    u.id = Str(v, "resourceId");
    u.email = Str(v, "email");
    u.phone = Str(v, "phoneNumber");
    u.first_name = Str(v, "firstName");
    u.last_name = Str(v, "lastName");
    u.department = Str(v, "department");
    u.priority = Str(v, "priority");
    const std::string status = ToUpperAscii(Str(v, "status"));
    if (status == "ACTIVE") u.active = true;
    else if (status == "INACTIVE") u.active = false;
    else u.active = Bool(v, "isActive");
    u.time_zone_id = Str(v, "timeZone");
    if (u.time_zone_id.empty()) u.time_zone_id = Str(v, "timeZoneId");
    u.preferred_language_id = Str(v, "preferredLanguage");
    if (u.preferred_language_id.empty()) u.preferred_language_id = Str(v, "preferredLanguageId");
    u.passthrough = JsonPassthrough(v, TargetUserUpdateFields(), kTargetUserManaged, kTargetUserRenames);
    u.detailed = false;
    return u;
  });
}

bool DecodeTargetUser(const std::string& body, TargetUserRecord* out, std::string* error) {
  rapidjson::Document doc;
  const Value* data = Data(body, &doc, false, error);
  if (!data) return false;
  const Value& v = *data;
  TargetUserRecord u;
  u.id = Str(v, "resourceId");
  u.email = Str(v, "email");
  u.phone = Str(v, "phoneNumber");
  u.first_name = Str(v, "firstName");
  u.last_name = Str(v, "lastName");
  u.department = Str(v, "department");
  u.priority = Str(v, "priority");
  u.active = Bool(v, "isActive");
  u.time_zone_id = Str(v, "timeZoneId");
  u.preferred_language_id = Str(v, "preferredLanguageId");
  u.manager_first_name = Str(v, "managerFirstName");
  u.manager_last_name = Str(v, "managerLastName");
  u.manager_email = Str(v, "managerEmail");
  u.passthrough = JsonPassthrough(v, TargetUserUpdateFields(), kTargetUserManaged, kTargetUserRenames);
  u.detailed = true;
  *out = std::move(u);
  return true;
}

bool DecodeCodeTypes(const std::string& body, std::vector<CodeType>* out, std::string* error) {
  return DecodeList(body, out, error,
                    [](const Value& v) { return CodeType{static_cast<int>(Int(v, "id").value_or(0)), Str(v, "name")}; });
}

bool DecodeLookups(const std::string& body, std::vector<std::pair<int, CatalogEntry>>* out, std::string* error) {
  return DecodeList(body, out, error, [](const Value& v) {
    CatalogEntry e{Str(v, "resourceId"), Str(v, "name"), Str(v, "code"), Str(v, "isoCode")};
    return std::make_pair(static_cast<int>(Int(v, "genericCodeTypeId").value_or(0)), std::move(e));
  });
}

bool DecodeLicenses(const std::string& body, Catalog* out, std::string* error) {
  rapidjson::Document doc;
  const Value* data = Data(body, &doc, false, error);
  if (!data) return false;
  auto module = [](const Value& m) { return CatalogEntry{Str(m, "resourceId"), Str(m, "name"), "", ""}; };
  out->license_types.clear();
  out->modules_by_license_type.clear();
  out->all_modules.clear();
  if (const Value* licenses = Member(*data, "licenses"); licenses && licenses->IsArray()) {
    for (const auto& l : licenses->GetArray()) {
      if (!l.IsObject()) continue;
      CatalogEntry type{Str(l, "resourceId"), Str(l, "name"), "", ""};
      auto& modules = out->modules_by_license_type[type.id];
      if (const Value* ms = Member(l, "licenseModules"); ms && ms->IsArray()) {
        for (const auto& m : ms->GetArray())
          if (m.IsObject()) modules.push_back(module(m));
      }
      out->license_types.push_back(std::move(type));
    }
  }
  if (const Value* all = Member(*data, "allLicenseModules"); all && all->IsArray()) {
    for (const auto& m : all->GetArray())
      if (m.IsObject()) out->all_modules.push_back(module(m));
  }
  return true;
}

bool DecodeTimeZones(const std::string& body, Catalog* out, std::string* error) {
  rapidjson::Document doc;
  const Value* data = Data(body, &doc, false, error);
  if (!data) return false;
  out->time_zones.clear();
  out->date_formats.clear();
  out->time_formats.clear();
  if (const Value* zones = Member(*data, "timeZoneList"); zones && zones->IsArray()) {
    for (const auto& z : zones->GetArray())
      if (z.IsObject()) out->time_zones.push_back(CatalogEntry{Str(z, "id"), Str(z, "displayName"), "", ""});
  }
  for (auto& f : StrArray(*data, "dateFormatList")) out->date_formats.push_back(CatalogEntry{f, f, "", ""});
  for (auto& f : StrArray(*data, "timeFormatList")) out->time_formats.push_back(CatalogEntry{f, f, "", ""});
  return true;
}

std::string EncodeSearchBody(int page, int page_size, const std::string& search, FilterKeys keys) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  Key(w, "pageNumber");
  w.Int(page);
  Key(w, "pageSize");
  w.Int(page_size);
  KV(w, "orderBy", "CreateTime");
  Key(w, "ascending");
  w.Bool(true);
  Key(w, "filter");
  w.StartObject();
  const bool pascal = keys == FilterKeys::Pascal;
  KV(w, pascal ? "Condition" : "condition", "AND");
  KV(w, pascal ? "SearchInputTextValue" : "searchInputTextValue", search);
  w.EndObject();
  w.EndObject();
  return ToString(sb);
}

std::vector<MultipartField> EncodeCompanyForm(const CompanyRecord& c, bool update) {
  std::vector<MultipartField> f;
  auto required = [&](const char* name, const std::string& value) { f.push_back({name, value}); };
  // Optional strings: left out on create when empty, sent (possibly empty) on update.
  auto optional = [&](const char* name, const std::string& value) {
    if (update || !value.empty()) f.push_back({name, value});
  };
  // "" is neither a date-time nor a resource id, so such an empty field is never sent.
  auto if_set = [&](const char* name, const std::string& value) {
    if (!value.empty()) f.push_back({name, value});
  };
  auto repeated = [&](const char* name, const std::vector<std::string>& values) {
    for (const auto& v : values) f.push_back({name, v});
  };
  required("Name", c.name);
  optional("Description", c.description);
  required("IndustryResourceId", c.industry_id);
  required("CountryResourceId", c.country_id);
  optional("Address", c.address);
  optional("WebsiteUrl", c.website_url);
  required("LicenseTypeResourceId", c.license_type_id);
  repeated("LicenseModuleResourceIdArray", c.license_module_ids);
  required("LicensePeriodTypeResourceId", c.license_period_id);
  if_set("LicenseStartDate", WireDateTime(c.license_start));
  if_set("LicenseEndDate", WireDateTime(c.license_end));
  required("IsNumberOfUsersLimited", c.users_limited ? "true" : "false");
  required("NumberOfUsers", std::to_string(c.number_of_users));
  if_set("PreferredLanguageTypeResourceId", c.preferred_language_id);
  repeated("CompanyGroupResourceIdArray", c.group_ids);
  if (c.status_id) required("StatusId", std::to_string(*c.status_id));
  required("TimeZoneId", c.time_zone_id);
  required("DateFormat", c.date_format);
  required("TimeFormat", c.time_format);
  repeated("Tags", c.tags);
  for (const auto& [name, value] : c.passthrough) {
    // An unmanaged field that was null on read stays unsent rather than becoming "".
    if (!value.empty()) f.push_back({name, value});
  }
  // A field the request's schema lacks is never sent (BaseManHourCost is create-only).
  const SpecFields& allowed = update ? CompanyUpdateFields() : CompanyCreateFields();
  std::erase_if(f, [&](const MultipartField& field) { return !FindSpecField(allowed, field.name); });
  return f;
}

namespace {

// Writes a JSON request body keeping to its schema: a key the schema lacks is not written,
// and the passthrough fields go after the members, unless a member already wrote them.
class BodyWriter {
 public:
  explicit BodyWriter(const SpecFields& fields) : fields_(fields), w_(sb_) { w_.StartObject(); }
  bool Has(const char* key) const { return FindSpecField(fields_, key) != nullptr; }
  void Str(const char* key, const std::string& value) {
    if (Begin(key)) w_.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  }
  void Bool(const char* key, bool value) {
    if (Begin(key)) w_.Bool(value);
  }
  void Int(const char* key, int value) {
    if (Begin(key)) w_.Int(value);
  }
  void Strings(const char* key, const std::vector<std::string>& items) {
    if (Begin(key)) StringArray(w_, items);
  }
  void Raw(const std::string& key, const std::string& json) {
    if (Begin(key.c_str())) w_.RawValue(json.c_str(), json.size(), rapidjson::kObjectType);
  }
  std::string Finish() {
    w_.EndObject();
    return ToString(sb_);
  }

 private:
  bool Begin(const char* key) {
    if (!Has(key)) return false;
    for (const auto& k : written_)
      if (EqualsIgnoreCase(k, key)) return false;
    written_.emplace_back(key);
    w_.Key(key);
    return true;
  }
  const SpecFields& fields_;
  rapidjson::StringBuffer sb_;
  Writer w_;
  std::vector<std::string> written_;
};

}  // namespace

std::string EncodeSystemUserBody(const SystemUserRecord& u, bool update) {
  BodyWriter w(update ? SystemUserUpdateFields() : SystemUserCreateFields());
  w.Str("firstName", u.first_name);
  w.Str("lastName", u.last_name);
  w.Str("email", u.email);
  w.Str("phoneNumber", u.phone);
  if (u.status_id) w.Int("statusId", *u.status_id);
  if (!u.role_ids.empty()) w.Strings("roleResourceIdList", u.role_ids);
  for (const auto& [name, json] : u.passthrough) w.Raw(name, json);
  return w.Finish();
}

std::string EncodeTargetUserBody(const TargetUserRecord& u, bool update) {
  BodyWriter w(update ? TargetUserUpdateFields() : TargetUserCreateFields());
  auto optional = [&](const char* key, const std::string& value) {
    if (update || !value.empty()) w.Str(key, value);
  };
  auto if_set = [&](const char* key, const std::string& value) {
    if (!value.empty()) w.Str(key, value);
  };
  w.Str("email", u.email);
  w.Str("phoneNumber", u.phone);
  optional("firstName", u.first_name);
  optional("lastName", u.last_name);
  optional("department", u.department);
  if_set("priority", u.priority);  // an enum: "" is not one of its values
  if (u.active) w.Bool("isActive", *u.active);
  if_set("timeZoneId", u.time_zone_id);
  if_set("preferredLanguageId", u.preferred_language_id);
  optional("managerFirstName", u.manager_first_name);
  optional("managerLastName", u.manager_last_name);
  optional("managerEmail", u.manager_email);
  if (u.target_group_ids) w.Strings("targetGroupResourceIds", *u.target_group_ids);
  for (const auto& [name, json] : u.passthrough) w.Raw(name, json);
  return w.Finish();
}

bool DecodeTargetGroups(const std::string& body, std::vector<TargetGroupRecord>* out, std::string* error) {
  return DecodeList(body, out, error,
                    [](const Value& v) { return TargetGroupRecord{Str(v, "resourceId"), Str(v, "name"), Str(v, "priority"), Str(v, "createDate")};
                    });
}

std::string EncodeTargetGroupBody(const TargetGroupRecord& g) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  KV(w, "name", g.name);
  KV(w, "priority", g.priority.empty() ? "Medium" : g.priority);
  w.EndObject();
  return ToString(sb);
}

std::string EncodeAddTargetGroupUsersBody(const std::vector<std::string>& group_ids,
                                          const std::vector<std::string>& user_ids) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  Key(w, "targetUserResourceIds");
  StringArray(w, user_ids);
  Key(w, "targetGroupResourceIds");
  StringArray(w, group_ids);
  Key(w, "selectAll");
  w.Bool(false);
  w.EndObject();
  return ToString(sb);
}

std::string EncodeRemoveTargetGroupUsersBody(const std::vector<std::string>& user_ids) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  Key(w, "targetUserResourceIds");
  StringArray(w, user_ids);
  w.EndObject();
  return ToString(sb);
}

std::string EncodeCreateGroupBody(const std::string& name) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  KV(w, "name", name);
  w.EndObject();
  return ToString(sb);
}

std::string EncodeParticipantsBody(const std::vector<std::string>& company_ids) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  Key(w, "companyResourceIdArray");
  StringArray(w, company_ids);
  w.EndObject();
  return ToString(sb);
}

std::string EncodeLookupsBody(const std::vector<int>& type_ids) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  Key(w, "typeIdList");
  w.StartArray();
  for (int id : type_ids) w.Int(id);
  w.EndArray();
  w.EndObject();
  return ToString(sb);
}

}  // namespace onboard
