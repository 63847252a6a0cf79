// The executor over the real KeepnetClient and ApiActionRunner, against a scripted API
// (tests/support/fake_transport.h): what each action sends, ids, adoption, parallelism.
#include "engine/exec/api_action_runner.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "engine/exec/executor.h"
#include "engine/text/strings.h"
#include "tests/support/fake_transport.h"

namespace onboard {
namespace {

// A tiny stateful API behind FakeTransport: enough of Keepnet for the executor's calls.
struct MiniApi {
  std::map<std::string, std::string> companies;  // name -> id
  std::map<std::string, std::string> groups;     // name -> id
  std::map<std::string, std::set<std::string>> users;  // company id -> emails (lower case)
  std::vector<std::pair<std::string, std::string>> participants;  // group id, company id
  int creates_sent = 0;

  static std::string Field(const HttpRequest& r, const std::string& name) {
    for (const MultipartField& f : r.form)
      if (f.name == name) return f.value;
    return "";
  }
  static std::string JsonString(const std::string& body, const std::string& key) {
    const std::string k = "\"" + key + "\":\"";
    auto at = body.find(k);
    if (at == std::string::npos) return "";
    at += k.size();
    return body.substr(at, body.find('"', at) - at);
  }
  static HttpResponse Id(const std::string& id) { return FakeTransport::Ok("{\"resourceId\":\"" + id + "\"}"); }
  static HttpResponse PageOf(const std::string& results) {
    return FakeTransport::Ok("{\"pageNumber\":1,\"pageSize\":100,\"totalNumberOfPages\":1,\"totalNumberOfRecords\":1,\"results\":[" +
                             results + "]}");
  }

