#pragma once
// `apply --format jsonl`: the apply as a stream of events, one JSON object a line on stdout,
// each written and flushed as it happens, so a pipeline can follow a long apply.

#include <ostream>

#include "engine/exec/apply_report.h"
#include "engine/exec/executor.h"
#include "engine/plan/plan.h"

namespace onboard {

/// Writes, one compact JSON object a line (every object has "event"):
///   {"event":"plan","dry_run":b,"summary":{"create","update","delete","add_participant",
///    "remove_participant","membership_change"}}                  (PlanReady, first)
///   {"event":"start","address","action","object"}                (as an action is sent)
///   {"event":"finish","address","action","object","outcome","id","error","duration_ms"}
///     outcome done|adopted|failed|skipped, or "dry-run" (and id null) in a dry run
///   {"event":"summary","dry_run","success","created","adopted","updated",
///    "participants_added","failed","skipped","not_run","requests","writes","retries",
///    "rate_limited","wall_time_ms"}                               (Summary, last)
/// Retries have no event of their own (the client retries inside one request); the summary
/// counts them. Nothing personal is written: addresses, outcomes and API messages only.
class JsonlEvents : public ActionObserver {
 public:
  JsonlEvents(std::ostream& out, bool dry_run);
  void PlanReady(const Plan& plan);
  void Started(const Action& action) override;
  void Finished(const ActionReport& report) override;
  void Summary(const ApplyReport& report);

 private:
  void Line(const std::string& json);
  std::ostream& out_;
  bool dry_run_;
};

}  // namespace onboard
