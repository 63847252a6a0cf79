#pragma once
// Checks of single values that a JSON Schema cannot express well: email syntax, dates.

#include <cstdint>
#include <string>
#include <string_view>

namespace onboard {

/// A pragmatic email check: local@domain.tld with no spaces or control characters, one '@',
/// a non-empty local part (<= 64), a domain of dot-separated labels of letters, digits and
/// '-' (not at a label's ends), and a top-level label of at least two letters. On failure
/// *why says what is wrong ("has no @", ...).
bool IsValidEmail(std::string_view email, std::string* why);

/// Parses a date "YYYY-MM-DD" or an ISO 8601 date-time "YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM|-HH:MM]"
/// (a real calendar day and time) into seconds since 1970-01-01T00:00:00Z (a date is its
/// midnight UTC; a date-time without an offset is read as UTC). False if it is neither.
bool ParseIsoDate(std::string_view text, int64_t* epoch_seconds);

}  // namespace onboard
