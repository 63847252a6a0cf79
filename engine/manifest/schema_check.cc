#include "engine/manifest/schema_check.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include "engine/manifest/manifest_schema.h"
#include "engine/manifest/text_checks.h"
#include "engine/text/suggest.h"

namespace onboard {

namespace {

using rapidjson::Document;
using rapidjson::SchemaDocument;
using rapidjson::SchemaValidator;
using rapidjson::Value;

// Keywords the walk handles itself; every other keyword of a node ("type", "enum",
// "maxLength", "minimum", ...) is checked by RapidJSON on a copy of the node holding only those.
bool IsWalkKeyword(std::string_view k) {
  return k == "properties" || k == "required" || k == "additionalProperties" || k == "items" ||
         k == "$ref" || k == "oneOf" || k == "definitions" || k == "description" || k == "id" ||
         k == "$schema" || k == "title";
}

struct LocalSchema {
  Document json;
  std::unique_ptr<SchemaDocument> compiled;
};

std::string TypeOf(const Value* s) {
  if (s->IsObject()) {
    auto t = s->FindMember("type");
    if (t != s->MemberEnd() && t->value.IsString()) return t->value.GetString();
  }
  return {};
}

bool IsObjectSchema(const Value* s) { return s->HasMember("properties") || TypeOf(s) == "object"; }
bool IsArraySchema(const Value* s) { return s->HasMember("items") || TypeOf(s) == "array"; }

size_t CodePoints(const Value& v) {
  size_t n = 0;
  for (rapidjson::SizeType i = 0; i < v.GetStringLength(); ++i)
    if ((static_cast<unsigned char>(v.GetString()[i]) & 0xC0) != 0x80) ++n;
  return n;
}

std::string Quote(const Value& v) {
  std::string s = Printable({v.GetString(), v.GetStringLength()});
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return "\"" + s + "\"";
}

std::string Describe(const Value& v, const NodeMark& m) {
  if (v.IsString()) return Quote(v);
  if (v.IsNull()) return "nothing";
  if (v.IsArray()) return "a list";
  if (v.IsObject()) return "a mapping";
  if (!m.raw.empty()) return m.raw;
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  return fmt::format("{}", v.GetDouble());
}

std::string LastField(const std::string& path) {
  size_t dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

// "/spec/admins/0/email" -> "spec.admins[0].email", for the rare message the walk misses.
std::string PathOfPointer(const std::string& pointer) {
  std::string path;
  size_t i = 1;
  while (i <= pointer.size() && !pointer.empty()) {
    size_t next = pointer.find('/', i);
    std::string token = pointer.substr(i, next == std::string::npos ? std::string::npos : next - i);
    bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    if (index) path += "[" + token + "]";
    else path += (path.empty() ? "" : ".") + token;
    if (next == std::string::npos) break;
    i = next + 1;
  }
  return path;
}

std::string Slug(const std::string& s) {
  std::string out;
  for (char c : ToLowerAscii(s)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "my-customer" : out;
}

}  // namespace

struct ManifestSchema::Impl {
  Document schema_json;
  std::unique_ptr<SchemaDocument> whole;
  Document users_json;
  std::unique_ptr<SchemaDocument> users;
  const Value* target_user = nullptr;
  std::unordered_map<const Value*, LocalSchema> local;

  const Value* Resolve(const Value* s) const {
    for (int depth = 0; depth < 16 && s->IsObject(); ++depth) {
      auto ref = s->FindMember("$ref");
      if (ref == s->MemberEnd() || !ref->value.IsString()) return s;
      std::string target = ref->value.GetString();
      const std::string prefix = "#/definitions/";
      if (target.compare(0, prefix.size(), prefix) != 0) return s;
      s = &schema_json["definitions"][target.substr(prefix.size()).c_str()];
    }
    return s;
  }

  void Compile(const Value* s) {
    if (!s->IsObject() || s->HasMember("$ref") || local.count(s)) return;
    if (auto p = s->FindMember("properties"); p != s->MemberEnd())
      for (auto& m : p->value.GetObject()) Compile(&m.value);
    if (auto o = s->FindMember("oneOf"); o != s->MemberEnd())
      for (auto& alt : o->value.GetArray()) Compile(&alt);
    if (auto it = s->FindMember("items"); it != s->MemberEnd()) Compile(&it->value);
    if (IsObjectSchema(s)) return;
    LocalSchema& l = local[s];
    l.json.SetObject();
    for (auto& m : s->GetObject()) {
      if (IsWalkKeyword(m.name.GetString())) continue;
      l.json.AddMember(Value(m.name, l.json.GetAllocator()), Value(m.value, l.json.GetAllocator()),
                       l.json.GetAllocator());
    }
    l.compiled = std::make_unique<SchemaDocument>(l.json);
  }

  const SchemaDocument* Local(const Value* s) const {
    auto it = local.find(s);
    return it == local.end() ? nullptr : it->second.compiled.get();
  }
};

namespace {

// Walks a value along its schema and reports every problem.
class Walker {
 public:
  Walker(const ManifestSchema::Impl& impl, const SourceDocument& doc, Diagnostics* diags)
      : impl_(impl), doc_(doc), diags_(diags) {}

  bool ok() const { return ok_; }

  void Node(const Value* schema, const Value& v, const std::string& ptr, const std::string& path) {
    const Value* s = impl_.Resolve(schema);
    if (IsObjectSchema(s)) Object(s, v, ptr, path);
    else if (IsArraySchema(s)) Array(s, v, ptr, path);
    else CheckLocal(s, v, ptr, path);
  }

 private:
  void Error(SourceLocation loc, const std::string& path, std::string summary, std::string fix = {}) {
    ok_ = false;
    diags_->Error(std::move(loc), path, std::move(summary), std::move(fix));
  }

  const Value* SelectAlternative(const Value* s, const Value& v) {
    auto one_of = s->FindMember("oneOf");
    if (one_of == s->MemberEnd()) return nullptr;
    for (const Value& alt : one_of->value.GetArray()) {
      auto props = alt.FindMember("properties");
      if (props == alt.MemberEnd()) continue;
      bool match = true;
      for (auto& p : props->value.GetObject()) {
        auto e = p.value.FindMember("enum");
        if (e == p.value.MemberEnd() || e->value.Size() != 1) continue;
        auto have = v.FindMember(p.name);
        if (have == v.MemberEnd() || have->value != e->value[0]) match = false;
      }
      if (match) return &alt;
    }
    return nullptr;
  }

  static const Value* Property(const Value* s, const Value& name) {
    if (!s) return nullptr;
    auto props = s->FindMember("properties");
    if (props == s->MemberEnd()) return nullptr;
    auto p = props->value.FindMember(name);
    return p == props->value.MemberEnd() ? nullptr : &p->value;
  }

  static void AddNames(const Value* s, const char* keyword, std::vector<std::string>* out) {
    if (!s) return;
    auto it = s->FindMember(keyword);
    if (it == s->MemberEnd()) return;
    if (it->value.IsArray())
      for (auto& r : it->value.GetArray()) out->push_back(r.GetString());
    else if (it->value.IsObject())
      for (auto& m : it->value.GetObject()) out->push_back(m.name.GetString());
  }

  void Object(const Value* s, const Value& v, const std::string& ptr, const std::string& path) {
    if (!v.IsObject()) {
      TypeError("object", s, v, ptr, path);
      return;
    }
    const Value* alt = SelectAlternative(s, v);
    std::vector<std::string> required;
    AddNames(s, "required", &required);
    AddNames(alt, "required", &required);
    for (const std::string& r : required) {
      if (v.HasMember(r.c_str())) continue;
      std::string hint;
      if (const Value* p = Property(alt ? alt : s, Value(rapidjson::StringRef(r.c_str()))))
        if (const Value* d = impl_.Resolve(p); d->HasMember("description"))
          hint = fmt::format(": {}", (*d)["description"].GetString());
      if (hint.empty())
        if (const Value* p = Property(s, Value(rapidjson::StringRef(r.c_str()))))
          if (const Value* d = impl_.Resolve(p); d->HasMember("description"))
            hint = fmt::format(": {}", (*d)["description"].GetString());
      Error(doc_.KeyLocation(ptr), path, fmt::format("missing required field `{}`", r),
            fmt::format("add `{}`{}", r, hint));
    }
    bool closed = false;
    if (auto ap = s->FindMember("additionalProperties"); ap != s->MemberEnd() && ap->value.IsFalse())
      closed = true;
    for (auto& m : v.GetObject()) {
      std::string name(m.name.GetString(), m.name.GetStringLength());
      std::string child_ptr = ptr + "/" + EscapePointerToken(name);
      std::string child_path = path.empty() ? name : path + "." + name;
      const Value* ps = Property(alt, m.name);
      if (!ps) ps = Property(s, m.name);
      if (ps) {
        Node(ps, m.value, child_ptr, child_path);
      } else if (closed) {
        std::vector<std::string> known;
        AddNames(s, "properties", &known);
        AddNames(alt, "properties", &known);
        std::sort(known.begin(), known.end());
        known.erase(std::unique(known.begin(), known.end()), known.end());
        std::string suggestion = DidYouMean(name, known);
        std::string summary = fmt::format("unknown field `{}`", Printable(name));
        if (!suggestion.empty()) summary += "; " + suggestion;
        std::string fix;
        if (!known.empty()) {
          fix = "the fields here are ";
          for (size_t i = 0; i < known.size(); ++i)
            fix += (i ? ", " : "") + known[i];
        }
        Error(doc_.KeyLocation(child_ptr), path, summary, fix);
      }
    }
  }

  void Array(const Value* s, const Value& v, const std::string& ptr, const std::string& path) {
    if (!v.IsArray()) {
      TypeError("array", s, v, ptr, path);
      return;
    }
    CheckLocal(s, v, ptr, path);
    auto items = s->FindMember("items");
    if (items == s->MemberEnd()) return;
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
      Node(&items->value, v[i], fmt::format("{}/{}", ptr, i), fmt::format("{}[{}]", path, i));
  }

  void CheckLocal(const Value* s, const Value& v, const std::string& ptr, const std::string& path) {
    const SchemaDocument* local = impl_.Local(s);
    if (!local) return;
    SchemaValidator validator(*local);
    if (v.Accept(validator)) return;
    Explain(validator.GetInvalidSchemaKeyword(), s, v, ptr, path);
  }

  void TypeError(const std::string& expected, const Value* s, const Value& v, const std::string& ptr,
                 const std::string& path) {
    const NodeMark& mark = doc_.Mark(ptr);
    SourceLocation loc = doc_.ValueLocation(ptr);
    std::string got = Describe(v, mark);
    std::string field = LastField(path);
    if (expected == "string") {
      if (v.IsNull()) {
        Error(loc, path, "must not be empty", "give it a value, or remove the field");
      } else if ((v.IsNumber() || v.IsBool()) && ToLowerAscii(field).find("phone") != std::string::npos) {
        Error(loc, path,
              fmt::format("a phone number must be a quoted string, got the bare number {}: an "
                          "unquoted number loses a leading + or 0",
                          got),
              fmt::format("quote it: {}: \"{}\"", field, got));
      } else if (v.IsNumber() || v.IsBool()) {
        bool item = !field.empty() && field.back() == ']';
        Error(loc, path, fmt::format("must be text, got {} (read as a {})", got, v.IsBool() ? "boolean" : "number"),
              item ? fmt::format("quote it: \"{}\"", got) : fmt::format("quote it: {}: \"{}\"", field, got));
      } else {
        Error(loc, path, fmt::format("must be text, got {}", got));
      }
    } else if (expected == "integer") {
      std::string what = "a whole number";
      if (auto min = s->FindMember("minimum"); min != s->MemberEnd())
        what += fmt::format(" of at least {}", min->value.GetInt64());
      Error(loc, path, fmt::format("must be {}, got {}", what, got),
            fmt::format("write a number without quotes, e.g. {}: 500", field));
    } else if (expected == "boolean") {
      Error(loc, path, fmt::format("must be true or false, got {}", got),
            fmt::format("write {}: true or {}: false, without quotes", field, field));
    } else if (expected == "array") {
      Error(loc, path, fmt::format("must be a list, got {}", got),
            fmt::format("write {}: [a, b] or one `- item` per line below it", field));
    } else if (expected == "object") {
      Error(loc, path, fmt::format("must be a mapping of fields, got {}", got),
            "write the fields indented below the key, e.g. `name: value`");
    } else {
      Error(loc, path, fmt::format("must be of type {}, got {}", expected, got));
    }
  }

  void Explain(const std::string& keyword, const Value* s, const Value& v, const std::string& ptr,
               const std::string& path) {
    SourceLocation loc = doc_.ValueLocation(ptr);
    std::string got = Describe(v, doc_.Mark(ptr));
    if (keyword == "type") {
      TypeError(TypeOf(s), s, v, ptr, path);
    } else if (keyword == "enum") {
      std::vector<std::string> values;
      for (auto& e : (*s)["enum"].GetArray())
        if (e.IsString()) values.push_back(e.GetString());
      std::string summary;
      if (values.size() == 1) {
        summary = fmt::format("must be `{}`, got {}", values[0], got);
      } else {
        summary = "must be one of ";
        for (size_t i = 0; i < values.size(); ++i) summary += (i ? ", " : "") + values[i];
        summary += ", got " + got;
      }
      std::string suggestion = v.IsString() && values.size() > 1 ? DidYouMean(v.GetString(), values) : std::string();
      if (!suggestion.empty()) summary += "; " + suggestion;
      Error(loc, path, summary);
    } else if (keyword == "minLength") {
      int64_t min = (*s)["minLength"].GetInt64();
      if (v.GetStringLength() == 0 || min <= 1)
        Error(loc, path, "must not be empty", "give it a value, or remove the field");
      else
        Error(loc, path, fmt::format("must be at least {} characters long, got {}", min, CodePoints(v)));
    } else if (keyword == "maxLength") {
      Error(loc, path,
            fmt::format("must be at most {} characters long, got {}", (*s)["maxLength"].GetInt64(), CodePoints(v)),
            "shorten it");
    } else if (keyword == "pattern") {
      std::string pattern = (*s)["pattern"].GetString();
      if (pattern == "^[a-z0-9][a-z0-9-]*$")
        Error(loc, path,
              fmt::format("must be lower-case letters, digits and dashes, starting with a letter or digit, got {}", got),
              fmt::format("e.g. {}", Slug(v.GetString())));
      else if (LastField(path) == "resourceId")
        Error(loc, path, fmt::format("must be a platform resource id (letters, digits, - and _), got {}", got),
              "copy the company's resourceId from the platform, or remove it to match by name");
      else
        Error(loc, path, fmt::format("must match the pattern {}, got {}", pattern, got));
    } else if (keyword == "minimum") {
      Error(loc, path, fmt::format("must be a whole number of at least {}, got {}", (*s)["minimum"].GetInt64(), got));
    } else if (keyword == "maximum") {
      Error(loc, path, fmt::format("must be at most {}, got {}", (*s)["maximum"].GetInt64(), got));
    } else if (keyword == "minItems") {
      Error(loc, path, fmt::format("must list at least {} item(s)", (*s)["minItems"].GetInt64()),
            "add an item, or remove the field");
    } else if (keyword == "uniqueItems") {
      for (rapidjson::SizeType i = 1; i < v.Size(); ++i)
        for (rapidjson::SizeType j = 0; j < i; ++j)
          if (v[i] == v[j]) {
            std::string item_ptr = fmt::format("{}/{}", ptr, i);
            Error(doc_.ValueLocation(item_ptr), fmt::format("{}[{}]", path, i),
                  fmt::format("lists {} twice (also item {})", Describe(v[i], doc_.Mark(item_ptr)), j),
                  "remove one of them");
            return;
          }
      Error(loc, path, "lists the same item twice", "remove one of them");
    } else {
      Error(loc, path, fmt::format("is not valid here ({} rule of the schema), got {}", keyword, got));
    }
  }

  const ManifestSchema::Impl& impl_;
  const SourceDocument& doc_;
  Diagnostics* diags_;
  bool ok_ = true;
};

// Reports RapidJSON's own first error when the walk found none (it should not happen; the
// walk and the validator read the same schema), so that an invalid document never passes.
void ReportFallback(const SchemaValidator& validator, const SourceDocument& doc, Diagnostics* diags) {
  rapidjson::StringBuffer plain;
  validator.GetInvalidDocumentPointer().Stringify(plain);
  std::string pointer = plain.GetString();
  diags->Error(doc.ValueLocation(pointer), PathOfPointer(pointer),
               fmt::format("is not valid ({} rule of the schema)", validator.GetInvalidSchemaKeyword()));
}

}  // namespace

const ManifestSchema& ManifestSchema::Embedded() {
  static const ManifestSchema schema(ManifestSchemaJson());
  return schema;
}

ManifestSchema::ManifestSchema(const char* schema_json) : impl_(std::make_unique<Impl>()) {
  if (impl_->schema_json.Parse(schema_json).HasParseError() || !impl_->schema_json.IsObject() ||
      !impl_->schema_json.HasMember("definitions")) {
    std::fprintf(stderr, "onboard: internal error: the embedded manifest schema does not parse\n");
    std::abort();
  }
  impl_->whole = std::make_unique<SchemaDocument>(impl_->schema_json);
  auto& a = impl_->users_json.GetAllocator();
  impl_->users_json.SetObject();
  impl_->users_json.AddMember("definitions", Value(impl_->schema_json["definitions"], a), a);
  impl_->users_json.AddMember("type", "array", a);
  Value items(rapidjson::kObjectType);
  items.AddMember("$ref", "#/definitions/targetUser", a);
  impl_->users_json.AddMember("items", items, a);
  impl_->users = std::make_unique<SchemaDocument>(impl_->users_json);
  impl_->target_user = &impl_->schema_json["definitions"]["targetUser"];
  impl_->Compile(&impl_->schema_json);
  for (auto& d : impl_->schema_json["definitions"].GetObject()) impl_->Compile(&d.value);
}

ManifestSchema::~ManifestSchema() = default;

bool ManifestSchema::ValidateDocument(const SourceDocument& doc, Diagnostics* diags) const {
  SchemaValidator validator(*impl_->whole);
  if (doc.json.Accept(validator)) return true;
  Diagnostics found;
  Walker walker(*impl_, doc, &found);
  walker.Node(&impl_->schema_json, doc.json, "", "");
  if (walker.ok()) ReportFallback(validator, doc, &found);
  // In the order of the file, as a reader goes through it.
  std::vector<Diagnostic> items = found.items();
  std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.location.line, a.location.column) < std::pair(b.location.line, b.location.column);
  });
  for (Diagnostic& d : items) diags->Add(std::move(d));
  return false;
}

bool ManifestSchema::ValidateTargetUsers(const SourceDocument& doc, Diagnostics* diags) const {
  SchemaValidator validator(*impl_->users);
  if (doc.json.Accept(validator)) return true;
  Walker walker(*impl_, doc, diags);
  if (doc.json.IsArray())
    for (rapidjson::SizeType i = 0; i < doc.json.Size(); ++i)
      walker.Node(impl_->target_user, doc.json[i], fmt::format("/{}", i), "");
  if (walker.ok()) ReportFallback(validator, doc, diags);
  return false;
}

}  // namespace onboard
