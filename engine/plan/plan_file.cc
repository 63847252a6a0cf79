#include "engine/plan/plan_file.h"

#include <cstdlib>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>

#include "engine/plan/json_out.h"
#include "engine/text/strings.h"

namespace onboard {
namespace {

constexpr ActionType kActionTypes[] = {ActionType::Create, ActionType::Update, ActionType::Delete,
                                       ActionType::AddParticipant, ActionType::RemoveParticipant};
constexpr ObjectType kObjectTypes[] = {ObjectType::Group, ObjectType::Company, ObjectType::Participant,
                                       ObjectType::Admin, ObjectType::TargetUser, ObjectType::TargetGroup,
                                       ObjectType::TargetGroupMembers};

// ---- Writing -------------------------------------------------------------------------

using Out = JsonOut;

// [[name, value], ...]: the fields a body sends back unchanged.
void WritePairs(Out& o, const char* key, const PassthroughFields& pairs) {
  o.Key(key);
  o.w()->StartArray();
  for (const auto& [name, value] : pairs) {
    o.w()->StartArray();
    o.Str(name);
    o.Str(value);
    o.w()->EndArray();
  }
  o.w()->EndArray();
}

void WriteJoins(Out& o, const std::vector<ParticipantBody>& joins) {
  o.Key("joins");
  o.w()->StartArray();
  for (const ParticipantBody& join : joins) {
    o.w()->StartObject();
    o.Str("group_name", join.group_name);
    o.Ref("group_ref", join.group);
    o.w()->EndObject();
  }
  o.w()->EndArray();
}

void WriteCompany(Out& o, const CompanyRecord& c, const std::vector<ParticipantBody>& joins,
                  const CompanyBody* going = nullptr) {
  o.w()->StartObject();
  o.Str("id", c.id);
  o.Str("name", c.name);
  o.Str("description", c.description);
  o.Str("industry_id", c.industry_id);
  o.Str("country_id", c.country_id);
  o.Str("address", c.address);
  o.Str("website_url", c.website_url);
  o.Str("license_type_id", c.license_type_id);
  o.Str("license_period_id", c.license_period_id);
  o.Strings("license_module_ids", c.license_module_ids);
  o.Str("license_start", c.license_start);
  o.Str("license_end", c.license_end);
  o.Bool("users_limited", c.users_limited);
  o.Int("number_of_users", c.number_of_users);
  o.Str("preferred_language_id", c.preferred_language_id);
  o.Str("time_zone_id", c.time_zone_id);
  o.Str("date_format", c.date_format);
  o.Str("time_format", c.time_format);
  o.Strings("tags", c.tags);
  o.Strings("group_ids", c.group_ids);
  o.OptInt("status_id", c.status_id);
  WritePairs(o, "passthrough", c.passthrough);
  WriteJoins(o, joins);
  if (going && (going->admins_going || going->target_users_going)) {  // deletes only
    o.Int("admins_going", going->admins_going);
    o.Int("target_users_going", going->target_users_going);
  }
  o.w()->EndObject();
}

void WriteAdmin(Out& o, const SystemUserRecord& u, const std::vector<std::string>& role_names_after_apply) {
  o.w()->StartObject();
  o.Str("id", u.id);
  o.Str("email", u.email);
  o.Str("first_name", u.first_name);
  o.Str("last_name", u.last_name);
  o.Str("phone", u.phone);
  o.Strings("role_ids", u.role_ids);
  o.Strings("role_names", u.role_names);
  o.OptInt("status_id", u.status_id);
  if (!u.passthrough.empty()) WritePairs(o, "passthrough", u.passthrough);  // optional in a plan
  o.Strings("role_names_after_apply", role_names_after_apply);
  o.w()->EndObject();
}

void WriteTargetUser(Out& o, const TargetUserRecord& u, const std::vector<ParticipantBody>& joins) {
  o.w()->StartObject();
  o.Str("id", u.id);
  o.Str("email", u.email);
  o.Str("phone", u.phone);
  o.Str("first_name", u.first_name);
  o.Str("last_name", u.last_name);
  o.Str("department", u.department);
  o.Str("priority", u.priority);
  o.OptBool("active", u.active);
  o.Str("time_zone_id", u.time_zone_id);
  o.Str("preferred_language_id", u.preferred_language_id);
  o.Str("manager_first_name", u.manager_first_name);
  o.Str("manager_last_name", u.manager_last_name);
  o.Str("manager_email", u.manager_email);
  o.Bool("detailed", u.detailed);
  if (!u.passthrough.empty()) WritePairs(o, "passthrough", u.passthrough);  // optional in a plan
  if (u.target_group_ids) o.Strings("target_group_ids", *u.target_group_ids);
  if (!joins.empty()) WriteJoins(o, joins);  // optional in a plan: creates that join target groups
  o.w()->EndObject();
}

void WriteAction(Out& o, const Action& a) {
  o.w()->StartObject();
  o.Str("address", a.address);
  o.Str("action", ActionTypeName(a.type));
  o.Str("object", ObjectTypeName(a.object()));
  o.Str("customer", a.customer);
  o.Strings("depends_on", a.depends_on);
  o.Str("source", a.source.ToString());
  o.Str("fingerprint", a.fingerprint);
  o.Str("target_id", a.target_id);
  o.Ref("company_ref", a.company_ref);
  o.Key("changes");
  o.w()->StartArray();
  for (const FieldChange& c : a.changes) {
    o.w()->StartObject();
    o.Str("field", c.field);
    o.Str("before", c.before);
    o.Str("after", c.after);
    o.Bool("sensitive", c.sensitive);
    o.w()->EndObject();
  }
  o.w()->EndArray();
  o.Key("body");
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, GroupBody>) {
          o.w()->StartObject();
          o.Str("name", body.name);
          o.w()->EndObject();
        } else if constexpr (std::is_same_v<T, CompanyBody>) {
          WriteCompany(o, *body.record, body.joins, &body);
        } else if constexpr (std::is_same_v<T, ParticipantBody>) {
          o.w()->StartObject();
          o.Str("group_name", body.group_name);
          o.Ref("group_ref", body.group);
          o.w()->EndObject();
        } else if constexpr (std::is_same_v<T, AdminBody>) {
          WriteAdmin(o, body.record, body.role_names_after_apply);
        } else if constexpr (std::is_same_v<T, TargetUserBody>) {
          WriteTargetUser(o, body.record, body.joins);
        } else if constexpr (std::is_same_v<T, TargetGroupBody>) {
          o.w()->StartObject();
          o.Str("id", body.record.id);
          o.Str("name", body.record.name);
          o.Str("priority", body.record.priority);
          o.Int("members", body.members);
          o.w()->EndObject();
        } else if constexpr (std::is_same_v<T, TargetGroupMembersBody>) {
          o.w()->StartObject();
          o.Str("group_name", body.group_name);
          o.Ref("group_ref", body.group);
          o.Strings("user_ids", body.user_ids);
          o.Strings("emails", body.emails);
          o.w()->EndObject();
        }
      },
      a.body);
  o.w()->EndObject();
}

