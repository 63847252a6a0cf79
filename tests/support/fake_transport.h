#pragma once
// A scripted Transport for unit tests: no sockets, no real time. Requests are answered in
// the order they were sent, one per RunOnce, by scripted answers (per "METHOD PATH") or a
// handler; timers (After) run on a virtual clock as soon as no request is waiting, and
// every delay asked for is recorded, so backoff and Retry-After are checked without sleeping.

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/http/transport.h"

namespace onboard {

class FakeTransport : public Transport {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  /// A JSON answer with the given status and body (content-type application/json).
  static HttpResponse Json(int status, std::string body, std::map<std::string, std::string> headers = {});
  /// {"data": <data_json>, "status": "SUCCESS", "message": null, "validationMessages": null}.
  static HttpResponse Ok(const std::string& data_json);
  /// A token answer: {"access_token": token, "expires_in": expires_in, ...}.
  static HttpResponse Token(const std::string& token, int expires_in = 3600);
  /// No HTTP answer: status 0 with curl's message; `maybe_delivered` as the transport would set it.
  static HttpResponse NoAnswer(std::string error, bool maybe_delivered);

  /// Answers requests to "METHOD PATH" (path without query) with `response`, once, in order
  /// of scripting; after the script runs out the handler answers.
  void Script(const std::string& method_path, HttpResponse response);
  /// Answers what no script covers; the default answers 404.
  void SetHandler(Handler handler) { handler_ = std::move(handler); }

  void Send(HttpRequest request, Callback done) override;
  void After(std::chrono::milliseconds delay, std::function<void()> fn) override;
  void Run() override;
  bool RunOnce() override;
  size_t in_flight() const override { return pending_.size(); }

  /// Every request sent, in order.
  const std::vector<HttpRequest>& sent() const { return sent_; }
  /// How many requests were sent to "METHOD PATH".
  int count(const std::string& method_path) const;
  /// Requests in flight right after each send (the one sent included), in send order.
  const std::vector<size_t>& in_flight_at_send() const { return in_flight_at_send_; }
  /// Every delay passed to After, in order.
  const std::vector<std::chrono::milliseconds>& delays() const { return delays_; }
  /// The virtual clock: the sum of the timers' waits so far.
  std::chrono::milliseconds now() const { return now_; }

 private:
  struct Pending {
    HttpRequest request;
    Callback done;
  };
  struct Timer {
    std::chrono::milliseconds due;
    long seq;
    std::function<void()> fn;
  };

  HttpResponse Answer(const HttpRequest& request);

  Handler handler_;
  std::map<std::string, std::deque<HttpResponse>> scripts_;
  std::deque<Pending> pending_;
  std::vector<Timer> timers_;
  std::vector<HttpRequest> sent_;
  std::vector<size_t> in_flight_at_send_;
  std::vector<std::chrono::milliseconds> delays_;
  std::chrono::milliseconds now_{0};
  long seq_ = 0;
};

}  // namespace onboard
