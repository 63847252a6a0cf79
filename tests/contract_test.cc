// The vendor-spec contract test: every call KeepnetClient makes goes through Stoplight Prism
// (`prism proxy --errors`) in front of keepnet-sim. Prism checks each request against
// schemas/openapi-subset.json and each answer too; a violation either way becomes a 4xx/5xx
// with a report, so a call that succeeds here is one the spec allows, both ways.
// Prism is installed by scripts/prism.sh into <repo>/.cache/prism (or set ONBOARD_PRISM).

#include <doctest/doctest.h>
#include <fcntl.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "engine/api/keepnet_client.h"
#include "engine/http/curl_transport.h"
#include "tests/support/sim_process.h"

namespace onboard {

namespace {

std::string PrismPath() {
  if (const char* env = std::getenv("ONBOARD_PRISM"); env && *env) return env;
  return ONBOARD_SOURCE_DIR "/.cache/prism/node_modules/.bin/prism";
}

// A TCP port that was free a moment ago: bound to port 0 on loopback, then closed.
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// `prism proxy --errors` as a child process. Its output (stdout and stderr together) is
// drained by a thread for as long as it runs, so it never blocks on a full pipe, and kept
// for failure messages.
class PrismProxy {
 public:
  PrismProxy(const std::string& prism, const std::string& spec, const std::string& upstream) {
    port_ = FreePort();
    url_ = "http://127.0.0.1:" + std::to_string(port_);
    int fds[2];
    REQUIRE(pipe2(fds, O_CLOEXEC) == 0);
    const pid_t parent = getpid();
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      setpgid(0, 0);  // node may start children: the whole group is stopped at the end
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);
      dup2(fds[1], 1);
      dup2(fds[1], 2);
      const std::string port = std::to_string(port_);
      execl(prism.c_str(), prism.c_str(), "proxy", "--errors", "-h", "127.0.0.1", "-p", port.c_str(), spec.c_str(),
            upstream.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    setpgid(pid_, pid_);
    close(fds[1]);
    fd_ = fds[0];
    reader_ = std::thread([this] { Drain(); });
  }

  ~PrismProxy() {
    if (pid_ > 0) {
      kill(-pid_, SIGTERM);
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      kill(-pid_, SIGKILL);
    }
    reader_.join();
    close(fd_);
  }

  /// Waits until Prism says it listens (true) or its output ends (false: it exited).
  bool WaitReady() {
    std::unique_lock<std::mutex> lock(mu_);
    // Bounded only so a hung install cannot hold the suite forever; readiness is a signal.
    cv_.wait_for(lock, std::chrono::minutes(3), [this] { return ready_ || ended_; });
    return ready_;
  }

  const std::string& url() const { return url_; }

  /// The last `n` characters of Prism's output.
  std::string Tail(size_t n = 4000) {
    std::lock_guard<std::mutex> lock(mu_);
    return output_.size() <= n ? output_ : output_.substr(output_.size() - n);
  }

 private:
  void Drain() {
    char buf[4096];
    for (;;) {
      ssize_t n = read(fd_, buf, sizeof buf);
      std::lock_guard<std::mutex> lock(mu_);
      if (n <= 0) {
        ended_ = true;
        cv_.notify_all();
        return;
      }
      output_.append(buf, static_cast<size_t>(n));
      if (!ready_ && output_.find("Prism is listening") != std::string::npos) {
        ready_ = true;
        cv_.notify_all();
      }
    }
  }

  int port_ = 0;
  std::string url_;
  pid_t pid_ = -1;
  int fd_ = -1;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string output_;
  bool ready_ = false;
  bool ended_ = false;
};

// Forwards to the real transport and keeps every answer that was not 2xx, with its body
// (Prism's violation report), sorted by whose fault it is: a report about the response is
// the simulator's; anything else (a request violation, a refusal) is the client's.
class RecordingTransport : public Transport {
 public:
  explicit RecordingTransport(Transport& inner) : inner_(inner) {}
  void Send(HttpRequest request, Callback done) override {
    std::string what = request.method + " " + request.path;
    inner_.Send(std::move(request), [this, what, done = std::move(done)](HttpResponse r) {
      if (r.status < 200 || r.status >= 300) {
        const bool response = r.body.find("\"location\":[\"response\"") != std::string::npos &&
                              r.body.find("\"location\":[\"request\"") == std::string::npos &&
                              r.body.find("UNPROCESSABLE_ENTITY") == std::string::npos;
        (response ? response_failures_ : request_failures_)
            << what << " -> " << r.status << " " << r.transport_error << " " << r.body << "\n";
      }
      done(std::move(r));
    });
  }
  void After(std::chrono::milliseconds delay, std::function<void()> fn) override { inner_.After(delay, std::move(fn)); }
  void Run() override { inner_.Run(); }
  bool RunOnce() override { return inner_.RunOnce(); }
  size_t in_flight() const override { return inner_.in_flight(); }
  /// Answers that blame the client's requests (or anything but a response violation).
  std::string request_failures() const { return request_failures_.str(); }
  /// Answers that blame the simulator's responses.
  std::string response_failures() const { return response_failures_.str(); }

