#include "engine/manifest/loader.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/io/bounded_file.h"
#include "engine/manifest/csv.h"
#include "engine/manifest/manifest_schema.h"
#include "engine/manifest/schema_check.h"
#include "engine/manifest/source_document.h"
#include "engine/manifest/text_checks.h"
#include "engine/text/suggest.h"
#include "engine/manifest/value_checks.h"
#include "engine/manifest/yaml_reader.h"
#include "engine/text/fnv1a.h"
#include "engine/text/strings.h"

namespace onboard {

namespace {

namespace fs = std::filesystem;
using rapidjson::Value;

// A digest of the inputs (FNV-1a) so a saved plan can tell whether the manifests changed.
class InputDigest {
 public:
  void Add(std::string_view bytes) {
    fnv_.Mix(bytes);
    fnv_.Mix("\xff");  // a separator byte, so that ("ab", "c") and ("a", "bc") differ
  }
  std::string Hex() const { return fnv_.Hex(); }

 private:
  Fnv1a64 fnv_;
};

// One manifest file to read, and the folder its CSVs must stay under: the PATH it was found
// under, or the folder of a file named on its own.
struct ManifestFile {
  std::string file;  // as the user named it (or the directory walk joined it)
  std::string root;
  bool walked = false;  // found by walking `root`, so it must stay under it too
  size_t origin = 0;    // index of the PATH it came from
};

// One JSON object of a SourceDocument, read leniently: a value of the wrong type (the schema
// check has reported it) reads as absent, so that the other checks still run.
class Fields {
 public:
  Fields(const SourceDocument& doc, const Value* object, std::string pointer)
      : doc_(doc), object_(object && object->IsObject() ? object : nullptr), pointer_(std::move(pointer)) {}

  bool present() const { return object_ != nullptr; }
  const Value* Get(const std::string& key) const {
    if (!object_) return nullptr;
    auto it = object_->FindMember(key.c_str());
    return it == object_->MemberEnd() ? nullptr : &it->value;
  }
  std::optional<std::string> String(const std::string& key) const {
    const Value* v = Get(key);
    if (!v || !v->IsString()) return std::nullopt;
    return std::string(v->GetString(), v->GetStringLength());
  }
  std::optional<bool> Bool(const std::string& key) const {
    const Value* v = Get(key);
    if (!v || !v->IsBool()) return std::nullopt;
    return v->GetBool();
  }
  std::optional<int> Int(const std::string& key) const {
    const Value* v = Get(key);
    if (!v || !v->IsInt()) return std::nullopt;
    return v->GetInt();
  }
  std::optional<std::vector<std::string>> Strings(const std::string& key) const {
    const Value* v = Get(key);
    if (!v || !v->IsArray()) return std::nullopt;
    std::vector<std::string> out;
    for (const Value& item : v->GetArray())
      if (item.IsString()) out.emplace_back(item.GetString(), item.GetStringLength());
    return out;
  }
  Fields Child(const std::string& key) const { return Fields(doc_, Get(key), Pointer(key)); }
  Fields Item(const std::string& key, size_t index) const {
    const Value* v = Get(key);
    const Value* item = v && v->IsArray() && index < v->Size() ? &(*v)[static_cast<rapidjson::SizeType>(index)] : nullptr;
    return Fields(doc_, item, fmt::format("{}/{}", Pointer(key), index));
  }
  size_t Size(const std::string& key) const {
    const Value* v = Get(key);
    return v && v->IsArray() ? v->Size() : 0;
  }
  std::string Pointer(const std::string& key) const { return pointer_ + "/" + EscapePointerToken(key); }
  SourceLocation Location(const std::string& key) const { return doc_.ValueLocation(Pointer(key)); }
  SourceLocation Self() const { return doc_.ValueLocation(pointer_); }

