#pragma once
// What an apply did, action by action: the executor fills it, `apply` prints it for people
// (RenderApplySummary) or as JSON (`apply --format json`, ApplyReportToJson).

#include <chrono>
#include <string>
#include <vector>

#include "engine/api/keepnet_client.h"
#include "engine/desired/compact_location.h"
#include "engine/diag/diagnostic.h"
#include "engine/exec/dry_run_transport.h"
#include "engine/plan/plan.h"

namespace onboard {

/// How one planned action ended.
enum class ActionOutcome {
  Done,     ///< sent and succeeded
  Adopted,  ///< a create that found its object already there (a lost answer, another run)
  Failed,
  Skipped,  ///< not attempted: an action it depends on failed
  NotRun,   ///< not attempted: the run stopped before it was ready
};

/// "done", "adopted", "failed", "skipped", "not-run".
const char* ActionOutcomeName(ActionOutcome outcome);

struct ActionReport {
  std::string address;
  ActionType type = ActionType::Create;
  ObjectType object = ObjectType::Company;
  ActionOutcome outcome = ActionOutcome::NotRun;
  std::string id;     ///< created/adopted id, or the updated object's id
  std::string error;  ///< failed: the API's message; skipped: "upstream failed: <address>"
  std::string note;   ///< done/adopted: why it adopted, what was left for the next plan ("" none)
  CompactLocation source;
  std::chrono::milliseconds duration{0};  ///< from start to finish; 0 when not attempted
};

struct ApplyReport {
  /// One entry per planned action, in plan order; without the actions that ended done or
  /// adopted when the executor was asked not to keep them (ExecuteOptions::keep_succeeded),
  /// which the counts below still count.
  std::vector<ActionReport> actions;
  int created = 0;             ///< creates done or adopted
  int adopted = 0;             ///< of those, adopted
  int updated = 0;
  int participants_added = 0;  ///< companies joining groups (membership changes are not participants)
  int deleted = 0;               ///< deletes done (companies, admins, target users, target groups)
  int participants_removed = 0;  ///< companies that left a group
  int memberships_changed = 0;  ///< target-group membership changes (one per group and direction)
  int failed = 0;
  int skipped = 0;
  int not_run = 0;
  std::chrono::milliseconds wall_time{0};
  ClientStats client;
  /// Customers the plan skipped because their live state could not be read (Plan::
  /// failed_customers): nothing was applied for them, so the apply did not succeed.
  std::vector<FailedCustomer> failed_customers;
  /// A dry run (apply --dry-run): nothing was written; `requests` holds every write it would
  /// have sent, in order, and the actions that "succeeded" were only recorded.
  bool dry_run = false;
  std::vector<RecordedRequest> requests;

  /// True when every action finished (done or adopted) and no customer was skipped.
  bool success() const { return failed == 0 && skipped == 0 && not_run == 0 && failed_customers.empty(); }
  /// Recomputes the counts from `actions`.
  void Count();
  /// Adds one finished action to the counts.
  void Tally(const ActionReport& action);
};

/// The `apply --format json` document: format_version, dry_run, success, summary counts, wall
/// time, client stats and actions[] ({address, action, object, outcome, id, error, note, source,
/// duration_ms}). Never contains secrets (none are in a report). A dry run's document also
/// has requests[] ({method, path, company_id, origin, body}: the body as JSON when it is
/// JSON, else its text), personal data masked unless `show_sensitive`; its actions that would
/// have been sent have the outcome "dry-run" and no id (their ids are placeholders).
std::string ApplyReportToJson(const ApplyReport& report, bool show_sensitive = false);

/// For people: each failure with the API's message and the manifest location, the number of
/// skipped actions, then "Apply complete: X created, Y updated, Z participants added,
/// F failed, S skipped." (or "Apply failed: ..."), with "D deleted" and "R participants
/// removed" after the participants added when there are any. A dry run ends with "Dry run: would
/// create X, update Y[, add Z participants]; nothing was written." instead (or "Dry run
/// failed: ..."). ANSI colour only when `color`.
std::string RenderApplySummary(const ApplyReport& report, bool color);

/// A dry run's requests for people, in order (FormatRecordedRequest each, blank lines
/// between), personal data masked unless `show_sensitive`.
std::string RenderDryRunRequests(const ApplyReport& report, bool show_sensitive);

}  // namespace onboard