void WriteDiagnostic(Out& o, const Diagnostic& d) {
  o.w()->StartObject();
  o.Str("severity", d.severity == Severity::Error ? "error" : "warning");
  o.Str("subject", d.subject);
  o.Str("location", d.location.ToString());
  o.Str("field", d.field);
  o.Str("summary", d.summary);
  o.Str("fix", d.fix);
  if (!d.group.empty()) o.Str("group", d.group);
  o.w()->EndObject();
}

// "unlisted": {customers: [{customer, target_users, admins, target_groups, addresses}],
// companies: [{id, name}]}; left out when there is nothing unlisted.
void WriteUnlisted(Out& o, const UnlistedObjects& unlisted) {
  if (unlisted.empty()) return;
  o.Key("unlisted");
  o.w()->StartObject();
  o.Key("customers");
  o.w()->StartArray();
  for (const UnlistedCustomer& c : unlisted.customers) {
    o.w()->StartObject();
    o.Str("customer", c.customer);
    o.Int("target_users", c.target_users);
    o.Int("admins", c.admins);
    o.Int("target_groups", c.target_groups);
    o.Strings("addresses", c.addresses);
    o.w()->EndObject();
  }
  o.w()->EndArray();
  o.Key("companies");
  o.w()->StartArray();
  for (const UnlistedCompany& c : unlisted.companies) {
    o.w()->StartObject();
    o.Str("id", c.id);
    o.Str("name", c.name);
    o.w()->EndObject();
  }
  o.w()->EndArray();
  o.w()->EndObject();
}

