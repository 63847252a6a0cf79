#include "server.h"

#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string_view>
#include <thread>

#include <fmt/format.h>

#include "reply.h"
#include "state_json.h"

namespace keepnet_sim {

namespace {

std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool isLoopback(const std::string& addr) {
  return addr.rfind("127.", 0) == 0 || addr == "::1" || addr.rfind("::ffff:127.", 0) == 0;
}

}  // namespace

Sim::Sim(Options opts)
    : opts_(std::move(opts)),
      store_(opts_),
      limiter_(opts_.rateLimit),
      faults_(opts_.faultRate, opts_.faults, opts_.seed),
      svr_(std::make_unique<httplib::Server>()) {
  store_.load();
  {
    std::unique_lock lock(store_.mutex());
    store_.persist();
  }

  addRoute("POST", "/connect/token", &Sim::token, 0);

  addRoute("POST", "/api/companies/search", &Sim::companiesSearch, kAuth | kResellerOnly);
  addRoute("GET", "/api/companies/my", &Sim::companiesMy, kAuth);
  addRoute("POST", "/api/companies", &Sim::companyCreate, kAuth | kWrite | kResellerOnly);
  addRoute("GET", "/api/companies/{resourceId}", &Sim::companyGet, kAuth);
  addRoute("PUT", "/api/companies/{resourceId}", &Sim::companyUpdate, kAuth | kWrite | kResellerOnly);
  addRoute("DELETE", "/api/companies/{resourceId}", &Sim::companyDelete, kAuth | kWrite | kResellerOnly);
  addRoute("GET", "/api/companies/{resourceId}/license-check", &Sim::companyLicenseCheck, kAuth);

  addRoute("GET", "/api/company-groups", &Sim::groupsList, kAuth | kResellerOnly);
  addRoute("POST", "/api/company-groups", &Sim::groupCreate, kAuth | kWrite | kResellerOnly);
  addRoute("POST", "/api/company-groups/search", &Sim::groupsSearch, kAuth | kResellerOnly);
  addRoute("GET", "/api/company-groups/{resourceId}", &Sim::groupGet, kAuth | kResellerOnly);
  addRoute("PUT", "/api/company-groups/{resourceId}", &Sim::groupUpdate, kAuth | kWrite | kResellerOnly);
  addRoute("DELETE", "/api/company-groups/{resourceId}", &Sim::groupDelete, kAuth | kWrite | kResellerOnly);
  addRoute("PUT", "/api/company-groups/{resourceId}/participants", &Sim::groupAddParticipants,
           kAuth | kWrite | kResellerOnly);
  addRoute("DELETE", "/api/company-groups/{resourceId}/participants", &Sim::groupRemoveParticipants,
           kAuth | kWrite | kResellerOnly);
  addRoute("POST", "/api/company-groups/{resourceId}/companies/search", &Sim::groupCompaniesSearch,
           kAuth | kResellerOnly);

  addRoute("POST", "/api/system-users/search", &Sim::systemUsersSearch, kAuth);
  addRoute("POST", "/api/system-users", &Sim::systemUserCreate, kAuth | kWrite);
  addRoute("PUT", "/api/system-users/{resourceId}", &Sim::systemUserUpdate, kAuth | kWrite);
  addRoute("DELETE", "/api/system-users/{resourceId}", &Sim::systemUserDelete, kAuth | kWrite);
  addRoute("GET", "/api/roles", &Sim::roles, kAuth);

  addRoute("POST", "/api/target-users/search", &Sim::targetUsersSearch, kAuth);
  addRoute("POST", "/api/target-users/search-email", &Sim::targetUserSearchEmail, kAuth);
  addRoute("POST", "/api/target-users", &Sim::targetUserCreate, kAuth | kWrite);
  addRoute("GET", "/api/target-users/{resourceId}", &Sim::targetUserGet, kAuth);
  addRoute("PUT", "/api/target-users/{resourceId}", &Sim::targetUserUpdate, kAuth | kWrite);
  addRoute("DELETE", "/api/target-users/{resourceId}", &Sim::targetUserDelete, kAuth | kWrite);

  addRoute("GET", "/api/target-groups", &Sim::targetGroupsList, kAuth);
  addRoute("POST", "/api/target-groups/search", &Sim::targetGroupsSearch, kAuth);
  addRoute("POST", "/api/target-groups", &Sim::targetGroupCreate, kAuth | kWrite);
  addRoute("GET", "/api/target-groups/{resourceId}", &Sim::targetGroupGet, kAuth);
  // Before {resourceId}: routes match in the order they are added.
  addRoute("PUT", "/api/target-groups/users", &Sim::targetGroupsAddUsers, kAuth | kWrite);
  addRoute("PUT", "/api/target-groups/{resourceId}", &Sim::targetGroupUpdate, kAuth | kWrite);
  addRoute("DELETE", "/api/target-groups/{resourceId}", &Sim::targetGroupDelete, kAuth | kWrite);
  addRoute("POST", "/api/target-groups/{resourceId}/users", &Sim::targetGroupUsers, kAuth);
  addRoute("DELETE", "/api/target-groups/{resourceId}/users", &Sim::targetGroupRemoveUsers, kAuth | kWrite);
  addRoute("GET", "/api/custom-fields/company", &Sim::customFieldsCompany, kAuth);

  addRoute("GET", "/api/codetypes", &Sim::codeTypes, kAuth);
  addRoute("POST", "/api/lookups", &Sim::lookupsPost, kAuth);
  addRoute("GET", "/api/lookups/licenses", &Sim::licenses, kAuth);
  addRoute("GET", "/api/lookups/country-timezones", &Sim::countryTimezones, kAuth);
  addRoute("GET", "/api/lookups/{typeId}", &Sim::lookupsByType, kAuth);
  addRoute("GET", "/api/timezone/timezones", &Sim::timezones, kAuth);

  // Enough workers that every connection of a 64+-connection client with injected latency
  // is served at once (an httplib worker stays with its keep-alive connection).
  const size_t threads =
      opts_.threads > 0 ? static_cast<size_t>(opts_.threads)
                        : std::max<size_t>(128, 8 * std::max(1u, std::thread::hardware_concurrency()));
  svr_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr_->set_keep_alive_max_count(1000000);
  svr_->set_keep_alive_timeout(5);
  svr_->set_tcp_nodelay(true);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { dispatch(req, res); };
  svr_->Get(".*", handler);
  svr_->Post(".*", handler);
  svr_->Put(".*", handler);
  svr_->Delete(".*", handler);
  svr_->Patch(".*", handler);
  svr_->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty())
      reply(res, res.status, res.status == 404 ? "NOT_FOUND" : "INPUT_ERROR", "The request could not be processed.");
  });
  svr_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    reply(res, 500, "INTERNAL_SERVER_ERROR", what);
  });
}

