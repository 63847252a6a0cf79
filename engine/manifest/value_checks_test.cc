#include "engine/manifest/value_checks.h"

#include <doctest/doctest.h>

#include "engine/text/suggest.h"

namespace onboard {
namespace {

TEST_SUITE("manifest") {
  TEST_CASE("emails: pragmatic local@domain.tld") {
    std::string why;
    for (const char* ok : {"a@b.co", "jane.doe+tag@acme.example", "x@sub.domain.com.tr", "ç@bücher.de"})
      CHECK_MESSAGE(IsValidEmail(ok, &why), ok);
    struct Bad { const char* email; const char* why; };
    for (Bad bad : {Bad{"plain", "has no @"}, Bad{"a@@b.co", "more than one @"}, Bad{"@b.co", "nothing before"},
                    Bad{"a b@c.co", "space"}, Bad{"a@localhost", "no dot"}, Bad{"a@b.c", "shorter than two"},
                    Bad{"a@-b.co", "malformed"}, Bad{"a@b..co", "malformed"}, Bad{".a@b.co", "misplaced dot"},
                    Bad{"a@b.c0m", "not letters"}, Bad{"a@b_c.com", "not allowed"}}) {
      why.clear();
      CHECK_MESSAGE(!IsValidEmail(bad.email, &why), bad.email);
      CHECK_MESSAGE(why.find(bad.why) != std::string::npos, bad.email << ": " << why);
    }
  }

  TEST_CASE("dates: YYYY-MM-DD and ISO 8601 date-times of real days") {
    int64_t t = 0;
    CHECK(ParseIsoDate("1970-01-02", &t));
    CHECK(t == 86400);
    CHECK(ParseIsoDate("2028-02-29", &t));
    CHECK_FALSE(ParseIsoDate("2027-02-29", &t));
    CHECK_FALSE(ParseIsoDate("2026-13-01", &t));
    CHECK_FALSE(ParseIsoDate("2026-04-31", &t));
    CHECK_FALSE(ParseIsoDate("01/01/2026", &t));
    CHECK_FALSE(ParseIsoDate("2026-1-1", &t));
    CHECK_FALSE(ParseIsoDate("2026-01-01T25:00", &t));
    CHECK_FALSE(ParseIsoDate("2026-01-01 10:00", &t));
    CHECK(ParseIsoDate("1970-01-01T01:00:00Z", &t));
    CHECK(t == 3600);
    CHECK(ParseIsoDate("1970-01-01T03:00:00.250+02:00", &t));
    CHECK(t == 3600);
    CHECK(ParseIsoDate("1970-01-01T00:30-01:00", &t));
    CHECK(t == 5400);
  }

  TEST_CASE("suggestions: close typos, case differences, nothing for far words") {
    std::vector<std::string> fields = {"name", "resourceId", "firstName", "users", "email"};
    CHECK(EditDistance("naem", "name") == 1);
    CHECK(EditDistance("kitten", "sitting") == 3);
    CHECK(ClosestMatch("naem", fields) == "name");
    CHECK(ClosestMatch("FirstName", fields) == "firstName");
    CHECK(ClosestMatch("fristName", fields) == "firstName");
    CHECK(ClosestMatch("user", fields) == "users");
    CHECK(ClosestMatch("colour", fields).empty());
    CHECK(ClosestMatch("ab", {"xy"}).empty());
    CHECK(DidYouMean("emial", fields) == "did you mean `email`?");
  }
}

}  // namespace
}  // namespace onboard