 private:
  const SourceDocument& doc_;
  const Value* object_;
  std::string pointer_;
};

// The optional string fields of a company and a license, by manifest key: one table for
// reading, merging Defaults and naming fields in messages.
struct CompanyField {
  const char* key;
  std::optional<std::string> DesiredCompany::*member;
};
const CompanyField kCompanyStrings[] = {
    {"resourceId", &DesiredCompany::resource_id},   {"description", &DesiredCompany::description},
    {"industry", &DesiredCompany::industry},        {"country", &DesiredCompany::country},
    {"address", &DesiredCompany::address},          {"websiteUrl", &DesiredCompany::website_url},
    {"timeZone", &DesiredCompany::time_zone},       {"dateFormat", &DesiredCompany::date_format},
    {"timeFormat", &DesiredCompany::time_format},   {"preferredLanguage", &DesiredCompany::preferred_language},
};
struct LicenseField {
  const char* key;
  std::optional<std::string> DesiredLicense::*member;
};
const LicenseField kLicenseStrings[] = {
    {"type", &DesiredLicense::type},
    {"period", &DesiredLicense::period},
    {"start", &DesiredLicense::start},
    {"end", &DesiredLicense::end},
};

void ReadList(const Fields& f, const std::string& key, const std::string& loc_key,
              std::optional<std::vector<std::string>>* out, FieldLocations* locs) {
  *out = f.Strings(key);
  if (!*out) return;
  (*locs)[loc_key] = f.Location(key);
  for (size_t i = 0; i < f.Size(key); ++i)
    (*locs)[fmt::format("{}[{}]", loc_key, i)] = f.Item(key, i).Self();
}

// `prune: [targetUsers, admins, groups, targetGroups]` (the schema checks the names and
// suggests the closest for a typo); nullopt when the key is absent.
std::optional<PruneSet> ReadPrune(const Fields& spec, FieldLocations* locs) {
  std::optional<std::vector<std::string>> names = spec.Strings("prune");
  if (!names) return std::nullopt;
  (*locs)["prune"] = spec.Location("prune");
  PruneSet prune;
  for (const std::string& name : *names) {
    if (name == "targetUsers") prune.target_users = true;
    else if (name == "admins") prune.admins = true;
    else if (name == "groups") prune.groups = true;
    else if (name == "targetGroups") prune.target_groups = true;
  }
  return prune;
}

void ReadCompany(const Fields& c, DesiredCompany* out, FieldLocations* locs) {
  if (auto name = c.String("name")) {
    out->name = *name;
    (*locs)["company.name"] = c.Location("name");
  }
  for (const CompanyField& field : kCompanyStrings) {
    out->*field.member = c.String(field.key);
    if (out->*field.member) (*locs)[std::string("company.") + field.key] = c.Location(field.key);
  }
  ReadList(c, "tags", "company.tags", &out->tags, locs);
}

void ReadLicense(const Fields& l, DesiredLicense* out, FieldLocations* locs) {
  for (const LicenseField& field : kLicenseStrings) {
    out->*field.member = l.String(field.key);
    if (out->*field.member) (*locs)[std::string("license.") + field.key] = l.Location(field.key);
  }
  ReadList(l, "modules", "license.modules", &out->modules, locs);
  out->users = l.Int("users");
  if (out->users) (*locs)["license.users"] = l.Location("users");
  out->limited = l.Bool("limited");
  if (out->limited) (*locs)["license.limited"] = l.Location("limited");
}

// Copies the locations of `key` and its items ("license.modules[0]", ...) from Defaults.
void CopyLocations(const FieldLocations& from, const std::string& key, FieldLocations* to) {
  for (auto it = from.lower_bound(key); it != from.end() && it->first.compare(0, key.size(), key) == 0; ++it)
    if (it->first.size() == key.size() || it->first[key.size()] == '[') (*to)[it->first] = it->second;
}

template <typename T>
void MergeField(std::optional<T>* into, const std::optional<T>& from, const std::string& key,
                const FieldLocations& from_locs, FieldLocations* into_locs) {
  if (*into || !from) return;
  *into = from;
  CopyLocations(from_locs, key, into_locs);
}

// A target user's locations: the entry, its email and the references the planner resolves
// (time zone, language), not every field: at 100,000 users each location costs memory, and
// the other fields are fully checked offline (a planner message about them names the entry).
void ReadTargetUser(const Fields& u, DesiredTargetUser* out) {
  out->locations.Set("", u.Self());
  auto take = [&](const char* key, auto* member, bool locate) {  // std::optional or HeapOptional
    *member = u.String(key);
    if (*member && locate) out->locations.Set(key, u.Location(key));
  };
  out->email = u.String("email").value_or("");
  if (u.Get("email")) out->locations.Set("email", u.Location("email"));
  take("phone", &out->phone, false);
  take("firstName", &out->first_name, false);
  take("lastName", &out->last_name, false);
  take("department", &out->department, false);
  take("priority", &out->priority, false);
  take("timeZone", &out->time_zone, true);
  take("preferredLanguage", &out->preferred_language, true);
  out->active = u.Bool("active");
  out->groups = u.Strings("groups");
  // The list's location only, not each name's: one field per user, at 100,000s of users.
  if (out->groups) out->locations.Set("groups", u.Location("groups"));
  Fields m = u.Child("manager");
  if (m.present()) {
    DesiredManager manager;
    manager.first_name = m.String("firstName");
    manager.last_name = m.String("lastName");
    manager.email = m.String("email");
    if (manager.email) out->locations.Set("manager.email", m.Location("email"));
    out->manager = manager;
  }
}

void ReadAdmin(const Fields& a, DesiredAdmin* out) {
  out->locations[""] = a.Self();
  auto take = [&](const char* key, std::string* member) {
    if (auto v = a.String(key)) {
      *member = *v;
      out->locations[key] = a.Location(key);
    }
  };
  take("email", &out->email);
  take("firstName", &out->first_name);
  take("lastName", &out->last_name);
  take("phone", &out->phone);
  ReadList(a, "roles", "roles", &out->roles, &out->locations);
  out->active = a.Bool("active");
  if (out->active) out->locations["active"] = a.Location("active");
}

const std::vector<std::string>& CsvColumns() {
  static const std::vector<std::string> columns = {
      "email",  "firstName", "lastName", "department",       "phone",           "priority",
      "active", "timeZone",  "preferredLanguage", "managerFirstName", "managerLastName", "managerEmail", "groups"};
  return columns;
}

std::optional<bool> ParseCsvBool(const std::string& s) {
  std::string v = ToLowerAscii(s);
  if (v == "true" || v == "yes" || v == "1") return true;
  if (v == "false" || v == "no" || v == "0") return false;
  return std::nullopt;
}

// What the loader knows about a customer beyond the desired state, for messages.
struct CustomerNotes {
  size_t inline_users = 0;
  bool has_prune = false;  // the customer's own `prune:` (it replaces the Defaults' list)
  bool start_from_defaults = false;
  bool end_from_defaults = false;
};

// spec.targetGroups names each group once (ignoring case), and every target user's `groups`
// names declared groups only.
void CheckTargetGroups(const DesiredCustomer& c, const CustomerNotes& notes, Diagnostics* diags) {
  std::unordered_map<std::string, SourceLocation> declared;
  std::vector<std::string> names;
  for (size_t i = 0; i < c.target_groups.size(); ++i) {
    const DesiredTargetGroup& g = c.target_groups[i];
    if (Trim(g.name).empty()) continue;
    auto [it, inserted] = declared.emplace(FoldKey(g.name), g.location);
    if (inserted) {
      names.push_back(Trim(g.name));
      continue;
    }
    diags->Error(g.location, fmt::format("spec.targetGroups[{}].name", i),
                 fmt::format("target group \"{}\" is listed twice in customer `{}` (first at {})", Trim(g.name), c.key,
                             it->second.ToString()),
                 "target-group names are compared without case; keep one entry");
  }
  for (size_t i = 0; i < c.target_users.size(); ++i) {
    const DesiredTargetUser& u = c.target_users[i];
    if (!u.groups) continue;
    const bool inline_user = i < notes.inline_users;
    for (size_t j = 0; j < u.groups->size(); ++j) {
      const std::string& name = (*u.groups)[j];
      if (declared.count(FoldKey(name))) continue;
      std::string key = fmt::format("groups[{}]", j);
      SourceLocation where = u.locations.Find("groups", u.locations.Find("", c.location));
      std::vector<std::string> close = ClosestNames(names, name, 3);
      std::string fix = close.empty() ? "declare it in spec.targetGroups"
                                      : fmt::format("did you mean {}? or declare it in spec.targetGroups",
                                                    fmt::join(close, ", "));
      diags->Error(where, inline_user ? fmt::format("spec.targetUsers[{}].{}", i, key) : std::string("groups"),
                   fmt::format("target group \"{}\" is not declared in spec.targetGroups of customer `{}`", Trim(name),
                               c.key),
                   fix);
    }
  }
}

struct DefaultsDoc {
  DesiredCompany company;
  DesiredLicense license;
  std::optional<PruneSet> prune;
  FieldLocations locations;
  SourceLocation location;
  SourceLocation kind_location;
};

void CheckLicenseOrder(const DesiredLicense& license, const FieldLocations& locs, const std::string& path,
                     Diagnostics* diags_) {
  int64_t start = 0, end = 0;
  if (!license.start || !license.end || !ParseIsoDate(*license.start, &start) || !ParseIsoDate(*license.end, &end))
    return;
  if (end > start) return;
  auto loc = locs.find("license.end");
  diags_->Error(loc == locs.end() ? SourceLocation{} : loc->second, path + ".end",
                fmt::format("the license must end after it starts: end {} is not after start {}", *license.end,
                            *license.start),
                "fix license.start or license.end");
}

// Everything one manifest file (and the CSVs it names) gives, loaded on its own so that files
// can be read in parallel; the Loader merges the results in file order.
class FileLoad {
 public:
  /// Loads `file` (and its CSVs) checking against `schema`, which only this thread uses.
  void Load(const ManifestFile& file, const ManifestSchema& schema, const CustomerReadHook* on_customer) {
    schema_ = &schema;
    on_customer_ = on_customer;
    root_ = file.root;
    LoadFile(file);
  }

