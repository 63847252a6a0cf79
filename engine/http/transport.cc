#include "engine/http/transport.h"

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

std::string WireBody(const HttpRequest& request) {
  if (request.url_form.empty()) return request.body;
  std::string out;
  for (const UrlFormField& f : request.url_form) {
    if (!out.empty()) out += '&';
    out += FormUrlEncode(f.name) + "=" + FormUrlEncode(f.secret.empty() ? f.value : f.secret.value_);
  }
  return out;
}

std::string WireAuthorization(const HttpRequest& request) {
  return request.bearer_token.empty() ? "" : "Bearer " + request.bearer_token.value_;
}

std::string ShownBody(const HttpRequest& request) {
  if (request.url_form.empty()) return request.body;
  std::string out;
  for (const UrlFormField& f : request.url_form)
    out += f.name + "=" + (f.secret.empty() ? f.value : std::string("[redacted]")) + "\n";
  return out;
}

}  // namespace onboard
