#pragma once
// The plan: planned changes as plain data (Terraform's plans.Changes). The planner makes it,
// renderers show it, the executor carries it out, and `--out` saves it as JSON. Apply is
// built from the plan alone, never from the manifests again, so it cannot do what the plan
// did not show.

#include <optional>
#include <string>
#include <vector>

#include "engine/diag/diagnostic.h"
#include "engine/model/records.h"

namespace onboard {

/// What an action does. The value doubles as the symbol renderers show.
enum class ActionType { Create, Update, Delete, AddParticipant, RemoveParticipant };

/// "create", "update", "delete", "add-participant", "remove-participant" (CONTRACT §3).
const char* ActionTypeName(ActionType type);
/// "+", "~", "-", "+", "-".
const char* ActionTypeSymbol(ActionType type);

/// What an action acts on.
enum class ObjectType { Group, Company, Participant, Admin, TargetUser };

/// One changed field of an update (or a set field of a create, with an empty `before`).
/// Values are display strings: names rather than ids where a name is known, lists as
/// "[a, b]", absent values as "".
struct FieldChange {
  std::string field;   ///< manifest field path, e.g. "license.users", "department"
  std::string before;
  std::string after;
  bool sensitive = false;  ///< personal data (phone numbers): masked unless --show-sensitive
};

/// An id that is either known now or produced by another action of the plan when it runs.
struct IdRef {
  std::string id;            ///< the resource id, when known
  std::string from_action;   ///< else: the address of the create action that yields it
  bool known() const { return !id.empty(); }
};

/// One planned change, with a stable address (CONTRACT §3):
/// group.<name>, customer.<name>.company, customer.<name>.group.<group>,
/// customer.<name>.admin.<email>, customer.<name>.target-user.<email>.
struct Action {
  std::string address;
  ActionType type = ActionType::Create;
  ObjectType object = ObjectType::Company;
  std::string customer;                 ///< customer key; empty for groups
  std::vector<std::string> depends_on;  ///< addresses of actions that must finish first
  std::vector<FieldChange> changes;     ///< updates: every changed field; creates: the fields set

  // What to send. Exactly one body is set, by `object`:
  std::optional<CompanyRecord> company;          ///< Company: full body (PUT replaces)
  std::optional<SystemUserRecord> admin;         ///< Admin: full body
  std::optional<TargetUserRecord> target_user;   ///< TargetUser: full body
  std::string group_name;                        ///< Group create: the name; Participant: the group's name

  std::string target_id;  ///< update/delete: the live object's id
  IdRef company_ref;      ///< company actions, participants, users: the company (scope header)
  IdRef group_ref;        ///< participants: the group
  /// Admin roles by name, resolved to ids when apply runs because the company does not
  /// exist yet ("known after apply"); empty when `admin->role_ids` is already resolved.
  std::vector<std::string> role_names_after_apply;

  /// Digest of the live object this action was computed from ("absent:<key>" for creates),
  /// so `apply --plan` can refuse a stale plan. See plan/fingerprint.h.
  std::string fingerprint;
  SourceLocation source;  ///< the manifest location it came from
};

/// Counts of a plan's actions, for summaries.
struct PlanSummary {
  int create = 0;
  int update = 0;
  int destroy = 0;  ///< "delete" in JSON
  int add_participant = 0;
  int remove_participant = 0;
  int total() const { return create + update + destroy + add_participant + remove_participant; }
};

/// A customer left out of the plan because its own live state could not be read (after the
/// client's retries): nothing is planned for it, the rest of the plan may be applied, and the
/// run fails (exit 1) so that it is tried again.
struct FailedCustomer {
  std::string customer;  ///< customer key
  std::string error;     ///< the read that failed and why (names the request)
};

struct Plan {
  static constexpr int kFormatVersion = 1;
  /// Actions in a dependency order: every action comes after those it depends on.
  std::vector<Action> actions;
  /// Warnings to show before anyone applies (admin creates, near-duplicate names, ...) and
  /// errors (a plan with errors can be shown but not applied). `subject` = action address
  /// or customer key.
  Diagnostics diagnostics;
  std::vector<std::string> customers;  ///< the customer keys the plan covers
  std::string manifest_digest;         ///< DesiredState::digest
  std::string api_url;                 ///< where the live state was read from
  /// Customers skipped because their reads failed; not errors (those block the whole plan).
  std::vector<FailedCustomer> failed_customers;

  PlanSummary Summarize() const;
  bool has_changes() const { return !actions.empty(); }
  const Action* Find(const std::string& address) const;
};

}  // namespace onboard
