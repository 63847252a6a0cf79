#pragma once
// Masking of personal data (phone numbers) in everything onboard shows.

#include <string>

namespace onboard {

/// "+905550000000" -> "+90******0000": keeps a leading '+', the first 2 and the last 4
/// digits, and masks every other digit with '*'. Shorter numbers keep fewer digits, so that at
/// least half of any number is hidden (under 12 digits: the first min(2, n/4) and the last
/// n/2 minus those; under 4 digits: none). Separators (space, '-', '.', '(', ')') are
/// dropped; any other character counts as a digit. Idempotent: masking a masked number gives
/// it back. "" stays "".
std::string MaskPhone(const std::string& phone);

/// Masks every phone-like run in free text ('+' followed by at least 7 digits, separators
/// allowed between them) with MaskPhone, leaving the rest as it is. For messages that may
/// quote a phone number (diagnostics).
std::string MaskPhonesInText(const std::string& text);

/// True for a field that holds a phone number: "phone", or a dotted path ending in ".phone".
/// Renderers mask such a field even when the planner did not mark it sensitive.
bool IsPhoneField(const std::string& field);

}  // namespace onboard
