#pragma once
// Small ASCII string helpers every layer uses (manifests, the client, the planner, the
// executor): one copy here, below everything else.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace onboard {

/// ASCII lower-case copy of `s` (other bytes unchanged).
std::string ToLowerAscii(std::string_view s);

/// The parts joined, in a string of exactly their length: a chain of `+` can leave twice
/// the capacity, and a plan holds a million addresses for the whole apply.
std::string Concat(std::initializer_list<std::string_view> parts);

/// `text` without leading and trailing ASCII whitespace.
std::string Trim(std::string_view text);

/// Trimmed and lowered: the key for case-insensitive lookups (emails, names).
std::string FoldKey(std::string_view text);

/// True when `a` and `b` are equal ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

/// ASCII upper-case copy of `s` (other bytes unchanged).
std::string ToUpperAscii(std::string_view s);

/// Trimmed, lowered, inner runs of whitespace collapsed to one space: two names that differ
/// only in case or spacing have the same LooseKey.
std::string LooseKey(std::string_view text);

/// Only the ASCII letters and digits of `text`, lowered: "Time Zone" and "time_zone" both
/// give "timezone".
std::string AlphanumericKey(std::string_view text);

/// The int `text` holds (trimmed, optional sign, digits only); nullopt otherwise.
std::optional<int> ParseInt(std::string_view text);

/// True for the ASCII digits '0'..'9' only (std::isdigit depends on the locale and on the
/// sign of char).
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// True when `part` occurs in `text`.
inline bool Contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

/// Replaces every occurrence of `needle` in *text with `with` (nothing when `needle` is empty).
void ReplaceAll(std::string* text, std::string_view needle, std::string_view with);

}  // namespace onboard