// ---- Reading -------------------------------------------------------------------------

// Reads fields of one JSON object, each named by its path for the error message. The first
// problem is kept in *error; later reads then do nothing, so callers check once at the end.
class In {
 public:
  In(const rapidjson::Value& v, std::string path, std::string* error) : v_(v), path_(std::move(path)), error_(error) {}

  bool ok() const { return error_->empty(); }
  std::string Path(const char* key) const { return path_.empty() ? key : path_ + "." + key; }
  bool Fail(const std::string& path, const std::string& what) {
    if (ok()) *error_ = fmt::format("saved plan: {}: {}", path, what);
    return false;
  }

  // The member `key` when present and of the wanted kind, else nullptr (and the error).
  const rapidjson::Value* Member(const char* key, bool (rapidjson::Value::*is)() const, const char* kind) {
    if (!ok()) return nullptr;
    if (!v_.IsObject()) return Fail(path_, "expected an object"), nullptr;
    auto it = v_.FindMember(key);
    if (it == v_.MemberEnd()) return Fail(Path(key), "missing"), nullptr;
    if (!(it->value.*is)()) return Fail(Path(key), fmt::format("expected {}", kind)), nullptr;
    return &it->value;
  }
  bool Has(const char* key) const { return v_.IsObject() && v_.HasMember(key); }

  void Str(const char* key, std::string* out) {
    if (const rapidjson::Value* m = Member(key, &rapidjson::Value::IsString, "a string"))
      out->assign(m->GetString(), m->GetStringLength());
  }
  // The compact string fields (model/rare_string.h, model/interned_string.h) read as one.
  template <typename CompactString>
  void Str(const char* key, CompactString* out) {
    if (const rapidjson::Value* m = Member(key, &rapidjson::Value::IsString, "a string"))
      *out = std::string(m->GetString(), m->GetStringLength());
  }
  void Int(const char* key, int* out) {
    if (const rapidjson::Value* m = Member(key, &rapidjson::Value::IsInt, "an integer")) *out = m->GetInt();
  }
  void Bool(const char* key, bool* out) {
    if (const rapidjson::Value* m = Member(key, &rapidjson::Value::IsBool, "true or false")) *out = m->GetBool();
  }
  void OptInt(const char* key, std::optional<int>* out) {
    if (Has(key) && v_[key].IsNull()) return out->reset();
    int v = 0;
    Int(key, &v);
    *out = v;
  }
  void OptBool(const char* key, std::optional<bool>* out) {
    if (Has(key) && v_[key].IsNull()) return out->reset();
    bool v = false;
    Bool(key, &v);
    *out = v;
  }
  template <typename String>  // std::string, or a compact string of model/
  void Strings(const char* key, std::vector<String>* out) {
    const rapidjson::Value* m = Member(key, &rapidjson::Value::IsArray, "an array");
    if (!m) return;
    out->clear();
    for (rapidjson::SizeType i = 0; i < m->Size(); ++i) {
      const rapidjson::Value& e = (*m)[i];
      if (!e.IsString()) return void(Fail(fmt::format("{}[{}]", Path(key), i), "expected a string"));
      out->emplace_back(std::string_view(e.GetString(), e.GetStringLength()));
    }
  }
  void Ref(const char* key, IdRef* out) {
    const rapidjson::Value* m = Member(key, &rapidjson::Value::IsObject, "an object");
    if (!m) return;
    In ref(*m, Path(key), error_);
    if (ref.Has("id")) ref.Str("id", &out->id);
    if (ref.Has("from_action")) ref.Str("from_action", &out->from_action);
  }
  // Calls read(In&) for each element of the array `key`, with a path "key[i]".
  template <typename F>
  void Each(const char* key, F read) {
    const rapidjson::Value* m = Member(key, &rapidjson::Value::IsArray, "an array");
    if (!m) return;
    for (rapidjson::SizeType i = 0; i < m->Size() && ok(); ++i) {
      In element((*m)[i], fmt::format("{}[{}]", Path(key), i), error_);
      if (!(*m)[i].IsObject()) return void(element.Fail(element.path_, "expected an object"));
      read(element);
    }
  }
  // The member object `key` as a reader.
  In Object(const char* key) {
    static const rapidjson::Value kNull;
    const rapidjson::Value* m = Member(key, &rapidjson::Value::IsObject, "an object");
    return In(m ? *m : kNull, Path(key), error_);
  }
  const rapidjson::Value& value() const { return v_; }
  const std::string& path() const { return path_; }

