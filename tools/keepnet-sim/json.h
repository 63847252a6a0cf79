#pragma once
// Small helpers over RapidJSON: writing (cheap, streaming) and reading loosely typed fields.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace keepnet_sim {

/// The streaming writer every response is produced with.
using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

/// Writes a string value.
inline void jstr(Writer& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
/// Writes a key.
inline void jkey(Writer& w, std::string_view k) { w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
/// Writes key and string value.
inline void jkv(Writer& w, std::string_view k, std::string_view v) { jkey(w, k); jstr(w, v); }
/// Writes key and the string value, or null when it is empty.
inline void jkvn(Writer& w, std::string_view k, std::string_view v) {
  jkey(w, k);
  if (v.empty()) w.Null(); else jstr(w, v);
}
/// Writes key and int value.
inline void jkv(Writer& w, std::string_view k, int v) { jkey(w, k); w.Int(v); }
/// Writes key and bool value.
inline void jkb(Writer& w, std::string_view k, bool v) { jkey(w, k); w.Bool(v); }
/// Writes key and an optional int (null when empty).
inline void jkv(Writer& w, std::string_view k, const std::optional<int>& v) {
  jkey(w, k);
  if (v) w.Int(*v); else w.Null();
}
/// Writes key and an array of strings.
void jkStrings(Writer& w, std::string_view k, const std::vector<std::string>& v);

/// Produces the data member of an envelope (nothing written = null data).
using DataFn = std::function<void(Writer&)>;

/// The API envelope: exactly {data, status, message, validationMessages}.
std::string envelope(std::string_view status, std::string_view message,
                     const std::vector<std::string>& validationMessages, const DataFn& data);

/// Member lookup that accepts the key in camelCase or PascalCase; nullptr when absent.
const rapidjson::Value* member(const rapidjson::Value& obj, std::string_view camelKey);

/// A string member, or nullopt when absent or not a string.
std::optional<std::string> getString(const rapidjson::Value& obj, std::string_view key);
/// An int member, or fallback when absent or not an int.
int getInt(const rapidjson::Value& obj, std::string_view key, int fallback);
/// A bool member, or fallback when absent or not a bool.
bool getBool(const rapidjson::Value& obj, std::string_view key, bool fallback);
/// The string items of an array member (non-strings are skipped).
std::vector<std::string> getStrings(const rapidjson::Value& obj, std::string_view key);

/// Case-insensitive ASCII lower copy.
std::string lower(std::string_view s);
/// Case-insensitive ASCII equality.
bool iequals(std::string_view a, std::string_view b);
/// Case-insensitive substring test (needle already lower-cased).
bool icontains(std::string_view haystack, std::string_view lowerNeedle);

}  // namespace keepnet_sim
