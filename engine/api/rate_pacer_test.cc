#include "engine/api/rate_pacer.h"

#include <doctest/doctest.h>

namespace onboard {

namespace {

using std::chrono::milliseconds;

RatePacer::TimePoint At(long ms) { return RatePacer::TimePoint{} + milliseconds(ms); }

RatePacerOptions PacerOptions() {
  RatePacerOptions o;
  o.window = milliseconds(1000);
  o.decrease = 0.5;
  o.increase = 2.0;
  o.min_rate = 1.0;
  o.min_samples = 4;
  return o;
}

}  // namespace

TEST_SUITE("client") {

TEST_CASE("pacer: nothing is paced before the first 429") {
  RatePacer pacer(PacerOptions());
  for (int i = 0; i < 50; ++i) {
    pacer.OnStart(At(0));
    pacer.OnCleanAnswer(At(0));
  }
  CHECK_FALSE(pacer.active());
  CHECK(pacer.rate() == 0.0);
  CHECK(pacer.NextStart(At(0)) == At(0));
  CHECK(pacer.AcceptedRate(At(500)) == doctest::Approx(50.0));
}

TEST_CASE("pacer: the first 429 paces starts at a fraction of the rate accepted over the window") {
  RatePacer pacer(PacerOptions());
  for (int i = 0; i < 10; ++i) pacer.OnCleanAnswer(At(0));     // out of the window by t=1500
  for (int i = 0; i < 20; ++i) pacer.OnCleanAnswer(At(1200));  // in it
  pacer.OnRateLimited(pacer.epoch(), At(1500));
  REQUIRE(pacer.active());
  CHECK(pacer.rate() == doctest::Approx(10.0));  // 0.5 x 20 answers/s
  // One start per 100 ms from now on.
  CHECK(pacer.NextStart(At(1500)) == At(1500));
  pacer.OnStart(At(1500));
  CHECK(pacer.NextStart(At(1510)) == At(1600));
  pacer.OnStart(At(1600));
  CHECK(pacer.NextStart(At(1600)) == At(1700));
}

TEST_CASE("pacer: one burst of 429s cuts once, a 429 at the new pace cuts again") {
  RatePacer pacer(PacerOptions());
  for (int i = 0; i < 40; ++i) pacer.OnCleanAnswer(At(100));
  const long before = pacer.epoch();
  for (int i = 0; i < 8; ++i) pacer.OnRateLimited(before, At(200));  // all were in flight together
  CHECK(pacer.rate() == doctest::Approx(20.0));
  CHECK(pacer.epoch() == before + 1);
  // A request started at the new pace is refused: the pace halves.
  pacer.OnRateLimited(pacer.epoch(), At(300));
  CHECK(pacer.rate() == doctest::Approx(10.0));
  // The server lately took fewer than the pace: the cut starts from what it took.
  for (int i = 0; i < 4; ++i) pacer.OnCleanAnswer(At(2000));
  pacer.OnRateLimited(pacer.epoch(), At(2100));
  CHECK(pacer.rate() == doctest::Approx(2.0));  // 0.5 x 4 answers/s
  // Never below min_rate.
  for (int i = 0; i < 5; ++i) pacer.OnRateLimited(pacer.epoch(), At(2200));
  CHECK(pacer.rate() == doctest::Approx(1.0));
}

TEST_CASE("pacer: clean answers raise the pace additively, by `increase` per second at the pace") {
  RatePacer pacer(PacerOptions());
  for (int i = 0; i < 40; ++i) pacer.OnCleanAnswer(At(0));
  pacer.OnRateLimited(pacer.epoch(), At(0));
  REQUIRE(pacer.rate() == doctest::Approx(20.0));
  double previous = pacer.rate();
  for (int i = 0; i < 20; ++i) {  // about one second of answers at the pace
    pacer.OnCleanAnswer(At(1000 + 50 * i));
    CHECK(pacer.rate() > previous);
    previous = pacer.rate();
  }
  CHECK(pacer.rate() > 21.8);
  CHECK(pacer.rate() < 22.0);
  // Another second at the (faster) pace: about 2 more again, not doubling.
  for (int i = 0; i < 22; ++i) pacer.OnCleanAnswer(At(2000 + 45 * i));
  CHECK(pacer.rate() > 23.7);
  CHECK(pacer.rate() < 24.0);
}

TEST_CASE("pacer: with no estimate the pace starts at min_rate and doubles each second until a 429") {
  RatePacer pacer(PacerOptions());
  pacer.OnCleanAnswer(At(0));  // fewer than min_samples: no estimate
  pacer.OnRateLimited(pacer.epoch(), At(10));
  CHECK(pacer.rate() == doctest::Approx(1.0));
  pacer.OnCleanAnswer(At(1000));
  CHECK(pacer.rate() == doctest::Approx(2.0));
  for (int i = 0; i < 2; ++i) pacer.OnCleanAnswer(At(1500 + 200 * i));
  CHECK(pacer.rate() == doctest::Approx(4.0));
  for (int i = 0; i < 4; ++i) pacer.OnCleanAnswer(At(2000 + 100 * i));
  CHECK(pacer.rate() == doctest::Approx(8.0));
  // The next 429 ends it: half of what was accepted (6 in the window), then additive.
  pacer.OnRateLimited(pacer.epoch(), At(2400));
  CHECK(pacer.rate() == doctest::Approx(3.0));
  pacer.OnCleanAnswer(At(2500));
  CHECK(pacer.rate() == doctest::Approx(3.0 + 2.0 / 3.0));
}

TEST_CASE("pacer: a start a little late keeps the pace, an idle spell earns no burst") {
  RatePacer pacer(PacerOptions());
  for (int i = 0; i < 20; ++i) pacer.OnCleanAnswer(At(0));
  pacer.OnRateLimited(pacer.epoch(), At(0));
  REQUIRE(pacer.rate() == doctest::Approx(10.0));
  pacer.OnStart(At(0));
  pacer.OnStart(At(130));  // slot 100, 30 ms late
  CHECK(pacer.NextStart(At(130)) == At(200));
  pacer.OnStart(At(200));
  pacer.OnStart(At(5000));  // after an idle spell: no credit, a slot from now
  CHECK(pacer.NextStart(At(5000)) == At(5100));
  pacer.OnStart(At(5151));  // late by more than half a slot: the schedule restarts
  CHECK(pacer.NextStart(At(5151)) == At(5251));
}

}  // TEST_SUITE

}  // namespace onboard