 private:
  const rapidjson::Value& v_;
  std::string path_;
  std::string* error_;
};

// "file:line:col", "file:line" or "file" back into a SourceLocation. Numbers are taken from
// the right, so a file name may hold ':'.
SourceLocation ParseLocation(const std::string& s) {
  SourceLocation loc;
  loc.file = s;
  auto take_number = [&](int* out) {
    size_t colon = loc.file.rfind(':');
    if (colon == std::string::npos || colon + 1 == loc.file.size()) return false;
    for (size_t i = colon + 1; i < loc.file.size(); ++i)
      if (loc.file[i] < '0' || loc.file[i] > '9') return false;
    *out = std::atoi(loc.file.c_str() + colon + 1);
    loc.file.resize(colon);
    return true;
  };
  int last = 0, before_last = 0;
  if (take_number(&last)) {
    if (take_number(&before_last)) {
      loc.line = before_last;
      loc.column = last;
    } else {
      loc.line = last;
    }
  }
  return loc;
}

template <typename Enum, size_t N>
bool ParseEnum(In& in, const char* key, const Enum (&values)[N], const char* (*name)(Enum), Enum* out) {
  std::string text;
  in.Str(key, &text);
  if (!in.ok()) return false;
  std::string known;
  for (Enum v : values) {
    if (text == name(v)) return *out = v, true;
    known += (known.empty() ? "" : ", ") + std::string(name(v));
  }
  return in.Fail(in.Path(key), fmt::format("unknown value \"{}\" (expected one of {})", text, known));
}

void ReadPairs(In& in, const char* key, PassthroughFields* out) {
  const rapidjson::Value* pass = in.Member(key, &rapidjson::Value::IsArray, "an array");
  if (!pass) return;
  for (rapidjson::SizeType i = 0; i < pass->Size(); ++i) {
    const rapidjson::Value& pair = (*pass)[i];
    if (!pair.IsArray() || pair.Size() != 2 || !pair[0].IsString() || !pair[1].IsString())
      return void(in.Fail(fmt::format("{}[{}]", in.Path(key), i), "expected [name, value] strings"));
    out->emplace_back(std::string_view(pair[0].GetString(), pair[0].GetStringLength()),
                      std::string(pair[1].GetString(), pair[1].GetStringLength()));
  }
}

void ReadCompany(In& in, CompanyRecord* c) {
  in.Str("id", &c->id);
  in.Str("name", &c->name);
  in.Str("description", &c->description);
  in.Str("industry_id", &c->industry_id);
  in.Str("country_id", &c->country_id);
  in.Str("address", &c->address);
  in.Str("website_url", &c->website_url);
  in.Str("license_type_id", &c->license_type_id);
  in.Str("license_period_id", &c->license_period_id);
  in.Strings("license_module_ids", &c->license_module_ids);
  in.Str("license_start", &c->license_start);
  in.Str("license_end", &c->license_end);
  in.Bool("users_limited", &c->users_limited);
  in.Int("number_of_users", &c->number_of_users);
  in.Str("preferred_language_id", &c->preferred_language_id);
  in.Str("time_zone_id", &c->time_zone_id);
  in.Str("date_format", &c->date_format);
  in.Str("time_format", &c->time_format);
  in.Strings("tags", &c->tags);
  in.Strings("group_ids", &c->group_ids);
  in.OptInt("status_id", &c->status_id);
  ReadPairs(in, "passthrough", &c->passthrough);
}

