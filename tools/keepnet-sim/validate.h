#pragma once
// Field checks shared by the handlers; each failure becomes one "Field: problem" message.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace keepnet_sim {

/// Length in characters (UTF-8 code points), as .NET's string length counts them for BMP text.
size_t utf8Length(std::string_view s);
/// Parses a whole string as an int32; nullopt otherwise.
std::optional<int> parseInt32(std::string_view s);
/// Parses "true"/"false" (any case); nullopt otherwise.
std::optional<bool> parseBool(std::string_view s);
/// Parses an ISO date ("2025-01-31") or date-time ("2025-01-31T10:00:00[.fff][Z|+03:00]") and
/// returns it as "YYYY-MM-DDTHH:MM:SSZ"; nullopt when malformed.
std::optional<std::string> parseDate(std::string_view s);
/// True for something shaped like an e-mail address (local@domain.tld, no spaces).
bool isEmail(std::string_view s);

/// Collects validation messages.
struct Problems {
  std::vector<std::string> messages;
  /// Adds "field: text".
  void add(std::string_view field, std::string_view text);
  /// Checks a required string: present and not blank.
  bool required(std::string_view field, const std::optional<std::string>& v);
  /// Checks a maximum length in characters.
  void maxLength(std::string_view field, const std::string& v, size_t max);
  /// Checks a length range in characters.
  void lengthBetween(std::string_view field, const std::string& v, size_t min, size_t max);
  bool empty() const { return messages.empty(); }
};

/// Adds "Key: is not a field of this request" for each member of the object `body` whose
/// name is none of `allowed` (compared case-insensitively, as ASP.NET binds): the spec's
/// request schemas forbid additional properties.
void onlyFields(const rapidjson::Value& body, std::initializer_list<std::string_view> allowed, Problems& p);

}  // namespace keepnet_sim
