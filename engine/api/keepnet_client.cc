#include "engine/api/keepnet_client.h"

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <utility>

#include <fmt/format.h>

#include "engine/api/adaptive_limit.h"
#include "engine/api/rate_pacer.h"
#include "engine/api/retry_policy.h"
#include "engine/api/token.h"
#include "engine/api/wire_json.h"
#include "engine/text/strings.h"

namespace onboard {

namespace {

using Clock = std::chrono::steady_clock;

// One logical call: the request and where it stands in its retries.
struct Call {
  HttpRequest request;  // bearer_token is filled per attempt
  Repeat repeat = Repeat::Safe;
  bool auth = true;
  int attempts = 0;  // sends so far
  long pace_epoch = 0;  // the pacer's epoch when the last attempt started
  bool reauthed = false;
  // A delete: a 404 after an attempt whose outcome is unknown means that attempt deleted it.
  bool gone_is_done = false;
  bool maybe_applied = false;  // an earlier attempt may have reached the server and been applied
  // Gets the 2xx answer, or the error that ends the call.
  std::function<void(HttpResponse, std::optional<ApiError>)> done;
};

using CallPtr = std::shared_ptr<Call>;

}  // namespace

struct KeepnetClient::Impl {
  Impl(const ClientOptions& o, Transport& t)
      : options(o), transport(t), limit(o.parallelism), rng(std::random_device{}()) {}

  const ClientOptions& options;
  Transport& transport;
  ClientStats stats;

  AccessToken token;
  std::vector<Secret> tokens_seen;  // for Redact: a dropped token is still a secret
  bool token_fetching = false;
  std::vector<std::function<void(const ApiError*)>> token_waiters;

  AdaptiveLimit limit;
  RatePacer pacer;
  int in_flight = 0;
  std::deque<std::function<void()>> queue;
  bool held = false;
  long hold_generation = 0;
  bool pace_timer = false;  // a timer waits for the pacer's next slot
  bool slot_due = false;    // that timer fired: the slot is taken even if the clock lags it

  std::mt19937_64 rng;
  // Callbacks still queued in the transport when the client goes away must not touch it.
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);

  // ---- Sending, with token, limit and retries.

  void Start(const CallPtr& call) {
    if (!call->auth) return Acquire(call);
    WithToken([this, call](const ApiError* token_error) {
      if (token_error) {
        ApiError e = *token_error;
        e.origin = call->request.origin;
        e.company_id = call->request.company_id;
        return Finish(call, {}, std::move(e));
      }
      Acquire(call);
    });
  }

  void Acquire(const CallPtr& call) {
    queue.push_back([this, call] { Send(call); });
    Pump();
  }

  Clock::time_point Now() const { return options.clock ? options.clock() : Clock::now(); }

  void Pump() {
    while (!held && !queue.empty() && in_flight < limit.limit()) {
      const auto now = Now();
      const auto slot = pacer.NextStart(now);
      if (slot > now && !slot_due) return WaitForSlot(slot - now);
      slot_due = false;
      pacer.OnStart(now);
      auto next = std::move(queue.front());
      queue.pop_front();
      ++in_flight;
      next();
    }
  }

  void WaitForSlot(Clock::duration wait) {
    if (pace_timer) return;
    pace_timer = true;
    // Rounded up: a timer that fires before the slot would only set another.
    auto delay = std::chrono::ceil<std::chrono::milliseconds>(wait);
    std::weak_ptr<bool> weak = alive;
    transport.After(delay, [this, weak] {
      if (weak.expired()) return;
      pace_timer = false;
      // The transport's timers are the authority on time: a clock that disagrees (a test's
      // loop with no clock of its own) must not make Pump set timer after timer.
      slot_due = true;
      Pump();
      slot_due = false;
    });
  }

  void Hold(std::chrono::milliseconds delay) {
    if (delay.count() <= 0) return;
    held = true;
    const long generation = ++hold_generation;
    std::weak_ptr<bool> weak = alive;
    transport.After(delay, [this, weak, generation] {
      if (weak.expired() || generation != hold_generation) return;
      held = false;
      Pump();
    });
  }