void Sim::addRoute(const char* method, const char* path, Handler h, unsigned flags) {
  Route r;
  r.method = method;
  r.key = fmt::format("{} {}", method, path);
  for (auto seg : splitPath(path)) r.segments.emplace_back(seg);
  r.handler = h;
  r.auth = flags & kAuth;
  r.write = flags & kWrite;
  r.resellerOnly = flags & kResellerOnly;
  routes_.push_back(std::move(r));
}

const Sim::Route* Sim::match(const std::string& method, const std::string& path,
                             std::vector<std::string>& params) const {
  const auto segs = splitPath(path);
  for (const auto& r : routes_) {
    if (r.method != method || r.segments.size() != segs.size()) continue;
    bool ok = true;
    params.clear();
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const auto& t = r.segments[i];
      if (!t.empty() && t.front() == '{')
        params.emplace_back(segs[i]);
      else
        ok = t == segs[i];
    }
    if (ok) return &r;
  }
  return nullptr;
}

int Sim::bind() {
  // httplib listens with a backlog of 5: a client opening 16 connections at once then loses
  // SYNs and waits a second to resend them. Remember the socket and listen again, deeper.
  svr_->set_socket_options([this](int sock) {
    httplib::default_socket_options(sock);
    listen_fd_ = sock;
  });
  int port = opts_.port == 0 ? svr_->bind_to_any_port(opts_.host) : (svr_->bind_to_port(opts_.host, opts_.port) ? opts_.port : -1);
  if (port < 0) throw std::runtime_error(fmt::format("cannot listen on {}:{}", opts_.host, opts_.port));
  if (listen_fd_ >= 0) ::listen(listen_fd_, 1024);
  return port;
}

void Sim::listen() { svr_->listen_after_bind(); }

void Sim::stop() { svr_->stop(); }

void Sim::dispatch(const httplib::Request& req, httplib::Response& res) {
  if (req.path.rfind("/_sim/", 0) == 0) {
    dispatchSim(req, res);
    return;
  }
  std::vector<std::string> params;
  const Route* route = match(req.method, req.path, params);
  if (!route) {
    reply(res, 404, "NOT_FOUND", fmt::format("No endpoint {} {}", req.method, req.path));
    return;
  }
  stats_.request(route->key, route->write);
  int retryAfter = 1;
  if (!limiter_.take(retryAfter)) {
    stats_.tooMany();
    res.set_header("Retry-After", std::to_string(retryAfter));
    reply(res, 429, "TOO_MANY_REQUESTS", "Rate limit exceeded; retry later.");
    return;
  }
  if (opts_.latencyMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(opts_.latencyMs));

  const bool isApi = req.path.rfind("/api/", 0) == 0;
  const Fault fault = isApi && faultable(req, *route) ? faults_.pick() : Fault::kNone;
  if (fault == Fault::k500) {
    stats_.fault();
    reply(res, 500, "INTERNAL_SERVER_ERROR", "An unexpected error occurred (injected fault).");
    return;
  }
  if (fault == Fault::kReset) {
    stats_.fault();
    dropConnection(req.local_addr, req.local_port, req.remote_addr, req.remote_port);
    res.status = 500;
    return;
  }

  Call call{req, res, std::move(params), {}};
  if (route->auth && !authenticate(call)) return;
  if (route->resellerOnly && call.who.role != ClientRole::kReseller) {
    replyForbidden(res, "This operation is only available to resellers.");
  } else {
    (this->*route->handler)(call);
  }
  if (fault == Fault::kCommitThenDrop) {
    stats_.fault();
    dropConnection(req.local_addr, req.local_port, req.remote_addr, req.remote_port);
  }
}