  HttpResponse Handle(const HttpRequest& r) {
    const std::string key = r.method + " " + r.path;
    if (key == "POST /connect/token") return FakeTransport::Token("tok-secret");
    if (key == "POST /api/company-groups") {
      ++creates_sent;
      const std::string name = JsonString(r.body, "name");
      return Id(groups[name] = "g-" + name);
    }
    if (key == "GET /api/company-groups") {
      std::string list;
      for (auto& [name, id] : groups)
        list += (list.empty() ? "" : ",") + ("{\"resourceId\":\"" + id + "\",\"name\":\"" + name + "\",\"companyCount\":0}");
      return FakeTransport::Ok("[" + list + "]");
    }
    if (key == "POST /api/companies") {
      ++creates_sent;
      const std::string name = Field(r, "Name");
      if (name == "Bad Corp")
        return FakeTransport::Json(400, R"({"data":null,"status":"INPUT_ERROR","message":"Invalid input","validationMessages":["Name: is not allowed"]})");
      return Id(companies[name] = "c-" + name.substr(0, name.find(' ')));
    }
    if (key == "POST /api/companies/search") {
      std::string rows;
      for (auto& [name, id] : companies)
        if (r.body.find(name) != std::string::npos)
          rows += (rows.empty() ? "" : ",") + ("{\"companyName\":\"" + name + "\",\"companyResourceId\":\"" + id + "\",\"numberOfUsers\":\"1\"}");
      return PageOf(rows);
    }
    if (key == "GET /api/roles")
      return FakeTransport::Ok(R"([{"resourceId":"role-admin-)" + r.company_id + R"(","name":"Company Admin"},{"resourceId":"role-ro","name":"Read Only"}])");
    if (key == "POST /api/system-users" || key == "POST /api/target-users") {
      ++creates_sent;
      std::string email = JsonString(r.body, "email");
      users[r.company_id].insert(email);
      return Id("u-" + email);
    }
    if (key == "POST /api/system-users/search" || key == "POST /api/target-users/search") {
      std::string rows;
      for (const std::string& email : users[r.company_id])
        if (r.body.find(email) != std::string::npos)
          rows += (rows.empty() ? "" : ",") + ("{\"resourceId\":\"u-" + email + "\",\"email\":\"" + email + "\"}");
      return PageOf(rows);
    }
    if (r.method == "PUT" && r.path.find("/participants") != std::string::npos) {
      const std::string group = r.path.substr(std::string("/api/company-groups/").size());
      participants.push_back({group.substr(0, group.find('/')), r.body});
      return Id(group.substr(0, group.find('/')));
    }
    return FakeTransport::Json(404, R"({"data":null,"status":"NOT_FOUND","message":"no such path"})");
  }
};

Action Company(const std::string& customer, const std::string& name) {
  Action a;
  a.address = "customer." + customer + ".company";
  a.body = CompanyBody{};
  a.customer = customer;
  a.As<CompanyBody>()->record = CompanyRecord{};
  a.As<CompanyBody>()->record->name = name;
  a.As<CompanyBody>()->record->number_of_users = 10;
  a.source = {"manifests/" + customer + ".yaml", 6, 5};
  return a;
}

Action Admin(const std::string& customer, const std::string& email, std::vector<std::string> roles = {}) {
  Action a;
  a.address = "customer." + customer + ".admin." + email;
  a.body = AdminBody{};
  a.customer = customer;
  a.depends_on = {"customer." + customer + ".company"};
  a.company_ref.from_action = "customer." + customer + ".company";
  a.As<AdminBody>()->record = SystemUserRecord{};
  a.As<AdminBody>()->record.email = email;
  a.As<AdminBody>()->record.first_name = "Ada";
  a.As<AdminBody>()->record.last_name = "Admin";
  a.As<AdminBody>()->record.phone = "+905550000000";
  a.As<AdminBody>()->role_names_after_apply = std::move(roles);
  return a;
}

Action User(const std::string& customer, const std::string& email) {
  Action a;
  a.address = "customer." + customer + ".target-user." + email;
  a.body = TargetUserBody{};
  a.customer = customer;
  a.depends_on = {"customer." + customer + ".company"};
  a.company_ref.from_action = "customer." + customer + ".company";
  a.As<TargetUserBody>()->record = TargetUserRecord{};
  a.As<TargetUserBody>()->record.email = email;
  a.As<TargetUserBody>()->record.phone = "+905551111111";
  return a;
}

Action Group(const std::string& name) {
  Action a;
  a.address = "group." + name;
  a.body = GroupBody{};
  a.As<GroupBody>()->name = name;
  return a;
}

Action Participant(const std::string& customer, const std::string& group) {
  Action a;
  a.address = "customer." + customer + ".group." + group;
  a.type = ActionType::AddParticipant;
  a.body = ParticipantBody{};
  a.customer = customer;
  a.As<ParticipantBody>()->group_name = group;
  a.depends_on = {"group." + group, "customer." + customer + ".company"};
  a.company_ref.from_action = "customer." + customer + ".company";
  a.As<ParticipantBody>()->group.from_action = "group." + group;
  return a;
}

ClientOptions TestClientOptions() {
  ClientOptions o;
  o.base_url = "http://127.0.0.1:1";
  o.client_id = "id";
  o.client_secret = "secret";
  return o;
}

// The token; PUT /api/target-groups/users answered by `add` (given the count of them so far,
// also kept in *adds); DELETE of group t9's users; 404 for anything else.
FakeTransport::Handler TargetGroupApi(int* adds, std::function<HttpResponse(const HttpRequest&, int)> add) {
  return [adds, add](const HttpRequest& r) {
    if (r.method == "POST" && r.path == "/connect/token") return FakeTransport::Token("tok");
    if (r.method == "PUT" && r.path == "/api/target-groups/users") return add(r, ++*adds);
    if (r.method == "DELETE" && r.path == "/api/target-groups/t9/users") return MiniApi::Id("t9");
    return FakeTransport::Json(404, R"({"data":null,"status":"NOT_FOUND","message":"no such path"})");
  };
}

// Users of acme (company c1) joining its target group Finance (t9).
Action FinanceJoin(std::vector<std::string> user_ids, std::vector<std::string> emails) {
  Action join;
  join.address = "customer.acme.target-group.finance.add-users";
  join.type = ActionType::AddParticipant;
  join.body = TargetGroupMembersBody{"Finance", {"t9", ""}, std::move(user_ids), std::move(emails)};
  join.customer = "acme";
  join.company_ref.id = "c1";
  return join;
}

const ActionReport& Find(const ApplyReport& report, const std::string& address) {
  for (const ActionReport& a : report.actions)
    if (a.address == address) return a;
  FAIL("no report for " << address);
  return report.actions.front();
}

int CountSent(const FakeTransport& t, const std::string& method, const std::string& path) {
  return static_cast<int>(std::count_if(t.sent().begin(), t.sent().end(), [&](const HttpRequest& r) {
    return r.method == method && r.path == path;
  }));
}

}  // namespace

TEST_SUITE("exec") {

TEST_CASE("api runner: company ids flow into the scope header of its users, participants get both ids") {
  MiniApi api;
  FakeTransport transport;
  transport.SetHandler([&](const HttpRequest& r) { return api.Handle(r); });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  plan.actions = {Group("emea"), Company("acme", "Acme Corp"), Participant("acme", "emea"),
                  Admin("acme", "ada@acme.example", {"company admin"}), User("acme", "jane@acme.example")};
  ApplyReport report = Execute(plan, client, {});

  CHECK_MESSAGE(report.success(), RenderApplySummary(report, false));
  CHECK(report.created == 4);
  CHECK(report.participants_added == 1);
  for (const HttpRequest& r : transport.sent()) {
    if (r.path == "/api/system-users" || r.path == "/api/target-users" || r.path == "/api/roles")
      CHECK_MESSAGE(r.company_id == "c-Acme", r.method << " " << r.path);
  }
  // Role names were resolved (case-insensitively) against the new company's roles.
  bool admin_sent = false;
  for (const HttpRequest& r : transport.sent())
    if (r.path == "/api/system-users") {
      admin_sent = true;
      CHECK(r.body.find("role-admin-c-Acme") != std::string::npos);
    }
  CHECK(admin_sent);
  REQUIRE(api.participants.size() == 1);
  CHECK(api.participants[0].first == "g-emea");
  CHECK(api.participants[0].second.find("c-Acme") != std::string::npos);
  CHECK(Find(report, "customer.acme.company").id == "c-Acme");
  CHECK(report.client.writes == 5);
}

TEST_CASE("api runner: a 400 on one company create skips its users, other customers complete") {
  MiniApi api;
  FakeTransport transport;
  transport.SetHandler([&](const HttpRequest& r) { return api.Handle(r); });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  plan.actions = {Company("bad", "Bad Corp"), Company("acme", "Acme Corp"), Admin("bad", "x@bad.example"),
                  User("bad", "y@bad.example"), User("acme", "jane@acme.example")};
  ApplyReport report = Execute(plan, client, {});

  CHECK(report.failed == 1);
  CHECK(report.skipped == 2);
  const ActionReport& bad = Find(report, "customer.bad.company");
  CHECK(bad.outcome == ActionOutcome::Failed);
  CHECK(bad.error.find("Name: is not allowed") != std::string::npos);
  CHECK(bad.source.ToString() == "manifests/bad.yaml:6:5");
  CHECK(Find(report, "customer.bad.admin.x@bad.example").error == "upstream failed: customer.bad.company");
  CHECK(Find(report, "customer.acme.target-user.jane@acme.example").outcome == ActionOutcome::Done);
  CHECK(api.users["c-Acme"].count("jane@acme.example") == 1);
  CHECK(api.users.count("") == 0);  // nothing landed unscoped
  const std::string text = RenderApplySummary(report, false);
  CHECK(text.find("manifests/bad.yaml:6:5") != std::string::npos);
  CHECK(text.find("Apply failed: 2 created, 0 updated, 0 participants added, 1 failed, 2 skipped.") != std::string::npos);
}

TEST_CASE("api runner: a create whose answer was lost is looked up and adopted, not sent again") {
  MiniApi api;
  FakeTransport transport;
  bool dropped = false;
  transport.SetHandler([&](const HttpRequest& r) {
    HttpResponse answer = api.Handle(r);  // the platform applies it...
    if (r.path == "/api/companies" && r.method == "POST" && !dropped) {
      dropped = true;  // ...and the answer is lost
      return FakeTransport::NoAnswer("Connection reset by peer", true);
    }
    return answer;
  });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  plan.actions = {Company("acme", "Acme Corp"), User("acme", "jane@acme.example")};
  ApplyReport report = Execute(plan, client, {});

  CHECK_MESSAGE(report.success(), RenderApplySummary(report, false));
  CHECK(Find(report, "customer.acme.company").outcome == ActionOutcome::Adopted);
  CHECK(Find(report, "customer.acme.company").id == "c-Acme");
  CHECK(CountSent(transport, "POST", "/api/companies") == 1);
  // One look just before the create (nothing there), one after its answer was lost.
  CHECK(CountSent(transport, "POST", "/api/companies/search") == 2);
  CHECK(api.users["c-Acme"].count("jane@acme.example") == 1);
  CHECK(report.adopted == 1);
  CHECK(Find(report, "customer.acme.company").note.find("answer was lost") != std::string::npos);
  CHECK(report.created == 2);
}

TEST_CASE("api runner: a lost create that did not land is sent once more") {
  MiniApi api;
  FakeTransport transport;
  int lost = 0;
  transport.SetHandler([&](const HttpRequest& r) {
    if (r.path == "/api/system-users" && r.method == "POST" && lost++ == 0)
      return FakeTransport::NoAnswer("Operation timed out", true);  // never reached the platform
    return api.Handle(r);
  });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  plan.actions = {Company("acme", "Acme Corp"), Admin("acme", "Ada@Acme.example")};
  ApplyReport report = Execute(plan, client, {});

  CHECK_MESSAGE(report.success(), RenderApplySummary(report, false));
  CHECK(Find(report, "customer.acme.admin.Ada@Acme.example").outcome == ActionOutcome::Done);
  CHECK(CountSent(transport, "POST", "/api/system-users/search") == 1);
  CHECK(CountSent(transport, "POST", "/api/system-users") == 2);
  CHECK(api.users["c-Acme"].size() == 1);
}

TEST_CASE("api runner: a create lost every time says it was not created and that apply may run again") {
  MiniApi api;
  FakeTransport transport;
  transport.SetHandler([&](const HttpRequest& r) {
    if (r.path == "/api/system-users" && r.method == "POST")
      return FakeTransport::NoAnswer("Operation timed out", true);  // never reaches the platform
    return api.Handle(r);
  });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  plan.actions = {Company("acme", "Acme Corp"), Admin("acme", "ada@acme.example")};
  ApplyReport report = Execute(plan, client, {});
  const ActionReport& admin = Find(report, "customer.acme.admin.ada@acme.example");
  CHECK(admin.outcome == ActionOutcome::Failed);
  CHECK(CountSent(transport, "POST", "/api/system-users") == ApiActionRunner::kMaxCreateAttempts);
  INFO(admin.error);
  CHECK(admin.error.find("sent 5 times, never confirmed") != std::string::npos);
  CHECK(admin.error.find("so it was not created") != std::string::npos);
  CHECK(admin.error.find("Running apply again is safe") != std::string::npos);
  CHECK(api.users["c-Acme"].empty());
}

TEST_CASE("api runner: a role name that matches nothing fails the admin with a clear message") {
  MiniApi api;
  FakeTransport transport;
  transport.SetHandler([&](const HttpRequest& r) { return api.Handle(r); });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  plan.actions = {Company("acme", "Acme Corp"), Admin("acme", "ada@acme.example", {"Galaxy Admin"})};
  ApplyReport report = Execute(plan, client, {});
  const ActionReport& admin = Find(report, "customer.acme.admin.ada@acme.example");
  CHECK(admin.outcome == ActionOutcome::Failed);
  CHECK(admin.error.find("role \"Galaxy Admin\" does not exist") != std::string::npos);
  CHECK(admin.error.find("Company Admin") != std::string::npos);
  CHECK(CountSent(transport, "POST", "/api/system-users") == 0);
}

TEST_CASE("api runner: a new company's roles are read once for all its admins") {
  MiniApi api;
  FakeTransport transport;
  transport.SetHandler([&](const HttpRequest& r) { return api.Handle(r); });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  plan.actions = {Company("acme", "Acme Corp"), Admin("acme", "ada@acme.example", {"Company Admin"}),
                  Admin("acme", "bob@acme.example", {"company admin"}),
                  Admin("acme", "cy@acme.example", {"Company Admin"})};
  ApplyReport report = Execute(plan, client, {});
  CHECK_MESSAGE(report.success(), RenderApplySummary(report, false));
  CHECK(CountSent(transport, "GET", "/api/roles") == 1);
  CHECK(CountSent(transport, "POST", "/api/system-users") == 3);
}

TEST_CASE("api runner: requests in flight stay within the executor's parallelism") {
  MiniApi api;
  FakeTransport transport;
  transport.SetHandler([&](const HttpRequest& r) { return api.Handle(r); });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  for (int c = 0; c < 3; ++c) {
    const std::string key = "c" + std::to_string(c);
    plan.actions.push_back(Company(key, "C" + std::to_string(c) + " Corp"));
    for (int u = 0; u < 8; ++u) plan.actions.push_back(User(key, "u" + std::to_string(u) + "@" + key + ".example"));
  }
  ExecuteOptions options;
  options.parallelism = 4;
  ApplyReport report = Execute(plan, client, options);
  CHECK_MESSAGE(report.success(), RenderApplySummary(report, false));
  CHECK(api.creates_sent == 27);
  const auto& counts = transport.in_flight_at_send();
  REQUIRE_FALSE(counts.empty());
  CHECK(*std::max_element(counts.begin(), counts.end()) <= 4);
  CHECK(*std::max_element(counts.begin(), counts.end()) >= 2);  // and it did run in parallel
}

TEST_CASE("api runner: companies joining one group in the same turn go in one request") {
  MiniApi api;
  api.groups["emea"] = "g-emea";
  FakeTransport transport;
  transport.SetHandler([&](const HttpRequest& r) { return api.Handle(r); });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  for (const char* customer : {"acme", "globex", "initech"}) {
    Action a = Participant(customer, "emea");
    a.depends_on.clear();
    a.company_ref = {std::string("c-") + customer, ""};
    a.As<ParticipantBody>()->group = {"g-emea", ""};
    plan.actions.push_back(a);
  }
  ApplyReport report = Execute(plan, client, {});
  CHECK_MESSAGE(report.success(), RenderApplySummary(report, false));
  CHECK(report.participants_added == 3);
  REQUIRE(api.participants.size() == 1);
  CHECK(api.participants[0].first == "g-emea");
  for (const char* id : {"c-acme", "c-globex", "c-initech"}) CHECK(api.participants[0].second.find(id) != std::string::npos);
  CHECK(CountSent(transport, "PUT", "/api/company-groups/g-emea/participants") == 1);
}

TEST_CASE("api runner: a new company joins its groups in its create, with the ids of the group creates") {
  MiniApi api;
  FakeTransport transport;
  transport.SetHandler([&](const HttpRequest& r) { return api.Handle(r); });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  Action company = Company("acme", "Acme Corp");
  company.depends_on = {"group.emea"};
  company.As<CompanyBody>()->joins = {{"emea", {"", "group.emea"}}, {"live", {"g-live", ""}}};
  plan.actions = {Group("emea"), company};
  ApplyReport report = Execute(plan, client, {});
  CHECK_MESSAGE(report.success(), RenderApplySummary(report, false));
  std::vector<std::string> sent;
  for (const HttpRequest& r : transport.sent())
    if (r.method == "POST" && r.path == "/api/companies")
      for (const MultipartField& f : r.form)
        if (f.name == "CompanyGroupResourceIdArray") sent.push_back(f.value);
  CHECK(sent == std::vector<std::string>{"g-emea", "g-live"});
  CHECK(api.participants.empty());  // no participant request
}

// ---- Two applies at once: the winner rule over one platform shared by two clients.

namespace {

// One platform behind any number of FakeTransports: companies and groups may share a name
// (as on the real platform), each with a creation time from a clock that ticks per create;
// users are unique per company by e-mail (400 "Email: email already exists").
struct SharedApi {
  struct Object {
    std::string id, name, created;
  };
  std::vector<Object> companies, groups;
  std::map<std::string, std::vector<Object>> target_groups;         // company id -> its target groups
  std::map<std::string, std::map<std::string, std::string>> users;  // company id -> email -> id
  int clock = 0;
  int next_id = 0;
  std::vector<std::string> ids;  // ids to hand out, in order; generated when empty
  int delete_status = 200;       // the answer to company deletes

  std::string NewId(const std::string& prefix) {
    if (!ids.empty()) {
      std::string id = ids.front();
      ids.erase(ids.begin());
      return id;
    }
    return prefix + std::to_string(++next_id);
  }
  std::string Tick() { return "2026-12-01T10:00:00." + fmt::format("{:03}", ++clock) + "Z"; }
  Object& AddCompany(const std::string& name) { return companies.emplace_back(Object{NewId("c"), name, Tick()}); }
  Object& AddGroup(const std::string& name) { return groups.emplace_back(Object{NewId("g"), name, Tick()}); }
  int Count(const std::vector<Object>& list, const std::string& name) const {
    return static_cast<int>(std::count_if(list.begin(), list.end(), [&](const Object& o) { return o.name == name; }));
  }

  HttpResponse Handle(const HttpRequest& r) {
    const std::string key = r.method + " " + r.path;
    if (key == "POST /connect/token") return FakeTransport::Token("tok");
    if (key == "POST /api/companies") return MiniApi::Id(AddCompany(MiniApi::Field(r, "Name")).id);
    if (r.method == "PUT" && r.path.rfind("/api/companies/", 0) == 0)
      return MiniApi::Id(r.path.substr(std::string("/api/companies/").size()));
    if (key == "POST /api/companies/search") {
      std::string rows;
      for (const Object& c : companies)
        if (r.body.find("\"" + c.name + "\"") != std::string::npos)
          rows += (rows.empty() ? "" : ",") + fmt::format(R"({{"companyName":"{}","companyResourceId":"{}","createTime":"{}"}})",
                                                          c.name, c.id, c.created);
      return MiniApi::PageOf(rows);
    }
    if (r.method == "DELETE" && r.path.rfind("/api/companies/", 0) == 0) {
      if (delete_status != 200)
        return FakeTransport::Json(delete_status, R"({"data":null,"status":"FORBIDDEN","message":"not allowed"})");
      const std::string id = r.path.substr(std::string("/api/companies/").size());
      auto it = std::find_if(companies.begin(), companies.end(), [&](const Object& c) { return c.id == id; });
      if (it == companies.end()) return FakeTransport::Json(404, R"({"data":null,"status":"NOT_FOUND","message":"no such company"})");
      companies.erase(it);
      return MiniApi::Id(id);
    }
    if (key == "GET /api/company-groups") {
      std::string list;
      for (const Object& g : groups)
        list += (list.empty() ? "" : ",") +
                fmt::format(R"({{"resourceId":"{}","name":"{}","addedTime":"{}","companyCount":0}})", g.id, g.name, g.created);
      return FakeTransport::Ok("[" + list + "]");
    }
    if (key == "POST /api/company-groups") return MiniApi::Id(AddGroup(MiniApi::JsonString(r.body, "name")).id);
    if (r.method == "DELETE" && r.path.rfind("/api/company-groups/", 0) == 0) {
      const std::string id = r.path.substr(std::string("/api/company-groups/").size());
      groups.erase(std::remove_if(groups.begin(), groups.end(), [&](const Object& g) { return g.id == id; }), groups.end());
      return MiniApi::Id(id);
    }
    if (key == "GET /api/target-groups") {
      std::string list;
      for (const Object& g : target_groups[r.company_id])
        list += (list.empty() ? "" : ",") +
                fmt::format(R"({{"resourceId":"{}","name":"{}","priority":"High","createDate":"{}"}})", g.id, g.name, g.created);
      return FakeTransport::Ok("[" + list + "]");
    }
    if (key == "POST /api/target-groups")
      return MiniApi::Id(target_groups[r.company_id].emplace_back(Object{NewId("t"), MiniApi::JsonString(r.body, "name"), Tick()}).id);
    if (r.method == "DELETE" && r.path.rfind("/api/target-groups/", 0) == 0) {
      const std::string id = r.path.substr(std::string("/api/target-groups/").size());
      auto& mine = target_groups[r.company_id];
      mine.erase(std::remove_if(mine.begin(), mine.end(), [&](const Object& g) { return g.id == id; }), mine.end());
      return MiniApi::Id(id);
    }
    if (key == "POST /api/target-users" || key == "POST /api/system-users") {
      const std::string email = MiniApi::JsonString(r.body, "email");
      auto& mine = users[r.company_id];
      if (mine.count(email))
        return FakeTransport::Json(400, R"({"data":null,"status":"INPUT_ERROR","message":"email already exists","validationMessages":["Email: email already exists"]})");
      return MiniApi::Id(mine[email] = NewId("u"));
    }
    if (key == "POST /api/target-users/search" || key == "POST /api/system-users/search") {
      std::string rows;
      for (auto& [email, id] : users[r.company_id])
        if (r.body.find(email) != std::string::npos)
          rows += (rows.empty() ? "" : ",") + fmt::format(R"({{"resourceId":"{}","email":"{}"}})", id, email);
      return MiniApi::PageOf(rows);
    }
    return FakeTransport::Json(404, R"({"data":null,"status":"NOT_FOUND","message":"no such path"})");
  }
};

// One apply: a client and runner over its own transport, on the shared platform.
struct ApplyRun {
  explicit ApplyRun(SharedApi& api) : client(TestClientOptions(), transport), runner(client) {
    transport.SetHandler([&api](const HttpRequest& r) { return api.Handle(r); });
  }
  void Start(const Action& action) {
    runner.Start(action, {}, [this](ActionResult r) { result = std::move(r); });
  }
  // One answer (FakeTransport answers one request per turn); false when it is done.
  bool Step() { return !result && runner.WaitForSomething(); }
  FakeTransport transport;
  KeepnetClient client;
  ApiActionRunner runner;
  std::optional<ActionResult> result;
};

// Gives the two runs one answer each in turn until both are done.
void Alternate(ApplyRun& a, ApplyRun& b) {
  for (bool more = true; more;) {
    const bool stepped_a = a.Step();
    const bool stepped_b = b.Step();
    more = stepped_a || stepped_b;
  }
}

}  // namespace

TEST_CASE("api runner: two runs create one company at once (A creates, B creates, A checks, B checks): both end on the older") {
  SharedApi api;
  ApplyRun a(api), b(api);
  const Action company = Company("acme", "Acme Corp");
  a.Start(company);
  b.Start(company);
  // Strictly alternating answers: token, search (empty), create, search, [delete].
  Alternate(a, b);
  REQUIRE(a.result);
  REQUIRE(b.result);
  CHECK(api.Count(api.companies, "Acme Corp") == 1);
  const std::string survivor = api.companies.front().id;
  CHECK(a.result->id == survivor);
  CHECK(b.result->id == survivor);
  CHECK(a.result->kind == ActionResult::Kind::Done);  // A's copy was created first
  CHECK(b.result->kind == ActionResult::Kind::Adopted);
  CHECK(b.result->note.find("this run's copy c2 was deleted and c1 adopted") != std::string::npos);
  CHECK(CountSent(a.transport, "DELETE", "/api/companies/c1") + CountSent(a.transport, "DELETE", "/api/companies/c2") == 0);
  CHECK(CountSent(b.transport, "DELETE", "/api/companies/c2") == 1);
}

TEST_CASE("api runner: A checks before B creates (A sees only its own): A keeps it, B yields to it") {
  SharedApi api;
  ApplyRun a(api), b(api);
  const Action company = Company("acme", "Acme Corp");
  a.Start(company);
  b.Start(company);
  // A: token, search; B: token, search (both empty); then A creates and checks alone.
  for (int i = 0; i < 2; ++i) a.Step();
  for (int i = 0; i < 2; ++i) b.Step();
  while (a.Step()) {
  }
  REQUIRE(a.result);
  CHECK(a.result->kind == ActionResult::Kind::Done);
  CHECK(a.result->note.empty());
  while (b.Step()) {
  }
  REQUIRE(b.result);
  CHECK(b.result->kind == ActionResult::Kind::Adopted);
  CHECK(b.result->id == a.result->id);
  CHECK(api.Count(api.companies, "Acme Corp") == 1);
  CHECK(CountSent(b.transport, "POST", "/api/companies") == 1);
}

TEST_CASE("api runner: a company created meanwhile is adopted before any create is sent") {
  SharedApi api;
  ApplyRun b(api);
  b.Start(Company("acme", "Acme Corp"));
  api.AddCompany("Acme Corp");  // another run's create landed after this run planned
  while (b.Step()) {
  }
  REQUIRE(b.result);
  CHECK(b.result->kind == ActionResult::Kind::Adopted);
  CHECK(b.result->id == "c1");
  CHECK(b.result->note.find("already existed") != std::string::npos);
  CHECK(CountSent(b.transport, "POST", "/api/companies") == 0);
}

TEST_CASE("api runner: a plan read in this run: no look before a company or group create, the check after still converges") {
  SharedApi api;
  ApplyRun a(api), b(api);
  a.runner.SetLookBeforeCreate(false);
  b.runner.SetLookBeforeCreate(false);
  const Action company = Company("acme", "Acme Corp");
  a.Start(company);
  b.Start(company);
  // Strictly alternating answers: token, create, search, [delete].
  Alternate(a, b);
  REQUIRE(a.result);
  REQUIRE(b.result);
  CHECK(api.Count(api.companies, "Acme Corp") == 1);
  CHECK(a.result->kind == ActionResult::Kind::Done);
  CHECK(b.result->kind == ActionResult::Kind::Adopted);
  CHECK(b.result->id == a.result->id);
  for (ApplyRun* run : {&a, &b}) {
    CHECK(CountSent(run->transport, "POST", "/api/companies") == 1);
    CHECK(CountSent(run->transport, "POST", "/api/companies/search") == 1);  // the check after only
  }
  CHECK(CountSent(b.transport, "DELETE", "/api/companies/c2") == 1);

  // A copy that is there already (another run finished after this plan was read): this run
  // creates its own, sees the older one, deletes its copy and adopts the older.
  SharedApi later;
  ApplyRun c(later);
  c.runner.SetLookBeforeCreate(false);
  later.AddCompany("Acme Corp");
  c.Start(company);
  while (c.Step()) {
  }
  REQUIRE(c.result);
  CHECK(c.result->kind == ActionResult::Kind::Adopted);
  CHECK(c.result->id == "c1");
  CHECK(later.Count(later.companies, "Acme Corp") == 1);

  SharedApi groups;
  ApplyRun g(groups);
  g.runner.SetLookBeforeCreate(false);
  g.Start(Group("EMEA"));
  while (g.Step()) {
  }
  REQUIRE(g.result);
  CHECK(g.result->kind == ActionResult::Kind::Done);
  CHECK(CountSent(g.transport, "GET", "/api/company-groups") == 1);
  CHECK(CountSent(g.transport, "POST", "/api/company-groups") == 1);
}

TEST_CASE("api runner: group creates answered in one turn share one list of the groups for their checks") {
  SharedApi api;
  ApplyRun run(api);
  run.runner.SetLookBeforeCreate(false);
  std::optional<ActionResult> emea, apac;
  run.runner.Start(Group("EMEA"), {}, [&](ActionResult r) { emea = std::move(r); });
  run.runner.Start(Group("APAC"), {}, [&](ActionResult r) { apac = std::move(r); });
  // The token and both creates are answered before the runner sends what waits.
  while (run.transport.RunOnce()) {
  }
  while ((!emea || !apac) && run.runner.WaitForSomething()) {
  }
  REQUIRE(emea);
  REQUIRE(apac);
  CHECK(emea->kind == ActionResult::Kind::Done);
  CHECK(apac->kind == ActionResult::Kind::Done);
  CHECK(emea->id != apac->id);
  CHECK(CountSent(run.transport, "POST", "/api/company-groups") == 2);
  CHECK(CountSent(run.transport, "GET", "/api/company-groups") == 1);
}

TEST_CASE("api runner: the winner is the oldest copy, not the smallest id, the smallest id breaks a tie") {
  // The rival's create lands between this run's look and its create: older, larger id.
  SharedApi api;
  api.ids = {"aaa-mine"};
  ApplyRun run(api);
  run.Start(Company("acme", "Acme Corp"));
  for (int i = 0; i < 2; ++i) run.Step();  // token; search: nothing there yet
  api.companies.push_back({"zzz-older", "Acme Corp", "2026-12-01T10:00:00Z"});
  while (run.Step()) {
  }
  REQUIRE(run.result);
  CHECK(run.result->kind == ActionResult::Kind::Adopted);
  CHECK(run.result->id == "zzz-older");
  CHECK(CountSent(run.transport, "DELETE", "/api/companies/aaa-mine") == 1);

  // The same creation time: the smaller id wins, whichever run made it.
  SharedApi tie;
  tie.ids = {"bbb-mine"};
  ApplyRun other(tie);
  other.Start(Company("acme", "Acme Corp"));
  for (int i = 0; i < 2; ++i) other.Step();
  tie.companies.push_back({"aaa-rival", "Acme Corp", "2026-12-01T10:00:00.001Z"});  // the tick mine gets
  while (other.Step()) {
  }
  REQUIRE(other.result);
  CHECK(other.result->id == "aaa-rival");
  CHECK(CountSent(other.transport, "DELETE", "/api/companies/bbb-mine") == 1);
}

TEST_CASE("api runner: the loser's copy cannot be deleted: the create fails naming it, its users are skipped") {
  SharedApi api;
  api.delete_status = 403;
  FakeTransport transport;
  bool rival_added = false;
  transport.SetHandler([&](const HttpRequest& r) {
    // The rival's create lands just before this run's.
    if (r.method == "POST" && r.path == "/api/companies" && !rival_added) {
      rival_added = true;
      api.AddCompany("Acme Corp");
    }
    return api.Handle(r);
  });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  plan.actions = {Company("acme", "Acme Corp"), User("acme", "jane@acme.example")};
  ApplyReport report = Execute(plan, client, {});
  const ActionReport& company = Find(report, "customer.acme.company");
  CHECK(company.outcome == ActionOutcome::Failed);
  CHECK(company.error.find("another apply created company \"Acme Corp\" at the same time, first (c1)") != std::string::npos);
  CHECK(company.error.find("Delete c2 by hand") != std::string::npos);
  CHECK(Find(report, "customer.acme.target-user.jane@acme.example").outcome == ActionOutcome::Skipped);
  CHECK(api.users.empty());
}

TEST_CASE("api runner: a company the plan updates as another customer's is not a copy, even with the same name") {
  SharedApi api;
  api.AddCompany("Acme Corp");  // c1: a pinned customer's company, renamed to this name by the plan
  FakeTransport transport;
  transport.SetHandler([&](const HttpRequest& r) { return api.Handle(r); });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  Action pinned = Company("pinned", "Acme Corp");
  pinned.type = ActionType::Update;
  pinned.target_id = "c1";
  plan.actions = {pinned, Company("acme", "Acme Corp")};
  ApplyReport report = Execute(plan, client, {});
  CHECK_MESSAGE(report.success(), RenderApplySummary(report, false));
  CHECK(Find(report, "customer.acme.company").outcome == ActionOutcome::Done);
  CHECK(Find(report, "customer.acme.company").id == "c2");
  CHECK(api.Count(api.companies, "Acme Corp") == 2);
}

TEST_CASE("api runner: two runs create one company group at once: the newer copy is deleted by its run") {
  SharedApi api;
  ApplyRun a(api), b(api);
  a.Start(Group("EMEA"));
  b.Start(Group("EMEA"));
  Alternate(a, b);
  REQUIRE(a.result);
  REQUIRE(b.result);
  CHECK(api.Count(api.groups, "EMEA") == 1);
  CHECK(a.result->id == api.groups.front().id);
  CHECK(b.result->id == api.groups.front().id);
  CHECK(CountSent(a.transport, "DELETE", "/api/company-groups/g1") + CountSent(b.transport, "DELETE", "/api/company-groups/g1") == 0);
  CHECK(CountSent(b.transport, "DELETE", "/api/company-groups/g2") == 1);
}

TEST_CASE("api runner: two runs create one target group at once (names ignoring case): the newer copy is deleted by its run") {
  SharedApi api;
  ApplyRun a(api), b(api);
  auto create = [](const std::string& name) {
    Action g;
    g.address = "customer.acme.target-group." + ToLowerAscii(name);
    g.type = ActionType::Create;
    g.body = TargetGroupBody{{"", name, "High", ""}, 0};
    g.customer = "acme";
    g.company_ref.id = "c1";
    return g;
  };
  Action finance = create("Finance"), lower = create("finance");
  a.runner.Start(finance, {"c1", "", {}}, [&a](ActionResult r) { a.result = std::move(r); });
  b.runner.Start(lower, {"c1", "", {}}, [&b](ActionResult r) { b.result = std::move(r); });
  Alternate(a, b);
  REQUIRE(a.result);
  REQUIRE(b.result);
  REQUIRE(api.target_groups["c1"].size() == 1);
  CHECK(a.result->id == api.target_groups["c1"].front().id);
  CHECK(b.result->id == api.target_groups["c1"].front().id);
  CHECK(CountSent(a.transport, "POST", "/api/target-groups") + CountSent(b.transport, "POST", "/api/target-groups") == 2);

  // Created meanwhile: adopted before any create is sent.
  ApplyRun c(api);
  c.runner.Start(finance, {"c1", "", {}}, [&c](ActionResult r) { c.result = std::move(r); });
  while (c.Step()) {
  }
  REQUIRE(c.result);
  CHECK(c.result->kind == ActionResult::Kind::Adopted);
  CHECK(CountSent(c.transport, "POST", "/api/target-groups") == 0);
}

TEST_CASE("api runner: a membership change is one request for all its users, sent again when its answer is lost") {
  FakeTransport transport;
  int adds = 0;
  transport.SetHandler(TargetGroupApi(&adds, [](const HttpRequest& r, int add) {
    if (add == 1) return FakeTransport::NoAnswer("connection reset", true);
    CHECK(r.body == R"({"targetUserResourceIds":["u1","u2"],"targetGroupResourceIds":["t9"],"selectAll":false})");
    return FakeTransport::Ok("[]");
  }));
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  Action join = FinanceJoin({"u1", "u2"}, {"a@acme.example", "b@acme.example"});
  Action leave = join;
  leave.address = "customer.acme.target-group.finance.remove-users";
  leave.type = ActionType::RemoveParticipant;
  plan.actions = {join, leave};
  ApplyReport report = Execute(plan, client, {});
  CHECK_MESSAGE(report.success(), RenderApplySummary(report, false));
  CHECK(adds == 2);
  CHECK(CountSent(transport, "DELETE", "/api/target-groups/t9/users") == 1);
  for (const HttpRequest& r : transport.sent())
    if (r.path.find("target-groups") != std::string::npos) CHECK(r.company_id == "c1");
}

TEST_CASE("api runner: a membership change answered 502 every time is sent as often as the client retries, no more") {
  // The client repeats an idempotent write itself; the runner once sent it again on top of
  // that, five times the client's attempts.
  FakeTransport transport;
  int adds = 0;
  transport.SetHandler(TargetGroupApi(&adds, [](const HttpRequest&, int) {
    return FakeTransport::Json(502, R"({"data":null,"status":"BAD_GATEWAY","message":"upstream timed out"})");
  }));
  ClientOptions options = TestClientOptions();
  options.base_backoff = std::chrono::milliseconds(1);
  options.max_backoff = std::chrono::milliseconds(1);
  KeepnetClient client(options, transport);
  Plan plan;
  plan.actions = {FinanceJoin({"u1"}, {"a@acme.example"})};
  ApplyReport report = Execute(plan, client, {});
  CHECK_FALSE(report.success());
  CHECK(adds == options.max_attempts);
}

TEST_CASE("api runner: a user create joins the target groups of its joins, with the ids of their creates") {
  SharedApi api;
  api.companies.push_back({"c1", "Acme Corp", "2026-12-01T10:00:00Z"});
  FakeTransport transport;
  transport.SetHandler([&](const HttpRequest& r) { return api.Handle(r); });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  Action group;
  group.address = "customer.acme.target-group.sales";
  group.type = ActionType::Create;
  group.body = TargetGroupBody{{"", "Sales", "Low", ""}, 0};
  group.customer = "acme";
  group.company_ref.id = "c1";
  Action user = User("acme", "jane@acme.example");
  user.depends_on = {group.address};
  user.company_ref = {"c1", ""};
  TargetUserBody& body = *user.As<TargetUserBody>();
  body.record.target_group_ids = std::vector<std::string>{"t-live"};
  body.joins = {{"Finance", {"t-live", ""}}, {"Sales", {"", group.address}}};
  plan.actions = {group, user};
  ApplyReport report = Execute(plan, client, {});
  CHECK_MESSAGE(report.success(), RenderApplySummary(report, false));
  const std::string sales = api.target_groups["c1"].at(0).id;
  bool sent = false;
  for (const HttpRequest& r : transport.sent())
    if (r.method == "POST" && r.path == "/api/target-users") {
      sent = true;
      CHECK(r.body.find("\"targetGroupResourceIds\":[\"t-live\",\"" + sales + "\"]") != std::string::npos);
    }
  CHECK(sent);
}

TEST_CASE("api runner: a user create refused for its taken e-mail adopts the user, a taken e-mail not found fails") {
  SharedApi api;
  api.companies.push_back({"c9", "Acme Corp", "2026-12-01T10:00:00Z"});
  api.users["c9"]["jane@acme.example"] = "u-jane";
  FakeTransport transport;
  transport.SetHandler([&](const HttpRequest& r) { return api.Handle(r); });
  KeepnetClient client(TestClientOptions(), transport);
  Plan plan;
  Action user = User("acme", "jane@acme.example");
  user.depends_on.clear();
  user.company_ref = {"c9", ""};
  Action admin = Admin("acme", "jane@acme.example");
  admin.depends_on.clear();
  admin.company_ref = {"c9", ""};
  plan.actions = {user, admin};
  // The admin's search finds the same e-mail (one namespace in this fake): adopted too.
  ApplyReport report = Execute(plan, client, {});
  const ActionReport& adopted = Find(report, "customer.acme.target-user.jane@acme.example");
  CHECK(adopted.outcome == ActionOutcome::Adopted);
  CHECK(adopted.id == "u-jane");
  CHECK(adopted.note.find("adopted as it is; the next plan shows any field that differs") != std::string::npos);
  CHECK(CountSent(transport, "PUT", "/api/target-users/u-jane") == 0);

  // Taken, but the search does not find it (e.g. the e-mail belongs to another company).
  SharedApi other;
  FakeTransport t2;
  t2.SetHandler([&](const HttpRequest& r) {
    if (r.path == "/api/target-users" && r.method == "POST")
      return FakeTransport::Json(400, R"({"data":null,"status":"INPUT_ERROR","message":"email already exists","validationMessages":["Email: email already exists"]})");
    return other.Handle(r);
  });
  KeepnetClient c2(TestClientOptions(), t2);
  Plan p2;
  p2.actions = {user};
  ApplyReport r2 = Execute(p2, c2, {});
  const ActionReport& failed = Find(r2, "customer.acme.target-user.jane@acme.example");
  CHECK(failed.outcome == ActionOutcome::Failed);
  CHECK(failed.error.find("Email: email already exists") != std::string::npos);
  CHECK(failed.error.find("no user with this e-mail was found in the company") != std::string::npos);
}


}  // TEST_SUITE

}  // namespace onboard