  void Send(const CallPtr& call) {
    ++call->attempts;
    call->pace_epoch = pacer.epoch();
    ++stats.requests;
    if (call->attempts > 1) ++stats.retries;
    else if (call->request.write) ++stats.writes;
    HttpRequest request = call->request;
    const long generation = token.generation;
    if (call->auth) request.bearer_token = token.value;
    std::weak_ptr<bool> weak = alive;
    transport.Send(std::move(request), [this, weak, call, generation](HttpResponse response) {
      if (weak.expired()) return;
      --in_flight;
      OnAnswer(call, generation, std::move(response));
      Pump();
    });
  }

  void OnAnswer(const CallPtr& call, long token_generation, HttpResponse response) {
    if (response.status == 401 && call->auth && !call->reauthed) {
      call->reauthed = true;
      // Only the first 401 for a token drops it; later ones find the renewed token.
      if (token.generation == token_generation) token.value = Secret();
      return Start(call);
    }
    if (call->gone_is_done && call->maybe_applied && response.status == 404) {
      limit.OnCleanAnswer();
      return Finish(call, HttpResponse{200, "", {}, "", false, response.elapsed}, std::nullopt);
    }
    std::optional<std::chrono::milliseconds> retry_after;
    if (response.status == 429 || response.status == 503) {
      auto it = response.headers.find("retry-after");
      if (it != response.headers.end()) retry_after = ParseRetryAfter(it->second, std::chrono::system_clock::now());
    }
    std::optional<std::chrono::milliseconds> backoff;
    if (response.status == 429) {
      ++stats.rate_limited;
      limit.OnRateLimited();
      pacer.OnRateLimited(call->pace_epoch, Now());
      backoff = retry_after ? *retry_after : NextBackoff(*call);
      Hold(*backoff);
    } else if (response.status > 0 && response.status < 500) {
      limit.OnCleanAnswer();
      pacer.OnCleanAnswer(Now());
    }

    switch (Classify(response, call->repeat)) {
      case Verdict::Done:
        if (response.status >= 200 && response.status < 300) return Finish(call, std::move(response), std::nullopt);
        return Finish(call, {}, ErrorFrom(*call, ApiError::Kind::Http, response));
      case Verdict::OutcomeUnknown:
        return Finish(call, {}, ErrorFrom(*call, ApiError::Kind::OutcomeUnknown, response));
      case Verdict::Retry:
        if (response.status >= 500 || (response.status == 0 && response.maybe_delivered)) call->maybe_applied = true;
        break;
    }
    if (call->attempts >= std::max(1, MaxAttempts(*call))) {
      const auto kind = response.status == 0 ? ApiError::Kind::Transport : ApiError::Kind::Http;
      return Finish(call, {}, ErrorFrom(*call, kind, response));
    }
    const auto delay = retry_after ? *retry_after : backoff ? *backoff : NextBackoff(*call);
    std::weak_ptr<bool> weak = alive;
    transport.After(delay, [this, weak, call] {
      if (!weak.expired()) Start(call);
    });
  }

  // Reads get their own, longer-lasting policy (see ClientOptions::max_read_attempts).
  int MaxAttempts(const Call& call) const {
    return call.request.write ? options.max_attempts : options.max_read_attempts;
  }

