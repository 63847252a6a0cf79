#include "engine/model/rare_string.h"

#include <doctest/doctest.h>

#include <string>

#include "engine/model/heap_optional.h"
#include "engine/model/rare_vector.h"
#include "engine/model/records.h"

namespace onboard {
namespace {

TEST_CASE("rare string: empty is one pointer wide and holds nothing on the heap") {
  static_assert(sizeof(RareString) == sizeof(void*));
  RareString s;
  CHECK(s.empty());
  CHECK(s.str().empty());
  s = std::string();  // assigning "" keeps it empty, not an empty string on the heap
  CHECK(s.empty());
  CHECK(s.size() == 0);
}

TEST_CASE("rare string: reads, compares and copies as the string it holds") {
  RareString zone = "Europe/Istanbul";
  CHECK_FALSE(zone.empty());
  CHECK(zone == "Europe/Istanbul");
  CHECK(zone == std::string("Europe/Istanbul"));
  CHECK(std::string("Europe/Istanbul") == zone);
  CHECK(zone != "UTC");
  const std::string& read = zone;
  CHECK(read == "Europe/Istanbul");

  RareString copy = zone;
  zone = "UTC";
  CHECK(copy == "Europe/Istanbul");  // a deep copy
  CHECK(zone == "UTC");
  zone = "";
  CHECK(zone.empty());
  CHECK(copy != zone);
  RareString moved = std::move(copy);
  CHECK(moved == "Europe/Istanbul");
}

TEST_CASE("heap optional: set from a value, compared with one, unset by nullopt") {
  static_assert(sizeof(HeapOptional<std::string>) == sizeof(void*));
  HeapOptional<std::string> language;
  CHECK_FALSE(language.has_value());
  CHECK(language == std::nullopt);
  CHECK_FALSE(language == "tr-TR");
  language = "tr-TR";
  REQUIRE(language.has_value());
  CHECK(language == "tr-TR");
  CHECK(*language == "tr-TR");
  CHECK(language.value_or("en") == "tr-TR");
  language = std::nullopt;
  CHECK_FALSE(language.has_value());
  CHECK(language.value_or("en") == "en");
  std::optional<std::string> from = std::string("de-DE");
  language = from;
  CHECK(language == "de-DE");
}

TEST_CASE("rare vector: empty is one pointer wide, and reads, appends and copies as a vector") {
  static_assert(sizeof(RareVector<std::string>) == sizeof(void*));
  RareVector<std::string> list;
  CHECK(list.empty());
  CHECK(list.size() == 0);
  CHECK(list.begin() == list.end());
  for (const std::string& s : list) FAIL("an empty list has no element: " << s);
  list = std::vector<std::string>();  // assigning an empty vector keeps nothing on the heap
  CHECK(list.empty());
  list.push_back("a");
  list.emplace_back("b");
  REQUIRE(list.size() == 2);
  CHECK(list[0] == "a");
  list[1] = "c";
  const std::vector<std::string>& read = list;
  CHECK(read == std::vector<std::string>{"a", "c"});
  RareVector<std::string> copy = list;
  list.clear();
  CHECK(list.empty());
  CHECK(copy.size() == 2);  // a deep copy
  CHECK(copy != list);
  list = std::vector<std::string>{"a", "c"};
  CHECK(copy == list);
}

// A million target users are a million of these, in the live state and in the plan: the
// rarely set fields stay out of line (the 10,000-customer benchmark, docs/benchmarks.md).
TEST_CASE("records: a target user's rarely set fields cost a pointer each when unset") {
  static_assert(sizeof(TargetUserRecord) <= 3 * sizeof(std::string) + 9 * sizeof(void*) + 48);
  TargetUserRecord user;
  CHECK(user.manager_email.empty());
  CHECK(user.time_zone_id.empty());
  CHECK_FALSE(user.target_group_ids.has_value());
}

}  // namespace
}  // namespace onboard
