#pragma once
// The real Transport: one libcurl multi handle driven by the caller's thread. Requests run
// concurrently over kept-alive HTTP/1.1 connections (easy handles are pooled, so their
// connections are reused); timers (After) share the same loop. TLS verification is always
// on. libcurl is included only by curl_transport.cc; its error codes become HttpResponse
// fields there (transport_error, maybe_delivered).

#include <chrono>
#include <memory>
#include <string>

#include "engine/http/transport.h"

namespace onboard {

struct CurlTransportOptions {
  /// Prefix of every request path, e.g. "https://api.keepnetlabs.com" (a trailing '/' is dropped).
  std::string base_url;
  /// Most connections to the host at once (CURLMOPT_MAX_HOST_CONNECTIONS); more requests queue.
  int parallelism = 16;
  /// Time allowed to connect (TCP and TLS).
  std::chrono::milliseconds connect_timeout{10000};
  /// Time allowed for a whole request, connecting included; 0 = no limit.
  std::chrono::milliseconds request_timeout{60000};
  std::string user_agent = "onboard";
};

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(CurlTransportOptions options);
  /// Abandons requests still in flight without calling their callbacks.
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  /// Starts `request` at once (curl queues it if the host has `parallelism` connections).
  /// Sends Accept: application/json, Authorization: Bearer when bearer_token is set,
  /// X-KEEPNET-Company-Id when company_id is set; a multipart body when `form` is not
  /// empty, else the body (WireBody: `body`, or `url_form` with its secrets) with `content_type`. A POST marked `write` (a create) goes out on a
  /// new connection: on a reused one libcurl would re-send it by itself if the connection
  /// died without an answer, and the create could be applied twice.
  void Send(HttpRequest request, Callback done) override;
  void After(std::chrono::milliseconds delay, std::function<void()> fn) override;
  void Run() override;
  /// Waits (curl_multi_poll, until the next timer at most) and runs what completed: every
  /// due timer and every finished request. False when nothing is pending.
  bool RunOnce() override;
  size_t in_flight() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onboard
