#pragma once
// Pacing of request starts to a rate, for servers that limit requests per second (the
// adaptive limit on requests in flight alone cannot: at low latency even one request in
// flight can exceed the server's rate). Off until the first 429, so a run that is never
// rate limited pays nothing. Then, like TCP congestion avoidance: the pace is set to a
// fraction of the rate the server was seen to accept (clean answers over the last window),
// cut by the same fraction on each later 429 of a request started at the current pace, and
// raised additively while answers come back clean, probing slowly for the limit.
// Time is passed in, so the class has no clock of its own and is tested without sleeping.

#include <chrono>
#include <deque>

namespace onboard {

struct RatePacerOptions {
  /// Clean answers are counted over this window to estimate the rate the server accepts.
  std::chrono::milliseconds window{1000};
  /// The first 429 sets the pace to decrease x the accepted rate; each later one (of a
  /// request started since the last cut) multiplies it by decrease.
  double decrease = 0.85;
  /// Requests/s added to the pace per second of clean answers at the pace (additive increase).
  double increase = 2.0;
  /// The pace never drops below this many requests/s.
  double min_rate = 1.0;
  /// Fewer clean answers than this in the window are no estimate: the pace starts at
  /// min_rate and grows by 1 request/s per clean answer (doubling each second, TCP's slow
  /// start) until the next 429.
  int min_samples = 4;
};

class RatePacer {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;

  explicit RatePacer(RatePacerOptions options = {});

  /// True once a 429 was seen: starts are paced from then on.
  bool active() const { return active_; }
  /// The pace in requests/s; 0 while not active.
  double rate() const { return active_ ? rate_ : 0.0; }
  /// How many times the pace was set or cut. A request records it when it starts and hands
  /// it back with its 429, so one burst of 429s (all started at the old pace) cuts once.
  long epoch() const { return epoch_; }

  /// The earliest time, not before `now`, at which the next request may start.
  /// `now` while not active.
  TimePoint NextStart(TimePoint now) const;
  /// A request starts at `now` (at or after NextStart(now)): takes its slot. The next slot
  /// is one interval after this one's, or after `now` when it is more than half an
  /// interval late (an idle pipe earns no burst).
  void OnStart(TimePoint now);
  /// An answer at `now` that was not a 429 nor a 5xx nor a failure.
  void OnCleanAnswer(TimePoint now);
  /// A 429 at `now` for a request that started when epoch() was `started_epoch`.
  void OnRateLimited(long started_epoch, TimePoint now);

  /// Clean answers per second over the window ending at `now`.
  double AcceptedRate(TimePoint now);

 private:
  Clock::duration Interval() const;
  void Forget(TimePoint now);

  RatePacerOptions options_;
  bool active_ = false;
  bool slow_start_ = false;
  double rate_ = 0.0;
  long epoch_ = 0;
  TimePoint next_{};
  std::deque<TimePoint> clean_;  // clean answers within the window, oldest first
};

}  // namespace onboard
