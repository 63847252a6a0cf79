#include "engine/exec/work_queue.h"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "engine/text/strings.h"

namespace onboard {
namespace {

// Adds actions given as {address, deps...}; fails the test on an error. The queue keeps a view
// of the address: the literals outlive it.
void Add(WorkQueue& q, std::string_view address, std::vector<InternedString> deps = {}) {
  std::string error;
  REQUIRE_MESSAGE(q.AddAction(address, deps, &error), error);
}

std::set<std::string> DrainReady(WorkQueue& q) {
  std::set<std::string> out;
  for (int i = q.FindWork(); i >= 0; i = q.FindWork()) out.insert(std::string(q.address(i)));
  return out;
}

int IndexOf(const WorkQueue& q, const std::string& address) {
  for (int i = 0; i < q.size(); ++i)
    if (q.address(i) == address) return i;
  FAIL("no action " << address);
  return -1;
}

}  // namespace

TEST_SUITE("exec") {

TEST_CASE("work queue: after AllAdded the queue runs as before and refuses more actions") {
  WorkQueue q;
  q.Reserve(2);
  Add(q, "customer.a.company");
  Add(q, "customer.a.target-user.u@a", {"customer.a.company"});
  q.AllAdded();
  std::string error;
  CHECK_FALSE(q.AddAction("customer.b.company", {}, &error));
  CHECK(error.find("after the queue was told all were added") != std::string::npos);
  CHECK(q.size() == 2);
  CHECK(DrainReady(q) == std::set<std::string>{"customer.a.company"});
  q.ActionFinished(IndexOf(q, "customer.a.company"), true, nullptr);
  CHECK(DrainReady(q) == std::set<std::string>{"customer.a.target-user.u@a"});
}

TEST_CASE("work queue: only actions whose dependencies succeeded are ready") {
  WorkQueue q;
  Add(q, "group.g");
  Add(q, "customer.a.company");
  Add(q, "customer.a.group.g", {"group.g", "customer.a.company"});
  Add(q, "customer.a.admin.x@a", {"customer.a.company"});

  CHECK(q.more_to_do());
  CHECK(DrainReady(q) == std::set<std::string>{"group.g", "customer.a.company"});

  q.ActionFinished(IndexOf(q, "customer.a.company"), true, nullptr);
  CHECK(DrainReady(q) == std::set<std::string>{"customer.a.admin.x@a"});  // participant waits for the group

  q.ActionFinished(IndexOf(q, "group.g"), true, nullptr);
  CHECK(DrainReady(q) == std::set<std::string>{"customer.a.group.g"});
  CHECK(q.more_to_do());

  q.ActionFinished(IndexOf(q, "customer.a.group.g"), true, nullptr);
  q.ActionFinished(IndexOf(q, "customer.a.admin.x@a"), true, nullptr);
  CHECK_FALSE(q.more_to_do());
  CHECK(q.FindWork() == -1);
}

TEST_CASE("work queue: actions that unlock others are handed out first") {
  WorkQueue q;
  Add(q, "customer.a.target-user.u@a");  // an update of an existing company's user: a leaf
  Add(q, "customer.b.company");
  Add(q, "customer.b.admin.x@b", {"customer.b.company"});
  CHECK(std::string(q.address(q.FindWork())) == "customer.b.company");
  CHECK(std::string(q.address(q.FindWork())) == "customer.a.target-user.u@a");
  CHECK(q.FindWork() == -1);
}

TEST_CASE("work queue: a failure skips transitive dependents once, independent work continues") {
  WorkQueue q;
  Add(q, "group.g");
  Add(q, "customer.a.company");
  Add(q, "customer.b.company");
  Add(q, "customer.a.group.g", {"group.g", "customer.a.company"});
  Add(q, "customer.a.admin.x@a", {"customer.a.company"});
  Add(q, "customer.a.admin.y@a", {"customer.a.admin.x@a"});  // transitive
  Add(q, "customer.b.admin.x@b", {"customer.b.company"});
  DrainReady(q);

  std::vector<int> skipped;
  q.ActionFinished(IndexOf(q, "customer.a.company"), false, &skipped);
  std::set<std::string> names;
  for (int i : skipped) names.insert(std::string(q.address(i)));
  CHECK(skipped.size() == 3);
  CHECK(names == std::set<std::string>{"customer.a.group.g", "customer.a.admin.x@a", "customer.a.admin.y@a"});
  for (int i : skipped) CHECK(std::string(q.skipped_because(i)) == "customer.a.company");

  // The group's success must not revive the skipped participant, nor skip it a second time.
  skipped.clear();
  q.ActionFinished(IndexOf(q, "group.g"), true, &skipped);
  CHECK(skipped.empty());
  q.ActionFinished(IndexOf(q, "customer.b.company"), true, &skipped);
  CHECK(DrainReady(q) == std::set<std::string>{"customer.b.admin.x@b"});
  CHECK(q.more_to_do());
  q.ActionFinished(IndexOf(q, "customer.b.admin.x@b"), true, &skipped);
  CHECK(skipped.empty());
  CHECK_FALSE(q.more_to_do());
}

TEST_CASE("work queue: an action with two failed dependencies is skipped once") {
  WorkQueue q;
  Add(q, "group.g");
  Add(q, "customer.a.company");
  Add(q, "customer.a.group.g", {"group.g", "customer.a.company"});
  DrainReady(q);
  std::vector<int> skipped;
  q.ActionFinished(IndexOf(q, "group.g"), false, &skipped);
  q.ActionFinished(IndexOf(q, "customer.a.company"), false, &skipped);
  REQUIRE(skipped.size() == 1);
  CHECK(std::string(q.skipped_because(skipped[0])) == "group.g");
  CHECK_FALSE(q.more_to_do());
}

TEST_CASE("work queue: unknown dependencies and duplicate addresses are refused") {
  WorkQueue q;
  std::string error;
  CHECK_FALSE(q.AddAction("customer.a.admin.x@a", {"customer.a.company"}, &error));
  CHECK(error.find("customer.a.company") != std::string::npos);
  Add(q, "customer.a.company");
  CHECK_FALSE(q.AddAction("customer.a.company", {}, &error));
  CHECK(q.size() == 1);
}

// The index of addresses grows as actions are added without Reserve (and with a Reserve
// too small): every address is still found, duplicates still refused.
TEST_CASE("work queue: thousands of actions added without room reserved are all found") {
  WorkQueue q;
  q.Reserve(3);
  std::vector<std::string> addresses;
  for (int i = 0; i < 5000; ++i) addresses.push_back("customer.c" + std::to_string(i) + ".company");
  std::string error;
  for (int i = 0; i < 5000; ++i) {
    std::vector<InternedString> deps;
    if (i % 10) deps.push_back(addresses[static_cast<size_t>(i - i % 10)]);  // each waits for its tenth
    REQUIRE_MESSAGE(q.AddAction(addresses[static_cast<size_t>(i)], deps, &error), error);
  }
  for (int i = 0; i < 5000; i += 499) {
    CHECK_FALSE(q.AddAction(addresses[static_cast<size_t>(i)], {}, &error));
    CHECK(error == "duplicate action address " + addresses[static_cast<size_t>(i)]);
  }
  CHECK_FALSE(q.AddAction("customer.x.admin", {"customer.c5000.company"}, &error));
  CHECK(Contains(error, "depends on customer.c5000.company, which is not in the plan before it"));
  q.AllAdded();
  std::set<std::string> ready = DrainReady(q);
  CHECK(ready.size() == 500);  // the tenths; the others wait
  CHECK(ready.count("customer.c4990.company"));
  // A failed tenth skips its nine, each naming it.
  std::vector<int> skipped;
  q.ActionFinished(IndexOf(q, "customer.c10.company"), false, &skipped);
  REQUIRE(skipped.size() == 9);
  for (int s : skipped) CHECK(q.skipped_because(s) == "customer.c10.company");
}

TEST_CASE("work queue: what never started is reported as unfinished") {
  WorkQueue q;
  Add(q, "customer.a.company");
  Add(q, "customer.a.admin.x@a", {"customer.a.company"});
  Add(q, "customer.b.company");
  const int first = q.FindWork();
  q.ActionFinished(first, true, nullptr);
  std::vector<int> rest = q.Unfinished();
  CHECK(rest.size() == 2);
  CHECK(std::find(rest.begin(), rest.end(), first) == rest.end());
}

}  // TEST_SUITE

}  // namespace onboard
