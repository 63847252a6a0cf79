#include "tests/support/fake_transport.h"

#include <algorithm>

namespace onboard {

namespace {

std::string Key(const std::string& method, const std::string& path) {
  return method + " " + path.substr(0, path.find('?'));
}

}  // namespace

HttpResponse FakeTransport::Json(int status, std::string body, std::map<std::string, std::string> headers) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.headers["content-type"] = "application/json";
  return r;
}

HttpResponse FakeTransport::Ok(const std::string& data_json) {
  return Json(200, "{\"data\":" + data_json + ",\"status\":\"SUCCESS\",\"message\":null,\"validationMessages\":null}");
}

HttpResponse FakeTransport::Token(const std::string& token, int expires_in) {
  return Json(200, "{\"access_token\":\"" + token + "\",\"expires_in\":" + std::to_string(expires_in) +
                       ",\"token_type\":\"Bearer\",\"scope\":\"api1\"}");
}

HttpResponse FakeTransport::NoAnswer(std::string error, bool maybe_delivered) {
  HttpResponse r;
  r.transport_error = std::move(error);
  r.maybe_delivered = maybe_delivered;
  return r;
}

void FakeTransport::Script(const std::string& method_path, HttpResponse response) {
  scripts_[method_path].push_back(std::move(response));
}

int FakeTransport::count(const std::string& method_path) const {
  return static_cast<int>(std::count_if(sent_.begin(), sent_.end(), [&](const HttpRequest& r) {
    return Key(r.method, r.path) == method_path;
  }));
}

void FakeTransport::Send(HttpRequest request, Callback done) {
  sent_.push_back(request);
  pending_.push_back(Pending{std::move(request), std::move(done)});
  in_flight_at_send_.push_back(pending_.size());
}

void FakeTransport::After(std::chrono::milliseconds delay, std::function<void()> fn) {
  delays_.push_back(delay);
  timers_.push_back(Timer{now_ + delay, seq_++, std::move(fn)});
}

HttpResponse FakeTransport::Answer(const HttpRequest& request) {
  auto it = scripts_.find(Key(request.method, request.path));
  if (it != scripts_.end() && !it->second.empty()) {
    HttpResponse r = std::move(it->second.front());
    it->second.pop_front();
    return r;
  }
  if (handler_) return handler_(request);
  return Json(404, "{\"data\":null,\"status\":\"NOT_FOUND\",\"message\":\"no fake answer\",\"validationMessages\":null}");
}

bool FakeTransport::RunOnce() {
  if (!pending_.empty()) {
    Pending p = std::move(pending_.front());
    pending_.pop_front();
    p.done(Answer(p.request));
    return true;
  }
  if (timers_.empty()) return false;
  auto next = std::min_element(timers_.begin(), timers_.end(), [](const Timer& a, const Timer& b) {
    return a.due != b.due ? a.due < b.due : a.seq < b.seq;
  });
  Timer t = std::move(*next);
  timers_.erase(next);
  now_ = std::max(now_, t.due);
  t.fn();
  return true;
}

void FakeTransport::Run() {
  while (RunOnce()) {
  }
}

}  // namespace onboard
