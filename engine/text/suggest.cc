#include "engine/text/suggest.h"

#include <algorithm>
#include <set>

namespace onboard {

namespace {
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus adjacent transpositions ("naem" -> "name" is 1).
  const size_t w = b.size() + 1;
  std::vector<size_t> d((a.size() + 1) * w);
  for (size_t i = 0; i <= a.size(); ++i) d[i * w] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = Lower(a[i - 1]) == Lower(b[j - 1]) ? 0 : 1;
      size_t best = std::min({d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost});
      if (i > 1 && j > 1 && Lower(a[i - 1]) == Lower(b[j - 2]) && Lower(a[i - 2]) == Lower(b[j - 1]))
        best = std::min(best, d[(i - 2) * w + j - 2] + 1);
      d[i * w + j] = best;
    }
  }
  return d[a.size() * w + b.size()];
}

namespace {
bool Close(std::string_view word, const std::string& candidate, size_t distance) {
  if (distance == 0) return true;
  if (distance <= 2 && distance * 2 < std::max(word.size(), candidate.size())) return true;
  if (word.size() < 3 || candidate.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (Lower(word[i]) != Lower(candidate[i])) return false;
  return true;
}
}  // namespace

std::vector<std::string> CloseMatches(std::string_view word, const std::vector<std::string>& candidates, size_t limit) {
  std::vector<std::pair<size_t, size_t>> scored;  // distance, position
  std::set<std::string> seen;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (!seen.insert(candidates[i]).second) continue;
    size_t d = EditDistance(word, candidates[i]);
    if (Close(word, candidates[i], d)) scored.emplace_back(d, i);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < limit; ++i) out.push_back(candidates[scored[i].second]);
  return out;
}

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = static_cast<size_t>(-1);
  for (const std::string& c : candidates) {
    size_t d = EditDistance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  if (best.empty()) return {};
  if (best_distance == 0) return best;  // differs only in case
  if (best_distance <= 2 && best_distance * 2 < std::max(word.size(), best.size())) return best;
  return {};
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string match = ClosestMatch(word, candidates);
  return match.empty() ? std::string() : "did you mean `" + match + "`?";
}

}  // namespace onboard
