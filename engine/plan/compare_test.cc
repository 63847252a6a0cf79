#include "engine/plan/compare.h"

#include <doctest/doctest.h>

namespace onboard {
namespace {

TEST_SUITE("planner") {
  TEST_CASE("compare: text is the same once trimmed") {
    CHECK(SameText(" Acme", "Acme "));
    CHECK_FALSE(SameText("Acme", "acme"));
  }

  TEST_CASE("compare: dates compare as dates whatever the format") {
    CHECK(DatePart("2026-01-01") == std::optional<std::string>("2026-01-01"));
    CHECK(DatePart("2026-01-01T00:00:00") == std::optional<std::string>("2026-01-01"));
    CHECK(DatePart(" 2026-01-01T00:00:00.000+03:00 ") == std::optional<std::string>("2026-01-01"));
    CHECK(DatePart("2026-01-01 10:00") == std::optional<std::string>("2026-01-01"));
    CHECK_FALSE(DatePart("2026-13-01"));
    CHECK_FALSE(DatePart("01/01/2026"));
    CHECK_FALSE(DatePart("2026-01-01X"));
    CHECK(SameDate("2026-01-01", "2026-01-01T00:00:00Z"));
    CHECK(SameDate("", " "));
    CHECK_FALSE(SameDate("2026-01-01", "2026-01-02T00:00:00Z"));
    CHECK_FALSE(SameDate("2026-01-01", ""));
    CHECK(ToIsoDateTime("2026-01-01") == "2026-01-01T00:00:00Z");
    CHECK(ToIsoDateTime(" 2026-01-01T10:00:00+03:00") == "2026-01-01T10:00:00+03:00");
    CHECK(DisplayDate("2026-01-01T00:00:00Z") == "2026-01-01");
    CHECK(DisplayDate("") == "");
  }

  TEST_CASE("compare: lists as sets, display") {
    CHECK(SameSet({"a", "b"}, {" b", "a", "a"}, false));
    CHECK_FALSE(SameSet({"a", "b"}, {"A", "b"}, false));
    CHECK(SameSet({"a", "b"}, {"A", "b"}, true));
    CHECK_FALSE(SameSet({"a"}, {"a", "b"}, true));
    CHECK(DisplayList({"a", "b"}) == "[a, b]");
    CHECK(DisplayList({}) == "[]");
    CHECK(DisplayBool(true) == "true");
  }
}

}  // namespace
}  // namespace onboard
