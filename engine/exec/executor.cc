#include "engine/exec/executor.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "engine/exec/work_queue.h"

namespace onboard {

namespace {

ActionReport ReportFor(const Action& action) {
  ActionReport r;
  r.address = action.address;
  r.type = action.type;
  r.object = action.object();
  r.source = action.source;
  return r;
}

// An IdRef resolved against the ids recorded so far; false (with *error) when its action
// produced none.
bool Resolve(const IdRef& ref, const std::unordered_map<std::string, std::string>& ids,
             std::string* out, std::string* error) {
  if (ref.known()) {
    *out = ref.id;
    return true;
  }
  if (ref.from_action.empty()) return true;
  auto it = ids.find(ref.from_action);
  if (it == ids.end() || it->second.empty()) {
    *error = "no id from " + ref.from_action.str() + " (it must run, and succeed, first)";
    return false;
  }
  *out = it->second;
  return true;
}

// The report, entry by entry as actions end: each entry is made when its action ends and is
// kept unless it succeeded and ExecuteOptions::keep_succeeded is false; the counts count all.
class ReportBuilder {
 public:
  ReportBuilder(const Plan& plan, bool keep_succeeded)
      : plan_(plan), keep_succeeded_(keep_succeeded), outcomes_(plan.actions.size(), ActionOutcome::NotRun) {}

  // A fresh entry for the action at plan index `pi`.
  ActionReport Begin(int pi) const { return ReportFor(plan_.actions[pi]); }
  // Records how the action at `pi` ended; returns the entry as recorded (for the observer).
  const ActionReport& End(int pi, ActionReport entry) {
    outcomes_[pi] = entry.outcome;
    report_.Tally(entry);
    const bool succeeded = entry.outcome == ActionOutcome::Done || entry.outcome == ActionOutcome::Adopted;
    if (keep_succeeded_ || !succeeded) return kept_.emplace_back(pi, std::move(entry)).second;
    last_ = std::move(entry);
    return last_;
  }
  ActionOutcome outcome(int pi) const { return outcomes_[pi]; }
  // The report, its entries in plan order.
  ApplyReport Take() {
    std::stable_sort(kept_.begin(), kept_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    report_.actions.reserve(kept_.size());
    for (auto& [pi, entry] : kept_) report_.actions.push_back(std::move(entry));
    kept_.clear();
    return std::move(report_);
  }

 private:
  const Plan& plan_;
  const bool keep_succeeded_;
  std::vector<ActionOutcome> outcomes_;  // by plan index
  std::vector<std::pair<int, ActionReport>> kept_;
  ActionReport last_;  // the last entry not kept, lent to the observer
  ApplyReport report_;
};

}  // namespace

ApplyReport Execute(const Plan& plan, ActionRunner& runner, const ExecuteOptions& options) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point run_start = options.now();
  const int parallelism = std::max(1, options.parallelism);
  const int n = static_cast<int>(plan.actions.size());

  ReportBuilder reports(plan, options.keep_succeeded);

  // Index i of the queue is index i of the plan, except for actions the queue refused;
  // those fail here, before anything is sent.
  WorkQueue queue;
  std::vector<int> plan_index;  // queue index -> plan index
  queue.Reserve(n);
  plan_index.reserve(n);
  for (int i = 0; i < n; ++i) {
    std::string error;
    if (!queue.AddAction(plan.actions[i].address, plan.actions[i].depends_on, &error)) {
      ActionReport r = reports.Begin(i);
      r.outcome = ActionOutcome::Failed;
      r.error = "invalid plan: " + error;
      const ActionReport& recorded = reports.End(i, std::move(r));
      if (options.observer) options.observer->Finished(recorded);
      continue;
    }
    plan_index.push_back(i);
  }
  queue.AllAdded();

  // Ids of the actions that others take an id from (company and group creates), by address;
  // a hundred thousand target users' ids would only cost memory.
  std::unordered_set<std::string_view> referenced;
  for (const Action& a : plan.actions) {
    if (!a.company_ref.from_action.empty()) referenced.insert(a.company_ref.from_action);
    if (const ParticipantBody* p = a.As<ParticipantBody>(); p && !p->group.from_action.empty())
      referenced.insert(p->group.from_action);
    if (const CompanyBody* c = a.As<CompanyBody>())
      for (const ParticipantBody& join : c->joins)
        if (!join.group.from_action.empty()) referenced.insert(join.group.from_action);
    if (const TargetUserBody* u = a.As<TargetUserBody>())
      for (const ParticipantBody& join : u->joins)
        if (!join.group.from_action.empty()) referenced.insert(join.group.from_action);
    if (const TargetGroupMembersBody* m = a.As<TargetGroupMembersBody>(); m && !m->group.from_action.empty())
      referenced.insert(m->group.from_action);
  }
  std::unordered_map<std::string, std::string> ids;  // address -> id
  std::unordered_map<int, Clock::time_point> start_time;  // by plan index, while in flight
  std::vector<bool> started(n, false);
  struct Finished {
    int queue_index;
    ActionResult result;
  };
  std::vector<Finished> finished;  // filled by runner callbacks, drained by the loop
  int in_flight = 0;
  int finished_count = 0;
  int failed_count = 0;   // kept as outcomes are set: a snapshot costs O(1), not a walk of the report
  int skipped_count = 0;
  // The rate counts this apply's requests only, not the reads made before it (plan, checks).
  const long requests_before = runner.stats().requests;