  Diagnostics diags;
  std::vector<DesiredGroup> groups;
  std::vector<DesiredCustomer> customers;
  std::vector<CustomerNotes> notes;  // parallel to customers
  std::vector<DefaultsDoc> defaults;
  std::vector<std::string> files;
  InputDigest digest;

  /// Documents the file held (an empty or comment-only file holds none).
  size_t documents = 0;

  void LoadFile(const ManifestFile& manifest) {
    const std::string& file = manifest.file;
    std::string text, resolved, error;
    bool read = manifest.walked ? ReadFileUnderRoot(root_, fs::path(file).parent_path().generic_string(),
                                                    fs::path(file).filename().generic_string(), kMaxManifestBytes,
                                                    "a manifest", &text, &resolved, &error)
                                : ReadBoundedFile(file, kMaxManifestBytes, "a manifest", &text, &error);
    if (!read) {
      diags_->Error({file, 0, 0}, "", "cannot read the manifest: it " + error,
                    "keep manifests as regular files (at most " + DescribeSize(kMaxManifestBytes) +
                        ") under the folder given to onboard");
      return;
    }
    digest.Add(file);
    digest.Add(text);
    files.push_back(file);
    for (SourceDocument& doc : ReadYamlDocuments(file, text, diags_)) {
      ++documents;
      LoadDocument(doc);
    }
  }

  void LoadDocument(const SourceDocument& doc) {
    schema_->ValidateDocument(doc, diags_);
    CheckDocumentText(doc, diags_);
    Fields root(doc, &doc.json, "");
    std::optional<std::string> kind = root.String("kind");
    if (!kind) return;
    if (*kind == "Defaults") {
      LoadDefaults(root);
    } else if (*kind == "CompanyGroup") {
      DesiredGroup group;
      group.key = root.Child("metadata").String("name").value_or("");
      group.name = root.Child("spec").String("name").value_or("");
      group.location = root.Self();
      if (!group.key.empty()) groups.push_back(std::move(group));
    } else if (*kind == "Customer") {
      LoadCustomer(root, doc);
    }
  }

