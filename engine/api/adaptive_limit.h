#pragma once
// The adaptive limit on requests in flight (AIMD, as TCP does): halved on each 429, grown
// by 1/limit on each clean answer, between 1 and the configured parallelism.

namespace onboard {

class AdaptiveLimit {
 public:
  /// Starts at `max` (at least 1).
  explicit AdaptiveLimit(int max);

  /// Requests allowed in flight now (at least 1).
  int limit() const { return static_cast<int>(limit_); }
  int max() const { return max_; }
  /// A 429: halve (never below 1).
  void OnRateLimited();
  /// An answer that was neither a 429 nor a 5xx nor a failure: grow by 1/limit, up to max.
  void OnCleanAnswer();

 private:
  int max_;
  double limit_;
};

}  // namespace onboard
