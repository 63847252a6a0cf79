#pragma once
// Progress of an apply, for stderr: on a terminal one line rewritten in place, elsewhere
// (CI logs) a plain line every few seconds. Both take the clock from outside so tests decide
// what time it is.

#include <chrono>
#include <functional>
#include <memory>
#include <ostream>

namespace onboard {

/// A monotonic clock; tests pass a fake.
using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;
/// The real steady clock.
SteadyNow RealSteadyClock();

/// Where an apply stands.
struct ProgressSnapshot {
  int total = 0;     ///< actions in the plan
  int finished = 0;  ///< done, adopted, failed or skipped
  int failed = 0;
  int skipped = 0;
  int in_flight = 0;
  long requests = 0;  ///< HTTP requests sent so far (ClientStats::requests)
  std::chrono::steady_clock::duration elapsed{0};
};

/// Receives progress; the executor calls Update after each finished action and Finish once.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  /// Called often; an implementation decides when to print.
  virtual void Update(const ProgressSnapshot& snapshot) = 0;
  /// Called once at the end; prints the final state and leaves the output on a fresh line.
  virtual void Finish(const ProgressSnapshot& snapshot) = 0;
};

/// "[ 120/2000] 35.2 req/s, about 0:53 left, 2 failed": the words every progress line uses.
std::string FormatProgress(const ProgressSnapshot& snapshot);

/// One line updated in place ("\r" + clear to end of line), at most every `min_interval`.
class TerminalProgress : public ProgressSink {
 public:
  TerminalProgress(std::ostream& out, SteadyNow now,
                   std::chrono::milliseconds min_interval = std::chrono::milliseconds(100));
  void Update(const ProgressSnapshot& snapshot) override;
  void Finish(const ProgressSnapshot& snapshot) override;

 private:
  std::ostream& out_;
  SteadyNow now_;
  std::chrono::milliseconds min_interval_;
  std::chrono::steady_clock::time_point last_{};
  bool printed_ = false;
};

/// A plain line (no control characters) at most every `interval`, plus one at the end.
class PlainProgress : public ProgressSink {
 public:
  PlainProgress(std::ostream& out, SteadyNow now,
                std::chrono::milliseconds interval = std::chrono::seconds(5));
  void Update(const ProgressSnapshot& snapshot) override;
  void Finish(const ProgressSnapshot& snapshot) override;

 private:
  std::ostream& out_;
  SteadyNow now_;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point last_{};
  bool started_ = false;
};

/// The sink for `out` (stderr): TerminalProgress when it is a terminal, else PlainProgress,
/// both on the real clock.
std::unique_ptr<ProgressSink> MakeProgress(std::ostream& out, bool terminal);

}  // namespace onboard
