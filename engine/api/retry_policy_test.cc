#include "engine/api/retry_policy.h"

#include <doctest/doctest.h>

#include "engine/api/adaptive_limit.h"
#include "engine/api/token.h"

namespace onboard {

namespace {

HttpResponse Status(int status) {
  HttpResponse r;
  r.status = status;
  return r;
}

HttpResponse NoAnswer(bool maybe_delivered) {
  HttpResponse r;
  r.maybe_delivered = maybe_delivered;
  r.transport_error = "x";
  return r;
}

}  // namespace

TEST_SUITE("client") {

TEST_CASE("classify: safe calls retry 429, 5xx and failures") {
  CHECK(Classify(Status(200), Repeat::Safe) == Verdict::Done);
  CHECK(Classify(Status(404), Repeat::Safe) == Verdict::Done);
  CHECK(Classify(Status(429), Repeat::Safe) == Verdict::Retry);
  CHECK(Classify(Status(500), Repeat::Safe) == Verdict::Retry);
  CHECK(Classify(Status(502), Repeat::Safe) == Verdict::Retry);
  CHECK(Classify(NoAnswer(true), Repeat::Safe) == Verdict::Retry);
  CHECK(Classify(NoAnswer(false), Repeat::Safe) == Verdict::Retry);
}

TEST_CASE("classify: creates retry only what surely was not applied") {
  CHECK(Classify(Status(429), Repeat::Create) == Verdict::Retry);
  CHECK(Classify(Status(503), Repeat::Create) == Verdict::Retry);
  CHECK(Classify(NoAnswer(false), Repeat::Create) == Verdict::Retry);
  CHECK(Classify(Status(500), Repeat::Create) == Verdict::OutcomeUnknown);
  CHECK(Classify(Status(502), Repeat::Create) == Verdict::OutcomeUnknown);
  CHECK(Classify(Status(504), Repeat::Create) == Verdict::OutcomeUnknown);
  CHECK(Classify(NoAnswer(true), Repeat::Create) == Verdict::OutcomeUnknown);
  CHECK(Classify(Status(400), Repeat::Create) == Verdict::Done);
}

TEST_CASE("Retry-After: seconds or an HTTP date") {
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(ParseRetryAfter("2", now) == std::chrono::milliseconds(2000));
  CHECK(ParseRetryAfter(" 0 ", now) == std::chrono::milliseconds(0));
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:49:47 GMT", now) == std::chrono::milliseconds(10000));
  CHECK(ParseRetryAfter("Sun, 06 Nov 1994 08:49:00 GMT", now) == std::chrono::milliseconds(0));
  CHECK_FALSE(ParseRetryAfter("soon", now).has_value());
  CHECK_FALSE(ParseRetryAfter("", now).has_value());
}

TEST_CASE("backoff: full jitter under an exponential ceiling") {
  using std::chrono::milliseconds;
  CHECK(BackoffDelay(1, milliseconds(200), milliseconds(10000), 0.5) == milliseconds(100));
  CHECK(BackoffDelay(3, milliseconds(200), milliseconds(10000), 0.5) == milliseconds(400));
  CHECK(BackoffDelay(3, milliseconds(200), milliseconds(10000), 0.0) == milliseconds(0));
  CHECK(BackoffDelay(20, milliseconds(200), milliseconds(10000), 0.999) <= milliseconds(10000));
  CHECK(BackoffDelay(20, milliseconds(200), milliseconds(10000), 0.999) >= milliseconds(9900));
}

TEST_CASE("adaptive limit: halves on 429, grows back additively") {
  AdaptiveLimit limit(8);
  CHECK(limit.limit() == 8);
  limit.OnRateLimited();
  CHECK(limit.limit() == 4);
  limit.OnRateLimited();
  limit.OnRateLimited();
  limit.OnRateLimited();
  CHECK(limit.limit() == 1);
  limit.OnCleanAnswer();  // 1 + 1/1
  CHECK(limit.limit() == 2);
  for (int i = 0; i < 200; ++i) limit.OnCleanAnswer();
  CHECK(limit.limit() == 8);
}

TEST_CASE("token renewal comes a fifth of the lifetime early, at most a minute") {
  const auto t0 = std::chrono::steady_clock::time_point{};
  CHECK(RenewAt(t0, 3600) == t0 + std::chrono::seconds(3540));
  CHECK(RenewAt(t0, 10) == t0 + std::chrono::seconds(8));
  CHECK(RenewAt(t0, 0) == t0);
  AccessToken token{"abc", RenewAt(t0, 10), 1};
  CHECK(token.usable(t0 + std::chrono::seconds(7)));
  CHECK_FALSE(token.usable(t0 + std::chrono::seconds(8)));
}

}  // TEST_SUITE

}  // namespace onboard
