#include "json.h"

#include <algorithm>
#include <cctype>

namespace keepnet_sim {

void jkStrings(Writer& w, std::string_view k, const std::vector<std::string>& v) {
  jkey(w, k);
  w.StartArray();
  for (const auto& s : v) jstr(w, s);
  w.EndArray();
}

std::string envelope(std::string_view status, std::string_view message,
                     const std::vector<std::string>& validationMessages, const DataFn& data) {
  rapidjson::StringBuffer sb;
  Writer w(sb);
  w.StartObject();
  jkey(w, "data");
  if (data)
    data(w);
  else
    w.Null();
  jkv(w, "status", status);
  jkvn(w, "message", message);
  jkStrings(w, "validationMessages", validationMessages);
  w.EndObject();
  return std::string(sb.GetString(), sb.GetSize());
}

const rapidjson::Value* member(const rapidjson::Value& obj, std::string_view camelKey) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(rapidjson::StringRef(camelKey.data(), camelKey.size()));
  if (it != obj.MemberEnd()) return &it->value;
  std::string pascal(camelKey);
  if (!pascal.empty()) pascal[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(pascal[0])));
  it = obj.FindMember(rapidjson::StringRef(pascal.data(), pascal.size()));
  if (it != obj.MemberEnd()) return &it->value;
  return nullptr;
}

std::optional<std::string> getString(const rapidjson::Value& obj, std::string_view key) {
  const auto* v = member(obj, key);
  if (!v || !v->IsString()) return std::nullopt;
  return std::string(v->GetString(), v->GetStringLength());
}

int getInt(const rapidjson::Value& obj, std::string_view key, int fallback) {
  const auto* v = member(obj, key);
  return v && v->IsInt() ? v->GetInt() : fallback;
}

bool getBool(const rapidjson::Value& obj, std::string_view key, bool fallback) {
  const auto* v = member(obj, key);
  return v && v->IsBool() ? v->GetBool() : fallback;
}

std::vector<std::string> getStrings(const rapidjson::Value& obj, std::string_view key) {
  std::vector<std::string> out;
  const auto* v = member(obj, key);
  if (!v || !v->IsArray()) return out;
  for (const auto& item : v->GetArray())
    if (item.IsString()) out.emplace_back(item.GetString(), item.GetStringLength());
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool icontains(std::string_view haystack, std::string_view lowerNeedle) {
  if (lowerNeedle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), lowerNeedle.begin(), lowerNeedle.end(),
                        [](char h, char n) { return std::tolower(static_cast<unsigned char>(h)) == n; });
  return it != haystack.end();
}

}  // namespace keepnet_sim
