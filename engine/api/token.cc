#include "engine/api/token.h"

#include <algorithm>

namespace onboard {

std::string FormUrlEncode(const std::string& value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (unsigned char c : value) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string TokenRequestBody(const std::string& client_id, const std::string& client_secret) {
  return "grant_type=client_credentials&client_id=" + FormUrlEncode(client_id) +
         "&client_secret=" + FormUrlEncode(client_secret) + "&scope=api1";
}

std::chrono::steady_clock::time_point RenewAt(std::chrono::steady_clock::time_point now, int expires_in_seconds) {
  using std::chrono::milliseconds;
  const milliseconds lifetime{std::max(0, expires_in_seconds) * 1000LL};
  const milliseconds early = std::min<milliseconds>(lifetime / 5, milliseconds(60000));
  return now + lifetime - early;
}

}  // namespace onboard
