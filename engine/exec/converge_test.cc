// The winner rule for copies of one object made by applies running at the same moment.
#include "engine/exec/converge.h"

#include <algorithm>

#include <doctest/doctest.h>

namespace onboard {

TEST_SUITE("exec") {

TEST_CASE("converge: creation times compare as instants, fractions and offsets included") {
  REQUIRE(CreationInstant("2026-12-01T10:00:00Z").has_value());
  CHECK(*CreationInstant("2026-12-01T10:00:00Z") == *CreationInstant("2026-12-01T10:00:00.000Z"));
  CHECK(*CreationInstant("2026-12-01T10:00:00Z") == *CreationInstant("2026-12-01T10:00:00"));
  CHECK(*CreationInstant("2026-12-01T10:00:00.5Z") == *CreationInstant("2026-12-01T10:00:00.5000000"));
  CHECK(*CreationInstant("2026-12-01T10:00:00.001Z") - *CreationInstant("2026-12-01T10:00:00Z") == 1000000);
  CHECK(*CreationInstant("2026-12-01T13:00:00+03:00") == *CreationInstant("2026-12-01T10:00:00Z"));
  // Byte order would put "…:00.9Z" after "…:01Z" the wrong way round for "…:00Z" vs "…:00.1Z".
  CHECK(*CreationInstant("2026-12-01T10:00:00Z") < *CreationInstant("2026-12-01T10:00:00.1Z"));
  CHECK(*CreationInstant("2026-12-01T10:00:00.9Z") < *CreationInstant("2026-12-01T10:00:01Z"));
  for (const char* bad : {"", "yesterday", "2026-12-01", "2026-12-01T10:00:00.Z", "2026-13-01T10:00:00Z"})
    CHECK_FALSE(CreationInstant(bad).has_value());
}

TEST_CASE("converge: the oldest wins, then the smallest id, unknown times lose to known ones") {
  const Candidate old_b{"b", "2026-12-01T10:00:00.001Z"};
  const Candidate new_a{"a", "2026-12-01T10:00:00.002Z"};
  CHECK(WinsOver(old_b, new_a));
  CHECK_FALSE(WinsOver(new_a, old_b));
  const Candidate same_time_a{"a", "2026-12-01T10:00:00.001Z"};
  CHECK(WinsOver(same_time_a, old_b));
  const Candidate unknown{"0", ""};
  CHECK(WinsOver(new_a, unknown));
  CHECK_FALSE(WinsOver(unknown, new_a));
  CHECK(WinsOver(Candidate{"x", ""}, Candidate{"y", "garbage"}));  // both unknown: by id
  CHECK_FALSE(WinsOver(old_b, old_b));
}

TEST_CASE("converge: every order of the same candidates picks the same winner") {
  std::vector<Candidate> c = {{"m", "2026-12-01T10:00:00.003Z"},
                              {"z", "2026-12-01T10:00:00.001Z"},
                              {"k", ""},
                              {"q", "2026-12-01T10:00:00.001Z"}};
  std::sort(c.begin(), c.end(), [](const Candidate& a, const Candidate& b) { return a.id < b.id; });
  do {
    CHECK(c[PickWinner(c)].id == "q");
  } while (std::next_permutation(c.begin(), c.end(), [](const Candidate& a, const Candidate& b) { return a.id < b.id; }));
}

}  // TEST_SUITE

}  // namespace onboard
