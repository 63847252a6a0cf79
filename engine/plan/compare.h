#pragma once
// The planner's comparison rules: what "means the same" between a manifest and the platform
// (trimmed text, dates whatever their format, lists as sets), and how values are shown in a
// plan's changes. Text helpers below them (Trim, FoldKey, LooseKey, ...) are in
// engine/text/strings.h.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/text/strings.h"

namespace onboard {

/// True when `a` and `b` are equal once trimmed (case matters).
bool SameText(std::string_view a, std::string_view b);

/// The calendar date of a date or ISO date-time ("2026-01-01", "2026-01-01T00:00:00",
/// "2026-01-01T00:00:00Z", "2026-01-01 00:00:00.000+03:00") as "YYYY-MM-DD"; nullopt when
/// `text` does not start with a valid date.
std::optional<std::string> DatePart(std::string_view text);

/// True when both are empty, or both name the same calendar date; otherwise (one of them
/// not a date) trimmed text equality.
bool SameDate(std::string_view a, std::string_view b);

/// What to send for a manifest date: "YYYY-MM-DDT00:00:00Z" for a plain date; a date-time
/// is sent as written (trimmed).
std::string ToIsoDateTime(std::string_view text);

/// How a date is shown in a change: "YYYY-MM-DD", or the text itself when it is not a date.
std::string DisplayDate(std::string_view text);

/// True when `a` and `b` hold the same elements once trimmed, ignoring order and duplicates;
/// `ignore_case` compares them case-insensitively.
bool SameSet(const std::vector<std::string>& a, const std::vector<std::string>& b, bool ignore_case);

/// "[a, b]" (elements as given).
std::string DisplayList(const std::vector<std::string>& items);

/// "true" / "false".
std::string DisplayBool(bool value);

}  // namespace onboard
