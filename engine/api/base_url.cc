// CheckBaseUrl (declared in keepnet_client.h): credentials go out over TLS, or over plain
// HTTP only to this machine, unless the user says otherwise.
//
// The URL is parsed by libcurl's own URL parser, the one that will later connect: a check
// that parsed the text itself would disagree with libcurl on forms such as
// http://2130706433, http://0x7f.1 or http://127.0.0.1@evil.example, and the disagreement is
// the hole. libcurl writes every numeric IPv4 form as a dotted quad; inet_pton then decides.

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <memory>
#include <string>

#include <curl/curl.h>

#include "engine/api/keepnet_client.h"
#include "engine/text/strings.h"

namespace onboard {

namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

// One part of a parsed URL; "" when it has none.
std::string Part(CURLU* url, CURLUPart part, CURLUcode* rc = nullptr) {
  char* value = nullptr;
  CURLUcode code = curl_url_get(url, part, &value, 0);
  if (rc) *rc = code;
  std::string out = code == CURLUE_OK && value ? value : "";
  curl_free(value);
  return out;
}

// True for `localhost`, 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104 (host as libcurl gives it,
// IPv6 in brackets). A trailing dot ("localhost.") is a name for the resolver, not this rule.
bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &v6) != 1) return false;
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

}  // namespace

bool CheckBaseUrl(const std::string& url, bool allow_insecure_http, std::string* error) {
  if (url.find("://") == std::string::npos) {
    *error = "API URL '" + url + "' has no scheme: use https://HOST";
    return false;
  }
  std::unique_ptr<CURLU, UrlDeleter> parsed(curl_url());
  if (!parsed) {
    *error = "out of memory parsing the API URL";
    return false;
  }
  // Only http and https get past the scheme check below, so other schemes may parse.
  CURLUcode rc = curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (rc != CURLUE_OK) {
    *error = rc == CURLUE_NO_HOST ? "API URL '" + url + "' has no host"
                                  : "API URL '" + url + "' is not a valid URL: " + curl_url_strerror(rc);
    return false;
  }
  CURLUcode user_rc = CURLUE_OK, password_rc = CURLUE_OK;
  Part(parsed.get(), CURLUPART_USER, &user_rc);
  Part(parsed.get(), CURLUPART_PASSWORD, &password_rc);
  if (user_rc != CURLUE_NO_USER || password_rc != CURLUE_NO_PASSWORD) {
    *error = "API URL must not carry credentials: pass them with --client-id and --client-secret-file";
    return false;
  }
  CURLUcode query_rc = CURLUE_OK, fragment_rc = CURLUE_OK;
  Part(parsed.get(), CURLUPART_QUERY, &query_rc);
  Part(parsed.get(), CURLUPART_FRAGMENT, &fragment_rc);
  if (query_rc != CURLUE_NO_QUERY || fragment_rc != CURLUE_NO_FRAGMENT) {
    *error = "API URL '" + url + "' must not have a query (?) or fragment (#): use https://HOST[:PORT][/PATH]";
    return false;
  }
  const std::string scheme = ToLowerAscii(Part(parsed.get(), CURLUPART_SCHEME));
  const std::string host = ToLowerAscii(Part(parsed.get(), CURLUPART_HOST));
  if (host.empty()) {
    *error = "API URL '" + url + "' has no host";
    return false;
  }
  if (scheme == "https") return true;
  if (scheme != "http") {
    *error = "API URL '" + url + "' must use https";
    return false;
  }
  if (IsLoopbackHost(host) || allow_insecure_http) return true;
  *error = "refusing to send credentials over plain http to " + host +
           ": use https, or pass --allow-insecure-http to allow it";
  return false;
}

}  // namespace onboard
