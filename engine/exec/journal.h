#pragma once
// The write journal (`apply --journal FILE`): one JSON line per write request that leaves
// for the API, failed ones included, appended and flushed as each completes, so that after a
// crash or a lost connection an operator can see what was sent and what came back. It is a
// Transport decorator placed under the client (client -> [dry run] -> journal -> curl), so
// it sees every attempt, retries included, and a dry run journals nothing.

#include <chrono>
#include <cstdio>
#include <functional>
#include <ostream>
#include <string>

#include "engine/exec/progress.h"
#include "engine/http/transport.h"

namespace onboard {

/// One journal line.
struct JournalEntry {
  std::chrono::system_clock::time_point time;  ///< when the answer (or its absence) came
  std::string address;     ///< HttpRequest::origin
  std::string method;
  std::string path;
  std::string company_id;  ///< "" = unscoped
  int http_status = 0;     ///< 0 = no answer
  std::string id;          ///< data.resourceId of the answer, when there is one
  long duration_ms = 0;
  /// "ok"; "failed" (answered with an error); "unknown" (no answer, may have been applied);
  /// "not-sent" (no answer, never reached the server).
  std::string outcome;
  std::string error;       ///< transport error or the envelope's message; "" when ok
};

/// {"time":"2026-01-01T12:00:00.123Z","address":...,"method":...,"path":...,"company_id":...,
///  "status":201,"id":...,"duration_ms":12,"outcome":"ok","error":...} (no newline).
std::string JournalLine(const JournalEntry& entry);

/// Appends lines to a file (flushed and fsync'ed per line) or to a stream (tests).
class Journal {
 public:
  /// Opens `path` for appending (created if missing); check ok() before use.
  explicit Journal(const std::string& path);
  /// Writes to `out`, which must outlive the journal.
  explicit Journal(std::ostream& out);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  /// False when the file could not be opened; error() says why.
  bool ok() const { return file_ != nullptr || out_ != nullptr; }
  const std::string& error() const { return error_; }

  /// Writes one line (JournalLine + "\n"); to a file, flushed and fsync'ed.
  void Append(const JournalEntry& entry);

 private:
  std::string error_;
  std::FILE* file_ = nullptr;
  std::ostream* out_ = nullptr;
};

/// Passes every request to `inner` and journals the writes when they complete.
class JournalTransport : public Transport {
 public:
  /// `inner` and `journal` must outlive this; `wall` gives the time written in each line.
  JournalTransport(Transport& inner, Journal& journal, SteadyNow now = RealSteadyClock(),
                   std::function<std::chrono::system_clock::time_point()> wall = [] {
                     return std::chrono::system_clock::now();
                   });

  void Send(HttpRequest request, Callback done) override;
  void After(std::chrono::milliseconds delay, std::function<void()> fn) override { inner_.After(delay, std::move(fn)); }
  void Run() override { inner_.Run(); }
  bool RunOnce() override { return inner_.RunOnce(); }
  size_t in_flight() const override { return inner_.in_flight(); }

 private:
  Transport& inner_;
  Journal& journal_;
  SteadyNow now_;
  std::function<std::chrono::system_clock::time_point()> wall_;
};

}  // namespace onboard
