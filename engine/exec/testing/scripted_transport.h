#pragma once
// For the exec tests only: a Transport whose answers come from a function, delivered from
// the loop (RunOnce) as a real transport would, never inside Send. It keeps every request
// and the most requests it ever held at once. To be replaced by tests/support/fake_transport.h
// once that lands on main, if it fits.

#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include "engine/http/transport.h"

namespace onboard::testing {

class ScriptedTransport : public Transport {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;
  explicit ScriptedTransport(Handler handler) : handler_(std::move(handler)) {}

  void Send(HttpRequest request, Callback done) override {
    requests.push_back(request);
    pending_.emplace_back(std::move(request), std::move(done));
    if (pending_.size() > max_in_flight) max_in_flight = pending_.size();
  }
  void After(std::chrono::milliseconds, std::function<void()> fn) override { timers_.push_back(std::move(fn)); }
  void Run() override {
    while (RunOnce()) {
    }
  }
  /// Answers every request pending now (in order), or else fires the timers due.
  bool RunOnce() override {
    if (!pending_.empty()) {
      auto batch = std::move(pending_);
      pending_.clear();
      for (auto& [request, done] : batch) done(handler_(request));
      return true;
    }
    if (!timers_.empty()) {
      auto batch = std::move(timers_);
      timers_.clear();
      for (auto& fn : batch) fn();
      return true;
    }
    return false;
  }
  size_t in_flight() const override { return pending_.size(); }

  std::vector<HttpRequest> requests;  ///< everything sent, in order
  size_t max_in_flight = 0;

 private:
  Handler handler_;
  std::deque<std::pair<HttpRequest, Callback>> pending_;
  std::vector<std::function<void()>> timers_;
};

/// A 200 answer with `body`.
inline HttpResponse Ok(std::string body) {
  HttpResponse r;
  r.status = 200;
  r.headers["content-type"] = "application/json";
  r.body = std::move(body);
  return r;
}

}  // namespace onboard::testing
