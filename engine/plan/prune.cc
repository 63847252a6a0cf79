#include "engine/plan/prune.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "engine/desired/queries.h"
#include "engine/plan/address.h"
#include "engine/plan/compare.h"
#include "engine/plan/fingerprint.h"
#include "engine/plan/target_groups.h"

namespace onboard {
namespace {

Action& AddDelete(const RemovalContext& ctx, std::string address, ActionType type, ActionBody body, Plan* plan) {
  const DesiredCustomer& c = *ctx.customer;
  Action& a = plan->actions.emplace_back();
  a.address = std::move(address);
  a.type = type;
  a.body = std::move(body);
  a.customer = c.key;
  a.company_ref.id = ctx.company_id;
  a.source = FieldLocation(c.locations, "prune", c.location);
  return a;
}

// The live records of `records` whose email is not among `listed` (folded), by email: the
// order a search returns them in is not stable, the plan is.
template <class Record, class Desired>
std::vector<const Record*> Unlisted(const std::vector<Record>& records, const std::vector<Desired>& listed) {
  std::unordered_set<std::string> keys;
  keys.reserve(listed.size());
  for (const Desired& d : listed) keys.insert(FoldKey(d.email));
  std::vector<const Record*> out;
  for (const Record& r : records)
    if (!keys.count(FoldKey(r.email))) out.push_back(&r);
  std::sort(out.begin(), out.end(), [](const Record* a, const Record* b) { return FoldKey(a->email) < FoldKey(b->email); });
  return out;
}

}  // namespace

void PlanRemovals(const RemovalContext& ctx, Plan* plan) {
  const DesiredCustomer& c = *ctx.customer;
  const LiveCompany& live = *ctx.live;
  UnlistedCustomer unlisted;
  unlisted.customer = c.key;

  std::vector<const SystemUserRecord*> admins = Unlisted(live.admins, c.admins);
  for (const SystemUserRecord* u : admins) {
    std::string address = AdminAddress(c.key, u->email);
    if (!c.prune.admins) {
      ++unlisted.admins;
      unlisted.addresses.push_back(std::move(address));
      continue;
    }
    Action& a = AddDelete(ctx, std::move(address), ActionType::Delete, AdminBody{*u, {}}, plan);
    a.target_id = u->id;
    a.fingerprint = Fingerprint(*u);
  }
  std::vector<const TargetUserRecord*> users = Unlisted(live.target_users, c.target_users);
  for (const TargetUserRecord* u : users) {
    std::string address = TargetUserAddress(c.key, u->email);
    if (!c.prune.target_users) {
      ++unlisted.target_users;
      unlisted.addresses.push_back(std::move(address));
      continue;
    }
    Action& a = AddDelete(ctx, std::move(address), ActionType::Delete, TargetUserBody{*u}, plan);
    a.target_id = u->id;
    a.fingerprint = Fingerprint(*u);
  }

  if (c.prune.groups) {
    std::unordered_set<std::string> listed;
    for (const std::string& id : ctx.listed_group_ids) listed.insert(FoldKey(id));
    std::unordered_map<std::string, std::string> names;  // folded id -> name
    if (ctx.live_groups)
      for (const GroupRecord& g : *ctx.live_groups) names.emplace(FoldKey(g.id), Trim(g.name));
    std::unordered_map<std::string, std::string> keys;  // group name -> CompanyGroup key
    if (ctx.declared_groups)
      for (const DesiredGroup& g : *ctx.declared_groups) keys.emplace(Trim(g.name), g.key);
    std::unordered_set<std::string> seen;
    for (const std::string& id : live.company.group_ids) {
      if (listed.count(FoldKey(id)) || !seen.insert(FoldKey(id)).second) continue;
      auto name = names.find(FoldKey(id));
      std::string group_name = name == names.end() ? id : name->second;
      auto key = keys.find(group_name);
      std::string address = ParticipantAddress(c.key, key == keys.end() ? group_name : key->second);
      Action& a = AddDelete(ctx, std::move(address), ActionType::RemoveParticipant,
                            ParticipantBody{group_name, IdRef{id, {}}}, plan);
      a.source = FieldLocation(c.locations, "prune", c.location);
      a.fingerprint = Fingerprint(live.company);
      // The company update's PUT sends the memberships it read: leave after it.
      if (ctx.company_updated) a.depends_on.push_back(CompanyAddress(c.key));
    }
  }
  // Known only for customers whose target groups were read (those that manage them).
  if (!c.prune.target_groups)
    if (auto groups = UnlistedTargetGroups(c, live))
      for (const TargetGroupRecord* g : *groups) {
        ++unlisted.target_groups;
        unlisted.addresses.push_back(TargetGroupAddress(c.key, g->name));
      }
  if (unlisted.admins + unlisted.target_users + unlisted.target_groups > 0)
    plan->unlisted.customers.push_back(std::move(unlisted));
}

void PlanOffboarding(const RemovalContext& ctx, Plan* plan) {
  const DesiredCustomer& c = *ctx.customer;
  const LiveCompany& live = *ctx.live;
  CompanyBody body{live.company, {}};
  body.admins_going = static_cast<int>(live.admins.size());
  body.target_users_going = static_cast<int>(live.target_users.size());
  Action& a = plan->actions.emplace_back();
  a.address = CompanyAddress(c.key);
  a.type = ActionType::Delete;
  a.body = std::move(body);
  a.customer = c.key;
  a.company_ref.id = ctx.company_id;
  a.target_id = ctx.company_id;
  a.fingerprint = Fingerprint(live.company);
  a.source = FieldLocation(c.locations, "ensure", c.location);
  // A company leaves its groups before it is deleted (the API drops the memberships with the
  // company, so offboarding plans none; any the plan holds come first).
  for (const Action& other : plan->actions)
    if (other.customer == c.key && other.type == ActionType::RemoveParticipant) a.depends_on.push_back(other.address);
}

std::vector<UnlistedCompany> UnlistedCompanies(const DesiredState& desired, const LiveState& live) {
  std::unordered_set<std::string> pinned, named;
  for (const DesiredCustomer& c : desired.customers) {
    if (c.company.resource_id) pinned.insert(Trim(*c.company.resource_id));
    else named.insert(Trim(c.company.name));
  }
  std::vector<UnlistedCompany> out;
  for (const CompanySummary& s : live.companies)
    if (!pinned.count(Trim(s.id)) && !named.count(Trim(s.name))) out.push_back({s.id, s.name});
  return out;
}

std::vector<MassDelete> MassDeletes(const Plan& plan, const LiveState& live) {
  struct Count {
    std::string customer, company_id;
    int users = 0, admins = 0;
  };
  std::vector<Count> counts;
  std::unordered_map<std::string, size_t> index;
  for (const Action& a : plan.actions) {
    if (a.type != ActionType::Delete) continue;
    bool user = a.object() == ObjectType::TargetUser, admin = a.object() == ObjectType::Admin;
    if (!user && !admin) continue;
    auto [it, added] = index.emplace(a.customer, counts.size());
    if (added) counts.push_back({a.customer, a.company_ref.id});
    (user ? counts[it->second].users : counts[it->second].admins)++;
  }
  std::vector<MassDelete> out;
  auto check = [&](const Count& c, const char* kind, int deleted, size_t live_count) {
    int total = static_cast<int>(live_count);
    // More than 20% and more than 5; a plan deleting more than are live is as suspect.
    if (deleted > kMassDeleteMin && static_cast<long long>(deleted) * 100 > static_cast<long long>(kMassDeletePercent) * total)
      out.push_back({c.customer, kind, deleted, total});
  };
  for (const Count& c : counts) {
    auto it = live.details.find(c.company_id);
    size_t users = it == live.details.end() ? 0 : it->second.target_users.size();
    size_t admins = it == live.details.end() ? 0 : it->second.admins.size();
    check(c, "target users", c.users, users);
    check(c, "admins", c.admins, admins);
  }
  return out;
}

Diagnostic MassDeleteError(const MassDelete& m) {
  Diagnostic d;
  d.severity = Severity::Error;
  d.subject = m.customer;
  d.field = "spec.prune";
  int percent = m.live > 0 ? static_cast<int>((static_cast<long long>(m.deleted) * 100 + m.live - 1) / m.live) : 100;
  d.summary = fmt::format(
      "the plan would delete {} of the {} live {} of customer {} ({}%; the guard stops deleting more than {}% and "
      "more than {} of them)",
      m.deleted, m.live, m.kind, m.customer, percent, kMassDeletePercent, kMassDeleteMin);
  d.fix = fmt::format(
      "check the manifest and its CSV (an empty or truncated file lists nobody); if these deletes are intended, "
      "pass --allow-mass-delete to plan and apply");
  return d;
}

}  // namespace onboard
