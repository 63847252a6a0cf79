#pragma once
// The Keepnet API client: one typed call per endpoint the engine uses, over a Transport.
// It owns the OAuth2 token (fetch, reuse, renew before expiry and once on 401), the response
// envelope, retries with backoff and jitter for calls that are safe to repeat (429, 5xx,
// connection failures; honouring Retry-After), an adaptive limit on requests in flight
// (halved on 429, grown back on clean answers) and, from the first 429 on, a pace of request
// starts (rate_pacer.h) near the rate the server accepts. A write whose outcome is unknown is never
// re-sent: it fails with ApiError::Kind::OutcomeUnknown so the caller can look first.
// Calls are asynchronous: the callback runs on the transport's loop.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/catalog/catalog.h"
#include "engine/http/transport.h"
#include "engine/model/records.h"

namespace onboard {

/// A failed call, with everything needed to say which request failed and why.
struct ApiError {
  enum class Kind {
    Http,            ///< a non-2xx answer (after retries, if it was retryable)
    Api,             ///< 2xx, but isSuccess false or an error status in the envelope
    Transport,       ///< no answer (after retries, if safe): DNS, refused, reset, timeout
    OutcomeUnknown,  ///< a write that may have been applied: look before sending it again
    Decode,          ///< the answer was not what the spec says
  };
  Kind kind = Kind::Http;
  int http_status = 0;
  std::string api_status;  ///< envelope `status`, e.g. INPUT_ERROR
  std::string message;     ///< envelope `message`, or the transport's error
  std::vector<std::string> validation_messages;
  std::string method;
  std::string path;
  std::string company_id;  ///< the X-KEEPNET-Company-Id it was scoped to
  std::string origin;      ///< the plan address or stage that asked

  /// True for answers that will not change on retry (400, 403, 404, ...).
  bool permanent() const;
  /// "POST /api/companies [customer.acme.company]: HTTP 400 INPUT_ERROR: Name: too long".
  /// Never contains the token or the client secret.
  std::string ToString() const;
};

template <class T>
struct Result {
  std::optional<T> value;
  std::optional<ApiError> error;
  bool ok() const { return !error.has_value(); }
};

struct Unit {};

template <class T>
using Callback = std::function<void(Result<T>)>;

/// One page of a search.
template <class T>
struct Page {
  std::vector<T> results;
  int page_number = 1;
  int page_size = 0;
  int total_pages = 0;
  int total_records = 0;
};

struct ClientOptions {
  std::string base_url = "https://api.keepnetlabs.com";
  std::string client_id;
  std::string client_secret;  ///< never printed
  /// Most requests in flight at once (the adaptive limit never exceeds it).
  int parallelism = 16;
  /// Allow http:// to a host that is not loopback (off: refused).
  bool allow_insecure_http = false;
  int max_attempts = 6;  ///< per retryable call, the first try included
  std::chrono::milliseconds base_backoff{200};
  std::chrono::milliseconds max_backoff{10000};
  std::chrono::milliseconds request_timeout{60000};
  int page_size = 100;  ///< pageSize for searches
  /// The steady clock for token expiry and request pacing; empty: std::chrono::steady_clock.
  /// Tests set it to a fake transport's virtual clock.
  std::function<std::chrono::steady_clock::time_point()> clock;
};

/// Counters, for progress, reports and benchmarks.
struct ClientStats {
  long requests = 0;     ///< HTTP requests sent, retries and token requests included
  long writes = 0;       ///< writes sent (first tries)
  long retries = 0;
  long rate_limited = 0; ///< 429 answers
  long errors = 0;       ///< calls that failed for good
};

/// Checks a base URL: https, or http to a loopback host, or http anywhere when allowed.
/// Returns false and sets *error otherwise.
bool CheckBaseUrl(const std::string& url, bool allow_insecure_http, std::string* error);

class KeepnetClient {
 public:
  /// `transport` must outlive the client.
  KeepnetClient(ClientOptions options, Transport& transport);
  ~KeepnetClient();
  KeepnetClient(const KeepnetClient&) = delete;
  KeepnetClient& operator=(const KeepnetClient&) = delete;