  std::chrono::milliseconds NextBackoff(const Call& call) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto cap = call.request.write ? options.max_backoff : std::min(options.max_backoff, options.read_max_backoff);
    return BackoffDelay(call.attempts, options.base_backoff, cap, unit(rng));
  }

  ApiError ErrorFrom(const Call& call, ApiError::Kind kind, const HttpResponse& response) {
    ApiError e;
    e.kind = kind;
    e.http_status = response.status;
    e.method = call.request.method;
    e.path = call.request.path;
    e.company_id = call.request.company_id;
    e.origin = call.request.origin;
    if (response.status == 0) {
      e.message = response.transport_error;
    } else {
      Envelope env = ReadEnvelope(response.body);
      e.api_status = env.status;
      e.message = env.message;
      e.validation_messages = std::move(env.validation_messages);
      if (!env.is_json_object && e.message.empty() && !response.body.empty())
        e.message = response.body.substr(0, 200);
    }
    return e;
  }

  void Finish(const CallPtr& call, HttpResponse response, std::optional<ApiError> error) {
    if (error) {
      ++stats.errors;
      Redact(&*error);
    }
    auto done = std::move(call->done);
    done(std::move(response), std::move(error));
  }

  // The client secret is only ever sent to /connect/token, whose answers are never shown
  // (TokenFailure). Bearer tokens go with every other request, and a server may quote one
  // back in an error: those (random, server-made) values are cut from what it said.
  void Redact(ApiError* e) const {
    std::vector<std::string*> texts = {&e->message, &e->api_status};
    for (auto& m : e->validation_messages) texts.push_back(&m);
    for (std::string* text : texts)
      for (const Secret& t : tokens_seen) t.CutFrom(text);
  }

  // A failed token request, said in onboard's own words: the server's answer to a request
  // that carried the client secret may echo it in any encoding, so none of it is shown.
  ApiError TokenFailure(const ApiError& raw) const {
    ApiError e;
    e.kind = raw.kind;
    e.http_status = raw.http_status;
    e.method = "POST";
    e.path = "/connect/token";
    e.origin = "token";
    const std::string where = options.credentials_source.empty() ? "" : " (" + options.credentials_source + ")";
    if (raw.kind == ApiError::Kind::Transport) {
      e.message = raw.message;  // curl's own words: the connection, never the body
    } else if (raw.http_status == 401 || raw.http_status == 400) {
      e.message = "the API refused the client credentials: check the client id and the client secret" + where;
    } else if (raw.http_status == 403) {
      e.message =
          "the API client is not allowed to act for a reseller: its credential must have Client Role = Reseller "
          "(Company -> Company Settings -> REST API in the Keepnet console)";
    } else if (raw.kind == ApiError::Kind::Decode) {
      e.message = raw.message;  // onboard's description of the answer's shape, not its content
    } else {
      e.message = "the token request failed (the answer is not shown: it may quote the client secret)";
    }
    return e;
  }

  // ---- The token: one request in flight, every caller waits for it.

  void WithToken(std::function<void(const ApiError*)> next) {
    if (token.usable(Now())) return next(nullptr);
    token_waiters.push_back(std::move(next));
    if (token_fetching) return;
    token_fetching = true;
    auto call = std::make_shared<Call>();
    call->request.method = "POST";
    call->request.path = "/connect/token";
    call->request.content_type = "application/x-www-form-urlencoded";
    call->request.url_form = TokenRequestForm(options.client_id, options.client_secret);
    call->request.origin = "token";
    call->auth = false;
    call->repeat = Repeat::Safe;
    call->done = [this](HttpResponse response, std::optional<ApiError> error) {
      token_fetching = false;
      if (!error) {
        std::string value, problem;
        int expires_in = 0;
        if (DecodeToken(response.body, &value, &expires_in, &problem)) {
          token.value = Secret(std::move(value));
          tokens_seen.push_back(token.value);
          token.renew_at = RenewAt(Now(), expires_in);
          ++token.generation;
        } else {
          error = ApiError{ApiError::Kind::Decode, response.status, "", problem, {}, "POST", "/connect/token", "", "token"};
        }
      }
      if (error) error = TokenFailure(*error);
      auto waiters = std::move(token_waiters);
      token_waiters.clear();
      for (auto& w : waiters) w(error ? &*error : nullptr);
    };
    Start(call);
  }

  // ---- Typed calls: envelope check and decoding on top of Start.

  template <class T, class Decode>
  void Run(HttpRequest request, Repeat repeat, Callback<T> done, Decode decode, bool gone_is_done = false) {
    auto call = std::make_shared<Call>();
    call->request = std::move(request);
    call->repeat = repeat;
    call->gone_is_done = gone_is_done;
    call->done = [this, done = std::move(done), decode, method = call->request.method, path = call->request.path,
                  company = call->request.company_id,
                  origin = call->request.origin](HttpResponse response, std::optional<ApiError> error) {
      Result<T> result;
      if (error) {
        result.error = std::move(error);
        return done(std::move(result));
      }
      Envelope env = ReadEnvelope(response.body);
      ApiError e;
      e.http_status = response.status;
      e.method = method;
      e.path = path;
      e.company_id = company;
      e.origin = origin;
      if (env.reports_failure()) {
        e.kind = ApiError::Kind::Api;
        e.api_status = env.status;
        e.message = env.message;
        e.validation_messages = env.validation_messages;
      } else {
        T value{};
        std::string problem;
        if (decode(response.body, &value, &problem)) {
          result.value = std::move(value);
          return done(std::move(result));
        }
        e.kind = ApiError::Kind::Decode;
        e.message = problem;
      }
      ++stats.errors;
      Redact(&e);
      result.error = std::move(e);
      done(std::move(result));
    };
    Start(call);
  }

  static HttpRequest Request(const std::string& method, std::string path, const std::string& origin,
                             const std::string& company_id = "") {
    HttpRequest r;
    r.method = method;
    r.path = std::move(path);
    r.origin = origin;
    r.company_id = company_id;
    return r;
  }

  static HttpRequest Json(HttpRequest r, std::string body) {
    r.content_type = "application/json";
    r.body = std::move(body);
    return r;
  }

  static HttpRequest Write(HttpRequest r) {
    r.write = true;
    return r;
  }

  int PageSize() const { return std::max(1, options.page_size); }

  // ---- The catalog.

  struct CatalogRead {
    Catalog catalog;
    int pending = 3;
    std::optional<ApiError> error;
    Callback<Catalog> done;
  };

  void CatalogBranchDone(const std::shared_ptr<CatalogRead>& read, std::optional<ApiError> error) {
    if (error && !read->error) read->error = std::move(error);
    if (--read->pending > 0) return;
    Result<Catalog> result;
    if (read->error) result.error = std::move(read->error);
    else result.value = std::move(read->catalog);
    auto done = std::move(read->done);
    done(std::move(result));
  }

  // Which Catalog list each wanted code type fills, by its normalized names.
  struct WantedType {
    const char* label;
    std::vector<std::string> names;
    std::vector<CatalogEntry> Catalog::*list;
  };

  static const std::vector<WantedType>& Wanted() {
    static const std::vector<WantedType> kWanted = {
        {"Country", {"country"}, &Catalog::countries},
        {"Industry", {"industry"}, &Catalog::industries},
        {"License Period Type", {"licenseperiodtype", "licenseperiod"}, &Catalog::license_periods},
        {"Language", {"language", "languagetype"}, &Catalog::languages},
    };
    return kWanted;
  }

  void ReadLookups(const std::string& origin, const std::shared_ptr<CatalogRead>& read) {
    Run<std::vector<CodeType>>(
        Request("GET", "/api/codetypes", origin), Repeat::Safe,
        [this, origin, read](Result<std::vector<CodeType>> types) {
          if (!types.ok()) return CatalogBranchDone(read, std::move(types.error));
          std::vector<int> ids;
          std::map<int, std::vector<CatalogEntry> Catalog::*> target;
          std::vector<std::string> missing;
          for (const auto& want : Wanted()) {
            const CodeType* found = nullptr;
            for (const auto& t : *types.value)
              if (std::find(want.names.begin(), want.names.end(), AlphanumericKey(t.name)) != want.names.end()) found = &t;
            if (!found) {
              missing.push_back(want.label);
              continue;
            }
            ids.push_back(found->id);
            target[found->id] = want.list;
          }
          if (!missing.empty()) {
            std::vector<std::string> names;
            for (const auto& t : *types.value) names.push_back(t.name);
            ApiError e{ApiError::Kind::Decode, 200, "", fmt::format("no code type named {} (the API lists: {})", fmt::join(missing, ", "), fmt::join(names, ", ")),
                       {}, "GET", "/api/codetypes", "", origin};
            return CatalogBranchDone(read, std::move(e));
          }
          using Entries = std::vector<std::pair<int, CatalogEntry>>;
          Run<Entries>(Json(Request("POST", "/api/lookups", origin), EncodeLookupsBody(ids)), Repeat::Safe,
                       [this, origin, read, ids, target](Result<Entries> entries) {
                         if (entries.ok()) {
                           for (auto& [type, entry] : *entries.value) {
                             auto it = target.find(type);
                             if (it != target.end()) (read->catalog.*(it->second)).push_back(std::move(entry));
                           }
                           return CatalogBranchDone(read, std::nullopt);
                         }
                         const int status = entries.error->http_status;
                         if (entries.error->kind != ApiError::Kind::Http || (status != 404 && status != 405))
                           return CatalogBranchDone(read, std::move(entries.error));
                         ReadLookupsOneByOne(origin, read, ids, target);
                       },
                       DecodeLookups);
        },
        DecodeCodeTypes);
  }

  // The fallback when the batch endpoint is missing: one GET per type, in parallel.
  void ReadLookupsOneByOne(const std::string& origin, const std::shared_ptr<CatalogRead>& read,
                           const std::vector<int>& ids,
                           const std::map<int, std::vector<CatalogEntry> Catalog::*>& target) {
    auto left = std::make_shared<int>(static_cast<int>(ids.size()));
    auto first_error = std::make_shared<std::optional<ApiError>>();
    using Entries = std::vector<std::pair<int, CatalogEntry>>;
    for (int id : ids) {
      auto list = target.at(id);
      Run<Entries>(Request("GET", "/api/lookups/" + std::to_string(id), origin), Repeat::Safe,
                   [this, read, list, left, first_error](Result<Entries> entries) {
                     if (entries.ok()) {
                       for (auto& e : *entries.value) (read->catalog.*list).push_back(std::move(e.second));
                     } else if (!*first_error) {
                       *first_error = std::move(entries.error);
                     }
                     if (--*left == 0) CatalogBranchDone(read, std::move(*first_error));
                   },
                   DecodeLookups);
    }
  }
};

