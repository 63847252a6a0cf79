#pragma once
// The simulator: routing, the request pipeline (rate limit, latency, faults, auth) and
// the endpoint handlers (defined in handlers_*.cc, one file per resource).

#include <memory>
#include <string>
#include <vector>

#include <httplib.h>
#include <rapidjson/document.h>

#include "auth.h"
#include "faults.h"
#include "options.h"
#include "stats.h"
#include "store.h"

namespace keepnet_sim {

/// One API call being handled.
struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  std::vector<std::string> params;  ///< path parameters in template order
  Principal who;
};

/// The Keepnet API simulator.
class Sim {
 public:
  /// Seeds the state, loads --state FILE when it exists, registers the routes.
  explicit Sim(Options opts);
  Sim(const Sim&) = delete;
  Sim& operator=(const Sim&) = delete;

  /// Binds to --host/--port; returns the bound port (throws std::runtime_error on failure).
  int bind();
  /// Serves until stop() is called.
  void listen();
  /// Stops listen().
  void stop();

 private:
  using Handler = void (Sim::*)(Call&);
  struct Route {
    std::string method;
    std::string key;  ///< "METHOD /path/{template}", the stats key
    std::vector<std::string> segments;
    Handler handler;
    bool auth;          ///< needs a bearer token
    bool write;         ///< changes state (counted as a write)
    bool resellerOnly;  ///< 403 for company-admin clients
  };
  enum Flags : unsigned { kAuth = 1, kWrite = 2, kResellerOnly = 4 };

  void addRoute(const char* method, const char* path, Handler h, unsigned flags);
  const Route* match(const std::string& method, const std::string& path, std::vector<std::string>& params) const;
  void dispatch(const httplib::Request& req, httplib::Response& res);
  void dispatchSim(const httplib::Request& req, httplib::Response& res);
  bool authenticate(Call& call);
  /// True when --fault-requests and --fault-company let faults hit this request.
  bool faultable(const httplib::Request& req, const Route& route) const;

  // Helpers for handlers (the caller holds the store lock where a State is involved).
  /// Parses the JSON body; replies 400 and returns false when it is not a JSON object.
  bool parseBody(Call& call, rapidjson::Document& doc);
  /// The company a per-company call acts on: X-KEEPNET-Company-Id (or ?companyId=), else
  /// the caller's own company. Replies 403 and returns nullptr for an unmanaged/unknown id.
  Company* scopeCompany(Call& call);
  /// True if who may act on c (its own company, or a customer of its reseller company).
  bool manages(const Principal& who, const Company& c) const;
  /// The company named by the path parameter: replies 404/403 and returns nullptr on failure.
  Company* pathCompany(Call& call, size_t paramIndex);

  // /connect
  void token(Call& call);
  // companies
  void companiesSearch(Call& call);
  void companyCreate(Call& call);
  void companiesMy(Call& call);
  void companyGet(Call& call);
  void companyUpdate(Call& call);
  void companyDelete(Call& call);
  void companyLicenseCheck(Call& call);
  // company groups
  void groupsList(Call& call);
  void groupCreate(Call& call);
  void groupsSearch(Call& call);
  void groupGet(Call& call);
  void groupUpdate(Call& call);
  void groupDelete(Call& call);
  void groupAddParticipants(Call& call);
  void groupRemoveParticipants(Call& call);
  void groupCompaniesSearch(Call& call);
  // system users and roles
  void systemUserCreate(Call& call);
  void systemUsersSearch(Call& call);
  void systemUserUpdate(Call& call);
  void systemUserDelete(Call& call);
  void roles(Call& call);
  // target users and groups
  void targetUserCreate(Call& call);
  void targetUsersSearch(Call& call);
  void targetUserSearchEmail(Call& call);
  void targetUserGet(Call& call);
  void targetUserUpdate(Call& call);
  void targetUserDelete(Call& call);
  void targetGroupsList(Call& call);
  void targetGroupCreate(Call& call);
  void targetGroupsSearch(Call& call);
  void targetGroupGet(Call& call);
  void targetGroupUpdate(Call& call);
  void targetGroupDelete(Call& call);
  void targetGroupUsers(Call& call);
  void targetGroupsAddUsers(Call& call);
  void targetGroupRemoveUsers(Call& call);
  void customFieldsCompany(Call& call);
  // reference data
  void codeTypes(Call& call);
  void lookupsByType(Call& call);
  void lookupsPost(Call& call);
  void licenses(Call& call);
  void countryTimezones(Call& call);
  void timezones(Call& call);
  // /_sim
  void simSeed(const httplib::Request& req, httplib::Response& res);

  Options opts_;
  Store store_;
  Tokens tokens_;
  Stats stats_;
  RateLimiter limiter_;
  FaultInjector faults_;
  std::vector<Route> routes_;
  std::unique_ptr<httplib::Server> svr_;
  int listen_fd_ = -1;  // the listening socket, to raise its backlog after bind
};

}  // namespace keepnet_sim
