#pragma once
// Carries out planned actions with KeepnetClient's typed calls, one call (or a short
// sequence) per action kind. Never creates a duplicate: when a create's answer is lost
// (ApiError::Kind::OutcomeUnknown, or a 500/502/504), it looks the object up by its key
// before sending the create again, and adopts what it finds. Two applies at the same moment
// converge too: a company or group create looks for its name just before and checks it is
// unique just after, yielding to the oldest copy (exec/converge.h); a user create refused
// for a taken e-mail adopts that user.

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/api/keepnet_client.h"
#include "engine/exec/action_runner.h"

namespace onboard {

/// The error of a create whose every answer was lost (`lost`: the last error) and whose object
/// a lookup did not find after `attempts` sends: says what happened and that apply may run again.
std::string LostCreateMessage(const std::string& lost, int attempts);

class ApiActionRunner : public ActionRunner {
 public:
  /// Most times one create is sent when its answers keep getting lost (the first included);
  /// each resend follows a lookup that found nothing, so it cannot make a duplicate.
  static constexpr int kMaxCreateAttempts = 5;

  /// `client` must outlive the runner.
  explicit ApiActionRunner(KeepnetClient& client) : client_(client) {}

  /// Per action (origin = the action's address):
  ///  group create -> [ListGroups, unless SetLookBeforeCreate(false)] CreateGroup, ListGroups
  ///                  (the lists wait until no group create awaits its answer: one request) [DeleteGroup of its own copy when
  ///                  an older group has the name] (key: name);
  ///  company create -> [SearchCompanies, likewise] CreateCompany, SearchCompanies [DeleteCompany of its
  ///                  own copy when an older company has the name] (key: exact name);
  ///  company update -> UpdateCompany(target_id);
  ///  participant -> AddParticipants(group, companies): the participants of one group
  ///                 started before the next WaitForSomething go in one request (the
  ///                 endpoint takes a list), its answer finishing each of them;
  ///  admin create -> [ListRoles to resolve role_names_after_apply, case-insensitively]
  ///                  CreateSystemUser (key: email, via SearchSystemUsers in the company;
  ///                  a taken e-mail adopts the user found, unchanged);
  ///  admin update -> [roles as above] UpdateSystemUser(target_id);
  ///  target user create/update -> CreateTargetUser (key: email; the target groups of its
  ///                  joins added to its memberships) / UpdateTargetUser;
  ///  target group create -> ListTargetGroups, CreateTargetGroup, ListTargetGroups
  ///                  [DeleteTargetGroup of its own copy when an older group has the name]
  ///                  (key: name, ignoring case); update -> UpdateTargetGroup; delete ->
  ///                  DeleteTargetGroup;
  ///  target-group members -> AddTargetGroupUsers (join) / RemoveTargetGroupUsers (leave): one
  ///                  request for all the action's users, sent again when its answer is lost
  ///                  (both are idempotent).
  /// Other deletes and participant removals fail.
  void Start(const Action& action, const ResolvedIds& ids, Done done) override;
  /// Sends the participants started since the last call and the group lists asked for
  /// since then (one request for all), then one turn of the client's transport loop.
  bool WaitForSomething() override;
  ClientStats stats() const override { return client_.stats(); }
  /// Ids of live companies the plan acts on (company updates): never taken for a copy of a
  /// company this run creates, even when they carry its name (a pinned company renamed).
  void SetKnownCompanies(std::set<std::string> ids) { known_companies_ = std::move(ids); }
  /// Whether a company or group create looks for its name just before creating (step 1 of
  /// the converging create; default true). False when the plan was read in this run: its
  /// read was that look, and the check after the create still makes racing runs agree.
  void SetLookBeforeCreate(bool look) { look_before_create_ = look; }

 private:
  /// The converging create of a company / a company group (api_action_runner.cc explains it).
  void CreateCompanyConverging(const std::string& origin, const CompanyRecord& body, Done done);
  void CreateGroupConverging(const std::string& origin, const std::string& name, Done done);
  void CreateTargetGroupConverging(const std::string& origin, const std::string& company_id,
                                   const TargetGroupRecord& body, Done done);

  using RolesDone = std::function<void(std::vector<std::string> ids, std::string error)>;
  /// The ids of role `names` in the company, read from the API once per company.
  void ResolveRoles(const std::string& origin, const std::string& company_id,
                    const std::vector<std::string>& names, RolesDone done);

  struct RoleLookup {
    std::optional<std::vector<RoleRecord>> roles;
    std::vector<std::pair<std::vector<std::string>, RolesDone>> waiting;
  };
  /// Sends one AddParticipants per group for the participants started since the last call,
  /// and one RemoveParticipants per group for the companies leaving it.
  void SendParticipants();
  /// Sends one ListGroups for every group create that asked for the list since the last
  /// call, once no group create is waiting for its answer.
  void SendGroupLists();

  struct Joining {
    std::string origin;
    std::string company_id;
    Done done;
  };
  KeepnetClient& client_;
  std::map<std::string, RoleLookup> roles_;  ///< by company id
  std::map<std::string, std::vector<Joining>> joining_;  ///< by group id: started, not yet sent
  std::map<std::string, std::vector<Joining>> leaving_;  ///< by group id: started, not yet sent
  std::set<std::string> known_companies_;
  bool look_before_create_ = true;
  struct ListingGroups {
    std::string origin;
    std::function<void(const Result<std::vector<GroupRecord>>&)> done;
  };
  std::vector<ListingGroups> listing_groups_;
  int group_creates_unanswered_ = 0;  ///< group creates sent whose answer has not come
};

}  // namespace onboard
