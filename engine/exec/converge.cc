#include "engine/exec/converge.h"

#include "engine/manifest/value_checks.h"

namespace onboard {

std::optional<int64_t> CreationInstant(std::string_view text) {
  // ParseIsoDate reads whole seconds; the fraction is taken apart here, because two creates
  // a few milliseconds apart must not compare equal.
  const size_t t = text.find('T');
  if (t == std::string_view::npos) return std::nullopt;
  std::string whole(text);
  int64_t nanos = 0;
  const size_t dot = whole.find('.', t);
  if (dot != std::string::npos) {
    size_t end = dot + 1;
    int64_t scale = 100000000;
    while (end < whole.size() && whole[end] >= '0' && whole[end] <= '9') {
      nanos += (whole[end] - '0') * scale;  // digits beyond nanoseconds add 0
      scale /= 10;
      ++end;
    }
    if (end == dot + 1) return std::nullopt;
    whole.erase(dot, end - dot);
  }
  int64_t seconds = 0;
  if (!ParseIsoDate(whole, &seconds)) return std::nullopt;
  return seconds * 1000000000 + nanos;
}

bool WinsOver(const Candidate& a, const Candidate& b) {
  const std::optional<int64_t> ta = CreationInstant(a.created);
  const std::optional<int64_t> tb = CreationInstant(b.created);
  if (ta.has_value() != tb.has_value()) return ta.has_value();
  if (ta && *ta != *tb) return *ta < *tb;
  return a.id < b.id;
}

size_t PickWinner(const std::vector<Candidate>& candidates) {
  size_t best = 0;
  for (size_t i = 1; i < candidates.size(); ++i)
    if (WinsOver(candidates[i], candidates[best])) best = i;
  return best;
}

}  // namespace onboard