void ReadAdmin(In& in, SystemUserRecord* u) {
  in.Str("id", &u->id);
  in.Str("email", &u->email);
  in.Str("first_name", &u->first_name);
  in.Str("last_name", &u->last_name);
  in.Str("phone", &u->phone);
  in.Strings("role_ids", &u->role_ids);
  in.Strings("role_names", &u->role_names);
  in.OptInt("status_id", &u->status_id);
  if (in.Has("passthrough")) ReadPairs(in, "passthrough", &u->passthrough);
}

void ReadTargetUser(In& in, TargetUserRecord* u) {
  in.Str("id", &u->id);
  in.Str("email", &u->email);
  in.Str("phone", &u->phone);
  in.Str("first_name", &u->first_name);
  in.Str("last_name", &u->last_name);
  in.Str("department", &u->department);
  in.Str("priority", &u->priority);
  in.OptBool("active", &u->active);
  in.Str("time_zone_id", &u->time_zone_id);
  in.Str("preferred_language_id", &u->preferred_language_id);
  in.Str("manager_first_name", &u->manager_first_name);
  in.Str("manager_last_name", &u->manager_last_name);
  in.Str("manager_email", &u->manager_email);
  in.Bool("detailed", &u->detailed);
  if (in.Has("passthrough")) ReadPairs(in, "passthrough", &u->passthrough);
  if (in.Has("target_group_ids")) in.Strings("target_group_ids", &u->target_group_ids.emplace());
}

void ReadJoins(In& in, std::vector<ParticipantBody>* joins) {
  in.Each("joins", [&](In& join) {
    ParticipantBody& j = joins->emplace_back();
    join.Str("group_name", &j.group_name);
    join.Ref("group_ref", &j.group);
  });
}

// The body of an action of kind `object`, read from `in`.
void ReadBody(In& in, ObjectType object, ActionBody* out) {
  switch (object) {
    case ObjectType::Group: {
      GroupBody b;
      in.Str("name", &b.name);
      if (in.ok() && b.name.empty()) in.Fail(in.Path("name"), "empty (a group create needs the group's name)");
      *out = std::move(b);
      return;
    }
    case ObjectType::Company: {
      CompanyBody b;
      ReadCompany(in, &*b.record);
      ReadJoins(in, &b.joins);
      if (in.Has("admins_going")) in.Int("admins_going", &b.admins_going);
      if (in.Has("target_users_going")) in.Int("target_users_going", &b.target_users_going);
      *out = std::move(b);
      return;
    }
    case ObjectType::Participant: {
      ParticipantBody b;
      in.Str("group_name", &b.group_name);
      in.Ref("group_ref", &b.group);
      if (in.ok() && b.group_name.empty()) in.Fail(in.Path("group_name"), "empty (a participant needs the group's name)");
      *out = std::move(b);
      return;
    }
    case ObjectType::Admin: {
      AdminBody b;
      ReadAdmin(in, &b.record);
      in.Strings("role_names_after_apply", &b.role_names_after_apply);
      *out = std::move(b);
      return;
    }
    case ObjectType::TargetUser: {
      TargetUserBody b;
      ReadTargetUser(in, &b.record);
      if (in.Has("joins")) ReadJoins(in, &b.joins);
      *out = std::move(b);
      return;
    }
    case ObjectType::TargetGroup: {
      TargetGroupBody b;
      in.Str("id", &b.record.id);
      in.Str("name", &b.record.name);
      in.Str("priority", &b.record.priority);
      in.Int("members", &b.members);
      if (in.ok() && Trim(b.record.name).empty()) in.Fail(in.Path("name"), "empty (a target group needs its name)");
      *out = std::move(b);
      return;
    }
    case ObjectType::TargetGroupMembers: {
      TargetGroupMembersBody b;
      in.Str("group_name", &b.group_name);
      in.Ref("group_ref", &b.group);
      in.Strings("user_ids", &b.user_ids);
      in.Strings("emails", &b.emails);
      if (in.ok() && b.user_ids.size() != b.emails.size())
        in.Fail(in.Path("emails"), "must list one e-mail per user id");
      if (in.ok() && b.user_ids.empty()) in.Fail(in.Path("user_ids"), "empty (a membership change needs users)");
      *out = std::move(b);
      return;
    }
  }
}

