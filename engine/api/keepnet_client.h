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
  /// Never contains the token or the client secret: those are never in a string (Secret),
  /// the token request's error body is never shown, and a server echoing a bearer token in
  /// any other answer has it cut out (raw, URL-encoded or JSON-escaped).
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
  Secret client_secret;  ///< never printed: only the transport reads it (engine/http/secret.h)
  /// Where the credentials came from, for the message when the API refuses them, e.g.
  /// "client id from KEEPNET_CLIENT_ID, client secret from --client-secret-file /run/s".
  std::string credentials_source;
  /// Most requests in flight at once (the adaptive limit never exceeds it).
  int parallelism = 16;
  /// Allow http:// to a host that is not loopback (off: refused).
  bool allow_insecure_http = false;
  int max_attempts = 6;  ///< per retryable write (PUT updates, participants), the first try included
  std::chrono::milliseconds base_backoff{200};
  std::chrono::milliseconds max_backoff{10000};
  /// Reads (searches, GETs and the token request: every request not marked `write`) are
  /// always safe to repeat, and a customer whose reads fail cannot be planned, so they get
  /// more attempts with the backoff capped lower (min(max_backoff, read_max_backoff)): a storm
  /// where 70% of requests fail leaves a read failing after 16 tries with p = 0.7^16 = 0.3%.
  /// Bound: the waits before a read's last try add up to at most
  /// 200+400+800+1600+11*2000 ms = 25 s with the defaults (half that on average, full
  /// jitter), plus the tries themselves (each at most request_timeout).
  int max_read_attempts = 16;
  std::chrono::milliseconds read_max_backoff{2000};
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
  /// Deletes the company with its admins, target users and target groups. Deletes are sent
  /// again like other safe calls; a 404 after an attempt whose outcome was unknown (5xx, a
  /// dropped answer) counts as done: that attempt deleted it. A first-try 404 is an error.
  void DeleteCompany(const std::string& origin, const std::string& id, Callback<Unit> done);

  // Company groups
  void ListGroups(const std::string& origin, Callback<std::vector<GroupRecord>> done);
  void CreateGroup(const std::string& origin, const std::string& name, Callback<std::string> done);
  /// DELETE /api/company-groups/{id}; retried like DeleteCompany.
  void DeleteGroup(const std::string& origin, const std::string& id, Callback<Unit> done);
  void AddParticipants(const std::string& origin, const std::string& group_id, const std::vector<std::string>& company_ids, Callback<Unit> done);
  void SearchGroupCompanies(const std::string& origin, const std::string& group_id, int page, Callback<Page<CompanySummary>> done);
  /// DELETE /api/company-groups/{id}/participants: the companies leave the group (one request
  /// for all of them).
  void RemoveParticipants(const std::string& origin, const std::string& group_id, const std::vector<std::string>& company_ids, Callback<Unit> done);

  // System users (admins), scoped to `company_id`
  void SearchSystemUsers(const std::string& origin, const std::string& company_id, int page, const std::string& search, Callback<Page<SystemUserRecord>> done);
  void CreateSystemUser(const std::string& origin, const std::string& company_id, const SystemUserRecord& body, Callback<std::string> done);
  void UpdateSystemUser(const std::string& origin, const std::string& company_id, const std::string& id, const SystemUserRecord& body, Callback<Unit> done);
  void ListRoles(const std::string& origin, const std::string& company_id, Callback<std::vector<RoleRecord>> done);
  /// Deletes an admin (404 after an unknown outcome counts as done, as for DeleteCompany).
  void DeleteSystemUser(const std::string& origin, const std::string& company_id, const std::string& id, Callback<Unit> done);

  // Target users, scoped to `company_id`
  void SearchTargetUsers(const std::string& origin, const std::string& company_id, int page, const std::string& search, Callback<Page<TargetUserRecord>> done);
  void GetTargetUser(const std::string& origin, const std::string& company_id, const std::string& id, Callback<TargetUserRecord> done);
  void CreateTargetUser(const std::string& origin, const std::string& company_id, const TargetUserRecord& body, Callback<std::string> done);
  void UpdateTargetUser(const std::string& origin, const std::string& company_id, const std::string& id, const TargetUserRecord& body, Callback<Unit> done);
  /// Deletes a target user (404 after an unknown outcome counts as done, as for DeleteCompany).
  void DeleteTargetUser(const std::string& origin, const std::string& company_id, const std::string& id, Callback<Unit> done);

  // Target groups, scoped to `company_id`
  void ListTargetGroups(const std::string& origin, const std::string& company_id, Callback<std::vector<TargetGroupRecord>> done);
  void CreateTargetGroup(const std::string& origin, const std::string& company_id, const TargetGroupRecord& body, Callback<std::string> done);  ///< new id
  void UpdateTargetGroup(const std::string& origin, const std::string& company_id, const std::string& id, const TargetGroupRecord& body, Callback<Unit> done);
  /// Deletes a target group (its members stay); 404 after an unknown outcome counts as done.
  void DeleteTargetGroup(const std::string& origin, const std::string& company_id, const std::string& id, Callback<Unit> done);
  /// One page of a group's members (POST /api/target-groups/{id}/users): how memberships
  /// are read, since a target user's record does not carry them.
  void SearchTargetGroupUsers(const std::string& origin, const std::string& company_id, const std::string& group_id, int page, Callback<Page<TargetUserRecord>> done);
  /// PUT /api/target-groups/users: every listed user joins every listed group, in one request.
  void AddTargetGroupUsers(const std::string& origin, const std::string& company_id, const std::vector<std::string>& group_ids, const std::vector<std::string>& user_ids, Callback<Unit> done);
  /// DELETE /api/target-groups/{id}/users: the listed users leave the group, in one request.
  void RemoveTargetGroupUsers(const std::string& origin, const std::string& company_id, const std::string& group_id, const std::vector<std::string>& user_ids, Callback<Unit> done);

  // Reference data: code types found by name, never by a hard-coded id (docs/keepnet-api.md).
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
