#include "engine/api/retry_policy.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>

namespace onboard {

Verdict Classify(const HttpResponse& response, Repeat repeat) {
  const int status = response.status;
  if (status == 0) {
    if (repeat == Repeat::Safe || !response.maybe_delivered) return Verdict::Retry;
    return Verdict::OutcomeUnknown;
  }
  if (status == 429 || status == 503) return Verdict::Retry;
  if (status >= 500) return repeat == Repeat::Safe ? Verdict::Retry : Verdict::OutcomeUnknown;
  return Verdict::Done;
}

namespace {

int MonthIndex(const std::string& m) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i)
    if (m == kMonths[i]) return i;
  return -1;
}

// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<std::time_t> ParseHttpDate(const std::string& s) {
  char wday[4] = {}, mon[4] = {}, zone[4] = {};
  int day = 0, year = 0, hh = 0, mm = 0, ss = 0;
  if (std::sscanf(s.c_str(), "%3s, %d %3s %d %d:%d:%d %3s", wday, &day, mon, &year, &hh, &mm, &ss, zone) != 8)
    return std::nullopt;
  const int month = MonthIndex(mon);
  if (month < 0 || std::string(zone) != "GMT") return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month;
  tm.tm_mday = day;
  tm.tm_hour = hh;
  tm.tm_min = mm;
  tm.tm_sec = ss;
  return timegm(&tm);
}

}  // namespace

std::optional<std::chrono::milliseconds> ParseRetryAfter(const std::string& value,
                                                         std::chrono::system_clock::time_point now) {
  size_t b = value.find_first_not_of(" \t");
  if (b == std::string::npos) return std::nullopt;
  const std::string v = value.substr(b, value.find_last_not_of(" \t") - b + 1);
  if (std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (v.size() > 9) return std::nullopt;
    return std::chrono::seconds(std::atol(v.c_str()));
  }
  auto when = ParseHttpDate(v);
  if (!when) return std::nullopt;
  auto delta = std::chrono::system_clock::from_time_t(*when) - now;
  if (delta.count() < 0) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(delta);
}

std::chrono::milliseconds BackoffDelay(int retry, std::chrono::milliseconds base, std::chrono::milliseconds max,
                                       double unit) {
  const int shift = std::clamp(retry - 1, 0, 30);
  const long double ceiling = std::min<long double>(static_cast<long double>(base.count()) * (1LL << shift),
                                                    static_cast<long double>(max.count()));
  const double u = std::clamp(unit, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(ceiling * u));
}

}  // namespace onboard
