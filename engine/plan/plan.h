#pragma once
// The plan: planned changes as plain data (Terraform's plans.Changes). The planner makes it,
// renderers show it, the executor carries it out, and `--out` saves it (plan/plan_file.h).
// Apply is built from the plan alone, never from the manifests again, so it cannot do what
// the plan did not show.
//
// An action is a verb (ActionType) and a body (ActionBody): one body type per kind of
// object, so an action cannot carry the wrong body. A create carries only its body; renderers
// derive the fields it shows from it. An update carries its body (what it sends) and
// `changes`, the before/after of each field that differs.

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "engine/desired/compact_location.h"
#include "engine/diag/diagnostic.h"
#include "engine/model/interned_string.h"
#include "engine/model/rare_string.h"
#include "engine/model/rare_vector.h"
#include "engine/model/records.h"

namespace onboard {

/// What an action does. The value doubles as the symbol renderers show.
enum class ActionType { Create, Update, Delete, AddParticipant, RemoveParticipant };

/// "create", "update", "delete", "add-participant", "remove-participant".
const char* ActionTypeName(ActionType type);
/// "+", "~", "-", "+", "-".
const char* ActionTypeSymbol(ActionType type);

/// What an action acts on; the order of ActionBody's alternatives.
enum class ObjectType { Group, Company, Participant, Admin, TargetUser, TargetGroup, TargetGroupMembers };

/// "group", "company", "participant", "admin", "target-user", "target-group",
/// "target-group-members".
const char* ObjectTypeName(ObjectType type);

/// One changed field of an update. Values are display strings: names rather than ids where a
/// name is known, lists as "[a, b]", absent values as "".
struct FieldChange {
  std::string field;   ///< manifest field path, e.g. "license.users", "department"
  std::string before;
  std::string after;
  bool sensitive = false;  ///< personal data (phone numbers): masked unless --show-sensitive
};

/// An id that is either known now or produced by another action of the plan when it runs.
struct IdRef {
  std::string id;               ///< the resource id, when known
  InternedString from_action;   ///< else: the address of the create action that yields it
  bool known() const { return !id.empty(); }
};

/// A value kept on the heap and copied deeply: keeps a large body that few actions carry
/// (companies: one per customer) from widening every action of the variant. A moved-from
/// Boxed holds nothing; only assign to it or destroy it.
template <class T>
class Boxed {
 public:
  Boxed() : p_(std::make_unique<T>()) {}
  Boxed(T value) : p_(std::make_unique<T>(std::move(value))) {}  // NOLINT: implicit by design
  Boxed(const Boxed& other) : p_(std::make_unique<T>(*other)) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& other) {
    if (this != &other) p_ = std::make_unique<T>(*other);
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }

 private:
  std::unique_ptr<T> p_;
};

/// A company group to create.
struct GroupBody {
  std::string name;
};

/// A company joining a group (the company is Action::company_ref).
struct ParticipantBody {
  std::string group_name;
  IdRef group;
};

/// A company to create or update: the full record sent (a PUT replaces the whole company, so
/// an update's record is the live company with the managed fields laid over it).
struct CompanyBody {
  Boxed<CompanyRecord> record;
  /// Creates: the groups the company joins in its create (CompanyGroupResourceIdArray), so a
  /// new customer needs no participant request; an id from a group create of the plan is
  /// added to record.group_ids when apply runs (the create depends on that group create).
  std::vector<ParticipantBody> joins;
  /// Deletes (ensure: absent): how many live admins and target users go with the company,
  /// as read when the plan was made (shown in the plan; the API deletes them with it).
  int admins_going = 0;
  int target_users_going = 0;
};

/// An admin (system user) to create or update: the full record sent.
struct AdminBody {
  SystemUserRecord record;
  /// Role names resolved to ids when apply runs, because the company does not exist yet
  /// ("known after apply"); empty when `record.role_ids` is already resolved.
  std::vector<std::string> role_names_after_apply;
};

/// A target user to create or update: the full record sent.
struct TargetUserBody {
  TargetUserRecord record;
  /// Creates: the target groups the user joins in its create (targetGroupResourceIds); an id
  /// from a target-group create of the plan is added to record.target_group_ids when apply
  /// runs (the create depends on that target-group create). Empty for updates.
  std::vector<ParticipantBody> joins;
};

/// A target group of the customer's company to create, update (priority, or the name's
/// case) or delete: the record sent (a delete: the live record).
struct TargetGroupBody {
  TargetGroupRecord record;
  /// Deletes: how many live target users are members (they stay, outside the group).
  int members = 0;
};

/// Target users joining (add-participant) or leaving (remove-participant) one target group
/// of the company: one request for all of them. Only users that exist already: a new user
/// joins in its create (TargetUserBody::joins).
struct TargetGroupMembersBody {
  std::string group_name;
  IdRef group;                       ///< the live group, or the target-group create's address
  std::vector<std::string> user_ids;  ///< target-user resource ids, sorted
  std::vector<std::string> emails;    ///< the same users' e-mails (lower case), for display
};

/// What an action sends, by kind of object. New kinds of action (deletes, target groups) add
/// an alternative here and an ObjectType value at the same position.
using ActionBody = std::variant<GroupBody, CompanyBody, ParticipantBody, AdminBody, TargetUserBody, TargetGroupBody,
                                TargetGroupMembersBody>;

/// True when `type` is a verb the kind of object `object` supports in this version:
/// create for groups; create, update and delete for companies, admins and target users;
/// add-participant and remove-participant for participants. A delete's body is the LIVE
/// record it deletes (its before values); a remove-participant's is the group left.
/// create, update and delete for target groups; add-participant and remove-participant for
/// target-group members.
bool ValidVerb(ActionType type, ObjectType object);