bool Sim::faultable(const httplib::Request& req, const Route& route) const {
  if (opts_.faultRequests == FaultRequests::kReads && route.write) return false;
  if (opts_.faultRequests == FaultRequests::kWrites && !route.write) return false;
  if (opts_.faultCompany.empty()) return true;
  std::string id = req.get_header_value("X-KEEPNET-Company-Id");
  if (id.empty() && req.has_param("companyId")) id = req.get_param_value("companyId");
  if (id == opts_.faultCompany) return true;
  // GET/PUT/DELETE /api/companies/{id}: the company is in the path.
  const auto segs = splitPath(req.path);
  return segs.size() >= 3 && segs[0] == "api" && segs[1] == "companies" && segs[2] == opts_.faultCompany;
}

bool Sim::authenticate(Call& call) {
  const std::string header = call.req.get_header_value("Authorization");
  std::optional<Principal> who;
  if (header.size() > 7 && iequals(std::string_view(header).substr(0, 7), "bearer "))
    who = tokens_.check(header.substr(7));
  if (!who) {
    call.res.set_header("WWW-Authenticate", "Bearer");
    reply(call.res, 401, "UNAUTHORIZED", header.empty() ? "Missing bearer token." : "Invalid or expired token.");
    return false;
  }
  call.who = std::move(*who);
  return true;
}

void Sim::dispatchSim(const httplib::Request& req, httplib::Response& res) {
  if (!isLoopback(req.remote_addr)) {
    res.status = 403;
    res.set_content(R"({"error":"/_sim is loopback only"})", "application/json");
    return;
  }
  if (req.method == "GET" && req.path == "/_sim/state") {
    std::shared_lock lock(store_.mutex());
    rapidjson::StringBuffer sb;
    Writer w(sb);
    writeState(w, store_.state());
    res.set_content(std::string(sb.GetString(), sb.GetSize()), "application/json");
  } else if (req.method == "GET" && req.path == "/_sim/stats") {
    res.set_content(stats_.json(), "application/json");
  } else if (req.method == "POST" && req.path == "/_sim/reset") {
    {
      std::unique_lock lock(store_.mutex());
      store_.reset();
    }
    stats_.reset();
    tokens_.clear();
    res.set_content(R"({"reset":true})", "application/json");
  } else if (req.method == "POST" && req.path == "/_sim/seed") {
    simSeed(req, res);
  } else {
    res.status = 404;
    res.set_content(R"({"error":"unknown /_sim endpoint"})", "application/json");
  }
}

bool Sim::parseBody(Call& call, rapidjson::Document& doc) {
  doc.Parse(call.req.body.c_str(), call.req.body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    replyInput(call.res, {"body: must be a JSON object"}, "The request body is not valid JSON.");
    return false;
  }
  return true;
}

bool Sim::manages(const Principal& who, const Company& c) const {
  if (c.resourceId == who.companyId) return true;
  return who.role == ClientRole::kReseller && c.resellerId == who.companyId;
}

Company* Sim::scopeCompany(Call& call) {
  std::string id = call.req.get_header_value("X-KEEPNET-Company-Id");
  if (id.empty() && call.req.has_param("companyId")) id = call.req.get_param_value("companyId");
  if (id.empty()) id = call.who.companyId;
  Company* c = store_.state().company(id);
  if (!c || !manages(call.who, *c)) {
    replyForbidden(call.res, fmt::format("Company '{}' is not managed by this client.", id));
    return nullptr;
  }
  return c;
}

Company* Sim::pathCompany(Call& call, size_t paramIndex) {
  const std::string& id = call.params.at(paramIndex);
  Company* c = store_.state().company(id);
  if (!c) {
    replyNotFound(call.res, fmt::format("Company '{}' was not found.", id));
    return nullptr;
  }
  if (!manages(call.who, *c)) {
    replyForbidden(call.res, fmt::format("Company '{}' is not managed by this client.", id));
    return nullptr;
  }
  return c;
}

}  // namespace keepnet_sim
