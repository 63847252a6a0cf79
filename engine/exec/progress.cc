#include "engine/exec/progress.h"

#include <fmt/format.h>

#include "engine/text/style.h"

namespace onboard {

SteadyNow RealSteadyClock() {
  return [] { return std::chrono::steady_clock::now(); };
}

std::string FormatProgress(const ProgressSnapshot& s) {
  const double seconds = std::chrono::duration<double>(s.elapsed).count();
  const int width = static_cast<int>(std::to_string(s.total).size());
  std::string line = fmt::format("[{:>{}}/{}]", s.finished, width, s.total);
  if (seconds > 0) line += fmt::format(" {:.1f} req/s", static_cast<double>(s.requests) / seconds);
  if (s.finished > 0 && s.finished < s.total && seconds > 0) {
    const long left = static_cast<long>(seconds / s.finished * (s.total - s.finished) + 0.5);
    line += fmt::format(", about {}:{:02} left", left / 60, left % 60);
  }
  if (s.failed > 0) line += fmt::format(", {} failed", s.failed);
  if (s.skipped > 0) line += fmt::format(", {} skipped", s.skipped);
  return line;
}

TerminalProgress::TerminalProgress(std::ostream& out, SteadyNow now, std::chrono::milliseconds min_interval)
    : out_(out), now_(std::move(now)), min_interval_(min_interval) {}

void TerminalProgress::Update(const ProgressSnapshot& snapshot) {
  const auto t = now_();
  if (printed_ && t - last_ < min_interval_) return;  // redrawing faster only costs cycles
  last_ = t;
  printed_ = true;
  out_ << ClearLine() << FormatProgress(snapshot) << std::flush;
}

void TerminalProgress::Finish(const ProgressSnapshot& snapshot) {
  out_ << ClearLine() << FormatProgress(snapshot) << "\n" << std::flush;
}

PlainProgress::PlainProgress(std::ostream& out, SteadyNow now, std::chrono::milliseconds interval)
    : out_(out), now_(std::move(now)), interval_(interval) {}

void PlainProgress::Update(const ProgressSnapshot& snapshot) {
  const auto t = now_();
  if (!started_) {
    // The first update starts the interval: a fast apply prints only its final line.
    started_ = true;
    last_ = t;
    return;
  }
  if (t - last_ < interval_) return;
  last_ = t;
  out_ << FormatProgress(snapshot) << "\n" << std::flush;
}

void PlainProgress::Finish(const ProgressSnapshot& snapshot) {
  out_ << FormatProgress(snapshot) << "\n" << std::flush;
}

std::unique_ptr<ProgressSink> MakeProgress(std::ostream& out, bool terminal) {
  if (terminal) return std::make_unique<TerminalProgress>(out, RealSteadyClock());
  return std::make_unique<PlainProgress>(out, RealSteadyClock());
}

}  // namespace onboard
