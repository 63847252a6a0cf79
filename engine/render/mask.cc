#include "engine/render/mask.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace onboard {
namespace {

bool IsSeparator(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'; }
bool IsDigitOrMask(char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '*'; }

}  // namespace

std::string MaskPhone(const std::string& phone) {
  std::string out;
  std::string digits;
  size_t i = 0;
  if (!phone.empty() && phone[0] == '+') {
    out += '+';
    i = 1;
  }
  for (; i < phone.size(); ++i)
    if (!IsSeparator(phone[i])) digits += phone[i];
  const size_t n = digits.size();
  // At least half of the digits stay hidden, so a short (or partial) number is never mostly
  // shown: 12 digits and more keep 2 + 4, fewer keep less, under 4 keep none.
  const size_t head = n < 4 ? 0 : std::min<size_t>(2, n / 4);
  const size_t tail = n < 4 ? 0 : std::min<size_t>(4, n / 2 - head);
  for (size_t k = 0; k < n; ++k) out += (k < head || k >= n - tail) ? digits[k] : '*';
  return out;
}

std::string MaskPhonesInText(const std::string& text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '+') {
      out += text[i++];
      continue;
    }
    size_t count = 0;
    size_t end = i + 1;  // one past the last digit of the run
    for (size_t j = i + 1; j < text.size(); ++j) {
      if (IsDigitOrMask(text[j])) {
        ++count;
        end = j + 1;
      } else if (!IsSeparator(text[j])) {
        break;
      }
    }
    if (count >= 7) {
      out += MaskPhone(text.substr(i, end - i));
      i = end;
    } else {
      out += text[i++];
    }
  }
  return out;
}

bool IsPhoneField(const std::string& field) {
  constexpr std::string_view kPhone = "phone";
  constexpr std::string_view kDotted = ".phone";
  std::string_view f = field;
  return f == kPhone || (f.size() > kDotted.size() && f.substr(f.size() - kDotted.size()) == kDotted);
}

}  // namespace onboard
