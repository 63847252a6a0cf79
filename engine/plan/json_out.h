#pragma once
// Writing a JSON document straight into a std::string with RapidJSON, and the small
// key-then-value helpers the plan file (plan_file.h) and the JSON plan renderer share.

#include <rapidjson/prettywriter.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/plan/plan.h"

namespace onboard {

/// A RapidJSON output stream appending to *out: a plan of a hundred thousand actions is a
/// document of a hundred megabytes, which should exist once, not twice.
struct StringOutput {
  using Ch = char;
  std::string* out;
  void Put(char c) { out->push_back(c); }
  void Flush() {}
};
using JsonWriter = rapidjson::PrettyWriter<StringOutput>;

/// Key-and-value calls over a JsonWriter (which it does not own).
class JsonOut {
 public:
  explicit JsonOut(JsonWriter* w) : w_(w) {}
  void Key(const char* k) { w_->Key(k); }
  void Str(const std::string& s) { w_->String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
  void Str(const char* k, const std::string& s) { Key(k), Str(s); }
  void Int(const char* k, int v) { Key(k), w_->Int(v); }
  void Bool(const char* k, bool v) { Key(k), w_->Bool(v); }
  /// null when v is empty.
  void OptInt(const char* k, const std::optional<int>& v) { Key(k), v ? w_->Int(*v) : w_->Null(); }
  void OptBool(const char* k, const std::optional<bool>& v) { Key(k), v ? w_->Bool(*v) : w_->Null(); }
  /// An array of strings.
  template <typename String>  // std::string, or a compact string of model/
  void Strings(const char* k, const std::vector<String>& v) {
    Key(k);
    w_->StartArray();
    for (const std::string& s : v) Str(s);
    w_->EndArray();
  }
  /// {"id": ...} or {"from_action": ...}, each only when set.
  void Ref(const char* k, const IdRef& ref) {
    Key(k);
    w_->StartObject();
    if (!ref.id.empty()) Str("id", ref.id);
    if (!ref.from_action.empty()) Str("from_action", ref.from_action);
    w_->EndObject();
  }
  JsonWriter* w() { return w_; }

 private:
  JsonWriter* w_;
};

/// A plan's counts as one JSON object, alike in a saved plan, `plan --format json` and the
/// jsonl plan event. Any RapidJSON writer.
template <class Writer>
void WriteSummary(Writer& w, const PlanSummary& s) {
  w.StartObject();
  w.Key("create"), w.Int(s.create);
  w.Key("update"), w.Int(s.update);
  w.Key("delete"), w.Int(s.destroy);
  w.Key("add_participant"), w.Int(s.add_participant);
  w.Key("remove_participant"), w.Int(s.remove_participant);
  w.Key("membership_change"), w.Int(s.membership_change);
  w.EndObject();
}

}  // namespace onboard