  void LoadDefaults(const Fields& root) {
    DefaultsDoc& d = defaults.emplace_back();
    d.location = root.Self();
    d.kind_location = root.Location("kind");
    Fields spec = root.Child("spec");
    ReadCompany(spec.Child("company"), &d.company, &d.locations);
    ReadLicense(spec.Child("license"), &d.license, &d.locations);
    d.prune = ReadPrune(spec, &d.locations);
    CheckDateSyntax(d.license, d.locations);
    CheckLicenseOrder(d.license, d.locations, "spec.license", diags_);
  }

  void LoadCustomer(const Fields& root, const SourceDocument& doc) {
    DesiredCustomer c;
    CustomerNotes note;
    c.location = root.Self();
    c.key = root.Child("metadata").String("name").value_or("");
    if (!c.key.empty()) c.locations["metadata.name"] = root.Child("metadata").Location("name");
    Fields spec = root.Child("spec");
    // A field the customer leaves out is reported at the mapping it belongs in (at `spec:`
    // when the customer has no such mapping), not at the top of the document.
    for (const char* mapping : {"company", "license"}) {
      if (spec.Get(mapping)) c.locations[mapping] = doc.KeyLocation(spec.Pointer(mapping));
      else if (spec.present()) c.locations[mapping] = doc.KeyLocation(root.Pointer("spec"));
    }
    ReadCompany(spec.Child("company"), &c.company, &c.locations);
    ReadLicense(spec.Child("license"), &c.license, &c.locations);
    CheckDateSyntax(c.license, c.locations);
    if (std::optional<PruneSet> prune = ReadPrune(spec, &c.locations)) {
      c.prune = *prune;
      note.has_prune = true;
    }
    if (spec.String("ensure") == std::optional<std::string>("absent")) {
      c.absent = true;
      c.locations["ensure"] = spec.Location("ensure");
      WarnIgnoredWhenAbsent(spec, c);
    }
    CheckCompanyNamed(spec, doc, c);
    if (auto groups = spec.Strings("groups")) {
      c.groups = *groups;
      for (size_t i = 0; i < spec.Size("groups"); ++i)
        c.locations[fmt::format("groups[{}]", i)] = spec.Item("groups", i).Self();
    }
    for (size_t i = 0; i < spec.Size("admins"); ++i) {
      DesiredAdmin admin;
      ReadAdmin(spec.Item("admins", i), &admin);
      c.admins.push_back(std::move(admin));
    }
    c.target_users.reserve(spec.Size("targetUsers"));
    for (size_t i = 0; i < spec.Size("targetUsers"); ++i) {
      DesiredTargetUser user;
      ReadTargetUser(spec.Item("targetUsers", i), &user);
      c.target_users.push_back(std::move(user));
    }
    note.inline_users = c.target_users.size();
    for (size_t i = 0; i < spec.Size("targetGroups"); ++i) {
      Fields g = spec.Item("targetGroups", i);
      c.target_groups.push_back({g.String("name").value_or(""), g.String("priority"), g.Self()});
    }
    if (auto csv = spec.String("targetUsersCsv"); csv && !c.absent) {
      c.locations["targetUsersCsv"] = spec.Location("targetUsersCsv");
      LoadCsv(doc.file, *csv, spec.Location("targetUsersCsv"), &c);
    }
    if (c.absent) {  // only the company's name and pin are used (WarnIgnoredWhenAbsent)
      DesiredCompany kept;
      kept.name = c.company.name;
      kept.resource_id = c.company.resource_id;
      c.company = std::move(kept);
      c.license = {};
      c.groups.clear();
      c.admins.clear();
      c.target_users.clear();
      c.target_groups.clear();
      c.prune = {};
      note.has_prune = true;  // the Defaults' prune does not apply either
      note.inline_users = 0;
    }
    if (on_customer_ && *on_customer_) (*on_customer_)(c);
    customers.push_back(std::move(c));
    notes.push_back(note);
  }

  // The schema cannot say it (whether `name` is required depends on `ensure`): a customer
  // kept names its company (the match key, and what a create sends); an absent one needs only
  // its name or its pinned resourceId.
  void CheckCompanyNamed(const Fields& spec, const SourceDocument& doc, const DesiredCustomer& c) {
    if (!spec.Get("company") || spec.Child("company").Get("name")) return;
    SourceLocation at = doc.KeyLocation(spec.Pointer("company"));
    if (!c.absent)
      diags_->Error(at, "spec.company", "missing required field `name`",
                    "add `name`: The company's name on the platform (the match key), at most 64 characters.");
    else if (!c.company.resource_id)
      diags_->Error(at, "spec.company", "an absent customer names the company to delete: missing `name` or `resourceId`",
                    "add `name` (the exact company name) or `resourceId` (the company's id)");
  }

  // An absent customer needs only its company's name or resourceId; the rest of the document
  // may stay (so offboarding is a one-line change in review) but is not used: say so.
  void WarnIgnoredWhenAbsent(const Fields& spec, const DesiredCustomer& c) {
    std::vector<std::string> ignored;
    for (const char* key : {"license", "groups", "admins", "targetUsers", "targetUsersCsv", "targetGroups", "prune"})
      if (spec.Get(key)) ignored.emplace_back(key);
    Fields company = spec.Child("company");
    for (const CompanyField& f : kCompanyStrings)
      if (std::string(f.key) != "resourceId" && company.Get(f.key)) ignored.push_back(std::string("company.") + f.key);
    if (company.Get("tags")) ignored.emplace_back("company.tags");
    if (ignored.empty()) return;
    diags_->Warning(spec.Location("ensure"), "spec.ensure",
                    fmt::format("customer `{}` is marked ensure: absent, so its other fields are ignored ({}): the "
                                "company is deleted with its admins and target users",
                                c.key, fmt::format("{}", fmt::join(ignored, ", "))),
                    "remove the ignored fields, or remove `ensure: absent` to keep the customer");
  }