/// One planned change, with a stable address:
/// group.<name>, customer.<name>.company, customer.<name>.group.<group>,
/// customer.<name>.admin.<email>, customer.<name>.target-user.<email>,
/// customer.<name>.target-group.<name> (target groups; the name in lower case),
/// customer.<name>.target-group.<name>.add-users / .remove-users (members).
struct Action {
  std::string address;
  ActionType type = ActionType::Create;
  ActionBody body;
  // The customer and the addresses waited for are shared by every action of a customer
  // (a hundred users wait for one company create): interned, one copy each
  // (model/interned_string.h).
  InternedString customer;                 ///< customer key; empty for groups
  std::vector<InternedString> depends_on;  ///< addresses of actions that must finish first
  RareVector<FieldChange> changes;  ///< updates only: each changed field, before and after (8 bytes when none)

  RareString target_id;  ///< update/delete: the live object's id (creates: empty, 8 bytes)
  IdRef company_ref;      ///< company updates, participants, users: the company (scope header)

  /// Updates and participants: digest of the live object this action was computed from, so
  /// `apply --plan` can refuse a stale plan (plan/fingerprint.h). Empty for creates: a create
  /// is stale when its object exists, which needs no digest.
  RareString fingerprint;
  CompactLocation source;  ///< the manifest location it came from

  ObjectType object() const { return static_cast<ObjectType>(body.index()); }
  /// The body as `T`, or nullptr when the action is of another kind.
  template <class T>
  const T* As() const { return std::get_if<T>(&body); }
  template <class T>
  T* As() { return std::get_if<T>(&body); }
};

static_assert(std::is_same_v<std::variant_alternative_t<static_cast<size_t>(ObjectType::TargetUser), ActionBody>,
                             TargetUserBody>,
              "ObjectType values follow ActionBody's alternatives");
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<size_t>(ObjectType::TargetGroupMembers), ActionBody>,
                             TargetGroupMembersBody>,
              "ObjectType values follow ActionBody's alternatives");

/// Counts of a plan's actions, for summaries.
struct PlanSummary {
  int create = 0;
  int update = 0;
  int destroy = 0;  ///< "delete" in JSON
  int add_participant = 0;     ///< companies joining a company group
  int remove_participant = 0;  ///< companies leaving one
  /// Target-group membership actions (users joining or leaving a target group): they share the
  /// participant verbs but are counted apart.
  int membership_change = 0;
  int total() const { return create + update + destroy + add_participant + remove_participant + membership_change; }
};

/// A customer left out of the plan because its own live state could not be read (after the
/// client's retries): nothing is planned for it, the rest of the plan may be applied, and the
/// run fails (exit 1) so that it is tried again.
struct FailedCustomer {
  std::string customer;  ///< customer key
  std::string error;     ///< the read that failed and why (names the request)
};

/// One customer's live objects that no manifest lists and that its `prune` does not cover
/// (those are deletes instead): reported by every plan, changed by none.
struct UnlistedCustomer {
  std::string customer;  ///< customer key
  int target_users = 0;
  int admins = 0;
  int target_groups = 0;
  /// Their addresses (customer.<c>.target-user.<email>, customer.<c>.admin.<email>, ...).
  std::vector<std::string> addresses;
};

/// A live company no manifest describes (`onboard export` writes a manifest for it).
struct UnlistedCompany {
  std::string id;
  std::string name;
};

/// What is live but in no manifest: plain data for the renderers.
struct UnlistedObjects {
  std::vector<UnlistedCustomer> customers;  ///< in plan order; only customers with some
  std::vector<UnlistedCompany> companies;   ///< in the order the companies search lists them
  bool empty() const { return customers.empty() && companies.empty(); }
};

struct Plan {
  static constexpr int kFormatVersion = 3;
  /// Actions in a dependency order: every action comes after those it depends on. A deque,
  /// not a vector: it grows in blocks while the planner frees the manifests it has planned,
  /// with no up-front reservation of a million actions and no reallocation that holds two
  /// copies at once (docs/benchmarks.md, memory).
  std::deque<Action> actions;
  /// Warnings to show before anyone applies (admin creates, near-duplicate names, ...) and
  /// errors (a plan with errors can be shown but not applied). `subject` = action address
  /// or customer key.
  Diagnostics diagnostics;
  std::vector<std::string> customers;  ///< the customer keys the plan covers
  std::string manifest_digest;         ///< DesiredState::digest
  std::string api_url;                 ///< where the live state was read from
  /// How renderers show the reference ids the bodies hold (industry, country, license type,
  /// period and modules, language, roles): resource id -> name, for those ids only. One
  /// table for the plan, however many actions name the same id.
  std::map<std::string, std::string> names;
  /// Customers skipped because their reads failed; not errors (those block the whole plan).
  std::vector<FailedCustomer> failed_customers;
  /// Live objects no manifest lists (not changes: a plan with only these has no changes).
  UnlistedObjects unlisted;
  /// Made with --allow-mass-delete: its deletes may exceed the mass-deletion guard
  /// (plan/prune.h), and `apply --plan` applies them.
  bool allow_mass_delete = false;

  PlanSummary Summarize() const;
  bool has_changes() const { return !actions.empty(); }
  /// The action at `address`, or nullptr. Linear: for lookups in a loop, index the plan.
  const Action* Find(const std::string& address) const;
  /// The name `names` gives id `id`, else `id` itself.
  const std::string& NameOf(const std::string& id) const;
};

}  // namespace onboard