KeepnetClient::KeepnetClient(ClientOptions options, Transport& transport)
    : options_(std::move(options)), transport_(transport), impl_(new Impl(options_, transport_)) {}

KeepnetClient::~KeepnetClient() { delete impl_; }

const ClientStats& KeepnetClient::stats() const { return impl_->stats; }

namespace {

std::string Segment(const std::string& id) { return FormUrlEncode(id); }

bool DecodeNothing(const std::string&, Unit*, std::string*) { return true; }

}  // namespace

void KeepnetClient::SearchCompanies(const std::string& origin, int page, const std::string& search,
                                    Callback<Page<CompanySummary>> done) {
  impl_->Run<Page<CompanySummary>>(
      Impl::Json(Impl::Request("POST", "/api/companies/search", origin),
                 EncodeSearchBody(page, impl_->PageSize(), search, FilterKeys::Pascal)),
      Repeat::Safe, std::move(done), DecodeCompanyPage);
}

void KeepnetClient::GetCompany(const std::string& origin, const std::string& id, Callback<CompanyRecord> done) {
  impl_->Run<CompanyRecord>(Impl::Request("GET", "/api/companies/" + Segment(id), origin), Repeat::Safe,
                            std::move(done), DecodeCompany);
}

void KeepnetClient::CreateCompany(const std::string& origin, const CompanyRecord& body, Callback<std::string> done) {
  HttpRequest r = Impl::Write(Impl::Request("POST", "/api/companies", origin));
  r.form = EncodeCompanyForm(body, /*update=*/false);
  impl_->Run<std::string>(std::move(r), Repeat::Create, std::move(done), DecodeIdResult);
}

