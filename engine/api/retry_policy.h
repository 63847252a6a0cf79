#pragma once
// When a request is sent again, and how long to wait first: exponential backoff with full
// jitter, Retry-After honoured, and the rule that a create is only repeated when it surely
// did not reach the server (docs/keepnet-api.md; a duplicate company is worse than a failed run).

#include <chrono>
#include <optional>
#include <string>

#include "engine/http/transport.h"

namespace onboard {

/// Whether sending a request twice is harmless.
enum class Repeat {
  Safe,    ///< GET, searches, PUT updates, participants PUT (adds only)
  Create,  ///< POST creates: a second copy would make a duplicate
};

/// What to do with one answer.
enum class Verdict {
  Done,            ///< an answer to hand to the caller (2xx, or a final error like 400)
  Retry,           ///< send it again after a delay (if attempts remain)
  OutcomeUnknown,  ///< a create that may have been applied: never send it again
};

/// Classifies an answer (401 is the caller's, handled before this):
/// 429 -> Retry; 503 -> Retry; other 5xx -> Retry when Safe, OutcomeUnknown for a Create;
/// no answer -> Retry when Safe or when it never left (not maybe_delivered), else
/// OutcomeUnknown; everything else (2xx, other 4xx) -> Done.
Verdict Classify(const HttpResponse& response, Repeat repeat);

/// Retry-After as a delay: delta-seconds or an HTTP-date (RFC 9110), relative to `now`.
/// nullopt when absent or unreadable; a date in the past gives 0.
std::optional<std::chrono::milliseconds> ParseRetryAfter(const std::string& value,
                                                         std::chrono::system_clock::time_point now);

/// Full jitter: a delay drawn uniformly from [0, min(max, base * 2^(retry-1))], using
/// `unit` in [0, 1) as the random draw. `retry` is 1 for the first retry.
std::chrono::milliseconds BackoffDelay(int retry, std::chrono::milliseconds base, std::chrono::milliseconds max,
                                       double unit);

}  // namespace onboard
