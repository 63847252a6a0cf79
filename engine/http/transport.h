#pragma once
// HTTP as the engine sees it: a request and a response as values, and one interface that
// sends requests from a single-threaded event loop (ninja's CommandRunner shape). The real
// implementation is curl_transport.h (libcurl multi); exec/dry_run_transport.h records
// writes instead of sending them. Callbacks run on the thread that calls Run/RunOnce.

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/http/secret.h"

namespace onboard {

/// One part of a multipart/form-data body (repeated names carry arrays).
struct MultipartField {
  std::string name;
  std::string value;
};

/// One field of an application/x-www-form-urlencoded body (the token request), whose value
/// may be a secret: shown as "[redacted]", encoded onto the wire only by WireBody.
struct UrlFormField {
  std::string name;
  std::string value;  ///< used when `secret` is empty
  Secret secret;
};

struct HttpRequest {
  std::string method;        ///< GET, POST, PUT, DELETE
  std::string path;          ///< "/api/companies/search", with any query string
  std::string company_id;    ///< sent as X-KEEPNET-Company-Id when not empty
  std::string content_type;  ///< for `body`; ignored when `form` is used
  std::string body;
  std::vector<MultipartField> form;  ///< when not empty: multipart/form-data (curl mime)
  /// When not empty: the body, application/x-www-form-urlencoded (see WireBody); `body` is unused.
  std::vector<UrlFormField> url_form;
  Secret bearer_token;       ///< Authorization: Bearer (WireAuthorization); never printed
  bool write = false;        ///< changes the platform (creates, updates, deletes, participants)
  std::string origin;        ///< what asked for it: a plan address or a reader stage; for logs
};

struct HttpResponse {
  int status = 0;                              ///< 0 when no HTTP response arrived
  std::string body;
  std::map<std::string, std::string> headers;  ///< lower-case names
  std::string transport_error;                 ///< curl's error when status == 0
  /// True when the request may have reached the server: no response, but the connection
  /// was made and (some of) the body was sent. A write with this set has an unknown outcome.
  bool maybe_delivered = false;
  std::chrono::milliseconds elapsed{0};
};

/// application/x-www-form-urlencoded encoding of one value: RFC 3986 unreserved
/// characters are kept, everything else is %XX (so '+', '&', '=' in a secret survive).
std::string FormUrlEncode(const std::string& value);

/// The body as it goes on the wire: `body`, or `url_form` encoded with its secrets in clear.
/// For transports that send, and nothing else: never log or show what it returns.
std::string WireBody(const HttpRequest& request);
/// "Bearer <token>" for the Authorization header, "" without a token. Same rule as WireBody.
std::string WireAuthorization(const HttpRequest& request);
/// The body for people and logs: `url_form` as "name=value" lines with every secret field
/// "[redacted]", else `body` as it is.
std::string ShownBody(const HttpRequest& request);

/// Sends requests concurrently from one event loop.
class Transport {
 public:
  using Callback = std::function<void(HttpResponse)>;
  virtual ~Transport() = default;

  /// Queues `request`; `done` runs (on the loop) when it completes or fails.
  virtual void Send(HttpRequest request, Callback done) = 0;
  /// Calls `fn` on the loop after `delay` (backoff, Retry-After).
  virtual void After(std::chrono::milliseconds delay, std::function<void()> fn) = 0;
  /// Runs the loop until no request or timer is pending, callbacks included.
  virtual void Run() = 0;
  /// Runs the loop until at least one callback ran. Returns false when nothing is pending.
  virtual bool RunOnce() = 0;
  /// Requests sent and not yet completed.
  virtual size_t in_flight() const = 0;
};

}  // namespace onboard
