#pragma once
// The one interface that carries out a single planned action (ninja's CommandRunner): the
// executor starts actions through it and learns how each ended. The real implementation is
// api_action_runner.h (over KeepnetClient); a dry run is the same runner over
// dry_run_transport.h; tests use fakes.

#include <chrono>
#include <functional>
#include <string>

#include "engine/api/keepnet_client.h"
#include "engine/plan/plan.h"

namespace onboard {

/// The ids an action needs, resolved from its IdRefs by the executor before it starts.
struct ResolvedIds {
  std::string company_id;  ///< from Action::company_ref ("" when the action has none)
  std::string group_id;    ///< from ParticipantBody::group or TargetGroupMembersBody::group
  /// Company creates: CompanyBody::joins' ids; target-user creates: TargetUserBody::joins'
  /// ids (target groups); in order.
  std::vector<std::string> group_ids;
};

/// How one action ended.
struct ActionResult {
  enum class Kind {
    Done,     ///< the write was sent and succeeded
    Adopted,  ///< a create found its object already there (a lost answer, another run) and adopted it
    Failed,
  };
  Kind kind = Kind::Done;
  /// The object's id: a create's new id, an adopted object's id, an update's target id.
  std::string id;
  /// Failed: what went wrong, with the API's own message (ApiError::ToString()).
  std::string error;
  /// Done or Adopted: what a reader of the report should know, e.g. why a create adopted
  /// ("another run created it first; this run's copy X was deleted"); "" when nothing.
  std::string note;
};

class ActionRunner {
 public:
  using Done = std::function<void(ActionResult)>;
  virtual ~ActionRunner() = default;

  /// Starts `action` (which outlives the call) with its ids resolved; `done` runs exactly once,
  /// on the loop (possibly before Start returns, for an action that fails at once).
  virtual void Start(const Action& action, const ResolvedIds& ids, Done done) = 0;
  /// Runs the loop until at least one callback ran. Returns false when nothing is pending
  /// (then no started action will ever finish).
  virtual bool WaitForSomething() = 0;
  /// Counters of the requests sent so far, for progress and the report.
  virtual ClientStats stats() const { return {}; }
};

}  // namespace onboard
