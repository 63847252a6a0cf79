#include "engine/plan/compare.h"

#include <set>

#include <fmt/format.h>

namespace onboard {
namespace {

int Digits(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

std::set<std::string> ToSet(const std::vector<std::string>& items, bool ignore_case) {
  std::set<std::string> out;
  for (const std::string& s : items) out.insert(ignore_case ? FoldKey(s) : Trim(s));
  return out;
}

}  // namespace


bool SameText(std::string_view a, std::string_view b) { return Trim(a) == Trim(b); }

std::optional<std::string> DatePart(std::string_view text) {
  std::string t = Trim(text);
  std::string_view s = t;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!IsDigit(s[i])) return std::nullopt;
  if (s.size() > 10 && s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  int month = Digits(s, 5, 2), day = Digits(s, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  return std::string(s.substr(0, 10));
}

bool SameDate(std::string_view a, std::string_view b) {
  std::optional<std::string> da = DatePart(a), db = DatePart(b);
  if (da && db) return *da == *db;
  return Trim(a) == Trim(b);
}

std::string ToIsoDateTime(std::string_view text) {
  std::string t = Trim(text);
  if (t.size() == 10 && DatePart(t)) return t + "T00:00:00Z";
  return t;
}

std::string DisplayDate(std::string_view text) {
  std::optional<std::string> d = DatePart(text);
  return d ? *d : Trim(text);
}

bool SameSet(const std::vector<std::string>& a, const std::vector<std::string>& b, bool ignore_case) {
  return ToSet(a, ignore_case) == ToSet(b, ignore_case);
}

std::string DisplayList(const std::vector<std::string>& items) {
  return fmt::format("[{}]", fmt::join(items, ", "));
}

std::string DisplayBool(bool value) { return value ? "true" : "false"; }

}  // namespace onboard
