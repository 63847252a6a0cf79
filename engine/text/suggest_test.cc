#include "engine/text/suggest.h"

#include <doctest/doctest.h>

namespace onboard {
namespace {

TEST_SUITE("text") {
  TEST_CASE("suggest: the close names only, distinct, closest first, ties in order") {
    CHECK(ClosestNames(std::vector<std::string>{"alpha", "beta", "alpha", "gamma"}, " alpah ", 2) ==
          std::vector<std::string>{"alpha"});
    CHECK(ClosestNames(std::vector<std::string>{"alpha", "alpine", "alps"}, "alp", 3) ==
          std::vector<std::string>{"alps", "alpha", "alpine"});
    // Far-off names mislead more than they help: none.
    CHECK(ClosestNames(std::vector<std::string>{"beta", "gamma"}, "zzzzzz", 3).empty());
    CHECK(ClosestNames(std::vector<std::string>{}, "x", 3).empty());
    // An alias (a code) counts as close to its name.
    std::vector<Suggestion> countries = {{"Germany", {"DE"}}, {"Turkey", {"TR"}}, {"Greece", {"GR"}}};
    CHECK(ClosestNames(countries, "tr", 1) == std::vector<std::string>{"Turkey"});
    CHECK(ClosestNames(countries, "Grece", 2) == std::vector<std::string>{"Greece"});
  }

  TEST_CASE("suggest: one close candidate or none") {
    CHECK(ClosestMatch("naem", {"name", "email"}) == "name");
    CHECK(ClosestMatch("NAME", {"email", "name"}) == "name");
    CHECK(ClosestMatch("colour", {"name"}).empty());
    CHECK(ClosestMatch("x", {}).empty());
    CHECK(DidYouMean("naem", {"name"}) == "did you mean `name`?");
  }
}

}  // namespace
}  // namespace onboard