  void LoadCsv(const std::string& manifest, const std::string& relative, const SourceLocation& where,
               DesiredCustomer* c) {
    std::string text, file, read_error;
    // The checks come before anything of the file is read, and no message quotes it: a path
    // such as ../../etc/passwd must not leak the first line of that file into an error.
    if (!ReadFileUnderRoot(root_, fs::path(manifest).parent_path().generic_string(), relative, kMaxCsvBytes,
                           "a CSV file", &text, &file, &read_error)) {
      diags_->Error(where, "spec.targetUsersCsv", fmt::format("CSV file {} {}", relative, read_error),
                    fmt::format("the path is relative to the folder of this manifest and must stay under {} "
                                "(a regular file of at most {})",
                                root_.empty() ? std::string(".") : root_, DescribeSize(kMaxCsvBytes)));
      return;
    }
    digest.Add(file);
    digest.Add(text);
    files.push_back(file);
    std::vector<CsvRecord> records;
    CsvError error;
    if (!ParseCsv(text, &records, &error)) {
      diags_->Error({file, error.line, error.column}, "", error.message);
      return;
    }
    if (records.empty()) {
      diags_->Error({file, 1, 1}, "", "the CSV file is empty; its first row must name the columns",
                    "start with a header row such as email,firstName,lastName,phone");
      return;
    }
    // Column index -> field name ("" = ignored after an error).
    const CsvRecord& header = records[0];
    std::vector<std::string> columns;
    std::set<std::string> seen;
    bool has_email = false;
    for (const CsvField& h : header.fields) {
      std::string name = Trim(h.value);
      const auto& known = CsvColumns();
      if (std::string problem = TextProblem(name, false); !problem.empty()) {
        diags_->Error({file, h.line, h.column}, "", "the column name " + problem, "retype the column name");
        columns.emplace_back();
        continue;
      }
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string summary = fmt::format("unknown column `{}`", Printable(name));
        if (std::string s = DidYouMean(name, known); !s.empty()) summary += "; " + s;
        std::string fix = "the columns are ";
        for (size_t i = 0; i < known.size(); ++i) fix += (i ? ", " : "") + known[i];
        diags_->Error({file, h.line, h.column}, "", summary, fix);
        columns.emplace_back();
        continue;
      }
      if (!seen.insert(name).second) {
        diags_->Error({file, h.line, h.column}, "", fmt::format("column `{}` appears twice", name),
                      "remove one of them");
        columns.emplace_back();
        continue;
      }
      has_email = has_email || name == "email";
      columns.push_back(name);
    }
    if (!has_email) {
      diags_->Error({file, header.line, 0}, "", "the header row has no `email` column",
                    "add an email column: every target user is keyed by email");
      return;
    }
    SourceDocument rows;
    rows.file = file;
    rows.json.SetArray();
    auto& alloc = rows.json.GetAllocator();
    rows.json.Reserve(static_cast<rapidjson::SizeType>(records.size() - 1), alloc);
    for (size_t r = 1; r < records.size(); ++r) {
      const CsvRecord& record = records[r];
      if (record.fields.size() != columns.size()) {
        bool blank = std::all_of(record.fields.begin(), record.fields.end(),
                                 [](const CsvField& f) { return Trim(f.value).empty(); });
        if (blank) continue;
        diags_->Error({file, record.line, 0}, "",
                      fmt::format("the row has {} fields but the header has {}", record.fields.size(), columns.size()),
                      "quote a field that contains a comma: \"Doe, Jane\"");
        continue;
      }
      std::string ptr = fmt::format("/{}", rows.json.Size());
      Value row(rapidjson::kObjectType);
      Value manager(rapidjson::kObjectType);
      bool ok = true, has_row_email = false;
      NodeMark* manager_mark = nullptr;
      for (size_t i = 0; i < columns.size(); ++i) {
        const std::string& name = columns[i];
        const CsvField& cell = record.fields[i];
        std::string value = Trim(cell.value);
        if (name.empty()) continue;
        if (name == "email" && value.empty()) {
          diags_->Error({file, record.line, cell.column}, "email", "the email is empty: every target user needs one",
                        "fill in the email, or remove the row");
          ok = false;
          continue;
        }
        if (value.empty()) continue;  // an empty cell: not managed
        if (std::string problem = TextProblem(value, false); !problem.empty()) {
          diags_->Error({file, record.line, cell.column}, name, problem,
                        problem.find("UTF-8") != std::string::npos ? "save the file as UTF-8"
                        : problem.find("blank") != std::string::npos ? "write the value, or leave the cell empty"
                                                                      : "remove the character");
          ok = false;
          continue;
        }
        has_row_email = has_row_email || name == "email";
        Value json_value;
        if (name == "groups") {
          // Names separated by ';' (a cell of only ";" is the empty list: no group at all).
          json_value.SetArray();
          size_t start = 0;
          while (start <= value.size()) {
            size_t end = value.find(';', start);
            if (end == std::string::npos) end = value.size();
            std::string item = Trim(std::string_view(value).substr(start, end - start));
            if (!item.empty())
              json_value.PushBack(Value(item.c_str(), static_cast<rapidjson::SizeType>(item.size()), alloc), alloc);
            start = end + 1;
          }
        } else if (name == "active") {
          std::optional<bool> b = ParseCsvBool(value);
          if (!b) {
            diags_->Error({file, record.line, cell.column}, "active",
                          fmt::format("must be true, false, yes, no, 1 or 0, got \"{}\"", value));
            ok = false;
            continue;
          }
          json_value.SetBool(*b);
        } else {
          json_value.SetString(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), alloc);
        }
        if (name.compare(0, 7, "manager") == 0) {
          std::string key = name.substr(7);
          key[0] = static_cast<char>(key[0] - 'A' + 'a');
          NodeMark& m = rows.marks[ptr + "/manager/" + key];
          m.line = record.line;
          m.column = cell.column;
          if (!manager_mark) manager_mark = &m;
          manager.AddMember(Value(key.c_str(), static_cast<rapidjson::SizeType>(key.size()), alloc), json_value, alloc);
        } else {
          NodeMark& m = rows.marks[ptr + "/" + name];
          m.line = record.line;
          m.column = cell.column;
          row.AddMember(Value(name.c_str(), static_cast<rapidjson::SizeType>(name.size()), alloc), json_value, alloc);
        }
      }
      if (!ok || !has_row_email) continue;
      if (manager_mark) {
        NodeMark& m = rows.marks[ptr + "/manager"];
        m.line = manager_mark->line;
        m.column = manager_mark->column;
        row.AddMember("manager", manager, alloc);
      }
      NodeMark& row_mark = rows.marks[ptr];
      row_mark.line = record.line;
      row_mark.column = 0;  // a row is file:line
      rows.json.PushBack(row, alloc);
    }
    schema_->ValidateTargetUsers(rows, diags_);
    c->target_users.reserve(c->target_users.size() + rows.json.Size());  // no growth slack: 100,000s of users
    for (rapidjson::SizeType i = 0; i < rows.json.Size(); ++i) {
      DesiredTargetUser user;
      ReadTargetUser(Fields(rows, &rows.json[i], fmt::format("/{}", i)), &user);
      c->target_users.push_back(std::move(user));
    }
  }