void ReadAction(In& in, Action* a) {
  in.Str("address", &a->address);
  ParseEnum(in, "action", kActionTypes, ActionTypeName, &a->type);
  ObjectType object = ObjectType::Company;
  ParseEnum(in, "object", kObjectTypes, ObjectTypeName, &object);
  if (in.ok() && !ValidVerb(a->type, object))
    in.Fail(in.Path("action"), fmt::format("a {} action cannot {}", ObjectTypeName(object), ActionTypeName(a->type)));
  in.Str("customer", &a->customer);
  in.Strings("depends_on", &a->depends_on);
  std::string source;
  in.Str("source", &source);
  a->source = ParseLocation(source);
  in.Str("fingerprint", &a->fingerprint);
  in.Str("target_id", &a->target_id);
  in.Ref("company_ref", &a->company_ref);
  in.Each("changes", [&](In& c) {
    FieldChange change;
    c.Str("field", &change.field);
    c.Str("before", &change.before);
    c.Str("after", &change.after);
    c.Bool("sensitive", &change.sensitive);
    a->changes.push_back(std::move(change));
  });
  if (in.ok() && a->type != ActionType::Update && !a->changes.empty())
    in.Fail(in.Path("changes"), "only an update lists changes");
  if (!in.ok()) return;
  In body = in.Object("body");
  if (in.ok()) ReadBody(body, object, &a->body);
}

void ReadDiagnostic(In& in, Diagnostic* d) {
  std::string severity, location;
  in.Str("severity", &severity);
  if (in.ok() && severity != "error" && severity != "warning")
    in.Fail(in.Path("severity"), fmt::format("unknown value \"{}\" (expected error or warning)", severity));
  d->severity = severity == "warning" ? Severity::Warning : Severity::Error;
  in.Str("subject", &d->subject);
  in.Str("location", &location);
  d->location = location.empty() ? SourceLocation{} : ParseLocation(location);
  in.Str("field", &d->field);
  in.Str("summary", &d->summary);
  in.Str("fix", &d->fix);
  if (in.Has("group")) in.Str("group", &d->group);
}

}  // namespace

std::string WritePlanFile(const Plan& plan) {
  std::string text;
  StringOutput output{&text};
  JsonWriter writer(output);
  writer.SetIndent(' ', 2);
  Out o(&writer);
  PlanSummary s = plan.Summarize();
  writer.StartObject();
  o.Int("format_version", Plan::kFormatVersion);
  o.Str("api_url", plan.api_url);
  o.Str("manifest_digest", plan.manifest_digest);
  o.Strings("customers", plan.customers);
  o.Key("summary");
  WriteSummary(writer, s);
  o.Bool("payload_included", true);
  if (plan.allow_mass_delete) o.Bool("allow_mass_delete", true);
  o.Str("membership_changes", "group-actions");
  o.Key("names");
  writer.StartObject();
  for (const auto& [id, name] : plan.names) o.Str(id.c_str(), name);
  writer.EndObject();
  o.Key("actions");
  writer.StartArray();
  for (const Action& a : plan.actions) WriteAction(o, a);
  writer.EndArray();
  o.Key("diagnostics");
  writer.StartArray();
  for (const Diagnostic& d : plan.diagnostics.items()) WriteDiagnostic(o, d);
  writer.EndArray();
  if (!plan.failed_customers.empty()) {
    o.Key("failed_customers");
    writer.StartArray();
    for (const FailedCustomer& f : plan.failed_customers) {
      writer.StartObject();
      o.Str("customer", f.customer);
      o.Str("error", f.error);
      writer.EndObject();
    }
    writer.EndArray();
  }
  WriteUnlisted(o, plan.unlisted);
  writer.EndObject();
  text += '\n';
  return text;
}

