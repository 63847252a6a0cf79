#include "engine/http/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/text/strings.h"

namespace onboard {

namespace {

using Clock = std::chrono::steady_clock;

// ---- Move-only owners of libcurl's handles.

class Easy {
 public:
  Easy() : h_(curl_easy_init()) {}
  ~Easy() {
    if (h_) curl_easy_cleanup(h_);
  }
  Easy(Easy&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  Easy& operator=(Easy&& o) noexcept {
    std::swap(h_, o.h_);
    return *this;
  }
  Easy(const Easy&) = delete;
  Easy& operator=(const Easy&) = delete;
  CURL* get() const { return h_; }

 private:
  CURL* h_;
};

class Multi {
 public:
  Multi() : h_(curl_multi_init()) {}
  ~Multi() {
    if (h_) curl_multi_cleanup(h_);
  }
  Multi(Multi&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  Multi& operator=(Multi&& o) noexcept {
    std::swap(h_, o.h_);
    return *this;
  }
  Multi(const Multi&) = delete;
  Multi& operator=(const Multi&) = delete;
  CURLM* get() const { return h_; }

 private:
  CURLM* h_;
};

class Slist {
 public:
  Slist() = default;
  ~Slist() {
    if (h_) curl_slist_free_all(h_);
  }
  Slist(Slist&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  Slist& operator=(Slist&& o) noexcept {
    std::swap(h_, o.h_);
    return *this;
  }
  Slist(const Slist&) = delete;
  Slist& operator=(const Slist&) = delete;
  void Append(const std::string& line) {
    if (curl_slist* next = curl_slist_append(h_, line.c_str())) h_ = next;
  }
  curl_slist* get() const { return h_; }

 private:
  curl_slist* h_ = nullptr;
};

class Mime {
 public:
  Mime() = default;
  explicit Mime(CURL* easy) : h_(curl_mime_init(easy)) {}
  ~Mime() {
    if (h_) curl_mime_free(h_);
  }
  Mime(Mime&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  Mime& operator=(Mime&& o) noexcept {
    std::swap(h_, o.h_);
    return *this;
  }
  Mime(const Mime&) = delete;
  Mime& operator=(const Mime&) = delete;
  void Add(const std::string& name, const std::string& value) {
    curl_mimepart* part = curl_mime_addpart(h_);
    curl_mime_name(part, name.c_str());
    curl_mime_data(part, value.data(), value.size());
  }
  curl_mime* get() const { return h_; }

 private:
  curl_mime* h_ = nullptr;
};

// One request in flight. Declared so that the easy handle outlives the mime and header
// list it points to.
struct Transfer {
  Easy easy;
  Slist headers;
  Mime mime;
  HttpRequest request;
  std::string url;
  std::string body;  // WireBody(request): curl reads it in place until the transfer ends
  HttpResponse response;
  Transport::Callback done;
  Clock::time_point start;
  char error[CURL_ERROR_SIZE] = {};
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  t->response.body.append(data, size * count);
  return size * count;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string line(data, size * count);
  // A new status line (after 100 Continue or similar) starts a new set of headers.
  if (line.rfind("HTTP/", 0) == 0) {
    t->response.headers.clear();
    return size * count;
  }
  const size_t colon = line.find(':');
  if (colon == std::string::npos) return size * count;
  const std::string name = ToLowerAscii(line.substr(0, colon));
  std::string value = line.substr(colon + 1);
  const size_t b = value.find_first_not_of(" \t");
  const size_t e = value.find_last_not_of(" \t\r\n");
  value = b == std::string::npos ? "" : value.substr(b, e - b + 1);
  auto [it, inserted] = t->response.headers.emplace(name, value);
  if (!inserted) it->second += ", " + value;
  return size * count;
}

// Whether a failed request may have reached the server: the failure came after the
// request started going out (an empty reply, a reset while waiting, a timeout after sending).
bool MaybeDelivered(CURLcode code, CURL* easy) {
  curl_off_t pretransfer = 0;
  long request_size = 0;
  curl_easy_getinfo(easy, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
  curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &request_size);
  const bool started = pretransfer > 0 || request_size > 0;
  switch (code) {
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return true;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_OPERATION_TIMEDOUT:
      return started;
    default:
      return false;
  }
}

struct Timer {
  Clock::time_point due;
  long seq;
  std::function<void()> fn;
};

// A min-heap on (due, seq): std::push_heap builds a max-heap, so compare reversed.
bool Later(const Timer& a, const Timer& b) { return a.due != b.due ? a.due > b.due : a.seq > b.seq; }

}  // namespace

struct CurlTransport::Impl {
  CurlTransportOptions options;
  Multi multi;
  std::vector<Easy> pool;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> active;
  std::vector<Timer> timers;
  long timer_seq = 0;

  explicit Impl(CurlTransportOptions o) : options(std::move(o)) {
    while (!options.base_url.empty() && options.base_url.back() == '/') options.base_url.pop_back();
    const long connections = std::max(1, options.parallelism);
    curl_multi_setopt(multi.get(), CURLMOPT_MAX_HOST_CONNECTIONS, connections);
    curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, connections);
  }

  ~Impl() {
    for (auto& [easy, transfer] : active) curl_multi_remove_handle(multi.get(), easy);
  }

  Easy TakeEasy() {
    if (pool.empty()) return Easy();
    Easy e = std::move(pool.back());
    pool.pop_back();
    return e;
  }