void KeepnetClient::UpdateCompany(const std::string& origin, const std::string& id, const CompanyRecord& body,
                                  Callback<Unit> done) {
  HttpRequest r = Impl::Write(Impl::Request("PUT", "/api/companies/" + Segment(id), origin));
  r.form = EncodeCompanyForm(body, /*update=*/true);
  impl_->Run<Unit>(std::move(r), Repeat::Safe, std::move(done), DecodeNothing);
}

void KeepnetClient::ListGroups(const std::string& origin, Callback<std::vector<GroupRecord>> done) {
  impl_->Run<std::vector<GroupRecord>>(Impl::Request("GET", "/api/company-groups", origin), Repeat::Safe,
                                       std::move(done), DecodeGroups);
}

void KeepnetClient::CreateGroup(const std::string& origin, const std::string& name, Callback<std::string> done) {
  impl_->Run<std::string>(
      Impl::Write(Impl::Json(Impl::Request("POST", "/api/company-groups", origin), EncodeCreateGroupBody(name))),
      Repeat::Create, std::move(done), DecodeIdResult);
}

void KeepnetClient::DeleteGroup(const std::string& origin, const std::string& id, Callback<Unit> done) {
  impl_->Run<Unit>(Impl::Write(Impl::Request("DELETE", "/api/company-groups/" + Segment(id), origin)), Repeat::Safe,
                   std::move(done), DecodeNothing, /*gone_is_done=*/true);
}