  void CheckDateSyntax(const DesiredLicense& license, const FieldLocations& locs) {
    for (const char* key : {"start", "end"}) {
      const std::optional<std::string>& v = std::string(key) == "start" ? license.start : license.end;
      int64_t seconds = 0;
      if (v && !ParseIsoDate(*v, &seconds)) {
        auto loc = locs.find(std::string("license.") + key);
        diags_->Error(loc == locs.end() ? SourceLocation{} : loc->second, std::string("spec.license.") + key,
                      fmt::format("must be a date (YYYY-MM-DD) or an ISO 8601 date-time "
                                  "(YYYY-MM-DDTHH:MM:SSZ) of a real day, got \"{}\"",
                                  *v),
                      "e.g. 2027-01-01");
      }
    }
  }


 private:
  Diagnostics* diags_ = &diags;
  const ManifestSchema* schema_ = nullptr;
  const CustomerReadHook* on_customer_ = nullptr;
  std::string root_;
};

class Loader {
 public:
  Loader(Diagnostics* diags, const CustomerReadHook* on_customer) : diags_(diags), on_customer_(on_customer) {}

  DesiredState Run(const std::vector<std::string>& paths) {
    std::vector<ManifestFile> files = ExpandPaths(paths);
    LoadFiles(files);
    CheckNotEmpty(paths, files);
    MergeDefaults();
    CheckGroups();
    CheckCustomers();
    state_.digest = digest_.Hex();
    return std::move(state_);
  }

