// The apply lock through two open files of one lock path (flock(2) locks belong to an open
// file, so two opens in one process contend as two processes do), and --lock-timeout's
// duration syntax.
#include "engine/lock/apply_lock.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <doctest/doctest.h>

namespace onboard {
namespace {

std::string TempLockPath() {
  const char* base = std::getenv("TMPDIR");
  std::string dir = std::string(base && *base ? base : "/tmp") + "/onboard-lock-XXXXXX";
  REQUIRE(mkdtemp(dir.data()) != nullptr);
  return dir + "/" + ApplyLockFileName("https://api.keepnetlabs.com");
}

std::string Contents(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_SUITE("lock") {

TEST_CASE("apply lock: a second taker fails at once with timeout 0, naming the holder, free again after release") {
  const std::string path = TempLockPath();
  std::string error;
  std::optional<ApplyLock> first = ApplyLock::Acquire(path, std::chrono::milliseconds(0), &error);
  REQUIRE_MESSAGE(first.has_value(), error);
  const std::string holder = "pid " + std::to_string(getpid()) + " on host ";
  CHECK(Contents(path).rfind(holder, 0) == 0);

  std::optional<ApplyLock> second = ApplyLock::Acquire(path, std::chrono::milliseconds(0), &error);
  CHECK_FALSE(second.has_value());
  CHECK(error.find(path + " is held by " + holder) != std::string::npos);
  CHECK(error.find(" since 20") != std::string::npos);
  CHECK(error.find("--lock-timeout") != std::string::npos);

  first.reset();
  CHECK(access(path.c_str(), F_OK) != 0);  // removed on release
  error.clear();
  std::optional<ApplyLock> third = ApplyLock::Acquire(path, std::chrono::milliseconds(0), &error);
  CHECK_MESSAGE(third.has_value(), error);
}

TEST_CASE("apply lock: a file left by a killed holder is simply taken") {
  const std::string path = TempLockPath();
  { std::ofstream(path) << "pid 1 on host gone since 2026-01-01T00:00:00Z\n"; }
  std::string error;
  std::optional<ApplyLock> lock = ApplyLock::Acquire(path, std::chrono::milliseconds(0), &error);
  REQUIRE_MESSAGE(lock.has_value(), error);
  CHECK(Contents(path).rfind("pid " + std::to_string(getpid()) + " on host ", 0) == 0);
}

TEST_CASE("apply lock: a taker with a timeout gets the lock once the holder lets go") {
  const std::string path = TempLockPath();
  std::string error;
  std::optional<ApplyLock> first = ApplyLock::Acquire(path, std::chrono::milliseconds(0), &error);
  REQUIRE(first.has_value());
  std::optional<ApplyLock> second;
  std::string second_error;
  // Whether the release comes before or during the wait, a minute is enough for it.
  std::thread waiter([&] { second = ApplyLock::Acquire(path, std::chrono::minutes(1), &second_error); });
  first.reset();
  waiter.join();
  REQUIRE_MESSAGE(second.has_value(), second_error);
  // It holds the file that is at the path now (the first removed its own): a third cannot lock it.
  CHECK_FALSE(ApplyLock::Acquire(path, std::chrono::milliseconds(0), &error).has_value());
  CHECK(error.find("is held by pid ") != std::string::npos);
}

TEST_CASE("apply lock: a wait that runs out fails like a single try") {
  const std::string path = TempLockPath();
  std::string error;
  std::optional<ApplyLock> first = ApplyLock::Acquire(path, std::chrono::milliseconds(0), &error);
  REQUIRE(first.has_value());
  CHECK_FALSE(ApplyLock::Acquire(path, std::chrono::milliseconds(150), &error).has_value());
  CHECK(error.find("is held by pid ") != std::string::npos);
}

TEST_CASE("apply lock: a lock file that cannot be created is an error naming it") {
  std::string error;
  CHECK_FALSE(ApplyLock::Acquire("/nonexistent-dir/.onboard.lock", std::chrono::milliseconds(0), &error).has_value());
  CHECK(error.find("/nonexistent-dir/.onboard.lock") != std::string::npos);
}

TEST_CASE("apply lock: one file name per platform, safe as a file name") {
  CHECK(ApplyLockFileName("https://api.keepnetlabs.com") == ".onboard@api.keepnetlabs.com.lock");
  CHECK(ApplyLockFileName("https://api.keepnetlabs.com/") == ".onboard@api.keepnetlabs.com.lock");
  CHECK(ApplyLockFileName("http://127.0.0.1:8080") == ".onboard@127.0.0.1_8080.lock");
  CHECK(ApplyLockFileName("https://eu.example/../x y") == ".onboard@eu.example_.._x_y.lock");
}

TEST_CASE("lock timeout durations: seconds by default, ms/s/m/h units, nothing else") {
  std::chrono::milliseconds d{};
  CHECK((ParseDuration("0", &d) && d.count() == 0));
  CHECK((ParseDuration("30", &d) && d.count() == 30000));
  CHECK((ParseDuration("500ms", &d) && d.count() == 500));
  CHECK((ParseDuration("90s", &d) && d.count() == 90000));
  CHECK((ParseDuration("5m", &d) && d.count() == 300000));
  CHECK((ParseDuration("1h", &d) && d.count() == 3600000));
  for (const char* bad : {"", "-1", "5x", "1.5s", "s", "m5", "99999999999"}) CHECK_FALSE(ParseDuration(bad, &d));
}

}  // TEST_SUITE

}  // namespace onboard