void KeepnetClient::AddParticipants(const std::string& origin, const std::string& group_id,
                                    const std::vector<std::string>& company_ids, Callback<Unit> done) {
  // The PUT only adds the listed companies, so sending it twice changes nothing more.
  impl_->Run<Unit>(Impl::Write(Impl::Json(
                       Impl::Request("PUT", "/api/company-groups/" + Segment(group_id) + "/participants", origin),
                       EncodeParticipantsBody(company_ids))),
                   Repeat::Safe, std::move(done), DecodeNothing);
}

void KeepnetClient::SearchGroupCompanies(const std::string& origin, const std::string& group_id, int page,
                                         Callback<Page<CompanySummary>> done) {
  impl_->Run<Page<CompanySummary>>(
      Impl::Json(Impl::Request("POST", "/api/company-groups/" + Segment(group_id) + "/companies/search", origin),
                 EncodeSearchBody(page, impl_->PageSize(), "", FilterKeys::Camel)),
      Repeat::Safe, std::move(done), DecodeCompanyPage);
}

void KeepnetClient::SearchSystemUsers(const std::string& origin, const std::string& company_id, int page,
                                      const std::string& search, Callback<Page<SystemUserRecord>> done) {
  impl_->Run<Page<SystemUserRecord>>(
      Impl::Json(Impl::Request("POST", "/api/system-users/search", origin, company_id),
                 EncodeSearchBody(page, impl_->PageSize(), search, FilterKeys::Camel)),
      Repeat::Safe, std::move(done), DecodeSystemUserPage);
}

void KeepnetClient::CreateSystemUser(const std::string& origin, const std::string& company_id,
                                     const SystemUserRecord& body, Callback<std::string> done) {
  impl_->Run<std::string>(
      Impl::Write(Impl::Json(Impl::Request("POST", "/api/system-users", origin, company_id), EncodeSystemUserBody(body, /*update=*/false))),
      Repeat::Create, std::move(done), DecodeIdResult);
}

void KeepnetClient::UpdateSystemUser(const std::string& origin, const std::string& company_id, const std::string& id,
                                     const SystemUserRecord& body, Callback<Unit> done) {
  impl_->Run<Unit>(Impl::Write(Impl::Json(Impl::Request("PUT", "/api/system-users/" + Segment(id), origin, company_id),
                                          EncodeSystemUserBody(body, /*update=*/true))),
                   Repeat::Safe, std::move(done), DecodeNothing);
}

void KeepnetClient::ListRoles(const std::string& origin, const std::string& company_id,
                              Callback<std::vector<RoleRecord>> done) {
  impl_->Run<std::vector<RoleRecord>>(Impl::Request("GET", "/api/roles", origin, company_id), Repeat::Safe,
                                      std::move(done), DecodeRoles);
}

