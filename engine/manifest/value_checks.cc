#include "engine/manifest/value_checks.h"

namespace onboard {

namespace {

bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Reads exactly n digits at text[*pos].
bool Digits(std::string_view text, size_t* pos, size_t n, int* out) {
  if (*pos + n > text.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

bool IsValidEmail(std::string_view email, std::string* why) {
  for (char c : email) {
    if (c == ' ' || c == '\t' || static_cast<unsigned char>(c) < 0x20) {
      *why = "contains a space or control character";
      return false;
    }
  }
  size_t at = email.find('@');
  if (at == std::string_view::npos) {
    *why = "has no @";
    return false;
  }
  if (email.find('@', at + 1) != std::string_view::npos) {
    *why = "has more than one @";
    return false;
  }
  std::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64) {
    *why = local.empty() ? "has nothing before the @" : "has more than 64 characters before the @";
    return false;
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    *why = "has a misplaced dot before the @";
    return false;
  }
  if (domain.find('.') == std::string_view::npos) {
    *why = "has no dot in the domain (expected name@example.com)";
    return false;
  }
  size_t start = 0;
  std::string_view last;
  for (;;) {
    size_t dot = domain.find('.', start);
    std::string_view label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.front() == '-' || label.back() == '-') {
      *why = "has an empty or malformed part in the domain";
      return false;
    }
    for (char c : label) {
      if (!IsAlnum(c) && c != '-' && static_cast<unsigned char>(c) < 0x80) {
        *why = "has a character that is not allowed in a domain";
        return false;
      }
    }
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (last.size() < 2) {
    *why = "has a top-level domain shorter than two letters";
    return false;
  }
  for (char c : last) {
    if (!IsAlpha(c) && static_cast<unsigned char>(c) < 0x80) {
      *why = "has a top-level domain that is not letters";
      return false;
    }
  }
  return true;
}

bool ParseIsoDate(std::string_view text, int64_t* epoch_seconds) {
  size_t pos = 0;
  int y = 0, mo = 0, d = 0;
  if (!Digits(text, &pos, 4, &y) || !Expect(text, &pos, '-') || !Digits(text, &pos, 2, &mo) ||
      !Expect(text, &pos, '-') || !Digits(text, &pos, 2, &d))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) return false;
  int64_t seconds = DaysFromCivil(y, mo, d) * 86400;
  if (pos == text.size()) {
    *epoch_seconds = seconds;
    return true;
  }
  int h = 0, mi = 0, s = 0;
  if (!Expect(text, &pos, 'T') || !Digits(text, &pos, 2, &h) || !Expect(text, &pos, ':') ||
      !Digits(text, &pos, 2, &mi))
    return false;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!Digits(text, &pos, 2, &s)) return false;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      size_t begin = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == begin) return false;
    }
  }
  if (h > 23 || mi > 59 || s > 59) return false;
  seconds += h * 3600 + mi * 60 + s;
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '+' ? 1 : -1;
    ++pos;
    int oh = 0, om = 0;
    if (!Digits(text, &pos, 2, &oh)) return false;
    Expect(text, &pos, ':');
    if (!Digits(text, &pos, 2, &om) || oh > 23 || om > 59) return false;
    seconds -= sign * (oh * 3600 + om * 60);
  }
  if (pos != text.size()) return false;
  *epoch_seconds = seconds;
  return true;
}

}  // namespace onboard
