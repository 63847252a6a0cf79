#include "engine/model/interned_string.h"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "engine/desired/desired_state.h"
#include "engine/model/records.h"
#include "engine/plan/plan.h"

namespace onboard {
namespace {

TEST_CASE("interned string: one pointer wide, empty without a pool entry") {
  static_assert(sizeof(InternedString) == sizeof(void*));
  InternedString s;
  CHECK(s.empty());
  CHECK(s.str().empty());
  const size_t before = InternedString::PoolSize();
  s = std::string();
  CHECK(s.empty());
  CHECK(InternedString::PoolSize() == before);
}

TEST_CASE("interned string: equal values share one copy, and it reads and compares as the string") {
  const size_t before = InternedString::PoolSize();
  InternedString a = std::string("interned-test-Marketing");
  InternedString b = "interned-test-Marketing";
  InternedString c = "interned-test-Sales";
  CHECK(InternedString::PoolSize() == before + 2);  // a and b share their value
  CHECK(&a.str() == &b.str());
  CHECK(a == b);
  CHECK(a != c);
  CHECK(a == "interned-test-Marketing");
  CHECK(std::string("interned-test-Sales") == c);
  const std::string& read = c;
  CHECK(read == "interned-test-Sales");
  CHECK(c.size() == read.size());
  InternedString copy = a;
  a = "interned-test-Sales";  // reassigning one holder leaves the other as it was
  CHECK(copy == "interned-test-Marketing");
  CHECK(a == c);
  a.clear();
  CHECK(a.empty());
  CHECK(a != copy);
}

// The manifests load on two threads, each interning its users' names.
TEST_CASE("interned string: threads interning the same values get the same copies") {
  std::vector<std::vector<InternedString>> got(4);
  std::vector<std::thread> threads;
  for (auto& out : got)
    threads.emplace_back([&out] {
      for (int i = 0; i < 2000; ++i) out.emplace_back("interned-thread-" + std::to_string(i % 100));
    });
  for (std::thread& t : threads) t.join();
  for (const auto& out : got) {
    REQUIRE(out.size() == 2000);
    for (int i = 0; i < 2000; ++i) {
      CHECK(out[static_cast<size_t>(i)] == got[0][static_cast<size_t>(i)]);
      CHECK(&out[static_cast<size_t>(i)].str() == &got[0][static_cast<size_t>(i)].str());
    }
  }
}

// A million target users are a million live records, desired users and planned actions: their
// sizes set the peak of a 10,000-customer run (docs/benchmarks.md, "Where the time and the
// memory go at scale"). Interned fields keep them below what std::strings would take.
TEST_CASE("interned string: the records a million users make stay compact") {
  static_assert(sizeof(TargetUserRecord) <= 3 * sizeof(std::string) + 13 * sizeof(void*) + 32);
  static_assert(sizeof(DesiredTargetUser) <= 2 * sizeof(std::string) + 4 * sizeof(std::optional<InternedString>) +
                                                 4 * sizeof(void*) + 64);
  static_assert(sizeof(Action) <= 400);
  TargetUserRecord user;
  user.department = "Finance";
  TargetUserRecord other;
  other.department = std::string("Finance");
  CHECK(&user.department.str() == &other.department.str());
}

}  // namespace
}  // namespace onboard