void KeepnetClient::SearchTargetUsers(const std::string& origin, const std::string& company_id, int page,
                                      const std::string& search, Callback<Page<TargetUserRecord>> done) {
  impl_->Run<Page<TargetUserRecord>>(
      Impl::Json(Impl::Request("POST", "/api/target-users/search", origin, company_id),
                 EncodeSearchBody(page, impl_->PageSize(), search, FilterKeys::Camel)),
      Repeat::Safe, std::move(done), DecodeTargetUserPage);
}

void KeepnetClient::GetTargetUser(const std::string& origin, const std::string& company_id, const std::string& id,
                                  Callback<TargetUserRecord> done) {
  impl_->Run<TargetUserRecord>(Impl::Request("GET", "/api/target-users/" + Segment(id), origin, company_id),
                               Repeat::Safe, std::move(done), DecodeTargetUser);
}

void KeepnetClient::CreateTargetUser(const std::string& origin, const std::string& company_id,
                                     const TargetUserRecord& body, Callback<std::string> done) {
  impl_->Run<std::string>(Impl::Write(Impl::Json(Impl::Request("POST", "/api/target-users", origin, company_id),
                                                 EncodeTargetUserBody(body, /*update=*/false))),
                          Repeat::Create, std::move(done), DecodeIdResult);
}

void KeepnetClient::UpdateTargetUser(const std::string& origin, const std::string& company_id, const std::string& id,
                                     const TargetUserRecord& body, Callback<Unit> done) {
  impl_->Run<Unit>(Impl::Write(Impl::Json(Impl::Request("PUT", "/api/target-users/" + Segment(id), origin, company_id),
                                          EncodeTargetUserBody(body, /*update=*/true))),
                   Repeat::Safe, std::move(done), DecodeNothing);
}

void KeepnetClient::DeleteCompany(const std::string& origin, const std::string& id, Callback<Unit> done) {
  impl_->Run<Unit>(Impl::Write(Impl::Request("DELETE", "/api/companies/" + Segment(id), origin)), Repeat::Safe,
                   std::move(done), DecodeNothing, /*gone_is_done=*/true);
}

void KeepnetClient::RemoveParticipants(const std::string& origin, const std::string& group_id,
                                       const std::vector<std::string>& company_ids, Callback<Unit> done) {
  // Removing a company that already left changes nothing: safe to send again.
  impl_->Run<Unit>(Impl::Write(Impl::Json(
                       Impl::Request("DELETE", "/api/company-groups/" + Segment(group_id) + "/participants", origin),
                       EncodeParticipantsBody(company_ids))),
                   Repeat::Safe, std::move(done), DecodeNothing);
}

void KeepnetClient::DeleteSystemUser(const std::string& origin, const std::string& company_id, const std::string& id,
                                     Callback<Unit> done) {
  impl_->Run<Unit>(Impl::Write(Impl::Request("DELETE", "/api/system-users/" + Segment(id), origin, company_id)),
                   Repeat::Safe, std::move(done), DecodeNothing, /*gone_is_done=*/true);
}

void KeepnetClient::DeleteTargetUser(const std::string& origin, const std::string& company_id, const std::string& id,
                                     Callback<Unit> done) {
  impl_->Run<Unit>(Impl::Write(Impl::Request("DELETE", "/api/target-users/" + Segment(id), origin, company_id)),
                   Repeat::Safe, std::move(done), DecodeNothing, /*gone_is_done=*/true);
}

void KeepnetClient::ListTargetGroups(const std::string& origin, const std::string& company_id,
                                     Callback<std::vector<TargetGroupRecord>> done) {
  impl_->Run<std::vector<TargetGroupRecord>>(Impl::Request("GET", "/api/target-groups", origin, company_id),
                                             Repeat::Safe, std::move(done), DecodeTargetGroups);
}

void KeepnetClient::CreateTargetGroup(const std::string& origin, const std::string& company_id,
                                      const TargetGroupRecord& body, Callback<std::string> done) {
  impl_->Run<std::string>(Impl::Write(Impl::Json(Impl::Request("POST", "/api/target-groups", origin, company_id),
                                                 EncodeTargetGroupBody(body))),
                          Repeat::Create, std::move(done), DecodeIdResult);
}

