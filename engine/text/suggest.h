#pragma once
// "Did you mean ...?" for misspelt keys, columns and enum values.

#include <string>
#include <string_view>
#include <vector>

#include "engine/text/strings.h"


namespace onboard {

/// Edit distance (insertions, deletions, substitutions, adjacent transpositions) between `a`
/// and `b`, comparing ASCII case-insensitively.
size_t EditDistance(std::string_view a, std::string_view b);

/// A name that may be suggested, and other spellings of it (a code, an ISO code) that count
/// as close too: its distance to a word is the least over the name and those.
struct Suggestion {
  std::string name;
  std::vector<std::string> aliases;
};

/// Up to `count` distinct names of `candidates` close to `text` (a likely typo: a small edit
/// distance for the length, or `text`, 3 characters or more, starts the name or an alias),
/// closest first, ties in the order given: the "did you mean" list of an error. Empty when
/// none is close: a suggestion that is far off misleads. The one ranking every suggestion
/// of onboard goes through.
std::vector<std::string> ClosestNames(const std::vector<Suggestion>& candidates, std::string_view text, size_t count);

/// The same for plain names, `text` trimmed first.
std::vector<std::string> ClosestNames(const std::vector<std::string>& names, std::string_view text, size_t count);

/// The candidate closest to `word` if it is close enough to be a likely typo (distance at most
/// 2, and less than half the word's length; a case-only difference always counts); else "".
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean `x`?)"-style suffix text "did you mean `x`?" or "" when nothing is close.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace onboard
