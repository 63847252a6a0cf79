#include "engine/exec/progress.h"

#include <sstream>

#include <doctest/doctest.h>

namespace onboard {
namespace {

struct FakeClock {
  std::chrono::steady_clock::time_point t{};
  SteadyNow fn() {
    return [this] { return t; };
  }
};

ProgressSnapshot At(int finished, int seconds) {
  ProgressSnapshot s;
  s.total = 200;
  s.finished = finished;
  s.requests = finished * 2;
  s.elapsed = std::chrono::seconds(seconds);
  return s;
}

}  // namespace

TEST_SUITE("exec") {

TEST_CASE("progress: the line shows done/total, request rate, time left and failures") {
  ProgressSnapshot s = At(50, 10);
  s.failed = 2;
  CHECK(FormatProgress(s) == "[ 50/200] 10.0 req/s, about 0:30 left, 2 failed");
  CHECK(FormatProgress(At(0, 0)) == "[  0/200]");
}

TEST_CASE("progress: a terminal gets one line rewritten in place, at most every interval") {
  std::ostringstream out;
  FakeClock clock;
  TerminalProgress p(out, clock.fn(), std::chrono::milliseconds(100));
  p.Update(At(1, 1));
  p.Update(At(2, 1));  // same instant: not redrawn
  clock.t += std::chrono::milliseconds(100);
  p.Update(At(3, 1));
  p.Finish(At(200, 20));
  CHECK(out.str() == "\r\033[K[  1/200] 2.0 req/s, about 3:19 left"
                     "\r\033[K[  3/200] 6.0 req/s, about 1:06 left"
                     "\r\033[K[200/200] 20.0 req/s\n");
}

TEST_CASE("progress: elsewhere a plain line every few seconds, and one at the end") {
  std::ostringstream out;
  FakeClock clock;
  PlainProgress p(out, clock.fn(), std::chrono::seconds(5));
  p.Update(At(1, 1));
  clock.t += std::chrono::seconds(4);
  p.Update(At(2, 4));
  CHECK(out.str().empty());
  clock.t += std::chrono::seconds(1);
  p.Update(At(10, 5));
  p.Finish(At(200, 9));
  CHECK(out.str() == "[ 10/200] 4.0 req/s, about 1:35 left\n[200/200] 44.4 req/s\n");
  CHECK(out.str().find('\r') == std::string::npos);
}

TEST_CASE("progress: a terminal gets the in-place line, anything else the plain one") {
  std::ostringstream tty, log;
  MakeProgress(tty, true)->Finish(At(200, 10));
  MakeProgress(log, false)->Finish(At(200, 10));
  CHECK(tty.str().rfind("\r\033[K", 0) == 0);
  CHECK(log.str() == "[200/200] 40.0 req/s\n");
}

}  // TEST_SUITE

}  // namespace onboard