 private:
  void LoadFiles(const std::vector<ManifestFile>& files) {
    std::vector<FileLoad> loads(files.size());
    std::atomic<size_t> next{0};
    auto work = [&](const ManifestSchema& schema) {
      for (size_t i; (i = next++) < files.size();) loads[i].Load(files[i], schema, on_customer_);
    };
    // yaml-cpp parsing dominates; files are independent, so use the cores there are.
    size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
    threads = std::min(threads, std::max<size_t>(1, files.size() / 8));
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t)
      pool.emplace_back([&] {
        ManifestSchema own(ManifestSchemaJson());  // a compiled schema is not shareable (schema_check.h)
        work(own);
      });
    work(ManifestSchema::Embedded());
    for (std::thread& t : pool) t.join();
    documents_.assign(files.size(), 0);
    for (size_t f = 0; f < loads.size(); ++f) {
      FileLoad& load = loads[f];
      documents_[f] = load.documents;
      if (load.diags.has_errors()) failed_origins_.insert(files[f].origin);
      diags_->Append(load.diags);
      for (DesiredGroup& g : load.groups) state_.groups.push_back(std::move(g));
      for (size_t k = 0; k < load.customers.size(); ++k) {
        state_.customers.push_back(std::move(load.customers[k]));
        notes_.push_back(load.notes[k]);
      }
      for (DefaultsDoc& d : load.defaults) {
        if (!defaults_) {
          defaults_ = std::move(d);
          continue;
        }
        diags_->Error(d.kind_location, "kind",
                      fmt::format("a second Defaults document; at most one is allowed (the first is at {})",
                                  defaults_->location.ToString()),
                      "merge the two Defaults documents into one");
      }
      for (std::string& f : load.files) state_.files.push_back(std::move(f));
      digest_.Add(load.digest.Hex());
    }
  }

  std::vector<ManifestFile> ExpandPaths(const std::vector<std::string>& paths) {
    std::vector<ManifestFile> files;
    std::set<std::string> seen;
    size_t origin = 0;
    auto add = [&](const fs::path& p, const std::string& root, bool walked) {
      std::error_code ec;
      fs::path canonical = fs::weakly_canonical(p, ec);
      if (seen.insert(ec ? p.generic_string() : canonical.generic_string()).second)
        files.push_back({p.generic_string(), root, walked, origin});
    };
    for (; origin < paths.size(); ++origin) {
      const std::string& path = paths[origin];
      std::error_code ec;
      fs::file_status status = fs::status(path, ec);
      if (!fs::exists(status)) {
        diags_->Error({path, 0, 0}, "", "no such file or directory", "check the path");
      } else if (fs::is_directory(status)) {
        std::vector<fs::path> found;
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
          const fs::path& p = it->path();
          std::string name = p.filename().string();
          if (it->is_directory(ec)) {
            if (!name.empty() && name[0] == '.') it.disable_recursion_pending();
            continue;
          }
          std::string ext = p.extension().string();
          if ((ext == ".yaml" || ext == ".yml") && it->is_regular_file(ec)) found.push_back(p);
        }
        if (ec) diags_->Error({path, 0, 0}, "", "cannot read the directory: " + ec.message());
        std::sort(found.begin(), found.end(),
                  [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
        if (found.empty() && !ec)
          diags_->Error({path, 0, 0}, "", fmt::format("no manifests found under {}: it has no *.yaml or *.yml file", path),
                        "give the folder that holds the manifests");
        for (const fs::path& p : found) add(p, path, true);
      } else {
        std::string folder = fs::path(path).parent_path().generic_string();
        add(path, folder.empty() ? "." : folder, false);
      }
    }
    return files;
  }

  // A PATH whose files hold no document would otherwise plan "No changes": a wrong folder, an
  // emptied file or a checkout gone wrong must not look like a fleet in sync. (One empty file
  // beside real manifests is fine: a placeholder.)
  void CheckNotEmpty(const std::vector<std::string>& paths, const std::vector<ManifestFile>& files) {
    std::vector<size_t> per_path(paths.size(), 0), files_per_path(paths.size(), 0);
    for (size_t f = 0; f < files.size(); ++f) {
      per_path[files[f].origin] += documents_[f];
      ++files_per_path[files[f].origin];
    }
    for (size_t i = 0; i < paths.size(); ++i) {
      if (per_path[i] > 0 || files_per_path[i] == 0 || failed_origins_.count(i)) continue;
      diags_->Error({paths[i], 0, 0}, "",
                    files_per_path[i] == 1
                        ? fmt::format("no manifests found under {}: the file holds no YAML document", paths[i])
                        : fmt::format("no manifests found under {}: its {} files hold no YAML document", paths[i],
                                      files_per_path[i]),
                    "give the folder that holds the manifests, or add a document (apiVersion: onboard/v1)");
    }
  }

  void MergeDefaults() {
    if (!defaults_) return;
    for (size_t k = 0; k < state_.customers.size(); ++k) {
      DesiredCustomer& c = state_.customers[k];
      const DefaultsDoc& d = *defaults_;
      for (const CompanyField& f : kCompanyStrings)
        MergeField(&(c.company.*f.member), d.company.*f.member, std::string("company.") + f.key, d.locations,
                   &c.locations);
      MergeField(&c.company.tags, d.company.tags, "company.tags", d.locations, &c.locations);
      notes_[k].start_from_defaults = !c.license.start && d.license.start;
      notes_[k].end_from_defaults = !c.license.end && d.license.end;
      for (const LicenseField& f : kLicenseStrings)
        MergeField(&(c.license.*f.member), d.license.*f.member, std::string("license.") + f.key, d.locations,
                   &c.locations);
      MergeField(&c.license.modules, d.license.modules, "license.modules", d.locations, &c.locations);
      MergeField(&c.license.users, d.license.users, "license.users", d.locations, &c.locations);
      MergeField(&c.license.limited, d.license.limited, "license.limited", d.locations, &c.locations);
      if (!notes_[k].has_prune && d.prune) {
        c.prune = *d.prune;
        if (auto it = d.locations.find("prune"); it != d.locations.end()) c.locations["prune"] = it->second;
      }
    }
  }

  void CheckGroups() {
    std::unordered_map<std::string, SourceLocation> keys, names, pinned;
    for (const DesiredGroup& g : state_.groups) {
      auto [k, new_key] = keys.emplace(g.key, g.location);
      if (!new_key)
        diags_->Error(g.location, "metadata.name",
                      fmt::format("CompanyGroup `{}` is defined twice (first at {})", g.key, k->second.ToString()),
                      "give each CompanyGroup its own metadata.name");
      if (g.name.empty()) continue;
      auto [n, new_name] = names.emplace(ToLowerAscii(g.name), g.location);
      if (new_key && !new_name)
        diags_->Error(g.location, "spec.name",
                      fmt::format("two CompanyGroups have the group name \"{}\" (the other is at {})", g.name,
                                  n->second.ToString()),
                      "group names are compared without case; give each group its own name");
    }
  }

  void CheckCustomers() {
    std::unordered_map<std::string, SourceLocation> keys, names, pinned;
    for (size_t k = 0; k < state_.customers.size(); ++k) {
      const DesiredCustomer& c = state_.customers[k];
      if (!c.key.empty()) {
        SourceLocation here = Location(c.locations, "metadata.name", c.location);
        auto [it, inserted] = keys.emplace(c.key, here);
        if (!inserted)
          diags_->Error(here, "metadata.name",
                        fmt::format("customer `{}` is defined twice (first at {})", c.key, it->second.ToString()),
                        "give each Customer its own metadata.name");
      }
      // A customer pinned by resourceId is matched by its id, so only the id must be unique;
      // the others are matched by name, so their names must be.
      if (c.company.resource_id && !c.company.resource_id->empty()) {
        SourceLocation here = Location(c.locations, "company.resourceId", c.location);
        auto [it, inserted] = pinned.emplace(*c.company.resource_id, here);
        if (!inserted)
          diags_->Error(here, "spec.company.resourceId",
                        fmt::format("two customers pin the company {} (the other is at {})",
                                    *c.company.resource_id, it->second.ToString()),
                        "each customer needs its own company");
      } else if (!c.company.name.empty()) {
        SourceLocation here = Location(c.locations, "company.name", c.location);
        auto [it, inserted] = names.emplace(ToLowerAscii(c.company.name), here);
        if (!inserted)
          diags_->Error(here, "spec.company.name",
                        fmt::format("two customers have the company name \"{}\" (the other is at {})",
                                    c.company.name, it->second.ToString()),
                        "company names are compared without case; each customer needs its own company");
      }
      CheckUsers(c, notes_[k]);
      CheckTargetGroups(c, notes_[k], diags_);
      if (!(notes_[k].start_from_defaults && notes_[k].end_from_defaults))
        CheckLicenseOrder(c.license, c.locations, "spec.license", diags_);
    }
  }

  static SourceLocation Location(const FieldLocations& locs, const std::string& key, const SourceLocation& fallback) {
    auto it = locs.find(key);
    return it == locs.end() ? fallback : it->second;
  }

  void CheckEmail(const std::string& email, const SourceLocation& loc, const std::string& field) {
    std::string why;
    if (!email.empty() && !IsValidEmail(email, &why))
      diags_->Error(loc, field, fmt::format("\"{}\" is not a valid email address: it {}", email, why),
                    "write it as name@example.com");
  }

  void CheckUsers(const DesiredCustomer& c, const CustomerNotes& notes) {
    std::unordered_map<std::string, SourceLocation> seen;
    for (size_t i = 0; i < c.admins.size(); ++i) {
      const DesiredAdmin& a = c.admins[i];
      std::string field = fmt::format("spec.admins[{}].email", i);
      SourceLocation loc = Location(a.locations, "email", Location(a.locations, "", c.location));
      CheckEmail(a.email, loc, field);
      if (a.email.empty()) continue;
      auto [it, inserted] = seen.emplace(ToLowerAscii(a.email), loc);
      if (!inserted)
        diags_->Error(loc, field,
                      fmt::format("admin {} is listed twice in customer `{}` (first at {})", a.email, c.key,
                                  it->second.ToString()),
                      "emails are compared without case; keep one entry");
    }
    seen.clear();
    seen.reserve(c.target_users.size());
    for (size_t i = 0; i < c.target_users.size(); ++i) {
      const DesiredTargetUser& u = c.target_users[i];
      bool inline_user = i < notes.inline_users;
      std::string prefix = inline_user ? fmt::format("spec.targetUsers[{}].", i) : std::string();
      SourceLocation loc = u.locations.Find("email", c.location);
      CheckEmail(u.email, loc, prefix + "email");
      if (u.manager && u.manager->email)
        CheckEmail(*u.manager->email, u.locations.Has("manager.email") ? u.locations.Find("manager.email") : loc,
                   prefix + (inline_user ? "manager.email" : "managerEmail"));
      if (u.email.empty()) continue;
      auto [it, inserted] = seen.emplace(ToLowerAscii(u.email), loc);
      if (!inserted)
        diags_->Error(loc, prefix + "email",
                      fmt::format("target user {} is listed twice in customer `{}` (first at {})", u.email, c.key,
                                  it->second.ToString()),
                      "emails are compared without case; keep one entry (inline or in the CSV)");
    }
  }

  Diagnostics* diags_;
  const CustomerReadHook* on_customer_;
  DesiredState state_;
  std::vector<CustomerNotes> notes_;  // parallel to state_.customers
  std::optional<DefaultsDoc> defaults_;
  InputDigest digest_;
  std::vector<size_t> documents_;   // per file of LoadFiles
  std::set<size_t> failed_origins_;  // PATHs with a file that had errors
};

}  // namespace

DesiredState LoadManifests(const std::vector<std::string>& paths, Diagnostics* diags) {
  return Loader(diags, nullptr).Run(paths);
}

DesiredState LoadManifests(const std::vector<std::string>& paths, Diagnostics* diags,
                           const CustomerReadHook& on_customer) {
  return Loader(diags, &on_customer).Run(paths);
}

ManifestCounts CountManifests(const DesiredState& state) {
  ManifestCounts counts;
  counts.customers = state.customers.size();
  counts.groups = state.groups.size();
  for (const DesiredCustomer& c : state.customers) {
    counts.admins += c.admins.size();
    counts.target_users += c.target_users.size();
  }
  return counts;
}

}  // namespace onboard
