#include "engine/text/suggest.h"

#include <algorithm>
#include <set>

#include "engine/text/strings.h"

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

struct Scored {
  size_t distance;
  size_t order;
};

// (distance, position) of each distinct name, closest first, ties in the order given.
template <class Name, class Distance>
std::vector<Scored> Rank(size_t n, Name name, Distance distance) {
  std::vector<Scored> scored;
  std::set<std::string_view> seen;
  for (size_t i = 0; i < n; ++i)
    if (seen.insert(name(i)).second) scored.push_back({distance(i), i});
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) { return a.distance < b.distance; });
  return scored;
}

// Whether `candidate`, at `distance` from `word`, is close enough to be a likely typo: a small
// distance relative to the length, or `word` (3 characters or more) is its prefix.
bool Close(std::string_view word, std::string_view candidate, size_t distance) {
  if (distance == 0) return true;
  if (distance <= 2 && distance * 2 < std::max(word.size(), candidate.size())) return true;
  if (word.size() < 3 || candidate.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (Lower(word[i]) != Lower(candidate[i])) return false;
  return true;
}

constexpr size_t kFar = static_cast<size_t>(-1);

}  // namespace

std::vector<std::string> ClosestNames(const std::vector<Suggestion>& candidates, std::string_view text, size_t count) {
  std::vector<Scored> scored = Rank(
      candidates.size(), [&](size_t i) { return std::string_view(candidates[i].name); },
      [&](size_t i) {
        // The least distance over the name and its aliases that are close at all.
        size_t best = kFar;
        auto consider = [&](const std::string& spelling) {
          if (spelling.empty()) return;
          size_t d = EditDistance(text, spelling);
          if (Close(text, spelling, d)) best = std::min(best, d);
        };
        consider(candidates[i].name);
        for (const std::string& alias : candidates[i].aliases) consider(alias);
        return best;
      });
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && out.size() < count && scored[i].distance != kFar; ++i)
    out.push_back(candidates[scored[i].order].name);
  return out;
}

std::vector<std::string> ClosestNames(const std::vector<std::string>& names, std::string_view text, size_t count) {
  std::vector<Suggestion> candidates;
  candidates.reserve(names.size());
  for (const std::string& n : names) candidates.push_back({n, {}});
  return ClosestNames(candidates, Trim(text), count);
}

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::vector<Scored> scored = Rank(
      candidates.size(), [&](size_t i) { return std::string_view(candidates[i]); },
      [&](size_t i) { return EditDistance(word, candidates[i]); });
  if (scored.empty() || candidates[scored.front().order].empty()) return {};
  const std::string& best = candidates[scored.front().order];
  const size_t best_distance = scored.front().distance;
  if (best_distance == 0) return best;  // differs only in case
  if (best_distance <= 2 && best_distance * 2 < std::max(word.size(), best.size())) return best;
  return {};
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string match = ClosestMatch(word, candidates);
  return match.empty() ? std::string() : "did you mean `" + match + "`?";
}

}  // namespace onboard
