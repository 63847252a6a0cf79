#pragma once
// Checks the plan's unit tests share (planner, target groups, integrity): an action by
// address, and that a plan lists every action after those it depends on. Header-only, for
// tests; inline so that test files compiled together (the unity build) share one copy.

#include <set>
#include <string>

#include <doctest/doctest.h>

#include "engine/plan/plan.h"

namespace onboard::testing {

/// The action at `address`; fails the test when the plan has none.
inline const Action& Get(const Plan& plan, const std::string& address) {
  const Action* a = plan.Find(address);
  REQUIRE_MESSAGE(a != nullptr, address);
  return *a;
}

/// The action at `address`, to edit (tests of edited plans); fails the test when none.
inline Action& Get(Plan& plan, const std::string& address) {
  for (Action& a : plan.actions)
    if (a.address == address) return a;
  FAIL("no action " << address);
  throw 0;
}

/// Every action comes after the actions it depends on, and no address appears twice.
inline void CheckDependencyOrder(const Plan& plan) {
  std::set<std::string> seen;
  for (const Action& a : plan.actions) {
    for (const std::string& d : a.depends_on) CHECK_MESSAGE(seen.count(d), a.address << " before " << d);
    CHECK_MESSAGE(seen.insert(a.address).second, "duplicate address " << a.address);
  }
}

}  // namespace onboard::testing
