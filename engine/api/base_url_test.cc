// CheckBaseUrl against the forms a hand-written parser gets wrong: the decision must be the
// one libcurl's connection will act on.

#include <doctest/doctest.h>

#include <string>

#include "engine/api/keepnet_client.h"

namespace onboard {
namespace {

bool Allowed(const std::string& url) {
  std::string error;
  return CheckBaseUrl(url, false, &error);
}

std::string Refusal(const std::string& url) {
  std::string error;
  CHECK_FALSE(CheckBaseUrl(url, false, &error));
  return error;
}

TEST_CASE("CheckBaseUrl: a number that only looks like 127.0.0.x is not loopback") {
  // sscanf("%d.%d.%d.%d") read 127.0.0.1 out of this (the last part overflows int); for
  // libcurl it is a host name, resolved by DNS.
  CHECK(Refusal("http://127.0.0.4294967297").find("plain http") != std::string::npos);
  CHECK_FALSE(Allowed("http://127.0.0.1.evil.example"));
  CHECK_FALSE(Allowed("http://127.0.0.256"));
}

TEST_CASE("CheckBaseUrl: numeric IPv4 forms are judged by the address libcurl connects to") {
  CHECK(Allowed("http://2130706433"));       // decimal 127.0.0.1
  CHECK(Allowed("http://0x7f.1"));           // hex and a short form
  CHECK(Allowed("http://0177.0.0.1"));       // octal
  CHECK(Allowed("http://127.1:8080"));
  CHECK(Allowed("http://%31%32%37.0.0.1"));  // percent-encoded
  CHECK_FALSE(Allowed("http://167772161"));  // decimal 10.0.0.1
  CHECK_FALSE(Allowed("http://0x0a.0.0.1"));
}

TEST_CASE("CheckBaseUrl: userinfo never hides the real host") {
  CHECK(Refusal("http://127.0.0.1@evil.example").find("credentials") != std::string::npos);
  CHECK(Refusal("http://127.0.0.1\\@evil.example").find("credentials") != std::string::npos);
  CHECK(Refusal("http://evil.example\\@127.0.0.1").find("credentials") != std::string::npos);
  CHECK(Refusal("https://user:pw@api.keepnetlabs.com").find("credentials") != std::string::npos);
  CHECK_FALSE(Allowed("http://127.0.0.1#@evil.example"));
}

TEST_CASE("CheckBaseUrl: IPv6 loopback, mapped IPv4 loopback, and what is not") {
  CHECK(Allowed("http://[::1]:8080"));
  CHECK(Allowed("http://[0:0:0:0:0:0:0:1]"));
  CHECK(Allowed("http://[::ffff:127.0.0.1]"));
  CHECK(Allowed("http://[::ffff:7f00:1]"));
  CHECK_FALSE(Allowed("http://[::ffff:10.0.0.1]"));
  CHECK_FALSE(Allowed("http://[fe80::1%25eth0]"));
  CHECK_FALSE(Allowed("http://[::2]"));
}

TEST_CASE("CheckBaseUrl: localhost is exact, a trailing dot makes it a name for the resolver") {
  CHECK(Allowed("http://localhost:9/api"));
  CHECK(Allowed("http://LocalHost"));
  CHECK(Allowed("HTTP://127.0.0.1"));
  CHECK_FALSE(Allowed("http://localhost."));
  CHECK_FALSE(Allowed("http://127.0.0.1."));
  CHECK_FALSE(Allowed("http://localhost.evil.example"));
  CHECK_FALSE(Allowed("http://evil.localhost"));
}

TEST_CASE("CheckBaseUrl: malformed URLs are refused with the reason") {
  CHECK(Refusal("http://").find("no host") != std::string::npos);
  CHECK(Refusal("example.com").find("no scheme") != std::string::npos);
  CHECK(Refusal("http://127.0.0.1:99999").find("not a valid URL") != std::string::npos);
  CHECK(Refusal("http://127.0.0.1 x").find("not a valid URL") != std::string::npos);
  CHECK(Refusal("https://api.keepnetlabs.com?x=1").find("query") != std::string::npos);
  CHECK(Refusal("ftp://127.0.0.1").find("must use https") != std::string::npos);
  std::string error;
  CHECK(CheckBaseUrl("http://10.0.0.1", true, &error));  // --allow-insecure-http
  CHECK(CheckBaseUrl("https://api.keepnetlabs.com/", false, &error));
}

}  // namespace
}  // namespace onboard
