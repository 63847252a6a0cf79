#include "engine/plan/target_groups.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/plan/address.h"
#include "engine/plan/compare.h"
#include "engine/text/fnv1a.h"
#include "engine/text/strings.h"

namespace onboard {
namespace {

// Length-prefixed fields, as the other fingerprints frame them (plan/fingerprint.cc).
void AddField(Fnv1a64& h, std::string_view value) {
  h.Mix(std::to_string(value.size()) + ":");
  h.Mix(value);
}

const TargetGroupRecord* FindGroup(const LiveCompany& company, const std::string& id) {
  for (const TargetGroupRecord& g : company.target_groups)
    if (g.id == id) return &g;
  return nullptr;
}

const std::vector<std::string>& MembersOf(const LiveCompany& company, const std::string& id) {
  static const std::vector<std::string> none;
  auto it = company.target_group_members.find(id);
  return it == company.target_group_members.end() ? none : it->second;
}

}  // namespace

bool ManagesTargetGroups(const DesiredCustomer& customer) {
  if (!customer.target_groups.empty() || customer.prune.target_groups) return true;
  return std::any_of(customer.target_users.begin(), customer.target_users.end(),
                     [](const DesiredTargetUser& u) { return u.groups.has_value(); });
}

std::string Fingerprint(const TargetGroupRecord& group) {
  Fnv1a64 h;
  AddField(h, FoldKey(group.name));
  AddField(h, FoldKey(group.priority));
  return h.Hex();
}

std::string MembersFingerprint(const TargetGroupRecord& group, const std::vector<std::string>& member_ids) {
  std::vector<std::string> sorted = member_ids;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  Fnv1a64 h;
  AddField(h, FoldKey(group.name));
  AddField(h, FoldKey(group.priority));
  AddField(h, std::to_string(sorted.size()));
  for (const std::string& id : sorted) AddField(h, id);
  return h.Hex();
}

bool TargetGroupActionStale(const Action& a, const LiveCompany& company) {
  if (!company.target_groups_read) return false;
  if (const TargetGroupBody* g = a.As<TargetGroupBody>()) {
    if (a.type == ActionType::Create)
      return std::any_of(company.target_groups.begin(), company.target_groups.end(),
                         [&](const TargetGroupRecord& live) { return FoldKey(live.name) == FoldKey(g->record.name); });
    const TargetGroupRecord* live = FindGroup(company, a.target_id);
    return !live || Fingerprint(*live) != a.fingerprint;
  }
  if (const TargetGroupMembersBody* m = a.As<TargetGroupMembersBody>()) {
    if (!m->group.known()) return false;  // the group's create speaks for it
    const TargetGroupRecord* live = FindGroup(company, m->group.id);
    return !live || MembersFingerprint(*live, MembersOf(company, live->id)) != a.fingerprint;
  }
  return false;
}

std::optional<std::vector<const TargetGroupRecord*>> UnlistedTargetGroups(const DesiredCustomer& customer,
                                                                          const LiveCompany& company) {
  if (!company.target_groups_read) return std::nullopt;
  std::set<std::string> listed;
  for (const DesiredTargetGroup& g : customer.target_groups) listed.insert(FoldKey(g.name));
  std::vector<const TargetGroupRecord*> out;
  for (const TargetGroupRecord& g : company.target_groups)
    if (!listed.count(FoldKey(g.name))) out.push_back(&g);
  return out;
}

TargetGroupPlanner::TargetGroupPlanner(const DesiredCustomer& customer, const LiveCompany* company, Plan& plan,
                                       AddFn add)
    : c_(customer), company_(company), plan_(plan), add_(std::move(add)) {}

void TargetGroupPlanner::Error(const SourceLocation& where, std::string field, std::string summary, std::string fix) {
  plan_.diagnostics.Add({Severity::Error, where, std::move(field), std::move(summary), std::move(fix), c_.key, {}});
}

void TargetGroupPlanner::PlanGroups() {
  first_action_ = plan_.actions.size();
  if (company_ && !company_->target_groups_read) {
    usable_ = false;
    if (ManagesTargetGroups(c_))
      Error(c_.location, "spec.targetGroups",
            fmt::format("the target groups of company {} were not read, so they cannot be planned",
                        company_->company.id),
            "run plan again");
    return;
  }
  std::unordered_map<std::string, std::vector<const TargetGroupRecord*>> live;
  if (company_)
    for (const TargetGroupRecord& g : company_->target_groups) live[FoldKey(g.name)].push_back(&g);
  for (size_t i = 0; i < c_.target_groups.size(); ++i) {
    const DesiredTargetGroup& d = c_.target_groups[i];
    const std::string name = Trim(d.name);
    const std::string key = FoldKey(name);
    const std::string field = fmt::format("spec.targetGroups[{}].name", i);
    if (targets_.count(key)) {
      Error(d.location, field, fmt::format("target group \"{}\" is listed twice", name),
            "target-group names are compared without case; keep one entry");
      continue;
    }
    const std::string address = TargetGroupAddress(c_.key, name);
    auto found = live.find(key);
    if (found != live.end() && found->second.size() > 1) {
      std::vector<std::string> ids;
      for (const TargetGroupRecord* g : found->second) ids.push_back(g->id);
      Error(d.location, field,
            fmt::format("{} live target groups are named \"{}\": {}", ids.size(), name, fmt::join(ids, ", ")),
            "rename or delete one of them on the platform");
      continue;
    }
    if (found == live.end()) {
      TargetGroupRecord record;
      record.name = name;
      record.priority = d.priority.value_or("");
      add_(address, ActionType::Create, TargetGroupBody{record, 0}, d.location, {});
      targets_[key] = {name, {{}, address}, nullptr};
      continue;
    }
    const TargetGroupRecord& g = *found->second.front();
    targets_[key] = {name, {g.id, {}}, &g};
    TargetGroupRecord body = g;
    std::vector<FieldChange> changes;
    if (Trim(g.name) != name) {
      changes.push_back({"name", Trim(g.name), name});
      body.name = name;
    }
    if (d.priority && !EqualsIgnoreCase(Trim(g.priority), Trim(*d.priority))) {
      changes.push_back({"priority", Trim(g.priority), Trim(*d.priority)});
      body.priority = Trim(*d.priority);
    }
    if (changes.empty()) continue;
    Action& a = add_(address, ActionType::Update, TargetGroupBody{body, 0}, d.location, std::move(changes));
    a.target_id = g.id;
    a.fingerprint = Fingerprint(g);
  }
}

std::vector<std::string> TargetGroupPlanner::User(const DesiredTargetUser& user, const TargetUserRecord* live,
                                                  TargetUserBody* body) {
  std::vector<std::string> waits;
  if (!user.groups || !usable_) return waits;
  const std::string email = FoldKey(user.email);
  const std::string address = TargetUserAddress(c_.key, user.email);
  std::vector<const Target*> wanted;
  for (const std::string& name : *user.groups) {
    auto it = targets_.find(FoldKey(name));
    if (it == targets_.end()) {
      Error(user.locations.Find("", c_.location), "groups",
            fmt::format("target user {} names target group \"{}\", which spec.targetGroups does not declare", email,
                        Trim(name)),
            "declare it in spec.targetGroups");
      continue;
    }
    if (std::find(wanted.begin(), wanted.end(), &it->second) == wanted.end()) wanted.push_back(&it->second);
  }
  if (!live) {
    std::vector<std::string> ids;
    for (const Target* t : wanted) {
      body->joins.push_back({t->name, t->ref});
      if (t->ref.known()) ids.push_back(t->ref.id);
      else waits.push_back(t->ref.from_action);
    }
    body->record.target_group_ids = std::move(ids);
    return waits;
  }
  if (!live->target_group_ids) return waits;  // memberships not read: nothing to compare
  const std::vector<std::string>& has = *live->target_group_ids;
  std::set<std::string> kept;
  for (const Target* t : wanted) {
    if (t->ref.known() && std::find(has.begin(), has.end(), t->ref.id) != has.end()) {
      kept.insert(t->ref.id);
      continue;
    }
    joining_[FoldKey(t->name)].push_back({live->id, email, address});
  }
  for (const std::string& id : has) {
    if (kept.count(id)) continue;
    const TargetGroupRecord* g = company_ ? FindGroup(*company_, id) : nullptr;
    // A group the plan deletes takes its memberships with it.
    if (g && c_.prune.target_groups && !targets_.count(FoldKey(g->name))) continue;
    leaving_[id].push_back({live->id, email, address});
  }
  return waits;
}

void TargetGroupPlanner::AddMembers(ActionType type, const Target& target, std::vector<Member> members) {
  std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) { return a.email < b.email; });
  TargetGroupMembersBody body;
  body.group_name = target.name;
  body.group = target.ref;
  std::vector<std::string> waits;
  if (!target.ref.known()) waits.push_back(target.ref.from_action);
  for (const Member& m : members) {
    body.user_ids.push_back(m.id);
    body.emails.push_back(m.email);
    if (updated_users_.count(m.address)) waits.push_back(m.address);
  }
  const std::string address = TargetGroupAddress(c_.key, target.name) +
                              (type == ActionType::AddParticipant ? ".add-users" : ".remove-users");
  SourceLocation source = c_.location;
  for (const DesiredTargetGroup& d : c_.target_groups)
    if (FoldKey(d.name) == FoldKey(target.name)) source = d.location;
  Action& a = add_(address, type, std::move(body), source, {});
  for (std::string& w : waits) a.depends_on.push_back(std::move(w));
  if (target.live) {
    a.target_id = target.live->id;
    a.fingerprint = MembersFingerprint(*target.live, MembersOf(*company_, target.live->id));
  }
}

