#pragma once
// The executor (ninja's Builder): carries out a plan, and only the plan. It keeps up to
// `parallelism` actions in flight, starts each action as soon as what it depends on has
// succeeded (a ready queue fed by finished work, not waves, so a slow customer never holds
// up a fast one), passes ids from creates to the actions that need them, and marks the
// dependents of a failed action skipped once while independent work goes on. A dry run is
// the same executor over a DryRunTransport: there is no dry-run switch here.

#include <functional>

#include "engine/api/keepnet_client.h"
#include "engine/exec/action_runner.h"
#include "engine/exec/apply_report.h"
#include "engine/exec/progress.h"
#include "engine/plan/plan.h"

namespace onboard {

/// Told as each action starts and as each ends (done, adopted, failed or skipped), in the
/// order it happens, on the executor's thread (for `apply --format jsonl`).
class ActionObserver {
 public:
  virtual ~ActionObserver() = default;
  virtual void Started(const Action& action) = 0;
  virtual void Finished(const ActionReport& report) = 0;
};

struct ExecuteOptions {
  /// Most actions in flight at once. 16: with ~20 ms per request, 16 in flight carry
  /// ~800 small writes a second, which hides latency on thousands of users while staying
  /// well inside what one reseller credential should ask of the API; the client's adaptive
  /// limit lowers the real rate further when the API answers 429. Values below 1 mean 1.
  int parallelism = 16;
  /// Receives progress (null: none).
  ProgressSink* progress = nullptr;
  /// Receives each action's start and end (null: none).
  ActionObserver* observer = nullptr;
  /// The clock for durations and progress (tests pass a fake).
  SteadyNow now = RealSteadyClock();
  /// True when the plan was read from the live state by this same run (`apply` without
  /// `--plan`): a company or group create then sends no look for its name just before it
  /// (the plan's read was that look); the check after the create still converges.
  bool plan_read_in_this_run = false;
  /// Asked before each new action starts; when it returns true no new action starts,
  /// the ones in flight finish, and the rest are reported "not-run" (Ctrl-C).
  std::function<bool()> should_stop;
  /// False: an action that ends done or adopted leaves no entry in ApplyReport::actions, only
  /// its count, for output that shows the failures alone (text, jsonl): a fresh apply of a
  /// million target users would otherwise hold a report entry for each until the end.
  bool keep_succeeded = true;
};

/// Carries out `plan` through `runner`. Never throws; every action gets an outcome.
/// Ids of creates are recorded by address; an IdRef with `from_action` takes the id from
/// there. An action whose ref cannot be resolved fails (its dependents are skipped).
ApplyReport Execute(const Plan& plan, ActionRunner& runner, const ExecuteOptions& options);

/// Carries out `plan` against the Keepnet API through `client` (an ApiActionRunner), with the
/// client's counters in the report. The journal and the dry run are Transport decorators
/// under the client (journal.h, dry_run_transport.h).
ApplyReport Execute(const Plan& plan, KeepnetClient& client, const ExecuteOptions& options);

}  // namespace onboard
