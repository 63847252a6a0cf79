#include "engine/exec/executor.h"

#include <algorithm>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <doctest/doctest.h>

namespace onboard {
namespace {

// Plan builders: small, readable actions with the dependencies the planner would give them.
Action CompanyCreate(const std::string& customer) {
  Action a;
  a.address = "customer." + customer + ".company";
  a.type = ActionType::Create;
  a.body = CompanyBody{};
  a.customer = customer;
  a.As<CompanyBody>()->record = CompanyRecord{};
  a.As<CompanyBody>()->record->name = customer + " Corp";
  a.source = {"manifests/" + customer + ".yaml", 5, 3};
  return a;
}

Action GroupCreate(const std::string& name) {
  Action a;
  a.address = "group." + name;
  a.type = ActionType::Create;
  a.body = GroupBody{};
  a.As<GroupBody>()->name = name;
  return a;
}

Action AdminCreate(const std::string& customer, const std::string& email) {
  Action a;
  a.address = "customer." + customer + ".admin." + email;
  a.type = ActionType::Create;
  a.body = AdminBody{};
  a.customer = customer;
  a.depends_on = {"customer." + customer + ".company"};
  a.company_ref.from_action = "customer." + customer + ".company";
  a.As<AdminBody>()->record = SystemUserRecord{};
  a.As<AdminBody>()->record.email = email;
  a.As<AdminBody>()->record.first_name = "Ada";
  a.As<AdminBody>()->record.last_name = "Admin";
  a.As<AdminBody>()->record.phone = "+905550000000";
  return a;
}

Action UserCreate(const std::string& customer, const std::string& email) {
  Action a;
  a.address = "customer." + customer + ".target-user." + email;
  a.type = ActionType::Create;
  a.body = TargetUserBody{};
  a.customer = customer;
  a.depends_on = {"customer." + customer + ".company"};
  a.company_ref.from_action = "customer." + customer + ".company";
  a.As<TargetUserBody>()->record = TargetUserRecord{};
  a.As<TargetUserBody>()->record.email = email;
  a.As<TargetUserBody>()->record.phone = "+905551111111";
  return a;
}

Action ParticipantAction(const std::string& customer, const std::string& group) {
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

// A runner that finishes actions from a script, one per WaitForSomething, oldest first.
class FakeRunner : public ActionRunner {
 public:
  using Script = std::function<ActionResult(const Action&, const ResolvedIds&)>;
  explicit FakeRunner(Script script) : script_(std::move(script)) {}

  void Start(const Action& action, const ResolvedIds& ids, Done done) override {
    started.push_back(action.address);
    seen_ids[action.address] = ids;
    pending_.push_back({&action, ids, std::move(done)});
    max_in_flight = std::max(max_in_flight, pending_.size());
  }
  bool WaitForSomething() override {
    if (pending_.empty()) return false;
    // The oldest action that is not slow finishes; slow ones only when nothing else is left.
    auto it = std::find_if(pending_.begin(), pending_.end(),
                           [this](const Pending& p) { return !slow.count(p.action->address); });
    if (it == pending_.end()) it = pending_.begin();
    Pending p = std::move(*it);
    pending_.erase(it);
    finished.push_back(p.action->address);
    p.done(script_(*p.action, p.ids));
    return true;
  }
  ClientStats stats() const override {
    ClientStats s;
    s.requests = requests_before + static_cast<long>(started.size());
    return s;
  }

  long requests_before = 0;  ///< requests the client made before the apply (the plan's reads)

  std::vector<std::string> started;
  std::vector<std::string> finished;
  std::set<std::string> slow;  ///< addresses that finish only when nothing else is pending
  std::map<std::string, ResolvedIds> seen_ids;
  size_t max_in_flight = 0;

 private:
  struct Pending {
    const Action* action;
    ResolvedIds ids;
    Done done;
  };
  Script script_;
  std::deque<Pending> pending_;
};

// Succeeds everything; creates get "id-<address>".
ActionResult AllSucceed(const Action& a, const ResolvedIds&) {
  return {ActionResult::Kind::Done, a.type == ActionType::Create ? "id-" + a.address : a.target_id.str(), ""};
}

// acme and globex, each a company and a user, acme an admin too.
Plan TwoCustomers() {
  Plan plan;
  plan.actions = {CompanyCreate("acme"), CompanyCreate("globex"), AdminCreate("acme", "ada@acme.example"),
                  UserCreate("acme", "jane@acme.example"), UserCreate("globex", "hank@globex.example")};
  return plan;
}

// Refuses acme's company create (so its admin and user are skipped); the rest succeeds.
ActionResult AcmeCompanyRefused(const Action& a, const ResolvedIds& ids) {
  if (a.address == "customer.acme.company") return ActionResult{ActionResult::Kind::Failed, "", "HTTP 400"};
  return AllSucceed(a, ids);
}

const ActionReport& FindReport(const ApplyReport& report, const std::string& address) {
  for (const ActionReport& a : report.actions)
    if (a.address == address) return a;
  FAIL("no report for " << address);
  return report.actions.front();
}

// A clock that moves one second each time it is read.
SteadyNow TickingClock() {
  auto t = std::make_shared<std::chrono::steady_clock::time_point>();
  return [t] { return *t += std::chrono::seconds(1); };
}

}  // namespace

TEST_SUITE("exec") {

TEST_CASE("executor: ids of creates flow into their dependents") {
  Plan plan;
  plan.actions = {GroupCreate("emea"), CompanyCreate("acme"), ParticipantAction("acme", "emea"),
                  AdminCreate("acme", "ada@acme.example")};
  FakeRunner runner(AllSucceed);
  ApplyReport report = Execute(plan, runner, {});

  CHECK(report.success());
  CHECK(runner.seen_ids["customer.acme.admin.ada@acme.example"].company_id == "id-customer.acme.company");
  CHECK(runner.seen_ids["customer.acme.group.emea"].company_id == "id-customer.acme.company");
  CHECK(runner.seen_ids["customer.acme.group.emea"].group_id == "id-group.emea");
  CHECK(FindReport(report, "customer.acme.company").id == "id-customer.acme.company");
  CHECK(report.created == 3);
  CHECK(report.participants_added == 1);
}

TEST_CASE("executor: known ids are passed as they are") {
  Plan plan;
  Action update = AdminCreate("acme", "ada@acme.example");
  update.type = ActionType::Update;
  update.depends_on.clear();
  update.company_ref = IdRef{"live-acme", ""};
  update.target_id = "live-ada";
  plan.actions = {update};
  FakeRunner runner(AllSucceed);
  ApplyReport report = Execute(plan, runner, {});
  CHECK(runner.seen_ids[update.address].company_id == "live-acme");
  CHECK(FindReport(report, update.address).id == "live-ada");
  CHECK(report.updated == 1);
}

TEST_CASE("executor: a failed company skips its users once, other customers complete") {
  Plan plan = TwoCustomers();
  FakeRunner runner([](const Action& a, const ResolvedIds& ids) {
    if (a.address == "customer.acme.company")
      return ActionResult{ActionResult::Kind::Failed, "", "POST /api/companies: HTTP 400 INPUT_ERROR: Name: too long"};
    return AllSucceed(a, ids);
  });
  ApplyReport report = Execute(plan, runner, {});

  CHECK_FALSE(report.success());
  CHECK(report.failed == 1);
  CHECK(report.skipped == 2);
  CHECK(report.created == 2);
  CHECK(FindReport(report, "customer.acme.company").error.find("Name: too long") != std::string::npos);
  CHECK(FindReport(report, "customer.acme.admin.ada@acme.example").outcome == ActionOutcome::Skipped);
  CHECK(FindReport(report, "customer.acme.admin.ada@acme.example").error == "upstream failed: customer.acme.company");
  CHECK(FindReport(report, "customer.globex.target-user.hank@globex.example").outcome == ActionOutcome::Done);
  // Skipped actions never reach the runner.
  CHECK(std::count(runner.started.begin(), runner.started.end(), "customer.acme.target-user.jane@acme.example") == 0);
}

TEST_CASE("executor: without keep_succeeded only the actions that did not succeed have entries, in plan order") {
  Plan plan = TwoCustomers();
  FakeRunner runner(AcmeCompanyRefused);
  ExecuteOptions options;
  options.keep_succeeded = false;
  ApplyReport report = Execute(plan, runner, options);

  // The counts count every action; the entries are the failure and what it skipped.
  CHECK(report.created == 2);
  CHECK(report.failed == 1);
  CHECK(report.skipped == 2);
  REQUIRE(report.actions.size() == 3);
  CHECK(report.actions[0].address == "customer.acme.company");
  CHECK(report.actions[0].outcome == ActionOutcome::Failed);
  CHECK(report.actions[1].address == "customer.acme.admin.ada@acme.example");
  CHECK(report.actions[2].address == "customer.acme.target-user.jane@acme.example");
  CHECK(report.actions[2].outcome == ActionOutcome::Skipped);
}

TEST_CASE("executor: never more than `parallelism` actions in flight, and every action runs") {
  Plan plan;
  for (int c = 0; c < 4; ++c) {
    const std::string customer = "c" + std::to_string(c);
    plan.actions.push_back(CompanyCreate(customer));
    for (int u = 0; u < 10; ++u) plan.actions.push_back(UserCreate(customer, "u" + std::to_string(u) + "@x"));
  }
  FakeRunner runner(AllSucceed);
  ExecuteOptions options;
  options.parallelism = 3;
  ApplyReport report = Execute(plan, runner, options);
  CHECK(report.success());
  CHECK(runner.started.size() == plan.actions.size());
  CHECK(runner.max_in_flight == 3);
}

TEST_CASE("executor: a fast customer is not held up by a slow one") {
  Plan plan;
  plan.actions = {CompanyCreate("acme"), CompanyCreate("globex"), UserCreate("acme", "b@a"),
                  UserCreate("globex", "a@g")};
  FakeRunner runner(AllSucceed);
  runner.slow = {"customer.acme.company"};
  ExecuteOptions options;
  options.parallelism = 2;
  ApplyReport report = Execute(plan, runner, options);
  CHECK(report.success());
  // No waves: globex's user starts and finishes while acme's company is still in flight.
  CHECK(runner.finished == std::vector<std::string>{"customer.globex.company", "customer.globex.target-user.a@g",
                                                   "customer.acme.company", "customer.acme.target-user.b@a"});
}

TEST_CASE("executor: a stop request leaves the rest not run") {
  Plan plan;
  plan.actions = {CompanyCreate("acme"), AdminCreate("acme", "ada@acme.example"), CompanyCreate("globex")};
  FakeRunner runner(AllSucceed);
  ExecuteOptions options;
  options.parallelism = 1;
  int asked = 0;
  options.should_stop = [&asked] { return ++asked > 1; };  // the first action starts, then stop
  ApplyReport report = Execute(plan, runner, options);
  CHECK(runner.started.size() == 1);
  CHECK(report.not_run == 2);
  CHECK_FALSE(report.success());
  CHECK(RenderApplySummary(report, false).find("Apply failed:") != std::string::npos);
}

TEST_CASE("executor: an action started and never answered is reported failed, not lost") {
  Plan plan;
  plan.actions = {CompanyCreate("acme")};
  class Silent : public ActionRunner {
   public:
    void Start(const Action&, const ResolvedIds&, Done) override {}
    bool WaitForSomething() override { return false; }
  } runner;
  ApplyReport report = Execute(plan, runner, {});
  CHECK(report.failed == 1);
  CHECK(FindReport(report, "customer.acme.company").error.find("outcome is unknown") != std::string::npos);
}

TEST_CASE("executor: a plan with a dangling dependency fails that action before anything is sent") {
  Plan plan;
  plan.actions = {AdminCreate("acme", "ada@acme.example"), CompanyCreate("globex")};
  FakeRunner runner(AllSucceed);
  ApplyReport report = Execute(plan, runner, {});
  CHECK(FindReport(report, "customer.acme.admin.ada@acme.example").outcome == ActionOutcome::Failed);
  CHECK(FindReport(report, "customer.acme.admin.ada@acme.example").error.find("invalid plan") != std::string::npos);
  CHECK(FindReport(report, "customer.globex.company").outcome == ActionOutcome::Done);
}

TEST_CASE("executor: durations and progress come from the injected clock") {
  Plan plan;
  plan.actions = {CompanyCreate("acme"), AdminCreate("acme", "ada@acme.example")};
  FakeRunner runner(AllSucceed);
  std::ostringstream err;
  ExecuteOptions options;
  options.now = TickingClock();
  PlainProgress progress(err, options.now, std::chrono::seconds(0));
  options.progress = &progress;
  ApplyReport report = Execute(plan, runner, options);
  CHECK(report.wall_time.count() > 0);
  CHECK(FindReport(report, "customer.acme.company").duration.count() > 0);
  CHECK(err.str().find("[2/2]") != std::string::npos);
}

// Records every snapshot the executor hands out.
class RecordingProgress : public ProgressSink {
 public:
  void Update(const ProgressSnapshot& s) override { updates.push_back(s); }
  void Finish(const ProgressSnapshot& s) override { final = s; }
  std::vector<ProgressSnapshot> updates;
  ProgressSnapshot final;
};

TEST_CASE("executor: progress counts failures and skips as they happen, and only apply's own requests") {
  Plan plan = TwoCustomers();
  FakeRunner runner(AcmeCompanyRefused);
  runner.requests_before = 1000;  // the reads of the plan before it: not part of apply's rate
  RecordingProgress progress;
  ExecuteOptions options;
  options.progress = &progress;
  ApplyReport report = Execute(plan, runner, options);
  REQUIRE(!progress.updates.empty());
  // The first batch finishes acme's company (failed): its admin and user are skipped at once.
  CHECK(progress.updates.front().failed == 1);
  CHECK(progress.updates.front().skipped == 2);
  CHECK(progress.final.failed == report.failed);
  CHECK(progress.final.skipped == report.skipped);
  CHECK(progress.final.finished == 5);
  CHECK(progress.final.requests == static_cast<long>(runner.started.size()));
  for (const ProgressSnapshot& s : progress.updates) CHECK(s.requests <= 3);
}

}  // TEST_SUITE

}  // namespace onboard
