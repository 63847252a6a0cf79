#include "engine/plan/fingerprint.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include <fmt/format.h>

#include "engine/plan/compare.h"
#include "engine/plan/target_groups.h"
#include "engine/text/fnv1a.h"

namespace onboard {
namespace {

// FNV-1a over length-prefixed fields: stable across runs and platforms, and no two field
// sequences collide by shifting text from one field into the next.
class Digest {
 public:
  Digest& Add(std::string_view value) {
    std::string len = std::to_string(value.size()) + ":";
    Mix(len);
    Mix(value);
    return *this;
  }
  Digest& Add(bool value) { return Add(std::string_view(value ? "1" : "0")); }
  Digest& Add(const std::optional<int>& value) { return Add(value ? std::to_string(*value) : std::string("-")); }
  Digest& Add(const std::optional<bool>& value) { return Add(std::string_view(value ? (*value ? "1" : "0") : "-")); }
  Digest& AddSet(const std::vector<std::string>& values, bool ignore_case) {
    std::vector<std::string> sorted;
    for (const std::string& v : values) sorted.push_back(ignore_case ? FoldKey(v) : Trim(v));
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    Add(std::to_string(sorted.size()));
    for (const std::string& v : sorted) Add(v);
    return *this;
  }
  Digest& AddDate(std::string_view value) {
    std::optional<std::string> d = DatePart(value);
    return Add(d ? *d : Trim(value));
  }
  std::string Hex() const { return fnv_.Hex(); }

 private:
  void Mix(std::string_view bytes) { fnv_.Mix(bytes); }
  Fnv1a64 fnv_;
};

const LiveCompany* FindCompany(const LiveState& live, const IdRef& ref) {
  if (!ref.known()) return nullptr;
  auto it = live.details.find(ref.id);
  return it == live.details.end() ? nullptr : &it->second;
}

template <typename Record>
const Record* FindUser(const std::vector<Record>& users, const std::string& id, const std::string& email) {
  for (const Record& u : users)
    if (!id.empty() && u.id == id) return &u;
  std::string key = FoldKey(email);
  for (const Record& u : users)
    if (FoldKey(u.email) == key) return &u;
  return nullptr;
}

bool CompanyNameExists(const LiveState& live, const std::string& name) {
  std::string wanted = Trim(name);
  return std::any_of(live.companies.begin(), live.companies.end(),
                     [&](const CompanySummary& c) { return Trim(c.name) == wanted; });
}

bool GroupNameExists(const LiveState& live, const std::string& name) {
  std::string wanted = Trim(name);
  return std::any_of(live.groups.begin(), live.groups.end(),
                     [&](const GroupRecord& g) { return Trim(g.name) == wanted; });
}

bool IsStale(const Action& a, const LiveState& fresh) {
  if (const GroupBody* g = a.As<GroupBody>()) return a.type == ActionType::Create && GroupNameExists(fresh, g->name);
  if (const CompanyBody* c = a.As<CompanyBody>(); c && a.type == ActionType::Create)
    return CompanyNameExists(fresh, c->record->name);
  // Everything else lives in a company: when that company is still to be created, the
  // company's create speaks for it.
  if (!a.company_ref.known()) return false;
  const LiveCompany* company = FindCompany(fresh, a.company_ref);
  if (!company) return true;
  switch (a.object()) {
    case ObjectType::Group: return false;
    case ObjectType::Company:
    case ObjectType::Participant: return Fingerprint(company->company) != a.fingerprint;
    case ObjectType::Admin: {
      std::string email = a.As<AdminBody>() ? a.As<AdminBody>()->record.email : std::string();
      const SystemUserRecord* u = FindUser(company->admins, a.target_id, email);
      if (a.type == ActionType::Create) return u != nullptr;
      return !u || Fingerprint(*u) != a.fingerprint;
    }
    case ObjectType::TargetUser: {
      std::string email = a.As<TargetUserBody>() ? a.As<TargetUserBody>()->record.email : std::string();
      const TargetUserRecord* u = FindUser(company->target_users, a.target_id, email);
      if (a.type == ActionType::Create) return u != nullptr;
      return !u || !SameTargetUserFingerprint(Fingerprint(*u), a.fingerprint);
    }
    case ObjectType::TargetGroup:
    case ObjectType::TargetGroupMembers: return TargetGroupActionStale(a, *company);
  }
  return false;
}

// The unmanaged fields a body sends back, in a stable order; nothing when there are none, so
// records without any keep the fingerprints they had.
void AddPassthrough(Digest& d, PassthroughFields pairs) {
  std::sort(pairs.begin(), pairs.end());
  for (const auto& [name, value] : pairs) d.Add(name).Add(value);
}

}  // namespace

std::string Fingerprint(const CompanyRecord& c) {
  Digest d;
  d.Add(Trim(c.name)).Add(Trim(c.description)).Add(FoldKey(c.industry_id)).Add(FoldKey(c.country_id));
  d.Add(Trim(c.address)).Add(Trim(c.website_url)).Add(FoldKey(c.license_type_id)).Add(FoldKey(c.license_period_id));
  d.AddSet(c.license_module_ids, true).AddDate(c.license_start).AddDate(c.license_end);
  d.Add(c.users_limited).Add(std::to_string(c.number_of_users)).Add(FoldKey(c.preferred_language_id));
  d.Add(Trim(c.time_zone_id)).Add(Trim(c.date_format)).Add(Trim(c.time_format));
  d.AddSet(c.tags, false).AddSet(c.group_ids, true).Add(c.status_id);
  AddPassthrough(d, c.passthrough);
  return d.Hex();
}

std::string Fingerprint(const SystemUserRecord& u) {
  Digest d;
  d.Add(FoldKey(u.email)).Add(Trim(u.first_name)).Add(Trim(u.last_name)).Add(Trim(u.phone));
  d.AddSet(u.role_ids, true).AddSet(u.role_names, true).Add(u.status_id);
  AddPassthrough(d, u.passthrough);
  return d.Hex();
}

std::string Fingerprint(const TargetUserRecord& u) {
  Digest d;
  d.Add(FoldKey(u.email)).Add(Trim(u.phone)).Add(Trim(u.first_name)).Add(Trim(u.last_name));
  d.Add(Trim(u.department)).Add(FoldKey(u.priority)).Add(u.active).Add(Trim(u.time_zone_id));
  d.Add(FoldKey(u.preferred_language_id));
  std::string out = d.Hex();
  if (u.detailed) {
    Digest m;
    m.Add(Trim(u.manager_first_name)).Add(Trim(u.manager_last_name)).Add(FoldKey(u.manager_email));
    AddPassthrough(m, u.passthrough);  // custom fields: only the full record is sure to carry them
    out += '.';
    out += m.Hex();
  }
  return out;
}

bool SameTargetUserFingerprint(std::string_view a, std::string_view b) {
  size_t da = a.find('.'), db = b.find('.');
  if (a.substr(0, da) != b.substr(0, db)) return false;
  if (da == std::string_view::npos || db == std::string_view::npos) return true;
  return a.substr(da) == b.substr(db);
}

std::vector<std::string> StaleAddresses(const Plan& saved, const LiveState& fresh) {
  std::vector<std::string> out;
  for (const Action& a : saved.actions) {
    if (IsStale(a, fresh)) out.push_back(a.address);
  }
  return out;
}

}  // namespace onboard