  Transport& transport() { return transport_; }
  const ClientStats& stats() const;

  // `origin` labels the request (plan address or reader stage) in errors, logs and dry runs.
  // `search` is SearchInputTextValue ("" for all). Searches return one page; `page` is 1-based.

  // Companies
  void SearchCompanies(const std::string& origin, int page, const std::string& search, Callback<Page<CompanySummary>> done);
  void GetCompany(const std::string& origin, const std::string& id, Callback<CompanyRecord> done);
  void CreateCompany(const std::string& origin, const CompanyRecord& body, Callback<std::string> done);  ///< new id
  void UpdateCompany(const std::string& origin, const std::string& id, const CompanyRecord& body, Callback<Unit> done);
  /// DELETE /api/companies/{id}; retried like a read (a second delete of the same id changes
  /// nothing more: it answers 404).
  void DeleteCompany(const std::string& origin, const std::string& id, Callback<Unit> done);

  // Company groups
  void ListGroups(const std::string& origin, Callback<std::vector<GroupRecord>> done);
  void CreateGroup(const std::string& origin, const std::string& name, Callback<std::string> done);
  /// DELETE /api/company-groups/{id}; retried like DeleteCompany.
  void DeleteGroup(const std::string& origin, const std::string& id, Callback<Unit> done);
  void AddParticipants(const std::string& origin, const std::string& group_id, const std::vector<std::string>& company_ids, Callback<Unit> done);
  void SearchGroupCompanies(const std::string& origin, const std::string& group_id, int page, Callback<Page<CompanySummary>> done);

  // System users (admins), scoped to `company_id`
  void SearchSystemUsers(const std::string& origin, const std::string& company_id, int page, const std::string& search, Callback<Page<SystemUserRecord>> done);
  void CreateSystemUser(const std::string& origin, const std::string& company_id, const SystemUserRecord& body, Callback<std::string> done);
  void UpdateSystemUser(const std::string& origin, const std::string& company_id, const std::string& id, const SystemUserRecord& body, Callback<Unit> done);
  void ListRoles(const std::string& origin, const std::string& company_id, Callback<std::vector<RoleRecord>> done);

  // Target users, scoped to `company_id`
  void SearchTargetUsers(const std::string& origin, const std::string& company_id, int page, const std::string& search, Callback<Page<TargetUserRecord>> done);
  void GetTargetUser(const std::string& origin, const std::string& company_id, const std::string& id, Callback<TargetUserRecord> done);
  void CreateTargetUser(const std::string& origin, const std::string& company_id, const TargetUserRecord& body, Callback<std::string> done);
  void UpdateTargetUser(const std::string& origin, const std::string& company_id, const std::string& id, const TargetUserRecord& body, Callback<Unit> done);

  // Reference data: code types found by name, never by a hard-coded id (NOTES.md).
  /// Reads the whole catalog (code types, their lookups, licenses with modules, time zones
  /// with date and time formats) in as few requests as the API allows.
  void ReadCatalog(const std::string& origin, Callback<Catalog> done);

 private:
  struct Impl;
  ClientOptions options_;
  Transport& transport_;
  Impl* impl_;
};

/// Runs `start(callback)` and the transport's loop until the callback ran; returns its result.
/// For simple sequential code (tests, the CLI's first steps).
template <class T, class Start>
Result<T> Await(Transport& transport, Start&& start) {
  std::optional<Result<T>> out;
  start([&out](Result<T> r) { out = std::move(r); });
  while (!out && transport.RunOnce()) {
  }
  if (!out) {
    Result<T> r;
    r.error = ApiError{ApiError::Kind::Transport, 0, "", "the call never completed", {}, "", "", "", ""};
    return r;
  }
  return std::move(*out);
}

}  // namespace onboard