  auto snapshot = [&] {
    ProgressSnapshot s;
    s.total = n;
    s.finished = finished_count;
    s.in_flight = in_flight;
    s.failed = failed_count;
    s.skipped = skipped_count;
    s.requests = runner.stats().requests - requests_before;
    s.elapsed = options.now() - run_start;
    return s;
  };
  // Refused actions are already finished.
  finished_count = n - static_cast<int>(plan_index.size());
  failed_count = finished_count;

  auto finish = [&](int qi, const ActionResult& result) {
    const int pi = plan_index[qi];
    const Action& action = plan.actions[pi];
    ActionReport r = reports.Begin(pi);
    if (auto started_at = start_time.find(pi); started_at != start_time.end()) {
      r.duration = std::chrono::duration_cast<std::chrono::milliseconds>(options.now() - started_at->second);
      start_time.erase(started_at);
    }
    r.id = result.id;
    r.error = result.error;
    r.note = result.note;
    switch (result.kind) {
      case ActionResult::Kind::Done: r.outcome = ActionOutcome::Done; break;
      case ActionResult::Kind::Adopted: r.outcome = ActionOutcome::Adopted; break;
      case ActionResult::Kind::Failed: r.outcome = ActionOutcome::Failed; ++failed_count; break;
    }
    const ActionReport& recorded = reports.End(pi, std::move(r));
    if (options.observer) options.observer->Finished(recorded);
    const bool ok = result.kind != ActionResult::Kind::Failed;
    if (ok && referenced.count(action.address))
      ids[action.address] = result.id.empty() ? action.target_id.str() : result.id;
    ++finished_count;
    std::vector<int> skipped;
    queue.ActionFinished(qi, ok, &skipped);
    for (int si : skipped) {
      ActionReport s = reports.Begin(plan_index[si]);
      s.outcome = ActionOutcome::Skipped;
      s.error = "upstream failed: " + std::string(queue.skipped_because(si));
      ++finished_count;
      ++skipped_count;
      const ActionReport& recorded = reports.End(plan_index[si], std::move(s));
      if (options.observer) options.observer->Finished(recorded);
    }
  };

  bool stopping = false;
  while (queue.more_to_do()) {
    // Start as much ready work as capacity allows.
    while (!stopping && in_flight < parallelism) {
      if (options.should_stop && options.should_stop()) {
        stopping = true;
        break;
      }
      const int qi = queue.FindWork();
      if (qi < 0) break;
      const int pi = plan_index[qi];
      const Action& action = plan.actions[pi];
      start_time[pi] = options.now();
      started[pi] = true;
      if (options.observer) options.observer->Started(action);
      ResolvedIds resolved;
      std::string error;
      const ParticipantBody* participant = action.As<ParticipantBody>();
      const TargetGroupMembersBody* members = action.As<TargetGroupMembersBody>();
      bool ok = Resolve(action.company_ref, ids, &resolved.company_id, &error) &&
                (!participant || Resolve(participant->group, ids, &resolved.group_id, &error)) &&
                (!members || Resolve(members->group, ids, &resolved.group_id, &error));
      const std::vector<ParticipantBody>* joins = nullptr;
      if (const CompanyBody* company = action.As<CompanyBody>()) joins = &company->joins;
      if (const TargetUserBody* user = action.As<TargetUserBody>()) joins = &user->joins;
      if (joins) {
        for (const ParticipantBody& join : *joins) {
          if (!ok) break;
          ok = Resolve(join.group, ids, &resolved.group_ids.emplace_back(), &error);
        }
      }
      if (!ok) {
        finish(qi, ActionResult{ActionResult::Kind::Failed, "", error});
        continue;
      }
      ++in_flight;
      runner.Start(action, resolved, [&finished, qi](ActionResult result) {
        finished.push_back({qi, std::move(result)});
      });
    }
    // Wait for one result unless some are already in (a runner may finish inside Start).
    if (finished.empty()) {
      if (in_flight == 0) break;  // stopping, or nothing ready and nothing running
      if (!runner.WaitForSomething() && finished.empty()) break;  // lost callbacks
    }
    std::vector<Finished> batch;
    batch.swap(finished);
    for (Finished& f : batch) {
      --in_flight;
      finish(f.queue_index, f.result);
    }
    if (options.progress) options.progress->Update(snapshot());
  }

  // Whatever is left either never started (stopped) or started and never came back (the
  // loop ran dry: a runner that lost a callback); the second may have reached the API.
  for (int qi = 0; qi < static_cast<int>(plan_index.size()); ++qi) {
    const int pi = plan_index[qi];
    if (reports.outcome(pi) != ActionOutcome::NotRun) continue;
    ActionReport r = reports.Begin(pi);
    if (started[pi]) {
      r.outcome = ActionOutcome::Failed;
      ++failed_count;
      r.error = "started but never finished; its outcome is unknown (run plan to see)";
    } else {
      r.error = "not run: the apply stopped before it";
    }
    reports.End(pi, std::move(r));
  }
  ApplyReport report = reports.Take();
  report.wall_time = std::chrono::duration_cast<std::chrono::milliseconds>(options.now() - run_start);
  report.client = runner.stats();
  report.failed_customers = plan.failed_customers;
  if (options.progress) options.progress->Finish(snapshot());
  return report;
}

}  // namespace onboard
