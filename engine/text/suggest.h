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

/// The candidate closest to `word` if it is close enough to be a likely typo (distance at most
/// 2, and less than half the word's length; a case-only difference always counts); else "".
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

/// The distinct candidates close to `word`, closest first (ties in candidate order), at most
/// `limit`: those ClosestMatch would accept, and those that start with `word` (3 characters or
/// more, ignoring case). Empty when none is close: a suggestion that is far off misleads.
std::vector<std::string> CloseMatches(std::string_view word, const std::vector<std::string>& candidates,
                                      size_t limit = 3);

/// " (did you mean `x`?)"-style suffix text "did you mean `x`?" or "" when nothing is close.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace onboard
