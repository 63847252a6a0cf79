#include "engine/text/strings.h"

#include <doctest/doctest.h>

namespace onboard {
namespace {

TEST_SUITE("text") {
  TEST_CASE("strings: trimming, folding, case") {
    CHECK(Trim("  a b \t\n") == "a b");
    CHECK(Trim("   ").empty());
    CHECK(FoldKey("  Ada@Acme.Example ") == "ada@acme.example");
    CHECK(EqualsIgnoreCase("Acme", "aCME"));
    CHECK_FALSE(EqualsIgnoreCase("Acme", "Acme "));
    CHECK(ToUpperAscii("In_Progress é") == "IN_PROGRESS é");
  }

  TEST_CASE("strings: loose and alphanumeric keys") {
    CHECK(LooseKey("  ACME   corp ") == "acme corp");
    CHECK(LooseKey("Acme\tCorp") == LooseKey("acme corp"));
    CHECK(AlphanumericKey("Time Zone") == "timezone");
    CHECK(AlphanumericKey("time_zone-2") == "timezone2");
  }

  TEST_CASE("strings: numbers") {
    CHECK(ParseInt(" 500 ") == std::optional<int>(500));
    CHECK(ParseInt("+5") == std::optional<int>(5));
    CHECK(ParseInt("-5") == std::optional<int>(-5));
    CHECK_FALSE(ParseInt("5x"));
    CHECK_FALSE(ParseInt(""));
  }

  TEST_CASE("strings: concatenation holds exactly its length") {
    const std::string customer = "acme-corporation-europe";
    std::string address = Concat({"customer.", customer, ".target-user.", "someone@acme.example"});
    CHECK(address == "customer.acme-corporation-europe.target-user.someone@acme.example");
    CHECK(address.capacity() == address.size());
    CHECK(Concat({}).empty());
  }

  TEST_CASE("strings: replace every occurrence") {
    std::string text = "a secret, and the secret again";
    ReplaceAll(&text, "secret", "[redacted]");
    CHECK(text == "a [redacted], and the [redacted] again");
    ReplaceAll(&text, "", "x");
    CHECK(text == "a [redacted], and the [redacted] again");
    std::string grow = "aa";
    ReplaceAll(&grow, "a", "aa");  // the replacement is not searched again
    CHECK(grow == "aaaa");
  }
}

}  // namespace
}  // namespace onboard
