#pragma once
// Target groups of one customer's company (spec.targetGroups) and its target users'
// memberships (a user's `groups`): planning their creates, updates, prune deletes and
// membership changes, their fingerprints, and the live groups no manifest lists.
//
// How the plan shows membership changes: one action per target group and direction
// (`customer.<c>.target-group.<name>.add-users` / `.remove-users`, verbs add-participant /
// remove-participant, object "target-group-members"), each one request for every user it
// lists; never one request per user. A new user joins its groups in its own create body.
// The target-user PUT replaces memberships and sends the live ones back, so a membership
// action depends on the updates of the users it lists: it runs after their PUTs.

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/desired/desired_state.h"
#include "engine/live/live_state.h"
#include "engine/plan/plan.h"

namespace onboard {

/// True when planning `customer` needs its company's live target groups and memberships:
/// it declares spec.targetGroups, one of its target users lists `groups`, or it prunes
/// target groups. Other customers' target groups are not read.
bool ManagesTargetGroups(const DesiredCustomer& customer);

/// Digest (16 hex digits) of a target group's name (ignoring case) and priority.
std::string Fingerprint(const TargetGroupRecord& group);

/// Digest of a target group and the set of its members' ids: a membership action is stale
/// when the group or who is in it changed since the plan.
std::string MembersFingerprint(const TargetGroupRecord& group, const std::vector<std::string>& member_ids);

/// For StaleAddresses: true when a target-group or target-group-members action of `saved`
/// no longer fits `company` (read with its target groups): a create whose name now exists,
/// an update, delete or membership change whose group is gone or changed. False for other
/// actions, and when the company's target groups were not read.
bool TargetGroupActionStale(const Action& saved, const LiveCompany& company);

/// The live target groups of `company` that `customer` does not list in spec.targetGroups
/// (names compared ignoring case), in live order; nullopt when the company's target groups
/// were not read (only customers that ManagesTargetGroups get them read: see
/// docs/target-groups.md, "The reads").
std::optional<std::vector<const TargetGroupRecord*>> UnlistedTargetGroups(const DesiredCustomer& customer,
                                                                          const LiveCompany& company);

/// Plans one customer's target groups and memberships, in three steps the customer planner
/// calls in dependency order: PlanGroups before the target users (their creates may join a
/// group created here), User for each target user, Finish after them all (membership
/// actions, then prune deletes).
class TargetGroupPlanner {
 public:
  /// Appends an action of the customer (scoped to its company, waiting for the company's
  /// create when it is new), as the customer planner does for its own actions.
  using AddFn = std::function<Action&(std::string address, ActionType type, ActionBody body, SourceLocation source,
                                      std::vector<FieldChange> changes)>;

  /// `company` is nullptr when the company is still to be created.
  TargetGroupPlanner(const DesiredCustomer& customer, const LiveCompany* company, Plan& plan, AddFn add);

  /// Creates the declared groups missing live and updates those whose priority (or name's
  /// case) differs. Errors: two declared groups with one name, two live groups with a
  /// declared name, a company with live target groups that were not read.
  void PlanGroups();

  /// A target user's memberships. A new user (`live` nullptr) gets its groups in `body`
  /// (record.target_group_ids and joins) and the returned addresses of target-group creates
  /// it must wait for; an existing user with `groups` is added to the membership changes.
  std::vector<std::string> User(const DesiredTargetUser& user, const TargetUserRecord* live, TargetUserBody* body);

  /// Records that the plan updates the target user at `address` (its PUT must run before
  /// any membership change of that user).
  void UserUpdated(const std::string& address) { updated_users_.insert(address); }

  /// Appends the membership actions (per group: joins, then leaves; groups in name order)
  /// and, with prune targetGroups, the deletes of live groups not listed (after every action
  /// of the customer that sends that group's id).
  void Finish();

 private:
  struct Target {
    std::string name;     // as the manifest writes it (trimmed)
    IdRef ref;            // live id, or the create's address
    const TargetGroupRecord* live = nullptr;
  };
  struct Member {
    std::string id;
    std::string email;
    std::string address;  // the user's action address
  };
  void Error(const SourceLocation& where, std::string field, std::string summary, std::string fix);
  void AddMembers(ActionType type, const Target& target, std::vector<Member> members);

  const DesiredCustomer& c_;
  const LiveCompany* company_;
  Plan& plan_;
  AddFn add_;
  bool usable_ = true;  // false: the live groups are unknown, nothing is planned
  size_t first_action_ = 0;
  std::map<std::string, Target> targets_;  // FoldKey(name) -> the declared group
  std::map<std::string, std::vector<Member>> joining_, leaving_;  // FoldKey(name) -> members
  std::set<std::string> updated_users_;
};

}  // namespace onboard