void TargetGroupPlanner::Finish() {
  if (!usable_) return;
  for (auto& [key, members] : joining_) AddMembers(ActionType::AddParticipant, targets_.at(key), std::move(members));
  // Leaves in group-name order, like the joins.
  std::vector<std::pair<const TargetGroupRecord*, std::vector<Member>*>> leaves;
  for (auto& [id, members] : leaving_)
    if (const TargetGroupRecord* g = FindGroup(*company_, id)) leaves.emplace_back(g, &members);
  std::sort(leaves.begin(), leaves.end(),
            [](const auto& a, const auto& b) { return FoldKey(a.first->name) < FoldKey(b.first->name); });
  for (auto& [g, members] : leaves) {
    auto declared = targets_.find(FoldKey(g->name));
    Target target = declared != targets_.end() ? declared->second : Target{Trim(g->name), {g->id, {}}, g};
    AddMembers(ActionType::RemoveParticipant, target, std::move(*members));
  }
  if (!c_.prune.target_groups || !company_) return;
  for (const TargetGroupRecord& g : company_->target_groups) {
    if (targets_.count(FoldKey(g.name))) continue;
    // Every user write of the customer that still sends this group's id goes first.
    std::vector<std::string> waits;
    for (size_t i = first_action_; i < plan_.actions.size(); ++i) {
      const Action& a = plan_.actions[i];
      const TargetUserBody* u = a.As<TargetUserBody>();
      if (!u || a.customer != c_.key || a.type == ActionType::Create || !u->record.target_group_ids) continue;
      const std::vector<std::string>& ids = *u->record.target_group_ids;
      if (std::find(ids.begin(), ids.end(), g.id) != ids.end()) waits.push_back(a.address);
    }
    TargetGroupBody body{g, static_cast<int>(MembersOf(*company_, g.id).size())};
    Action& a = add_(TargetGroupAddress(c_.key, g.name), ActionType::Delete, std::move(body), c_.location, {});
    for (std::string& w : waits) a.depends_on.push_back(std::move(w));
    a.target_id = g.id;
    a.fingerprint = Fingerprint(g);
  }
}

}  // namespace onboard