  void Configure(Transfer* t) {
    CURL* h = t->easy.get();
    const HttpRequest& r = t->request;
    curl_easy_setopt(h, CURLOPT_URL, t->url.c_str());
    curl_easy_setopt(h, CURLOPT_PRIVATE, t);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.request_timeout.count()));
    curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->error);

    t->headers.Append("Accept: application/json");
    // Waiting for 100 Continue costs a round trip per multipart request for nothing.
    t->headers.Append("Expect:");
    if (!r.bearer_token.empty()) t->headers.Append("Authorization: " + WireAuthorization(r));
    if (!r.company_id.empty()) t->headers.Append("X-KEEPNET-Company-Id: " + r.company_id);

    if (!r.form.empty()) {
      t->mime = Mime(h);
      for (const auto& field : r.form) t->mime.Add(field.name, field.value);
      curl_easy_setopt(h, CURLOPT_MIMEPOST, t->mime.get());
    } else if (!r.body.empty() || !r.url_form.empty() || r.method == "POST" || r.method == "PUT") {
      if (!r.content_type.empty()) t->headers.Append("Content-Type: " + r.content_type);
      t->body = WireBody(r);
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, t->body.data());
    } else {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
    if (r.method != "GET" && r.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, t->headers.get());
    // libcurl silently re-sends a request whose reused connection died before any answer
    // ("Connection died, retrying a fresh connect"), up to 5 times. For a create that was
    // received and committed, that is a duplicate; on a new connection it never does this.
    if (r.write && r.method == "POST") curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
  }

  void Send(HttpRequest request, Callback done) {
    auto t = std::make_unique<Transfer>();
    t->easy = TakeEasy();
    t->request = std::move(request);
    t->url = options.base_url + t->request.path;
    t->done = std::move(done);
    t->start = Clock::now();
    Configure(t.get());
    CURL* h = t->easy.get();
    if (!h || curl_multi_add_handle(multi.get(), h) != CURLM_OK) {
      // Reported like any failure, from the loop, so callers see one code path.
      auto callback = std::move(t->done);
      After(std::chrono::milliseconds(0), [callback = std::move(callback)] {
        HttpResponse r;
        r.transport_error = "could not start the request (libcurl)";
        callback(std::move(r));
      });
      return;
    }
    active.emplace(h, std::move(t));
  }

  void After(std::chrono::milliseconds delay, std::function<void()> fn) {
    timers.push_back(Timer{Clock::now() + delay, timer_seq++, std::move(fn)});
    std::push_heap(timers.begin(), timers.end(), Later);
  }

  // Runs the timers due now (not those they add). True when any ran.
  bool RunDueTimers() {
    const auto now = Clock::now();
    std::vector<std::function<void()>> due;
    while (!timers.empty() && timers.front().due <= now) {
      std::pop_heap(timers.begin(), timers.end(), Later);
      due.push_back(std::move(timers.back().fn));
      timers.pop_back();
    }
    for (auto& fn : due) fn();
    return !due.empty();
  }

  // Hands finished transfers to their callbacks. True when any finished.
  bool CollectDone() {
    std::vector<std::unique_ptr<Transfer>> finished;
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* h = msg->easy_handle;
      const CURLcode code = msg->data.result;
      auto it = active.find(h);
      if (it == active.end()) continue;
      std::unique_ptr<Transfer> t = std::move(it->second);
      active.erase(it);
      curl_multi_remove_handle(multi.get(), h);
      HttpResponse& r = t->response;
      if (code == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        r.status = static_cast<int>(status);
      } else {
        r.status = 0;
        r.transport_error = t->error[0] ? std::string(t->error) : std::string(curl_easy_strerror(code));
        r.maybe_delivered = MaybeDelivered(code, h);
      }
      r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t->start);
      curl_easy_reset(h);  // keeps the connection; forgets this request's options
      pool.push_back(std::move(t->easy));
      finished.push_back(std::move(t));
    }
    for (auto& t : finished) {
      auto done = std::move(t->done);
      done(std::move(t->response));
    }
    return !finished.empty();
  }

  bool RunOnce() {
    for (;;) {
      if (RunDueTimers()) return true;
      if (active.empty() && timers.empty()) return false;
      int running = 0;
      curl_multi_perform(multi.get(), &running);
      if (CollectDone()) return true;
      long wait_ms = 1000;
      long curl_wait = -1;
      curl_multi_timeout(multi.get(), &curl_wait);
      if (curl_wait >= 0) wait_ms = std::min(wait_ms, curl_wait);
      if (!timers.empty()) {
        auto until = std::chrono::duration_cast<std::chrono::milliseconds>(timers.front().due - Clock::now()).count();
        wait_ms = std::min<long>(wait_ms, std::max<long>(0, until));
      }
      if (wait_ms > 0) curl_multi_poll(multi.get(), nullptr, 0, static_cast<int>(wait_ms), nullptr);
    }
  }
};

CurlTransport::CurlTransport(CurlTransportOptions options) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_ = std::make_unique<Impl>(std::move(options));
}

CurlTransport::~CurlTransport() = default;

void CurlTransport::Send(HttpRequest request, Callback done) { impl_->Send(std::move(request), std::move(done)); }

void CurlTransport::After(std::chrono::milliseconds delay, std::function<void()> fn) {
  impl_->After(delay, std::move(fn));
}

void CurlTransport::Run() {
  while (impl_->RunOnce()) {
  }
}

bool CurlTransport::RunOnce() { return impl_->RunOnce(); }

size_t CurlTransport::in_flight() const { return impl_->active.size(); }

}  // namespace onboard