bool ReadPlanFile(const std::string& json, Plan* plan, std::string* error) {
  std::string err;
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) {
    *error = fmt::format("saved plan is not valid JSON: {} (at offset {})",
                         rapidjson::GetParseError_En(doc.GetParseError()), doc.GetErrorOffset());
    return false;
  }
  In root(doc, "", &err);
  if (!doc.IsObject()) {
    *error = "saved plan: expected a JSON object at the top level";
    return false;
  }
  if (!root.Has("format_version")) {
    *error = "saved plan: format_version: missing (this is not a plan written by onboard)";
    return false;
  }
  int version = 0;
  root.Int("format_version", &version);
  if (!root.ok()) {
    *error = err;
    return false;
  }
  if (version < Plan::kFormatVersion) {
    *error = fmt::format("saved plan format {} is from an older onboard; run onboard plan --out again", version);
    return false;
  }
  if (version > Plan::kFormatVersion) {
    *error = fmt::format("saved plan format {} is from a newer onboard (this one reads format {}); run onboard "
                         "plan --out again with this onboard",
                         version, Plan::kFormatVersion);
    return false;
  }
  bool payload = false;
  root.Bool("payload_included", &payload);
  if (root.ok() && !payload) {
    *error = "saved plan: this document was printed by `onboard plan --format json`, without the bodies apply "
             "sends, and cannot be applied; save the plan with `onboard plan --out FILE`";
    return false;
  }
  Plan result;
  root.Str("api_url", &result.api_url);
  root.Str("manifest_digest", &result.manifest_digest);
  root.Strings("customers", &result.customers);
  PlanSummary summary;
  In s = root.Object("summary");
  s.Int("create", &summary.create);
  s.Int("update", &summary.update);
  s.Int("delete", &summary.destroy);
  s.Int("add_participant", &summary.add_participant);
  s.Int("remove_participant", &summary.remove_participant);
  s.Int("membership_change", &summary.membership_change);
  if (const rapidjson::Value* names = root.Member("names", &rapidjson::Value::IsObject, "an object")) {
    for (auto it = names->MemberBegin(); it != names->MemberEnd(); ++it) {
      if (!it->value.IsString()) {
        root.Fail(root.Path("names") + "." + it->name.GetString(), "expected a string");
        break;
      }
      result.names.emplace(std::string(it->name.GetString(), it->name.GetStringLength()),
                           std::string(it->value.GetString(), it->value.GetStringLength()));
    }
  }
  root.Each("actions", [&](In& in) { ReadAction(in, &result.actions.emplace_back()); });
  root.Each("diagnostics", [&](In& in) {
    Diagnostic d;
    ReadDiagnostic(in, &d);
    result.diagnostics.Add(std::move(d));
  });
  if (root.Has("failed_customers")) root.Each("failed_customers", [&](In& in) {
    FailedCustomer& f = result.failed_customers.emplace_back();
    in.Str("customer", &f.customer);
    in.Str("error", &f.error);
  });
  if (root.Has("allow_mass_delete")) root.Bool("allow_mass_delete", &result.allow_mass_delete);
  if (root.Has("unlisted")) {
    In u = root.Object("unlisted");
    u.Each("customers", [&](In& in) {
      UnlistedCustomer& c = result.unlisted.customers.emplace_back();
      in.Str("customer", &c.customer);
      in.Int("target_users", &c.target_users);
      in.Int("admins", &c.admins);
      in.Int("target_groups", &c.target_groups);
      in.Strings("addresses", &c.addresses);
    });
    u.Each("companies", [&](In& in) {
      UnlistedCompany& c = result.unlisted.companies.emplace_back();
      in.Str("id", &c.id);
      in.Str("name", &c.name);
    });
  }
  if (root.ok()) {
    PlanSummary counted = result.Summarize();
    if (counted.create != summary.create || counted.update != summary.update || counted.destroy != summary.destroy ||
        counted.add_participant != summary.add_participant ||
        counted.remove_participant != summary.remove_participant ||
        counted.membership_change != summary.membership_change)
      root.Fail("summary", "does not match the actions (the file was edited?)");
  }
  if (!err.empty()) {
    *error = err;
    return false;
  }
  *plan = std::move(result);
  return true;
}

}  // namespace onboard