 private:
  Transport& inner_;
  std::ostringstream request_failures_;
  std::ostringstream response_failures_;
};

// The spec as Prism should read it. Prism applies an encoding's `allowReserved` (default
// false) to multipart/form-data bodies too, and so refuses "dd/MM/yyyy" or a URL in a company
// form ("Reserved characters used in request body"). OpenAPI 3.0.3 (Encoding Object) says
// allowReserved SHALL be ignored for any media type but application/x-www-form-urlencoded:
// the copy makes Prism's reading match the standard by setting it on multipart encodings.
// Nothing else changes. Returns the copy's path.
std::string SpecForPrism() {
  std::ifstream in(ONBOARD_SOURCE_DIR "/schemas/openapi-subset.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  rapidjson::Document spec;
  spec.Parse(text.c_str(), text.size());
  REQUIRE_FALSE(spec.HasParseError());
  auto& alloc = spec.GetAllocator();
  for (auto& path : spec["paths"].GetObject()) {
    for (auto& op : path.value.GetObject()) {
      if (!op.value.IsObject() || !op.value.HasMember("requestBody")) continue;
      auto& content = op.value["requestBody"]["content"];
      if (!content.HasMember("multipart/form-data")) continue;
      auto& media = content["multipart/form-data"];
      if (!media.HasMember("encoding")) continue;
      for (auto& field : media["encoding"].GetObject()) {
        if (field.value.HasMember("allowReserved")) field.value["allowReserved"] = true;
        else field.value.AddMember("allowReserved", true, alloc);
      }
    }
  }
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  spec.Accept(w);
  const auto out = std::filesystem::temp_directory_path() / ("onboard-contract-" + std::to_string(getpid()) + ".json");
  std::ofstream(out) << sb.GetString();
  return out.string();
}

template <class T>
std::string ErrorText(const Result<T>& r) {
  return r.ok() ? "" : r.error->ToString();
}

// Runs one call to completion. Failures are judged at the end, by whose fault they are.
struct Driver {
  RecordingTransport& transport;
  int calls = 0;
  std::vector<std::string> failed;

  template <class T, class Start>
  Result<T> Call(const char* what, Start&& start) {
    Result<T> r = Await<T>(transport, std::forward<Start>(start));
    ++calls;
    if (!r.ok()) failed.push_back(std::string(what) + ": " + ErrorText(r));
    return r;
  }
};

std::string FirstId(const std::vector<CatalogEntry>& entries) { return entries.empty() ? "" : entries.front().id; }

}  // namespace

TEST_SUITE("client") {

TEST_CASE("contract: every call KeepnetClient makes passes Prism's validation against the vendor spec") {
  const std::string prism = PrismPath();
  REQUIRE_MESSAGE(access(prism.c_str(), X_OK) == 0,
                  "Prism is not installed at " << prism << ": run scripts/prism.sh (or set ONBOARD_PRISM)");
  test::SimProcess sim;
  const std::string spec = SpecForPrism();
  PrismProxy proxy(prism, spec, sim.url());
  REQUIRE_MESSAGE(proxy.WaitReady(), "prism did not start:\n" << proxy.Tail());

  ClientOptions o;
  o.base_url = proxy.url();
  o.client_id = "demo-client";
  o.client_secret = "demo-secret";
  o.parallelism = 4;
  o.max_attempts = 1;  // a violation must show, not be retried away
  o.max_read_attempts = 1;
  CurlTransport curl(CurlTransportOptions{proxy.url(), o.parallelism});
  RecordingTransport transport(curl);
  KeepnetClient client(o, transport);

  Driver d{transport};

  // Reference data (code types, batch lookups, licenses, time zones), token first.
  auto catalog = d.Call<Catalog>("ReadCatalog", [&](auto cb) { client.ReadCatalog("catalog", cb); });
  REQUIRE_MESSAGE(catalog.ok(), ErrorText(catalog) << "\n" << transport.request_failures() << transport.response_failures());
  const Catalog& cat = *catalog.value;

  CompanyRecord company;
  company.name = "Contract Co";
  company.description = "Made by the contract test";
  company.industry_id = FirstId(cat.industries);
  company.country_id = FirstId(cat.countries);
  company.address = "1 Main St";
  company.website_url = "https://contract.example";
  company.license_type_id = FirstId(cat.license_types);
  company.license_period_id = FirstId(cat.license_periods);
  if (auto it = cat.modules_by_license_type.find(company.license_type_id);
      it != cat.modules_by_license_type.end() && !it->second.empty())
    company.license_module_ids = {it->second.front().id};
  company.number_of_users = 50;
  company.users_limited = true;
  company.license_start = "2026-01-01";           // a date, as manifests say it
  company.license_end = "2027-01-01T00:00:00";    // a date-time without an offset
  company.preferred_language_id = FirstId(cat.languages);
  company.time_zone_id = FirstId(cat.time_zones);
  company.date_format = FirstId(cat.date_formats);
  company.time_format = FirstId(cat.time_formats);
  company.tags = {"contract", "gold"};

  auto created = d.Call<std::string>("CreateCompany", [&](auto cb) { client.CreateCompany("c", company, cb); });
  REQUIRE_MESSAGE(created.ok(), ErrorText(created) << "\n" << transport.request_failures() << transport.response_failures());
  const std::string id = *created.value;
  auto live = d.Call<CompanyRecord>("GetCompany", [&](auto cb) { client.GetCompany("c", id, cb); });
  CompanyRecord update = live.ok() ? *live.value : company;  // go on: collect every violation
  update.id = id;
  update.description = "Updated by the contract test";
  d.Call<Unit>("UpdateCompany", [&](auto cb) { client.UpdateCompany("c", id, update, cb); });
  d.Call<Page<CompanySummary>>("SearchCompanies", [&](auto cb) { client.SearchCompanies("c", 1, "Contract", cb); });

  auto group = d.Call<std::string>("CreateGroup", [&](auto cb) { client.CreateGroup("g", "Contract Group", cb); });
  REQUIRE_MESSAGE(group.ok(), ErrorText(group) << "\n" << transport.request_failures() << transport.response_failures());
  d.Call<std::vector<GroupRecord>>("ListGroups", [&](auto cb) { client.ListGroups("g", cb); });
  d.Call<Unit>("AddParticipants", [&](auto cb) { client.AddParticipants("g", *group.value, {id}, cb); });
  d.Call<Page<CompanySummary>>("SearchGroupCompanies", [&](auto cb) { client.SearchGroupCompanies("g", *group.value, 1, cb); });

  auto roles = d.Call<std::vector<RoleRecord>>("ListRoles", [&](auto cb) { client.ListRoles("a", id, cb); });
  SystemUserRecord admin;
  admin.email = "ada@contract.example";
  admin.first_name = "Ada";
  admin.last_name = "Admin";
  admin.phone = "+905550000000";
  admin.status_id = 1;
  if (roles.ok() && !roles.value->empty()) admin.role_ids = {roles.value->front().id};
  auto admin_id = d.Call<std::string>("CreateSystemUser", [&](auto cb) { client.CreateSystemUser("a", id, admin, cb); });
  REQUIRE_MESSAGE(admin_id.ok(), ErrorText(admin_id) << "\n" << transport.request_failures() << transport.response_failures());
  admin.last_name = "Lovelace";
  d.Call<Unit>("UpdateSystemUser", [&](auto cb) { client.UpdateSystemUser("a", id, *admin_id.value, admin, cb); });
  d.Call<Page<SystemUserRecord>>("SearchSystemUsers", [&](auto cb) { client.SearchSystemUsers("a", id, 1, "ada", cb); });

  TargetUserRecord jane;
  jane.email = "jane@contract.example";
  jane.phone = "+905551111111";
  jane.first_name = "Jane";
  jane.last_name = "Doe";
  jane.department = "Finance";
  jane.priority = "High";
  jane.active = true;
  jane.time_zone_id = FirstId(cat.time_zones);
  jane.preferred_language_id = FirstId(cat.languages);
  jane.manager_first_name = "Max";
  jane.manager_last_name = "Boss";
  jane.manager_email = "max@contract.example";
  auto jane_id = d.Call<std::string>("CreateTargetUser", [&](auto cb) { client.CreateTargetUser("t", id, jane, cb); });
  REQUIRE_MESSAGE(jane_id.ok(), ErrorText(jane_id) << "\n" << transport.request_failures() << transport.response_failures());
  d.Call<Page<TargetUserRecord>>("SearchTargetUsers", [&](auto cb) { client.SearchTargetUsers("t", id, 1, "", cb); });
  auto detail = d.Call<TargetUserRecord>("GetTargetUser", [&](auto cb) { client.GetTargetUser("t", id, *jane_id.value, cb); });
  TargetUserRecord changed = detail.ok() ? *detail.value : jane;
  changed.department = "Risk";
  d.Call<Unit>("UpdateTargetUser", [&](auto cb) { client.UpdateTargetUser("t", id, *jane_id.value, changed, cb); });
  // Target groups and memberships: create, list, update, members in bulk, the member list.
  TargetGroupRecord finance{"", "Finance", "High"};
  auto group_id = d.Call<std::string>("CreateTargetGroup", [&](auto cb) { client.CreateTargetGroup("tg", id, finance, cb); });
  REQUIRE_MESSAGE(group_id.ok(), ErrorText(group_id) << "\n" << transport.request_failures() << transport.response_failures());
  d.Call<std::vector<TargetGroupRecord>>("ListTargetGroups", [&](auto cb) { client.ListTargetGroups("tg", id, cb); });
  finance.priority = "Low";
  d.Call<Unit>("UpdateTargetGroup", [&](auto cb) { client.UpdateTargetGroup("tg", id, *group_id.value, finance, cb); });
  d.Call<Unit>("AddTargetGroupUsers",
               [&](auto cb) { client.AddTargetGroupUsers("tg", id, {*group_id.value}, {*jane_id.value}, cb); });
  auto members = d.Call<Page<TargetUserRecord>>(
      "SearchTargetGroupUsers", [&](auto cb) { client.SearchTargetGroupUsers("tg", id, *group_id.value, 1, cb); });
  CHECK((members.ok() && members.value->results.size() == 1));
  // A user with memberships and custom fields: created with them, updated keeping them.
  TargetUserRecord joe = jane;
  joe.email = "joe@contract.example";
  joe.target_group_ids = std::vector<std::string>{*group_id.value};
  joe.passthrough = {{"customFields", R"([{"resourceId":")" + id.substr(0, 9) + R"(cf1","value":"E-1"}])"}};
  auto joe_id = d.Call<std::string>("CreateTargetUser(groups)", [&](auto cb) { client.CreateTargetUser("t", id, joe, cb); });
  if (joe_id.ok()) {
    auto joe_live = d.Call<TargetUserRecord>("GetTargetUser(joe)", [&](auto cb) { client.GetTargetUser("t", id, *joe_id.value, cb); });
    TargetUserRecord joe_update = joe_live.ok() ? *joe_live.value : joe;
    joe_update.target_group_ids = joe.target_group_ids;
    joe_update.department = "Audit";
    d.Call<Unit>("UpdateTargetUser(groups)",
                 [&](auto cb) { client.UpdateTargetUser("t", id, *joe_id.value, joe_update, cb); });
  }
  d.Call<Unit>("RemoveTargetGroupUsers",
               [&](auto cb) { client.RemoveTargetGroupUsers("tg", id, *group_id.value, {*jane_id.value}, cb); });

  // Removal: a user, an admin, a group, a company leaving a group, the company.
  d.Call<Unit>("DeleteTargetUser", [&](auto cb) { client.DeleteTargetUser("t", id, *jane_id.value, cb); });
  d.Call<Unit>("DeleteTargetGroup", [&](auto cb) { client.DeleteTargetGroup("tg", id, *group_id.value, cb); });
  d.Call<Unit>("DeleteSystemUser", [&](auto cb) { client.DeleteSystemUser("a", id, *admin_id.value, cb); });
  d.Call<Unit>("RemoveParticipants", [&](auto cb) { client.RemoveParticipants("g", *group.value, {id}, cb); });
  d.Call<Unit>("DeleteCompany", [&](auto cb) { client.DeleteCompany("c", id, cb); });
  // The delete a run sends for its own copy of a group when another apply created the same
  // name first (the company's is DeleteCompany above).
  d.Call<Unit>("DeleteGroup", [&](auto cb) { client.DeleteGroup("g", *group.value, cb); });

  CHECK(d.calls == 32);
  std::string failed;
  for (const auto& f : d.failed) failed += "  " + f + "\n";
  // The client's side of the contract: every request it sent is one the spec allows.
  CHECK_MESSAGE(transport.request_failures().empty(),
                "requests that break the spec (the client's fault):\n" << transport.request_failures()
                << "\nfailed calls:\n" << failed << "\nprism:\n" << proxy.Tail(2000));
  // The simulator's side: every answer it gave is one the spec allows.
  CHECK_MESSAGE(transport.response_failures().empty(),
                "answers that break the spec (keepnet-sim's fault):\n" << transport.response_failures()
                << "\nfailed calls:\n" << failed);
  CHECK(client.stats().errors == static_cast<long>(d.failed.size()));
  std::filesystem::remove(spec);
}

}  // TEST_SUITE

}  // namespace onboard
