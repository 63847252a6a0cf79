#include "engine/export/exporter.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "engine/catalog/catalog.h"
#include "engine/desired/desired_state.h"
#include "engine/manifest/value_checks.h"
#include "engine/text/strings.h"
#include "engine/text/suggest.h"

namespace onboard {
namespace {

constexpr size_t kMaxKey = 63;  // metadata.name maxLength (schemas/manifest.schema.json)

// The schema counts characters, not bytes.
size_t Utf8Length(const std::string& s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// ---------------------------------------------------------------------------------------
// Warnings

class Warnings {
 public:
  explicit Warnings(Diagnostics* diags) : diags_(diags) {}
  void Add(const std::string& subject, const std::string& field, std::string summary) {
    Diagnostic d;
    d.severity = Severity::Warning;
    d.subject = subject;
    d.field = field;
    d.summary = std::move(summary);
    diags_->Add(std::move(d));
  }

 private:
  Diagnostics* diags_;
};

// ---------------------------------------------------------------------------------------
// References: the live id -> the text a manifest writes for it.

class ReferenceNames {
 public:
  explicit ReferenceNames(const Catalog& catalog) : catalog_(catalog) {}

  // The entry of `entries` that the live value `value` (an id, or a name where the wire
  // carries names) denotes; nullptr when none does.
  static const CatalogEntry* Find(ReferenceKind kind, const std::vector<CatalogEntry>& entries,
                                  const std::string& value) {
    std::string v = Trim(value);
    if (v.empty()) return nullptr;
    for (const CatalogEntry& e : entries)
      if (Trim(e.id) == v) return &e;
    Resolution r = Resolve(kind, entries, v);
    if (!r.ok) return nullptr;
    for (const CatalogEntry& e : entries)
      if (e.id == r.id) return &e;
    return nullptr;
  }

  // The first of the entry's keys that resolves to exactly that entry, preferring names
  // (countries: the ISO code; time zones and formats: the id, which is their value).
  // *as_id is set when only the raw id does.
  static std::optional<std::string> Write(ReferenceKind kind, const std::vector<CatalogEntry>& entries,
                                          const CatalogEntry& e, bool* as_id) {
    std::vector<const std::string*> order;
    switch (kind) {
      case ReferenceKind::Country: order = {&e.iso_code, &e.code, &e.name, &e.id}; break;
      case ReferenceKind::TimeZone:
      case ReferenceKind::DateFormat:
      case ReferenceKind::TimeFormat: order = {&e.id, &e.name}; break;
      default: order = {&e.name, &e.code, &e.iso_code, &e.id}; break;
    }
    for (const std::string* key : order) {
      std::string k = Trim(*key);
      if (k.empty()) continue;
      Resolution r = Resolve(kind, entries, k);
      if (!r.ok || r.id != e.id) continue;
      *as_id = key == &e.id && kind != ReferenceKind::TimeZone && kind != ReferenceKind::DateFormat &&
               kind != ReferenceKind::TimeFormat;
      return k;
    }
    return std::nullopt;
  }

  // Memoized Find + Write over the catalog's list of `kind`; nullopt after a warning.
  std::optional<std::string> Name(ReferenceKind kind, const std::string& value, const std::string& subject,
                                  const std::string& field, Warnings* warnings) {
    return Name(kind, catalog_.list(kind), "", value, subject, field, warnings);
  }

  std::optional<std::string> Name(ReferenceKind kind, const std::vector<CatalogEntry>& entries,
                                  const std::string& scope, const std::string& value, const std::string& subject,
                                  const std::string& field, Warnings* warnings) {
    std::string memo_key = fmt::format("{}\x1f{}\x1f{}", static_cast<int>(kind), scope, value);
    auto it = memo_.find(memo_key);
    if (it == memo_.end()) {
      Written w;
      if (const CatalogEntry* e = Find(kind, entries, value)) w.text = Write(kind, entries, *e, &w.as_id);
      it = memo_.emplace(memo_key, w).first;
    }
    const Written& w = it->second;
    if (!w.text) {
      warnings->Add(subject, field,
                    fmt::format("{} \"{}\" is not in the platform's list: left out (not managed)",
                                ReferenceKindName(kind), Trim(value)));
    } else if (w.as_id) {
      warnings->Add(subject, field,
                    fmt::format("no name of {} \"{}\" names it alone: written as its id", ReferenceKindName(kind),
                                Trim(value)));
    }
    return w.text;
  }

  const Catalog& catalog() const { return catalog_; }

 private:
  struct Written {
    std::optional<std::string> text;
    bool as_id = false;
  };
  const Catalog& catalog_;
  std::unordered_map<std::string, Written> memo_;
};

// ---------------------------------------------------------------------------------------
// Values

// "2026-01-01" for a date-time at midnight UTC (or without an offset); the text otherwise.
std::string WriteDate(const std::string& value) {
  std::string v = Trim(value);
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i)
      if (i >= v.size() || v[i] < '0' || v[i] > '9') return false;
    return true;
  };
  bool is_date = v.size() >= 10 && digits(0, 4) && v[4] == '-' && digits(5, 2) && v[7] == '-' && digits(8, 2);
  if (!is_date || v.size() == 10) return v;
  std::string rest = v.substr(10);
  if (rest[0] != 'T' && rest[0] != ' ') return v;
  rest = rest.substr(1);
  if (rest.compare(0, 8, "00:00:00") != 0) return rest.compare(0, 5, "00:00") == 0 && rest.size() == 5 ? v.substr(0, 10) : v;
  rest = rest.substr(8);
  if (!rest.empty() && rest[0] == '.') {
    size_t i = 1;
    while (i < rest.size() && rest[i] == '0') ++i;
    if (i == 1 || (i < rest.size() && rest[i] >= '1' && rest[i] <= '9')) return v;
    rest = rest.substr(i);
  }
  if (rest.empty() || rest == "Z" || rest == "+00:00" || rest == "-00:00" || rest == "+0000") return v.substr(0, 10);
  return v;
}

// The canonical spelling of a priority the schema accepts ("low" -> "Low"); nullopt if none.
std::optional<std::string> WritePriority(const std::string& value) {
  std::string v = ToLowerAscii(Trim(value));
  for (const char* p : {"Low", "Medium", "High"})
    if (ToLowerAscii(p) == v) return std::string(p);
  return std::nullopt;
}

// Text fields: left out when empty; a value longer than the schema allows is left out with a
// warning (the platform accepts longer values on some paths than the manifest format does).
std::optional<std::string> WriteText(const std::string& value, size_t max, const std::string& subject,
                                     const std::string& field, Warnings* warnings) {
  if (Trim(value).empty()) return std::nullopt;
  if (Utf8Length(value) > max) {
    warnings->Add(subject, field,
                  fmt::format("{} characters, more than the {} a manifest allows: left out (not managed)",
                              Utf8Length(value), max));
    return std::nullopt;
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// YAML

// True when a plain scalar would not read back as this string: the manifest reader types
// plain scalars (null, booleans, numbers), and YAML 1.1 tools also read yes/no/on/off as
// booleans. Strings starting with a digit or a sign, or with a character YAML gives a
// meaning, and strings with outer whitespace, are quoted whatever yaml-cpp would do.
bool NeedsQuotes(const std::string& s) {
  if (s.empty()) return true;
  unsigned char first = static_cast<unsigned char>(s[0]);
  if (first < 0x80 && !(std::isalpha(first))) return true;
  if (s != Trim(s)) return true;
  static const std::set<std::string> kWords = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"};
  if (kWords.count(ToLowerAscii(s))) return true;
  if (ToLowerAscii(s) == ".inf" || ToLowerAscii(s) == ".nan") return true;
  return false;
}

void Scalar(YAML::Emitter& out, const std::string& s, bool quote = false) {
  if (quote || NeedsQuotes(s)) out << YAML::DoubleQuoted;
  out << s;
}

void Field(YAML::Emitter& out, const char* key, const std::string& value, bool quote = false) {
  out << YAML::Key << key << YAML::Value;
  Scalar(out, value, quote);
}

void OptionalField(YAML::Emitter& out, const char* key, const std::optional<std::string>& value, bool quote = false) {
  if (value) Field(out, key, *value, quote);
}

void ListField(YAML::Emitter& out, const char* key, const std::vector<std::string>& values) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const std::string& v : values) Scalar(out, v);
  out << YAML::EndSeq;
}

std::string Document(const std::function<void(YAML::Emitter&)>& body) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::BeginMap;
  body(out);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

// ---------------------------------------------------------------------------------------
// CSV

const std::vector<std::string> kCsvColumns = {"email",  "phone",    "firstName",         "lastName",
                                              "department", "priority", "active",        "timeZone",
                                              "preferredLanguage", "managerFirstName", "managerLastName",
                                              "managerEmail", "groups"};

std::string CsvField(const std::string& v) {
  bool quote = v.find_first_of(",\"\r\n") != std::string::npos || v != Trim(v);
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::vector<std::optional<std::string>> CsvRow(const DesiredTargetUser& u) {
  auto b = [](const std::optional<bool>& v) -> std::optional<std::string> {
    if (!v) return std::nullopt;
    return std::string(*v ? "true" : "false");
  };
  std::optional<DesiredManager> m = u.manager;
  return {u.email,      u.phone,    u.first_name,     u.last_name, u.department,
          u.priority,   b(u.active), u.time_zone,     u.preferred_language,
          m ? m->first_name : std::nullopt, m ? m->last_name : std::nullopt, m ? m->email : std::nullopt,
          // ';' separates the names; a user in no group is ";" (an empty cell would leave them unmanaged)
          u.groups ? std::optional<std::string>(u.groups->empty() ? ";" : fmt::format("{}", fmt::join(*u.groups, ";")))
                   : std::nullopt};
}

std::string WriteCsv(const std::vector<DesiredTargetUser>& users) {
  std::vector<std::vector<std::optional<std::string>>> rows;
  for (const DesiredTargetUser& u : users) rows.push_back(CsvRow(u));
  // Only the columns some user fills, in a fixed order: an empty cell is "not managed".
  std::vector<size_t> used;
  for (size_t c = 0; c < kCsvColumns.size(); ++c)
    if (c == 0 || std::any_of(rows.begin(), rows.end(), [&](const auto& r) { return r[c].has_value(); }))
      used.push_back(c);
  std::string out;
  for (size_t i = 0; i < used.size(); ++i) out += (i ? "," : "") + kCsvColumns[used[i]];
  out += "\n";
  for (const auto& r : rows) {
    for (size_t i = 0; i < used.size(); ++i) out += (i ? "," : "") + CsvField(r[used[i]].value_or(""));
    out += "\n";
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Live -> desired

struct Group {
  std::string key;
  std::string name;
  std::string id;
};

// The values Defaults holds, as written; nullopt = not in Defaults.
struct SharedValues {
  std::optional<std::string> country, time_zone, date_format, time_format, period;
  std::optional<bool> limited;
  bool any() const { return country || time_zone || date_format || time_format || period || limited; }
};

class Exporter {
 public:
  Exporter(const LiveState& live, const ExportOptions& options, ExportResult* result)
      : live_(live), options_(options), result_(result), warnings_(&result->diagnostics), refs_(live.catalog) {}

  void Run() {
    AssignCustomerKeys();
    CollectGroups();
    std::vector<DesiredCustomer> customers;
    for (const auto& [id, company] : live_.details) customers.push_back(Customer(id, company));
    std::sort(customers.begin(), customers.end(),
              [](const DesiredCustomer& a, const DesiredCustomer& b) { return a.key < b.key; });
    SharedValues shared = options_.defaults ? Shared(customers) : SharedValues{};

    if (shared.any()) result_->files.push_back({"defaults.yaml", DefaultsDocument(shared)});
    if (!groups_.empty()) {
      std::string text;
      for (size_t i = 0; i < groups_.size(); ++i) {
        if (i) text += "---\n";
        text += Document([&](YAML::Emitter& out) {
          Field(out, "apiVersion", "onboard/v1");
          Field(out, "kind", "CompanyGroup");
          out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
          Field(out, "name", groups_[i].key);
          out << YAML::EndMap;
          out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
          Field(out, "name", groups_[i].name);
          out << YAML::EndMap;
        });
      }
      result_->files.push_back({"groups.yaml", text});
    }
    for (DesiredCustomer& c : customers) {
      bool csv = !c.target_users.empty() &&
                 (options_.users == UsersMode::Csv ||
                  (options_.users == UsersMode::Auto && c.target_users.size() > options_.csv_threshold));
      std::string csv_path = fmt::format("users/{}.csv", c.key);
      if (csv) result_->files.push_back({"customers/" + csv_path, WriteCsv(c.target_users)});
      result_->files.push_back({fmt::format("customers/{}.yaml", c.key), CustomerDocument(c, shared, csv ? csv_path : "")});
      result_->admins += c.admins.size();
      result_->target_users += c.target_users.size();
    }
    result_->customers = customers.size();
    result_->groups = groups_.size();
    std::sort(result_->files.begin(), result_->files.end(),
              [](const ExportedFile& a, const ExportedFile& b) { return a.path < b.path; });
  }

 private:
  void AssignCustomerKeys() {
    std::vector<CompanySummary> all = live_.companies;
    std::set<std::string> listed;
    for (const CompanySummary& c : all) listed.insert(c.id);
    for (const auto& [id, company] : live_.details)
      if (!listed.count(id)) all.push_back({id, company.company.name, {}, {}, 0});
    keys_ = AssignKeys(all);
    for (const CompanySummary& c : all) ++name_count_[ToLowerAscii(Trim(c.name))];
  }

  // One CompanyGroup per distinct name: the planner matches groups by name and takes the
  // first live group of a name, so only that one can be referred to.
  void CollectGroups() {
    std::vector<CompanySummary> as_companies;
    std::set<std::string> names;
    for (const GroupRecord& g : live_.groups) {
      std::string name = Trim(g.name);
      if (name.empty() || Utf8Length(name) > 64) {
        warnings_.Add("group " + g.id, "spec.name", "a group name must have 1 to 64 characters: group left out");
        continue;
      }
      if (!names.insert(name).second) continue;
      as_companies.push_back({g.id, name, {}, {}, 0});
    }
    std::map<std::string, std::string> keys = AssignKeys(as_companies);
    for (const CompanySummary& g : as_companies) {
      groups_.push_back({keys[g.id], g.name, g.id});
      group_key_by_id_[g.id] = keys[g.id];
    }
    std::sort(groups_.begin(), groups_.end(), [](const Group& a, const Group& b) { return a.key < b.key; });
  }

  DesiredCustomer Customer(const std::string& id, const LiveCompany& live) {
    const CompanyRecord& r = live.company;
    DesiredCustomer c;
    c.key = keys_[id];
    const std::string subject = "customer." + c.key;
    auto text = [&](const std::string& value, size_t max, const char* field) {
      return WriteText(value, max, subject, field, &warnings_);
    };
    auto ref = [&](ReferenceKind kind, const std::string& value, const char* field) -> std::optional<std::string> {
      if (Trim(value).empty()) return std::nullopt;
      return refs_.Name(kind, value, subject, field, &warnings_);
    };

    DesiredCompany& d = c.company;
    d.name = r.name;
    // Two companies whose names differ at most in case and outer spaces cannot be told
    // apart by name (the planner trims, the loader ignores case): pin them.
    if (options_.pin_ids || name_count_[ToLowerAscii(Trim(r.name))] > 1) d.resource_id = id;
    d.description = text(r.description, 300, "spec.company.description");
    d.industry = ref(ReferenceKind::Industry, r.industry_id, "spec.company.industry");
    d.country = ref(ReferenceKind::Country, r.country_id, "spec.company.country");
    d.address = text(r.address, 200, "spec.company.address");
    d.website_url = text(r.website_url, 2000, "spec.company.websiteUrl");
    d.time_zone = ref(ReferenceKind::TimeZone, r.time_zone_id, "spec.company.timeZone");
    d.date_format = ref(ReferenceKind::DateFormat, r.date_format, "spec.company.dateFormat");
    d.time_format = ref(ReferenceKind::TimeFormat, r.time_format, "spec.company.timeFormat");
    d.preferred_language = ref(ReferenceKind::Language, r.preferred_language_id, "spec.company.preferredLanguage");
    d.tags = Tags(r.tags, subject);

    DesiredLicense& l = c.license;
    l.type = ref(ReferenceKind::LicenseType, r.license_type_id, "spec.license.type");
    l.period = ref(ReferenceKind::LicensePeriod, r.license_period_id, "spec.license.period");
    l.modules = Modules(r, subject);
    if (r.number_of_users >= 1) l.users = r.number_of_users;
    else warnings_.Add(subject, "spec.license.users", fmt::format("{} is not a user count a manifest allows: left out", r.number_of_users));
    l.limited = r.users_limited;
    l.start = Date(r.license_start, subject, "spec.license.start");
    l.end = Date(r.license_end, subject, "spec.license.end");
    int64_t start = 0, end = 0;
    if (l.start && l.end && ParseIsoDate(*l.start, &start) && ParseIsoDate(*l.end, &end) && end <= start) {
      warnings_.Add(subject, "spec.license.end",
                    fmt::format("the license ends ({}) before it starts ({}), which a manifest cannot say: start "
                                "and end left out (not managed)",
                                *l.end, *l.start));
      l.start.reset();
      l.end.reset();
    }

    std::set<std::string> group_keys;
    for (const std::string& gid : r.group_ids) {
      auto it = group_key_by_id_.find(gid);
      if (it != group_key_by_id_.end()) {
        group_keys.insert(it->second);
      } else {
        warnings_.Add(subject, "spec.groups",
                      fmt::format("group {} is not listed, or shares its name with another group: left out", gid));
      }
    }
    c.groups.assign(group_keys.begin(), group_keys.end());

    c.admins = Admins(live, subject);
    c.target_users = TargetUsers(live.target_users, subject);
    TargetGroups(live, subject, &c);
    return c;
  }

  std::optional<std::vector<std::string>> Tags(const std::vector<std::string>& tags, const std::string& subject) {
    std::vector<std::string> out;
    for (const std::string& t : tags) {
      std::string v = Trim(t);
      if (v.empty() || Utf8Length(v) > 64) {
        warnings_.Add(subject, "spec.company.tags", "a tag must have 1 to 64 characters: tags left out (not managed)");
        return std::nullopt;
      }
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    }
    if (out.empty()) return std::nullopt;
    return out;
  }

  // Modules resolve among those the license type offers, as the planner resolves them.
  std::optional<std::vector<std::string>> Modules(const CompanyRecord& r, const std::string& subject) {
    if (r.license_module_ids.empty()) return std::nullopt;
    const Catalog& catalog = live_.catalog;
    std::string type_id = r.license_type_id;
    if (const CatalogEntry* t = ReferenceNames::Find(ReferenceKind::LicenseType, catalog.license_types, type_id))
      type_id = t->id;
    auto offered = catalog.modules_by_license_type.find(type_id);
    const std::vector<CatalogEntry>& entries =
        offered == catalog.modules_by_license_type.end() ? catalog.all_modules : offered->second;
    std::vector<std::string> out;
    for (const std::string& m : r.license_module_ids) {
      std::optional<std::string> name =
          refs_.Name(ReferenceKind::LicenseModule, entries, type_id, m, subject, "spec.license.modules", &warnings_);
      if (!name) return std::nullopt;
      if (std::find(out.begin(), out.end(), *name) == out.end()) out.push_back(*name);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::optional<std::string> Date(const std::string& value, const std::string& subject, const char* field) {
    if (Trim(value).empty()) return std::nullopt;
    std::string v = WriteDate(value);
    int64_t seconds = 0;
    if (Utf8Length(v) < 10 || Utf8Length(v) > 40 || !ParseIsoDate(v, &seconds)) {
      warnings_.Add(subject, field, fmt::format("\"{}\" is not a date a manifest allows: left out", v));
      return std::nullopt;
    }
    return v;
  }

  std::vector<DesiredAdmin> Admins(const LiveCompany& live, const std::string& subject) {
    std::vector<CatalogEntry> roles;
    for (const RoleRecord& r : live.roles) roles.push_back({r.id, r.name, {}, {}});
    std::vector<DesiredAdmin> out;
    std::set<std::string> seen;
    for (const SystemUserRecord& u : live.admins) {
      std::string key = ToLowerAscii(Trim(u.email));
      std::string where = fmt::format("{}.admin.{}", subject, key);
      // The planner matches the first live user of an email; a later one cannot be managed.
      if (!seen.insert(key).second) {
        warnings_.Add(where, "email", "a second admin with this email: left out");
        continue;
      }
      DesiredAdmin a;
      a.email = Trim(u.email);
      a.first_name = u.first_name;
      a.last_name = u.last_name;
      a.phone = u.phone;
      auto fits = [](const std::string& v, size_t max) { return !Trim(v).empty() && Utf8Length(v) <= max; };
      std::string why;
      bool complete = IsValidEmail(a.email, &why) && Utf8Length(a.email) <= 320 && fits(a.first_name, 40) &&
                      fits(a.last_name, 40) && fits(a.phone, 20);
      if (!complete) {
        warnings_.Add(where, "",
                      "a manifest admin needs a valid email, a first and last name (1 to 40 characters) and a phone "
                      "(1 to 20): admin left out (not managed)");
        continue;
      }
      a.roles = Roles(u, live.roles, roles, where);
      if (u.status_id == 1) a.active = true;
      if (u.status_id == 2) a.active = false;
      out.push_back(std::move(a));
    }
    std::sort(out.begin(), out.end(), [](const DesiredAdmin& x, const DesiredAdmin& y) {
      return std::pair(ToLowerAscii(x.email), x.email) < std::pair(ToLowerAscii(y.email), y.email);
    });
    return out;
  }

  std::optional<std::vector<std::string>> Roles(const SystemUserRecord& u, const std::vector<RoleRecord>& records,
                                                const std::vector<CatalogEntry>& entries, const std::string& where) {
    std::vector<std::string> live_names = u.role_names;
    if (live_names.empty()) {
      for (const std::string& id : u.role_ids) {
        auto it = std::find_if(records.begin(), records.end(),
                               [&](const RoleRecord& r) { return ToLowerAscii(r.id) == ToLowerAscii(id); });
        live_names.push_back(it == records.end() ? id : it->name);
      }
    }
    std::vector<std::string> out;
    for (const std::string& n : live_names) {
      if (Trim(n).empty()) continue;
      const CatalogEntry* e = ReferenceNames::Find(ReferenceKind::Role, entries, n);
      bool as_id = false;
      std::optional<std::string> written = e ? ReferenceNames::Write(ReferenceKind::Role, entries, *e, &as_id) : std::nullopt;
      if (!written) {
        warnings_.Add(where, "roles",
                      fmt::format("role \"{}\" is not among the company's roles: roles left out (not managed)", Trim(n)));
        return std::nullopt;
      }
      if (std::find(out.begin(), out.end(), *written) == out.end()) out.push_back(*written);
    }
    if (out.empty()) return std::nullopt;
    std::sort(out.begin(), out.end());
    return out;
  }

  // The company's target groups (when they were read) and each user's memberships. A group a
  // manifest cannot hold (a name too long, with ';', or shared ignoring case) is left out,
  // and so are the memberships of every user in it: such a user's `groups` stays unset (not
  // managed), so the plan does not take it out of that group.
  void TargetGroups(const LiveCompany& live, const std::string& subject, DesiredCustomer* c) {
    if (!live.target_groups_read) return;
    std::map<std::string, int> count;  // FoldKey(name) -> live groups
    for (const TargetGroupRecord& g : live.target_groups) ++count[FoldKey(g.name)];
    std::map<std::string, std::string> name_of;  // exported group id -> name
    std::set<std::string> left_out;
    for (const TargetGroupRecord& g : live.target_groups) {
      const std::string where = fmt::format("{}.target-group.{}", subject, FoldKey(g.name));
      const std::string name = Trim(g.name);
      std::string problem;
      if (name.empty() || Utf8Length(name) > 64) problem = "the name is empty or longer than 64 characters";
      else if (name.find(';') != std::string::npos) problem = "the name holds ';', which separates names in a CSV";
      else if (count[FoldKey(name)] > 1) problem = "another target group has this name (ignoring case)";
      if (!problem.empty()) {
        warnings_.Add(where, "name", problem + ": group and its memberships left out (not managed)");
        left_out.insert(g.id);
        continue;
      }
      DesiredTargetGroup d;
      d.name = name;
      if (!Trim(g.priority).empty()) {
        d.priority = WritePriority(g.priority);
        if (!d.priority)
          warnings_.Add(where, "priority", fmt::format("\"{}\" is not Low, Medium or High: left out", g.priority));
      }
      name_of[g.id] = name;
      c->target_groups.push_back(std::move(d));
    }
    std::sort(c->target_groups.begin(), c->target_groups.end(),
              [](const DesiredTargetGroup& a, const DesiredTargetGroup& b) { return FoldKey(a.name) < FoldKey(b.name); });
    std::map<std::string, const TargetUserRecord*> by_email;
    for (const TargetUserRecord& u : live.target_users) by_email.emplace(ToLowerAscii(Trim(u.email)), &u);
    for (DesiredTargetUser& t : c->target_users) {
      auto it = by_email.find(ToLowerAscii(t.email));
      if (it == by_email.end() || !it->second->target_group_ids) continue;
      std::vector<std::string> names;
      bool whole = true;
      for (const std::string& id : *it->second->target_group_ids) {
        if (left_out.count(id)) whole = false;
        else if (auto n = name_of.find(id); n != name_of.end()) names.push_back(n->second);
      }
      if (!whole || names.empty()) continue;  // in no group: nothing to manage
      std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return FoldKey(a) < FoldKey(b); });
      t.groups = std::move(names);
    }
  }

  std::vector<DesiredTargetUser> TargetUsers(const std::vector<TargetUserRecord>& users, const std::string& subject) {
    std::vector<DesiredTargetUser> out;
    std::set<std::string> seen;
    for (const TargetUserRecord& u : users) {
      std::string key = ToLowerAscii(Trim(u.email));
      std::string where = fmt::format("{}.target-user.{}", subject, key);
      std::string why;
      if (Utf8Length(key) < 3 || Utf8Length(key) > 320 || !IsValidEmail(Trim(u.email), &why)) {
        warnings_.Add(where, "email", "not an email address a manifest accepts: user left out (not managed)");
        continue;
      }
      if (!seen.insert(key).second) {
        warnings_.Add(where, "email", "a second target user with this email: left out");
        continue;
      }
      auto text = [&](const std::string& value, size_t max, const char* field) {
        return WriteText(value, max, where, field, &warnings_);
      };
      DesiredTargetUser t;
      t.email = Trim(u.email);
      t.phone = text(u.phone, 20, "phone");
      t.first_name = text(u.first_name, 40, "firstName");
      t.last_name = text(u.last_name, 40, "lastName");
      t.department = text(u.department, 64, "department");
      if (!Trim(u.priority).empty()) {
        t.priority = WritePriority(u.priority);
        if (!t.priority)
          warnings_.Add(where, "priority", fmt::format("\"{}\" is not Low, Medium or High: left out", u.priority));
      }
      t.active = u.active;
      if (!Trim(u.time_zone_id).empty())
        t.time_zone = refs_.Name(ReferenceKind::TimeZone, u.time_zone_id, where, "timeZone", &warnings_);
      if (!Trim(u.preferred_language_id).empty())
        t.preferred_language =
            refs_.Name(ReferenceKind::Language, u.preferred_language_id, where, "preferredLanguage", &warnings_);
      // The search view has no manager fields: only a detailed record says what they hold.
      if (u.detailed) {
        DesiredManager m;
        m.first_name = text(u.manager_first_name, 40, "manager.firstName");
        m.last_name = text(u.manager_last_name, 40, "manager.lastName");
        std::string manager_email = Trim(u.manager_email);
        if (IsValidEmail(manager_email, &why)) m.email = text(manager_email, 320, "manager.email");
        else if (!manager_email.empty())
          warnings_.Add(where, "manager.email", "not an email address a manifest accepts: left out");
        if (m.first_name || m.last_name || m.email) t.manager = m;
      }
      out.push_back(std::move(t));
    }
    std::sort(out.begin(), out.end(), [](const DesiredTargetUser& x, const DesiredTargetUser& y) {
      return std::pair(ToLowerAscii(x.email), x.email) < std::pair(ToLowerAscii(y.email), y.email);
    });
    return out;
  }

  // A value goes into Defaults when more than half of the customers share it and every
  // customer has one (a customer without it would otherwise get it from Defaults).
  template <class T>
  static std::optional<T> Majority(const std::vector<DesiredCustomer>& customers,
                                   const std::function<std::optional<T>(const DesiredCustomer&)>& get) {
    std::map<T, size_t> counts;
    for (const DesiredCustomer& c : customers) {
      std::optional<T> v = get(c);
      if (!v) return std::nullopt;
      ++counts[*v];
    }
    for (const auto& [value, n] : counts)
      if (n * 2 > customers.size()) return value;
    return std::nullopt;
  }

  static SharedValues Shared(const std::vector<DesiredCustomer>& customers) {
    using S = std::optional<std::string>;
    SharedValues s;
    s.country = Majority<std::string>(customers, [](const DesiredCustomer& c) -> S { return c.company.country; });
    s.time_zone = Majority<std::string>(customers, [](const DesiredCustomer& c) -> S { return c.company.time_zone; });
    s.date_format = Majority<std::string>(customers, [](const DesiredCustomer& c) -> S { return c.company.date_format; });
    s.time_format = Majority<std::string>(customers, [](const DesiredCustomer& c) -> S { return c.company.time_format; });
    s.period = Majority<std::string>(customers, [](const DesiredCustomer& c) -> S { return c.license.period; });
    s.limited = Majority<bool>(customers, [](const DesiredCustomer& c) { return c.license.limited; });
    return s;
  }

  static std::string DefaultsDocument(const SharedValues& s) {
    return Document([&](YAML::Emitter& out) {
      Field(out, "apiVersion", "onboard/v1");
      Field(out, "kind", "Defaults");
      out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;
      if (s.country || s.time_zone || s.date_format || s.time_format) {
        out << YAML::Key << "company" << YAML::Value << YAML::BeginMap;
        OptionalField(out, "country", s.country);
        OptionalField(out, "timeZone", s.time_zone);
        OptionalField(out, "dateFormat", s.date_format);
        OptionalField(out, "timeFormat", s.time_format);
        out << YAML::EndMap;
      }
      if (s.period || s.limited) {
        out << YAML::Key << "license" << YAML::Value << YAML::BeginMap;
        OptionalField(out, "period", s.period);
        if (s.limited) out << YAML::Key << "limited" << YAML::Value << *s.limited;
        out << YAML::EndMap;
      }
      out << YAML::EndMap;
    });
  }

  static std::optional<std::string> Unless(const std::optional<std::string>& value,
                                           const std::optional<std::string>& shared) {
    return value == shared ? std::nullopt : value;
  }

  static std::string CustomerDocument(const DesiredCustomer& c, const SharedValues& s, const std::string& csv) {
    return Document([&](YAML::Emitter& out) {
      Field(out, "apiVersion", "onboard/v1");
      Field(out, "kind", "Customer");
      out << YAML::Key << "metadata" << YAML::Value << YAML::BeginMap;
      Field(out, "name", c.key);
      out << YAML::EndMap;
      out << YAML::Key << "spec" << YAML::Value << YAML::BeginMap;

      const DesiredCompany& d = c.company;
      out << YAML::Key << "company" << YAML::Value << YAML::BeginMap;
      Field(out, "name", d.name);
      OptionalField(out, "resourceId", d.resource_id);
      OptionalField(out, "description", d.description);
      OptionalField(out, "industry", d.industry);
      OptionalField(out, "country", Unless(d.country, s.country));
      OptionalField(out, "address", d.address);
      OptionalField(out, "websiteUrl", d.website_url);
      OptionalField(out, "timeZone", Unless(d.time_zone, s.time_zone));
      OptionalField(out, "dateFormat", Unless(d.date_format, s.date_format));
      OptionalField(out, "timeFormat", Unless(d.time_format, s.time_format));
      OptionalField(out, "preferredLanguage", d.preferred_language);
      if (d.tags) ListField(out, "tags", *d.tags);
      out << YAML::EndMap;

      const DesiredLicense& l = c.license;
      out << YAML::Key << "license" << YAML::Value << YAML::BeginMap;
      OptionalField(out, "type", l.type);
      OptionalField(out, "period", Unless(l.period, s.period));
      if (l.modules) ListField(out, "modules", *l.modules);
      if (l.users) out << YAML::Key << "users" << YAML::Value << *l.users;
      if (l.limited && l.limited != s.limited) out << YAML::Key << "limited" << YAML::Value << *l.limited;
      OptionalField(out, "start", l.start);
      OptionalField(out, "end", l.end);
      out << YAML::EndMap;

      if (!c.groups.empty()) ListField(out, "groups", c.groups);
      if (!c.target_groups.empty()) {
        out << YAML::Key << "targetGroups" << YAML::Value << YAML::BeginSeq;
        for (const DesiredTargetGroup& g : c.target_groups) {
          out << YAML::Flow << YAML::BeginMap;
          Field(out, "name", g.name);
          OptionalField(out, "priority", g.priority);
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      }
      if (!c.admins.empty()) {
        out << YAML::Key << "admins" << YAML::Value << YAML::BeginSeq;
        for (const DesiredAdmin& a : c.admins) {
          out << YAML::Flow << YAML::BeginMap;
          Field(out, "email", a.email);
          Field(out, "firstName", a.first_name);
          Field(out, "lastName", a.last_name);
          Field(out, "phone", a.phone, /*quote=*/true);
          if (a.roles) ListField(out, "roles", *a.roles);
          if (a.active) out << YAML::Key << "active" << YAML::Value << *a.active;
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      }
      if (!csv.empty()) {
        Field(out, "targetUsersCsv", csv);
      } else if (!c.target_users.empty()) {
        out << YAML::Key << "targetUsers" << YAML::Value << YAML::BeginSeq;
        for (const DesiredTargetUser& u : c.target_users) {
          out << YAML::Flow << YAML::BeginMap;
          Field(out, "email", u.email);
          OptionalField(out, "phone", u.phone, /*quote=*/true);
          OptionalField(out, "firstName", u.first_name);
          OptionalField(out, "lastName", u.last_name);
          OptionalField(out, "department", u.department);
          OptionalField(out, "priority", u.priority);
          if (u.active) out << YAML::Key << "active" << YAML::Value << *u.active;
          OptionalField(out, "timeZone", u.time_zone);
          OptionalField(out, "preferredLanguage", u.preferred_language);
          if (u.manager) {
            out << YAML::Key << "manager" << YAML::Value << YAML::Flow << YAML::BeginMap;
            OptionalField(out, "firstName", u.manager->first_name);
            OptionalField(out, "lastName", u.manager->last_name);
            OptionalField(out, "email", u.manager->email);
            out << YAML::EndMap;
          }
          if (u.groups) ListField(out, "groups", *u.groups);
          out << YAML::EndMap;
        }
        out << YAML::EndSeq;
      }
      out << YAML::EndMap;
    });
  }

  const LiveState& live_;
  const ExportOptions& options_;
  ExportResult* result_;
  Warnings warnings_;
  ReferenceNames refs_;
  std::map<std::string, std::string> keys_;       // company id -> key
  std::map<std::string, size_t> name_count_;      // trimmed company name -> live companies
  std::vector<Group> groups_;                     // by key
  std::map<std::string, std::string> group_key_by_id_;
};

}  // namespace

std::string KeyFromName(const std::string& name) {
  std::string key;
  bool dash = false;
  for (char c : name) {
    if (IsAsciiAlnum(c)) {
      if (dash && !key.empty()) key += '-';
      dash = false;
      key += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    } else {
      dash = true;
    }
  }
  if (key.size() > kMaxKey) key.resize(kMaxKey);
  while (!key.empty() && key.back() == '-') key.pop_back();
  return key.empty() ? "customer" : key;
}

std::map<std::string, std::string> AssignKeys(const std::vector<CompanySummary>& companies) {
  std::map<std::string, std::vector<std::string>> by_base;  // base key -> ids
  for (const CompanySummary& c : companies) by_base[KeyFromName(c.name)].push_back(c.id);
  std::set<std::string> taken;
  for (const auto& [base, ids] : by_base) taken.insert(base);
  std::map<std::string, std::string> out;
  for (auto& [base, ids] : by_base) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    out[ids[0]] = base;
    int n = 2;
    for (size_t i = 1; i < ids.size(); ++i) {
      std::string key;
      do {
        std::string suffix = fmt::format("-{}", n++);
        std::string stem = base.substr(0, kMaxKey - suffix.size());
        while (!stem.empty() && stem.back() == '-') stem.pop_back();
        key = stem + suffix;
      } while (taken.count(key));
      taken.insert(key);
      out[ids[i]] = key;
    }
  }
  return out;
}

ExportResult ExportManifests(const LiveState& live, const ExportOptions& options) {
  ExportResult result;
  Exporter(live, options, &result).Run();
  return result;
}

}  // namespace onboard