void KeepnetClient::UpdateTargetGroup(const std::string& origin, const std::string& company_id, const std::string& id,
                                      const TargetGroupRecord& body, Callback<Unit> done) {
  impl_->Run<Unit>(Impl::Write(Impl::Json(Impl::Request("PUT", "/api/target-groups/" + Segment(id), origin, company_id),
                                          EncodeTargetGroupBody(body))),
                   Repeat::Safe, std::move(done), DecodeNothing);
}

void KeepnetClient::DeleteTargetGroup(const std::string& origin, const std::string& company_id, const std::string& id,
                                      Callback<Unit> done) {
  impl_->Run<Unit>(Impl::Write(Impl::Request("DELETE", "/api/target-groups/" + Segment(id), origin, company_id)),
                   Repeat::Safe, std::move(done), DecodeNothing, /*gone_is_done=*/true);
}

void KeepnetClient::SearchTargetGroupUsers(const std::string& origin, const std::string& company_id,
                                           const std::string& group_id, int page,
                                           Callback<Page<TargetUserRecord>> done) {
  impl_->Run<Page<TargetUserRecord>>(
      Impl::Json(Impl::Request("POST", "/api/target-groups/" + Segment(group_id) + "/users", origin, company_id),
                 EncodeSearchBody(page, impl_->PageSize(), "", FilterKeys::Camel)),
      Repeat::Safe, std::move(done), DecodeTargetUserPage);
}

void KeepnetClient::AddTargetGroupUsers(const std::string& origin, const std::string& company_id,
                                        const std::vector<std::string>& group_ids,
                                        const std::vector<std::string>& user_ids, Callback<Unit> done) {
  // Adding a member again changes nothing: safe to send again.
  impl_->Run<Unit>(Impl::Write(Impl::Json(Impl::Request("PUT", "/api/target-groups/users", origin, company_id),
                                          EncodeAddTargetGroupUsersBody(group_ids, user_ids))),
                   Repeat::Safe, std::move(done), DecodeNothing);
}

void KeepnetClient::RemoveTargetGroupUsers(const std::string& origin, const std::string& company_id,
                                           const std::string& group_id, const std::vector<std::string>& user_ids,
                                           Callback<Unit> done) {
  impl_->Run<Unit>(Impl::Write(Impl::Json(
                       Impl::Request("DELETE", "/api/target-groups/" + Segment(group_id) + "/users", origin, company_id),
                       EncodeRemoveTargetGroupUsersBody(user_ids))),
                   Repeat::Safe, std::move(done), DecodeNothing);
}

void KeepnetClient::ReadCatalog(const std::string& origin, Callback<Catalog> done) {
  auto read = std::make_shared<Impl::CatalogRead>();
  read->done = std::move(done);
  // Three independent branches in parallel: code types then their lookups, licenses, time zones.
  impl_->ReadLookups(origin, read);
  impl_->Run<Catalog>(Impl::Request("GET", "/api/lookups/licenses", origin), Repeat::Safe,
                      [impl = impl_, read](Result<Catalog> licenses) {
                        if (licenses.ok()) {
                          read->catalog.license_types = std::move(licenses.value->license_types);
                          read->catalog.modules_by_license_type = std::move(licenses.value->modules_by_license_type);
                          read->catalog.all_modules = std::move(licenses.value->all_modules);
                        }
                        impl->CatalogBranchDone(read, std::move(licenses.error));
                      },
                      DecodeLicenses);
  impl_->Run<Catalog>(Impl::Request("GET", "/api/timezone/timezones", origin), Repeat::Safe,
                      [impl = impl_, read](Result<Catalog> zones) {
                        if (zones.ok()) {
                          read->catalog.time_zones = std::move(zones.value->time_zones);
                          read->catalog.date_formats = std::move(zones.value->date_formats);
                          read->catalog.time_formats = std::move(zones.value->time_formats);
                        }
                        impl->CatalogBranchDone(read, std::move(zones.error));
                      },
                      DecodeTimeZones);
}

}  // namespace onboard
