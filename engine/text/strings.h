#pragma once
// Small ASCII string helpers every layer uses (manifests, the client, the planner, the
// executor): one copy here, below everything else.

#include <string>
#include <string_view>

namespace onboard {

/// ASCII lower-case copy of `s` (other bytes unchanged).
std::string ToLowerAscii(std::string_view s);

/// `text` without leading and trailing ASCII whitespace.
std::string Trim(std::string_view text);

/// Trimmed and lowered: the key for case-insensitive lookups (emails, names).
std::string FoldKey(std::string_view text);

/// True when `a` and `b` are equal ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace onboard
