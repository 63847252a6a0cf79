#include "engine/api/rate_pacer.h"

#include <algorithm>

namespace onboard {

RatePacer::RatePacer(RatePacerOptions options) : options_(options) {
  options_.min_rate = std::max(options_.min_rate, 0.001);
  if (options_.window.count() <= 0) options_.window = std::chrono::milliseconds(1000);
}

RatePacer::Clock::duration RatePacer::Interval() const {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate_));
}

RatePacer::TimePoint RatePacer::NextStart(TimePoint now) const { return active_ ? std::max(now, next_) : now; }

void RatePacer::OnStart(TimePoint now) {
  if (!active_) return;
  // A timer that fires a little late must not lower the pace: up to half a slot late, the
  // schedule is kept. Later than that the pipe was idle, which earns no burst: it restarts.
  const auto interval = Interval();
  next_ = (now <= next_ + interval / 2 ? next_ : now) + interval;
}

void RatePacer::Forget(TimePoint now) {
  while (!clean_.empty() && clean_.front() <= now - options_.window) clean_.pop_front();
}

double RatePacer::AcceptedRate(TimePoint now) {
  Forget(now);
  return static_cast<double>(clean_.size()) / std::chrono::duration<double>(options_.window).count();
}

void RatePacer::OnCleanAnswer(TimePoint now) {
  clean_.push_back(now);
  Forget(now);
  if (!active_) return;
  // Per answer 1/rate of the per-second step: at the pace, `increase` per second.
  rate_ += slow_start_ ? 1.0 : options_.increase / rate_;
}

void RatePacer::OnRateLimited(long started_epoch, TimePoint now) {
  // 429s of requests started before the last cut are the same burst: the cut answered them.
  if (active_ && started_epoch != epoch_) return;
  Forget(now);
  const bool measured = static_cast<int>(clean_.size()) >= options_.min_samples;
  const double accepted = AcceptedRate(now);
  if (!active_) {
    active_ = true;
    next_ = now;
    rate_ = measured ? options_.decrease * accepted : options_.min_rate;
    slow_start_ = !measured;
  } else {
    // What the server took lately bounds the pace too, when it was less (the pace was not
    // all used, or the server's limit fell).
    rate_ = options_.decrease * (measured ? std::min(rate_, accepted) : rate_);
    slow_start_ = false;
  }
  rate_ = std::max(rate_, options_.min_rate);
  ++epoch_;
}

}  // namespace onboard
