// CheckBaseUrl (declared in keepnet_client.h): credentials go out over TLS, or over plain
// HTTP only to this machine, unless the user says otherwise.

#include <algorithm>
#include <cctype>
#include <string>

#include "engine/api/keepnet_client.h"
#include "engine/text/strings.h"

namespace onboard {

namespace {

bool IsLoopbackIPv4(const std::string& host) {
  int parts[4];
  char tail = 0;
  if (std::sscanf(host.c_str(), "%d.%d.%d.%d%c", &parts[0], &parts[1], &parts[2], &parts[3], &tail) != 4)
    return false;
  for (int p : parts)
    if (p < 0 || p > 255) return false;
  return parts[0] == 127;
}

}  // namespace

bool CheckBaseUrl(const std::string& url, bool allow_insecure_http, std::string* error) {
  const size_t sep = url.find("://");
  if (sep == std::string::npos) {
    *error = "API URL '" + url + "' has no scheme: use https://HOST";
    return false;
  }
  const std::string scheme = ToLowerAscii(url.substr(0, sep));
  std::string authority = url.substr(sep + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (authority.find('@') != std::string::npos) {
    *error = "API URL must not carry credentials: pass them with --client-id and --client-secret-file";
    return false;
  }
  std::string host;
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    host = close == std::string::npos ? authority : authority.substr(0, close + 1);
  } else {
    host = authority.substr(0, authority.find(':'));
  }
  host = ToLowerAscii(host);
  if (host.empty()) {
    *error = "API URL '" + url + "' has no host";
    return false;
  }
  if (scheme == "https") return true;
  if (scheme != "http") {
    *error = "API URL '" + url + "' must use https";
    return false;
  }
  if (host == "localhost" || host == "[::1]" || IsLoopbackIPv4(host) || allow_insecure_http) return true;
  *error = "refusing to send credentials over plain http to " + host +
           ": use https, or pass --allow-insecure-http to allow it";
  return false;
}

}  // namespace onboard
