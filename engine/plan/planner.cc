#include "engine/plan/planner.h"

#include <algorithm>
#include <array>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "engine/catalog/catalog.h"
#include "engine/desired/queries.h"
#include "engine/match/company_match.h"
#include "engine/plan/address.h"
#include "engine/plan/fingerprint.h"
#include "engine/plan/compare.h"
#include "engine/plan/prune.h"
#include "engine/plan/target_groups.h"
#include "engine/text/suggest.h"

namespace onboard {
namespace {

// Where a problem in a manifest object is (engine/desired/queries.h); short, for the many
// diagnostics below.
SourceLocation Where(const FieldLocations& locations, const std::string& key, const SourceLocation& fallback) {
  return FieldLocation(locations, key, fallback);
}
SourceLocation Where(const EntryLocations& locations, const std::string& key, const SourceLocation& fallback) {
  return locations.Find(key, fallback);
}

void AddDiagnostic(Diagnostics* diags, Severity severity, SourceLocation location, std::string field,
                   std::string summary, std::string fix, std::string subject, std::string group = {}) {
  diags->Add({severity, std::move(location), std::move(field), std::move(summary), std::move(fix), std::move(subject),
              std::move(group)});
}

// Where a reference is written, for its error message.
struct FieldSite {
  SourceLocation location;
  std::string field;    // "spec.company.country"
  std::string subject;  // customer key or action address
};

// The catalog, indexed and memoized: a thousand customers name the same dozen references.
class References {
 public:
  explicit References(const Catalog& catalog) : catalog_(catalog) {}

  // The id `text` names, or nullopt after appending an error at `site`.
  std::optional<std::string> Resolve(ReferenceKind kind, const std::vector<CatalogEntry>& entries,
                                     const std::string& text, const FieldSite& site, Diagnostics* diags,
                                     const std::string& scope = {}) {
    std::string key = fmt::format("{}\x1f{}\x1f{}", static_cast<int>(kind), scope, text);
    auto it = memo_.find(key);
    if (it == memo_.end()) it = memo_.emplace(key, onboard::Resolve(kind, entries, text)).first;
    const Resolution& r = it->second;
    if (r.ok) return r.id;
    std::string fix = r.candidates.empty()
                          ? fmt::format("use a {} the platform lists", ReferenceKindName(kind))
                          : fmt::format("use one of: {}", fmt::join(r.candidates, "; "));
    AddDiagnostic(diags, Severity::Error, site.location, site.field, r.error, std::move(fix), site.subject);
    return std::nullopt;
  }

  std::optional<std::string> Resolve(ReferenceKind kind, const std::string& text, const FieldSite& site,
                                     Diagnostics* diags) {
    return Resolve(kind, catalog_.list(kind), text, site, diags);
  }

  // A module offered by `license_type_id` (every module when it is unknown). A module the
  // platform has but the license type does not offer gets its own message.
  std::optional<std::string> ResolveModule(const std::string& license_type_id, const std::string& text,
                                           const FieldSite& site, Diagnostics* diags) {
    auto offered = catalog_.modules_by_license_type.find(license_type_id);
    if (license_type_id.empty() || offered == catalog_.modules_by_license_type.end())
      return Resolve(ReferenceKind::LicenseModule, text, site, diags);
    Resolution in_type = onboard::Resolve(ReferenceKind::LicenseModule, offered->second, text);
    if (in_type.ok) return in_type.id;
    Resolution anywhere = onboard::Resolve(ReferenceKind::LicenseModule, catalog_.all_modules, text);
    if (!anywhere.ok) return Resolve(ReferenceKind::LicenseModule, offered->second, text, site, diags, license_type_id);
    std::vector<std::string> names;
    for (const CatalogEntry& e : offered->second) names.push_back(e.name);
    AddDiagnostic(diags, Severity::Error, site.location, site.field,
                  fmt::format("license type {} does not offer module \"{}\"",
                              Display(ReferenceKind::LicenseType, license_type_id), Trim(text)),
                  fmt::format("use one of: {}", fmt::join(names, "; ")), site.subject);
    return std::nullopt;
  }

  // The id of the entry a live value names (live values are ids, but module lists may hold
  // names): exact first, then ignoring case; the trimmed value itself when nothing matches.
  std::string Canonical(ReferenceKind kind, const std::string& value) {
    const Index& index = IndexOf(kind);
    std::string v = Trim(value);
    if (auto it = index.exact.find(v); it != index.exact.end()) return it->second;
    if (auto it = index.folded.find(FoldKey(v)); it != index.folded.end()) return it->second;
    return v;
  }

  // True when the live value and a resolved id name the same entry.
  bool Same(ReferenceKind kind, const std::string& live_value, const std::string& id) {
    std::string canonical = Canonical(kind, live_value);
    if (canonical == id) return true;
    // Formats are their own ids, and "HH:mm" is not "hh:mm".
    bool case_matters = kind == ReferenceKind::DateFormat || kind == ReferenceKind::TimeFormat;
    return !case_matters && EqualsIgnoreCase(canonical, id);
  }

  // How an id is shown in a change: the entry's name (time zones and formats: the id, as
  // manifests write them); the value itself when the catalog does not know it.
  std::string Display(ReferenceKind kind, const std::string& value) {
    if (kind == ReferenceKind::TimeZone || kind == ReferenceKind::DateFormat || kind == ReferenceKind::TimeFormat)
      return Trim(value);
    const Index& index = IndexOf(kind);
    auto it = index.names.find(Canonical(kind, value));
    return it == index.names.end() ? Trim(value) : it->second;
  }

  const Catalog& catalog() const { return catalog_; }

 private:
  struct Index {
    bool built = false;
    std::unordered_map<std::string, std::string> exact;   // id or name -> id
    std::unordered_map<std::string, std::string> folded;  // lowered id or name -> id
    std::unordered_map<std::string, std::string> names;   // id -> name
  };

  const Index& IndexOf(ReferenceKind kind) {
    Index& index = indexes_[static_cast<size_t>(kind)];
    if (index.built) return index;
    index.built = true;
    // A name two entries share ("Portuguese") names neither.
    std::unordered_map<std::string, int> name_count;
    for (const CatalogEntry& e : catalog_.list(kind)) ++name_count[FoldKey(e.name)];
    for (const CatalogEntry& e : catalog_.list(kind)) {
      index.names.emplace(e.id, e.name);
      index.exact.emplace(Trim(e.id), e.id);
      index.folded.emplace(FoldKey(e.id), e.id);
      if (name_count[FoldKey(e.name)] != 1) continue;
      index.exact.emplace(Trim(e.name), e.id);
      index.folded.emplace(FoldKey(e.name), e.id);
    }
    return index;
  }

  const Catalog& catalog_;
  std::unordered_map<std::string, Resolution> memo_;
  std::array<Index, static_cast<size_t>(ReferenceKind::Role) + 1> indexes_;
};

// Where each group a customer names comes from.
struct GroupTarget {
  std::string name;            // the group's name on the platform
  IdRef ref;                   // live id, or the group create's address
};

std::vector<CatalogEntry> RoleEntries(const std::vector<RoleRecord>& roles) {
  std::vector<CatalogEntry> out;
  for (const RoleRecord& r : roles) out.push_back({r.id, r.name, {}, {}});
  return out;
}

// The names of an admin's live roles: as read, else from its role ids.
std::vector<std::string> LiveRoleNames(const SystemUserRecord& admin, const std::vector<RoleRecord>& roles) {
  if (!admin.role_names.empty() || admin.role_ids.empty()) return admin.role_names;
  std::vector<std::string> names;
  for (const std::string& id : admin.role_ids) {
    auto it = std::find_if(roles.begin(), roles.end(), [&](const RoleRecord& r) { return EqualsIgnoreCase(r.id, id); });
    names.push_back(it == roles.end() ? id : it->name);
  }
  return names;
}

std::string StatusDisplay(const std::optional<int>& status) { return ShowStatus(status); }

std::string ActiveDisplay(const std::optional<bool>& active) { return active ? DisplayBool(*active) : ""; }

// Plans one customer: its company, participants, admins and target users.
class CustomerPlanner {
 public:
  CustomerPlanner(const DesiredCustomer& customer, const LiveState& live, References& refs,
                  const std::unordered_map<std::string, GroupTarget>& groups, Plan& plan,
                  const std::vector<DesiredGroup>& declared_groups)
      : c_(customer), live_(live), refs_(refs), groups_(groups), plan_(plan), diags_(&plan.diagnostics),
        declared_groups_(&declared_groups) {}

  void Run(CompanyMatch match, const std::string& company_id) {
    if (match == CompanyMatch::Conflict) return;
    if (match == CompanyMatch::Found) {
      auto it = live_.details.find(company_id);
      if (it == live_.details.end()) {
        Error("company.name", "spec.company", fmt::format("live company {} was matched but not read", company_id),
              "read the live state again");
        return;
      }
      live_company_ = &it->second;
      company_ref_.id = company_id;
      for (const SystemUserRecord& u : live_company_->admins) live_admins_.emplace(FoldKey(u.email), &u);
      for (const TargetUserRecord& u : live_company_->target_users) live_users_.emplace(FoldKey(u.email), &u);
      role_entries_ = RoleEntries(live_company_->roles);
    } else {
      company_ref_.from_action = CompanyAddress(c_.key);
    }
    if (c_.absent) {  // offboarding: a company already gone plans nothing
      if (live_company_) PlanOffboarding(Removal(), &plan_);
      return;
    }
    PlanCompany();
    PlanParticipants();
    PlanAdmins();
    target_groups_.emplace(c_, live_company_, plan_,
                           [this](std::string address, ActionType type, ActionBody body, SourceLocation source,
                                  std::vector<FieldChange> changes) -> Action& {
                             return Add(std::move(address), type, std::move(body), std::move(source),
                                        std::move(changes));
                           });
    target_groups_->PlanGroups();
    PlanTargetUsers();
    // Users are deleted before the target groups they are in (Finish plans those deletes).
    if (live_company_) PlanRemovals(Removal(), &plan_);
    target_groups_->Finish();
    WarnLicenseLimit();
  }

 private:
  RemovalContext Removal() const {
    RemovalContext r;
    r.customer = &c_;
    r.live = live_company_;
    r.company_id = company_ref_.id;
    for (const GroupTarget* g : GroupsOfCustomer())
      if (g->ref.known()) r.listed_group_ids.push_back(g->ref.id);
    r.live_groups = &live_.groups;
    r.declared_groups = declared_groups_;
    r.company_updated = company_updated_;
    return r;
  }

  // ---- diagnostics ----
  FieldSite Site(const std::string& key, const std::string& field) const {
    return {Where(c_.locations, key, c_.location), field, c_.key};
  }
  void Error(const std::string& key, const std::string& field, std::string summary, std::string fix = {}) {
    AddDiagnostic(diags_, Severity::Error, Where(c_.locations, key, c_.location), field, std::move(summary),
                  std::move(fix), c_.key);
  }

  // Appends an action of this customer, scoped to its company and waiting for the company's
  // create when the company is new. `changes` are an update's; a create has none.
  Action& Add(std::string address, ActionType type, ActionBody body, SourceLocation source,
              std::vector<FieldChange> changes) {
    Action& a = plan_.actions.emplace_back();
    a.address = std::move(address);
    a.type = type;
    a.body = std::move(body);
    a.customer = c_.key;
    if (!company_ref_.known()) a.depends_on.push_back(company_ref_.from_action);
    a.company_ref = company_ref_;
    a.changes = std::move(changes);
    a.source = std::move(source);
    return a;
  }

  // Records how a reference id a create's body holds is shown (time zones and formats are
  // shown as they are).
  void Name(ReferenceKind kind, const std::string& id) {
    if (kind == ReferenceKind::TimeZone || kind == ReferenceKind::DateFormat || kind == ReferenceKind::TimeFormat)
      return;
    if (plan_.names.count(id)) return;
    plan_.names.emplace(id, refs_.Display(kind, id));
  }

  // ---- company ----
  void PlanCompany() {
    const CompanyRecord* live = live_company_ ? &live_company_->company : nullptr;
    CompanyRecord body = live ? *live : CompanyRecord{};
    std::vector<FieldChange> changes;
    // Only an update lists changes; a create's fields are its body.
    auto change = [&](FieldChange c) {
      if (live) changes.push_back(std::move(c));
    };
    const DesiredCompany& d = c_.company;
    const DesiredLicense& l = c_.license;

    auto text = [&](const char* path, const std::optional<std::string>& want, std::string CompanyRecord::*member) {
      if (!want) return;
      std::string w = Trim(*want);
      if (live ? SameText(body.*member, w) : w.empty()) return;
      change({path, live ? Trim(body.*member) : "", w});
      body.*member = w;
    };
    auto ref = [&](const char* path, const std::optional<std::string>& want, ReferenceKind kind,
                   std::string CompanyRecord::*member) {
      if (!want) return;
      std::optional<std::string> id = refs_.Resolve(kind, *want, Site(path, std::string("spec.") + path), diags_);
      if (!id) return;
      if (live && refs_.Same(kind, body.*member, *id)) return;
      if (live) change({path, refs_.Display(kind, body.*member), refs_.Display(kind, *id)});
      else Name(kind, *id);
      body.*member = *id;
    };

    std::optional<std::string> name = d.name;
    text("company.name", name, &CompanyRecord::name);
    text("company.description", d.description, &CompanyRecord::description);
    ref("company.industry", d.industry, ReferenceKind::Industry, &CompanyRecord::industry_id);
    ref("company.country", d.country, ReferenceKind::Country, &CompanyRecord::country_id);
    text("company.address", d.address, &CompanyRecord::address);
    text("company.websiteUrl", d.website_url, &CompanyRecord::website_url);
    ref("company.timeZone", d.time_zone, ReferenceKind::TimeZone, &CompanyRecord::time_zone_id);
    ref("company.dateFormat", d.date_format, ReferenceKind::DateFormat, &CompanyRecord::date_format);
    ref("company.timeFormat", d.time_format, ReferenceKind::TimeFormat, &CompanyRecord::time_format);
    ref("company.preferredLanguage", d.preferred_language, ReferenceKind::Language,
        &CompanyRecord::preferred_language_id);
    if (d.tags && !(live ? SameSet(body.tags, *d.tags, false) : d.tags->empty())) {
      std::vector<std::string> tags;
      for (const std::string& t : *d.tags) tags.push_back(Trim(t));
      change({"company.tags", live ? DisplayList(body.tags) : "", DisplayList(tags)});
      body.tags = tags;
    }

    ref("license.type", l.type, ReferenceKind::LicenseType, &CompanyRecord::license_type_id);
    ref("license.period", l.period, ReferenceKind::LicensePeriod, &CompanyRecord::license_period_id);
    if (l.modules) PlanModules(live, &body, &changes);
    if (l.users && (!live || body.number_of_users != *l.users)) {
      change({"license.users", live ? std::to_string(body.number_of_users) : "", std::to_string(*l.users)});
      body.number_of_users = *l.users;
    }
    if (l.limited && (!live || body.users_limited != *l.limited)) {
      change({"license.limited", live ? DisplayBool(body.users_limited) : "", DisplayBool(*l.limited)});
      body.users_limited = *l.limited;
    }
    auto date = [&](const char* path, const std::optional<std::string>& want, std::string CompanyRecord::*member) {
      if (!want || (live && SameDate(body.*member, *want))) return;
      change({path, live ? DisplayDate(body.*member) : "", DisplayDate(*want)});
      body.*member = ToIsoDateTime(*want);
    };
    date("license.start", l.start, &CompanyRecord::license_start);
    date("license.end", l.end, &CompanyRecord::license_end);

    if (!live) CheckRequiredForCreate();
    if (live && changes.empty()) return;
    company_updated_ = live != nullptr;
    Action& a = Add(CompanyAddress(c_.key), live ? ActionType::Update : ActionType::Create,
                    CompanyBody{std::move(body)}, Where(c_.locations, "company.name", c_.location),
                    std::move(changes));
    if (live) {
      a.target_id = company_ref_.id;
      a.fingerprint = Fingerprint(*live);
    } else {
      // The create makes the company: it neither waits for nor is scoped to it. It joins its
      // groups in the same request, after the group creates they wait for.
      a.depends_on.clear();
      a.company_ref = {};
      CompanyBody& created = std::get<CompanyBody>(a.body);
      for (const GroupTarget* g : GroupsOfCustomer()) {
        created.joins.push_back({g->name, g->ref});
        if (!g->ref.known()) a.depends_on.push_back(g->ref.from_action);
      }
    }
  }

  void PlanModules(const CompanyRecord* live, CompanyRecord* body, std::vector<FieldChange>* changes) {
    // Modules belong to the license type the company will have: the manifest's, else the live one.
    std::string type_id = refs_.Canonical(ReferenceKind::LicenseType, body->license_type_id);
    std::vector<std::string> ids;
    bool ok = true;
    for (size_t i = 0; i < c_.license.modules->size(); ++i) {
      std::string key = fmt::format("license.modules[{}]", i);
      std::optional<std::string> id =
          refs_.ResolveModule(type_id, (*c_.license.modules)[i], Site(key, "spec." + key), diags_);
      if (!id) ok = false;
      else if (std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
    }
    if (!ok) return;
    std::vector<std::string> have;
    for (const std::string& m : body->license_module_ids) have.push_back(refs_.Canonical(ReferenceKind::LicenseModule, m));
    if (live ? SameSet(have, ids, true) : ids.empty()) return;
    if (!live) {
      for (const std::string& m : ids) Name(ReferenceKind::LicenseModule, m);
      body->license_module_ids = std::move(ids);
      return;
    }
    std::vector<std::string> before, after;
    for (const std::string& m : body->license_module_ids) before.push_back(refs_.Display(ReferenceKind::LicenseModule, m));
    for (const std::string& m : ids) after.push_back(refs_.Display(ReferenceKind::LicenseModule, m));
    changes->push_back({"license.modules", DisplayList(before), DisplayList(after)});
    body->license_module_ids = std::move(ids);
  }

  void CheckRequiredForCreate() {
    const DesiredCompany& d = c_.company;
    for (const std::string& path : FieldsNeededToCreate(c_)) {
      // Located at the mapping the field belongs in (spec.company or spec.license).
      Error(path, "spec." + path,
            fmt::format("company \"{}\" does not exist on the platform and creating it needs {}", Trim(d.name), path),
            fmt::format("set {} in the customer or in Defaults, or pin an existing company with resourceId", path));
    }
  }

  // ---- groups ----
  // The groups the customer names, once each, in manifest order (unknown ones were reported).
  std::vector<const GroupTarget*> GroupsOfCustomer() const {
    std::vector<const GroupTarget*> out;
    std::set<std::string> seen;
    for (const std::string& g : c_.groups) {
      auto it = groups_.find(Trim(g));
      if (it != groups_.end() && seen.insert(it->second.name).second) out.push_back(&it->second);
    }
    return out;
  }

  // An existing company joins the groups it is not in yet, one action per group; a new one
  // joins them in its create (PlanCompany).
  void PlanParticipants() {
    if (!live_company_) return;
    const std::string company_address = CompanyAddress(c_.key);
    std::set<std::string> seen;
    for (size_t i = 0; i < c_.groups.size(); ++i) {
      std::string written = Trim(c_.groups[i]);
      auto it = groups_.find(written);
      if (it == groups_.end()) continue;  // MakePlan reported it
      const GroupTarget& g = it->second;
      if (!seen.insert(g.name).second) continue;
      if (live_company_ && g.ref.known()) {
        const std::vector<std::string>& member_of = live_company_->company.group_ids;
        if (std::any_of(member_of.begin(), member_of.end(), [&](const std::string& id) { return EqualsIgnoreCase(id, g.ref.id); }))
          continue;
      }
      Action& a = Add(ParticipantAddress(c_.key, written), ActionType::AddParticipant,
                      ParticipantBody{g.name, g.ref},
                      Where(c_.locations, fmt::format("groups[{}]", i), c_.location), {});
      // A company update is a PUT that replaces the memberships with the live ones it read:
      // run after it, or the PUT removes the membership this action just added.
      if (company_updated_) a.depends_on.push_back(company_address);
      if (!g.ref.known()) a.depends_on.push_back(g.ref.from_action);
      if (live_company_) a.fingerprint = Fingerprint(live_company_->company);
    }
  }

  // ---- admins ----
  void PlanAdmins() {
    std::unordered_set<std::string> seen;
    for (size_t i = 0; i < c_.admins.size(); ++i) {
      const DesiredAdmin& d = c_.admins[i];
      std::string key = FoldKey(d.email);
      std::string address = AdminAddress(c_.key, d.email);
      FieldSite site{Where(d.locations, "roles", c_.location), fmt::format("spec.admins[{}].roles", i), address};
      if (!seen.insert(key).second) {
        AddDiagnostic(diags_, Severity::Error, Where(d.locations, "email", c_.location),
                      fmt::format("spec.admins[{}].email", i), fmt::format("admin {} is listed twice", key), {}, c_.key);
        continue;
      }
      auto it = live_admins_.find(key);
      const SystemUserRecord* live = it == live_admins_.end() ? nullptr : it->second;
      SystemUserRecord body = live ? *live : SystemUserRecord{};
      std::vector<FieldChange> changes;
      auto change = [&](FieldChange c) {
        if (live) changes.push_back(std::move(c));
      };
      if (!live) body.email = Trim(d.email);
      // Generic over the member's type: std::string, or InternedString for the names.
      auto text = [&](const char* field, const std::string& want, auto SystemUserRecord::*member, bool sensitive) {
        std::string w = Trim(want);
        if (live ? SameText(body.*member, w) : w.empty()) return;
        change({field, live ? Trim(body.*member) : "", w, sensitive});
        body.*member = w;
      };
      text("firstName", d.first_name, &SystemUserRecord::first_name, false);
      text("lastName", d.last_name, &SystemUserRecord::last_name, false);
      text("phone", d.phone, &SystemUserRecord::phone, true);

      std::vector<std::string> names_after_apply;
      bool roles_sent = false;
      if (d.roles) {
        std::vector<std::string> names;
        for (const std::string& r : *d.roles) names.push_back(Trim(r));
        if (!live_company_) {
          names_after_apply = names;
        } else {
          std::vector<std::string> ids, resolved_names;
          bool ok = true;
          for (size_t r = 0; r < names.size(); ++r) {
            site.location = Where(d.locations, fmt::format("roles[{}]", r), c_.location);
            std::optional<std::string> id = refs_.Resolve(ReferenceKind::Role, role_entries_, names[r], site, diags_,
                                                          company_ref_.id);
            if (!id) {
              ok = false;
              continue;
            }
            ids.push_back(*id);
            for (const RoleRecord& role : live_company_->roles) {
              if (role.id != *id) continue;
              resolved_names.push_back(role.name);
              if (!live && !plan_.names.count(role.id)) plan_.names.emplace(role.id, role.name);
            }
          }
          std::vector<std::string> live_names = live ? LiveRoleNames(*live, live_company_->roles) : std::vector<std::string>{};
          if (ok && live && !SameSet(live_names, resolved_names, true))
            change({"roles", DisplayList(live_names), DisplayList(resolved_names)});
          if (ok) {
            body.role_ids = ids;
            roles_sent = true;
          }
        }
      }
      if (live && !roles_sent && live->role_ids.empty()) {
        // PUT replaces the role list: send the live roles back as ids.
        for (const std::string& n : live->role_names)
          for (const RoleRecord& role : live_company_->roles)
            if (EqualsIgnoreCase(Trim(role.name), Trim(n))) body.role_ids.push_back(role.id);
      }
      if (d.active) {
        int status = *d.active ? 1 : 2;
        if (!live || body.status_id != status) {
          change({"active", live ? StatusDisplay(body.status_id) : "", DisplayBool(*d.active)});
          body.status_id = status;
        }
      }
      if (live && changes.empty()) continue;

      Action& a = Add(address, live ? ActionType::Update : ActionType::Create,
                      AdminBody{std::move(body), std::move(names_after_apply)},
                      Where(d.locations, "email", c_.location), std::move(changes));
      if (live) {
        a.target_id = live->id;
        a.fingerprint = Fingerprint(*live);
      } else {
        AddDiagnostic(diags_, Severity::Warning, a.source, {},
                      fmt::format("the platform may email {} an invitation", Trim(d.email)), {}, address,
                      "the platform may email an invitation to each new admin");
      }
    }
  }

  // ---- target users ----
  void PlanTargetUsers() {
    std::unordered_set<std::string> seen;
    seen.reserve(c_.target_users.size());
    for (size_t i = 0; i < c_.target_users.size(); ++i) PlanTargetUser(i, &seen);
  }

  void PlanTargetUser(size_t index, std::unordered_set<std::string>* seen) {
    const DesiredTargetUser& d = c_.target_users[index];
    std::string key = FoldKey(d.email);
    std::string address = TargetUserAddress(c_.key, d.email);
    std::string prefix = fmt::format("spec.targetUsers[{}].", index);
    if (!seen->insert(key).second) {
      AddDiagnostic(diags_, Severity::Error, Where(d.locations, "email", c_.location), prefix + "email",
                    fmt::format("target user {} is listed twice", key), {}, c_.key);
      return;
    }
    auto it = live_users_.find(key);
    const TargetUserRecord* live = it == live_users_.end() ? nullptr : it->second;
    TargetUserRecord body = live ? *live : TargetUserRecord{};
    std::vector<FieldChange> changes;
    auto change = [&](FieldChange c) {
      if (live) changes.push_back(std::move(c));
    };
    if (!live) {
      body.email = Trim(d.email);
      if (!d.phone || Trim(*d.phone).empty())
        AddDiagnostic(diags_, Severity::Error, Where(d.locations, "phone", c_.location), prefix + "phone",
                      fmt::format("target user {} does not exist yet and the platform needs a phone to create it", key),
                      "add a phone", address);
    }
    // `compare` is false for fields the live record lacks (manager fields of a search result):
    // they are sent but cannot be shown as a change.
    // Generic over the types: `want` is an optional std::string or InternedString of the
    // manifest (taken as it is, not copied into a std::string per user), `member` a
    // std::string, InternedString or RareString of the record.
    auto text = [&](const char* field, const auto& want, auto TargetUserRecord::*member,
                    bool ignore_case, bool sensitive, bool compare) {
      if (!want) return;
      std::string w = Trim(*want);
      bool same = live ? (ignore_case ? EqualsIgnoreCase(Trim(body.*member), w) : SameText(body.*member, w)) : w.empty();
      if (same) return;
      if (compare) change({field, live ? Trim(body.*member) : "", w, sensitive});
      body.*member = w;
    };
    auto ref = [&](const char* field, const HeapOptional<std::string>& want, ReferenceKind kind,
                   RareString TargetUserRecord::*member) {
      if (!want) return;
      FieldSite site{Where(d.locations, field, c_.location), prefix + field, address};
      std::optional<std::string> id = refs_.Resolve(kind, *want, site, diags_);
      if (!id || (live && refs_.Same(kind, body.*member, *id))) return;
      if (live) change({field, refs_.Display(kind, body.*member), refs_.Display(kind, *id)});
      else Name(kind, *id);
      body.*member = *id;
    };
    text("phone", d.phone, &TargetUserRecord::phone, false, true, true);
    text("firstName", d.first_name, &TargetUserRecord::first_name, false, false, true);
    text("lastName", d.last_name, &TargetUserRecord::last_name, false, false, true);
    text("department", d.department, &TargetUserRecord::department, false, false, true);
    text("priority", d.priority, &TargetUserRecord::priority, true, false, true);
    if (d.active && (!live || body.active != d.active)) {
      change({"active", live ? ActiveDisplay(body.active) : "", DisplayBool(*d.active)});
      body.active = d.active;
    }
    ref("timeZone", d.time_zone, ReferenceKind::TimeZone, &TargetUserRecord::time_zone_id);
    ref("preferredLanguage", d.preferred_language, ReferenceKind::Language, &TargetUserRecord::preferred_language_id);
    if (d.manager) {
      bool compare = !live || live->detailed;
      text("manager.firstName", d.manager->first_name, &TargetUserRecord::manager_first_name, false, false, compare);
      text("manager.lastName", d.manager->last_name, &TargetUserRecord::manager_last_name, false, false, compare);
      text("manager.email", d.manager->email, &TargetUserRecord::manager_email, true, false, compare);
    }
    TargetUserBody user{std::move(body), {}};
    std::vector<std::string> waits = target_groups_->User(d, live, &user);
    if (live && changes.empty()) return;
    if (live) target_groups_->UserUpdated(address);

    Action& a = Add(std::move(address), live ? ActionType::Update : ActionType::Create, std::move(user),
                    Where(d.locations, "email", c_.location), std::move(changes));
    for (std::string& w : waits) a.depends_on.push_back(std::move(w));
    if (live) {
      a.target_id = live->id;
      a.fingerprint = Fingerprint(*live);
    }
  }

  void WarnLicenseLimit() {
    const CompanyRecord* live = live_company_ ? &live_company_->company : nullptr;
    bool limited = c_.license.limited ? *c_.license.limited : (live && live->users_limited);
    std::optional<int> users = c_.license.users;
    if (!users && live) users = live->number_of_users;
    size_t wanted = c_.target_users.size();
    if (!limited || !users || static_cast<size_t>(std::max(*users, 0)) >= wanted) return;
    AddDiagnostic(diags_, Severity::Warning, Where(c_.locations, "license.users", c_.location), "spec.license.users",
                  fmt::format("the license is limited to {} users but the manifest declares {} target users", *users,
                              wanted),
                  "raise license.users or set license.limited: false", c_.key);
  }

  const DesiredCustomer& c_;
  const LiveState& live_;
  References& refs_;
  const std::unordered_map<std::string, GroupTarget>& groups_;
  Plan& plan_;
  Diagnostics* diags_;
  const std::vector<DesiredGroup>* declared_groups_;

  const LiveCompany* live_company_ = nullptr;
  bool company_updated_ = false;  // the plan updates the live company (PlanCompany)
  IdRef company_ref_;
  std::unordered_map<std::string, const SystemUserRecord*> live_admins_;
  std::unordered_map<std::string, const TargetUserRecord*> live_users_;
  std::vector<CatalogEntry> role_entries_;
  std::optional<TargetGroupPlanner> target_groups_;
};

// Selects customers named by `names` (key, or company name ignoring case); reports unknown names.
std::set<const DesiredCustomer*> Named(const DesiredState& desired, const std::vector<std::string>& names,
                                       const char* option, Diagnostics* diags) {
  std::set<const DesiredCustomer*> out;
  for (const std::string& name : names) {
    bool found = false;
    for (const DesiredCustomer& c : desired.customers) {
      if (c.key == Trim(name) || EqualsIgnoreCase(c.key, Trim(name)) || EqualsIgnoreCase(Trim(c.company.name), Trim(name))) {
        out.insert(&c);
        found = true;
      }
    }
    if (found) continue;
    std::vector<std::string> keys;
    for (const DesiredCustomer& c : desired.customers) keys.push_back(c.key);
    std::vector<std::string> closest = ClosestNames(keys, name, 3);
    std::string fix = closest.empty() ? "name a customer by its metadata.name or its company name"
                                      : fmt::format("did you mean {}?", fmt::join(closest, ", "));
    AddDiagnostic(diags, Severity::Error, {}, {}, fmt::format("\"{}\" names no customer", Trim(name)), fix, option);
  }
  return out;
}

// Plans the group creates, and returns what each group a selected customer names (a
// CompanyGroup key or a live group's name) refers to. Unknown and ambiguous groups are
// errors, and have no entry.
std::unordered_map<std::string, GroupTarget> PlanGroups(const DesiredState& desired, const LiveState& live,
                                                        const std::vector<const DesiredCustomer*>& selected,
                                                        const PlanOptions& options, Plan* plan) {
  std::unordered_map<std::string, std::vector<std::string>> live_ids;  // name -> ids
  std::unordered_map<std::string, std::string> loose_names;            // LooseKey -> name
  for (const GroupRecord& g : live.groups) {
    live_ids[Trim(g.name)].push_back(g.id);
    loose_names.emplace(LooseKey(g.name), g.name);
  }
  std::set<std::string> reported;
  // The one live group of that name: nullopt when there is none, or (reported) several.
  auto live_group = [&](const std::string& name, const SourceLocation& where, const std::string& field,
                        const std::string& subject) -> std::optional<std::string> {
    auto it = live_ids.find(name);
    if (it == live_ids.end()) return std::nullopt;
    if (it->second.size() == 1) return it->second.front();
    if (reported.insert(name).second)
      AddDiagnostic(&plan->diagnostics, Severity::Error, where, field,
                    fmt::format("{} live groups are named \"{}\": {}", it->second.size(), name,
                                fmt::join(it->second, ", ")),
                    "rename one of them on the platform", subject);
    return std::nullopt;
  };
  std::unordered_map<std::string, const DesiredGroup*> declared;
  for (const DesiredGroup& g : desired.groups) declared.emplace(g.key, &g);
  std::unordered_map<std::string, GroupTarget> targets;
  std::set<std::string> used;
  for (const DesiredCustomer* c : selected) {
    for (size_t i = 0; i < c->groups.size(); ++i) {
      std::string written = Trim(c->groups[i]);
      if (declared.count(written)) {
        used.insert(written);
        continue;
      }
      std::string key = fmt::format("groups[{}]", i);
      SourceLocation where = Where(c->locations, key, c->location);
      if (live_ids.count(written)) {
        if (auto id = live_group(written, where, "spec." + key, c->key)) targets[written] = {written, {*id, {}}};
        continue;
      }
      std::vector<std::string> known;
      for (const DesiredGroup& g : desired.groups) known.push_back(g.key);
      for (const GroupRecord& g : live.groups) known.push_back(g.name);
      std::vector<std::string> closest = ClosestNames(known, written, 3);
      AddDiagnostic(&plan->diagnostics, Severity::Error, where, "spec." + key,
                    fmt::format("group \"{}\" is neither a CompanyGroup of the manifests nor an existing group", written),
                    closest.empty() ? "declare it with a CompanyGroup document"
                                    : fmt::format("did you mean {}? or declare it with a CompanyGroup document",
                                                  fmt::join(closest, ", ")),
                    c->key);
    }
  }
  for (const DesiredGroup& g : desired.groups) {
    std::string name = Trim(g.name);
    std::string address = GroupAddress(g.key);
    if (live_ids.count(name)) {
      if (auto id = live_group(name, g.location, "spec.name", address)) targets[g.key] = {name, {*id, {}}};
      continue;
    }
    if (!options.customers.empty() && !used.count(g.key)) continue;
    if (auto near = loose_names.find(LooseKey(name)); near != loose_names.end())
      AddDiagnostic(&plan->diagnostics, Severity::Warning, g.location, "spec.name",
                    fmt::format("likely typo: would create a near-duplicate of live group '{}'", near->second),
                    fmt::format("write the name exactly as \"{}\"", near->second), address);
    Action& a = plan->actions.emplace_back();
    a.address = address;
    a.type = ActionType::Create;
    a.body = GroupBody{name};
    a.source = g.location;
    targets[g.key] = {name, {{}, address}};
  }
  return targets;
}

// The plan-wide part of removal: the live companies no manifest describes, and the
// mass-deletion guard over every customer's deletes.
void FinishRemovals(const DesiredState& desired, const LiveState& live, const PlanOptions& options, References& refs,
                    Plan* plan) {
  // A delete shows the live record's references by name, as a create shows its own.
  auto name = [&](ReferenceKind kind, const std::string& id) {
    if (!id.empty() && !plan->names.count(id)) plan->names.emplace(id, refs.Display(kind, id));
  };
  for (const Action& a : plan->actions) {
    if (a.type != ActionType::Delete) continue;
    if (const CompanyBody* c = a.As<CompanyBody>()) {
      const CompanyRecord& r = *c->record;
      name(ReferenceKind::Industry, r.industry_id);
      name(ReferenceKind::Country, r.country_id);
      name(ReferenceKind::LicenseType, r.license_type_id);
      name(ReferenceKind::LicensePeriod, r.license_period_id);
      name(ReferenceKind::Language, r.preferred_language_id);
      for (const std::string& m : r.license_module_ids) name(ReferenceKind::LicenseModule, m);
    } else if (const TargetUserBody* u = a.As<TargetUserBody>()) {
      name(ReferenceKind::Language, u->record.preferred_language_id);
    }
  }
  plan->unlisted.companies = UnlistedCompanies(desired, live);
  plan->allow_mass_delete = options.allow_mass_delete;
  if (options.allow_mass_delete) return;
  std::vector<MassDelete> mass = MassDeletes(*plan, live);
  if (mass.empty()) return;
  std::unordered_map<std::string, const DesiredCustomer*> by_key;
  for (const DesiredCustomer& c : desired.customers) by_key.emplace(c.key, &c);
  for (const MassDelete& m : mass) {
    Diagnostic d = MassDeleteError(m);
    if (auto it = by_key.find(m.customer); it != by_key.end())
      d.location = Where(it->second->locations, "prune", it->second->location);
    plan->diagnostics.Add(std::move(d));
  }
}

}  // namespace

std::vector<const DesiredCustomer*> SelectCustomers(const DesiredState& desired, const PlanOptions& options,
                                                    Diagnostics* diags) {
  std::set<const DesiredCustomer*> only = Named(desired, options.customers, "--customer", diags);
  std::set<const DesiredCustomer*> excluded = Named(desired, options.exclude, "--exclude", diags);
  std::vector<const DesiredCustomer*> out;
  for (const DesiredCustomer& c : desired.customers) {
    if (!options.customers.empty() && !only.count(&c)) continue;
    if (excluded.count(&c)) {
      // Both asked for and excluded: the two flags contradict each other.
      if (only.count(&c))
        AddDiagnostic(diags, Severity::Error, {}, {},
                      fmt::format("customer {} is both selected with --customer and left out with --exclude", c.key),
                      "drop one of the two", "--exclude");
      continue;
    }
    out.push_back(&c);
  }
  // A selection that leaves nothing would otherwise read as "No changes".
  if (out.empty() && !desired.customers.empty() && !diags->has_errors() &&
      (!options.customers.empty() || !options.exclude.empty()))
    AddDiagnostic(diags, Severity::Error, {}, {}, "--customer and --exclude leave no customer to plan",
                  "exclude fewer customers", "--exclude");
  return out;
}

std::vector<std::string> FieldsNeededToCreate(const DesiredCustomer& customer) {
  const DesiredCompany& d = customer.company;
  const DesiredLicense& l = customer.license;
  std::vector<std::pair<const char*, bool>> required = {
      {"company.industry", d.industry.has_value()}, {"company.country", d.country.has_value()},
      {"company.timeZone", d.time_zone.has_value()}, {"company.dateFormat", d.date_format.has_value()},
      {"company.timeFormat", d.time_format.has_value()}, {"license.type", l.type.has_value()},
      {"license.period", l.period.has_value()}, {"license.users", l.users.has_value()}};
  std::vector<std::string> out;
  for (const auto& [path, present] : required)
    if (!present) out.push_back(path);
  return out;
}

namespace {

// MakePlan's body; `used_up` is `desired` itself when the caller gave it up (the rvalue
// overload), else null.
Plan PlanCustomers(const DesiredState& desired, DesiredState* used_up, const LiveState& live,
                   const PlanOptions& options, const std::function<void()>& freed) {
  Plan plan;
  plan.manifest_digest = desired.digest;
  std::vector<const DesiredCustomer*> selected = SelectCustomers(desired, options, &plan.diagnostics);
  for (const DesiredCustomer* c : selected) plan.customers.push_back(c->key);

  std::unordered_map<std::string, GroupTarget> targets = PlanGroups(desired, live, selected, options, &plan);

  References refs(live.catalog);
  CompanyIndex companies(live.companies);
  for (const DesiredCustomer* c : selected) {
    std::string id;
    CompanyMatch match;
    // A pinned company the search did not list may still have been read in detail.
    if (c->company.resource_id && live.details.count(Trim(*c->company.resource_id))) {
      id = Trim(*c->company.resource_id);
      match = CompanyMatch::Found;
    } else if (c->absent && c->company.resource_id) {
      match = CompanyMatch::Missing;  // pinned, and not read: already gone
    } else if (c->absent) {
      // Already gone is no problem, nor a near name (nothing is created): only two live
      // companies of the name are.
      Diagnostics matching;
      match = companies.Match(*c, &id, &matching);
      for (const Diagnostic& d : matching.items())
        if (d.severity == Severity::Error) plan.diagnostics.Add(d);
    } else {
      match = companies.Match(*c, &id, &plan.diagnostics);
    }
    if (match == CompanyMatch::Found) {
      auto failed = live.failed_reads.find(id);
      if (failed != live.failed_reads.end()) {
        plan.failed_customers.push_back({c->key, failed->second});
        continue;
      }
    }
    CustomerPlanner(*c, live, refs, targets, plan, desired.groups).Run(match, id);
    if (used_up) {
      // `c` points into used_up->customers: the same object, which the caller gave up.
      DesiredCustomer& planned = used_up->customers[static_cast<size_t>(c - desired.customers.data())];
      std::vector<DesiredTargetUser>().swap(planned.target_users);
      std::vector<DesiredAdmin>().swap(planned.admins);
      if (freed) freed();
    }
  }
  FinishRemovals(desired, live, options, refs, &plan);
  return plan;
}

}  // namespace

Plan MakePlan(const DesiredState& desired, const LiveState& live, const PlanOptions& options) {
  return PlanCustomers(desired, nullptr, live, options, {});
}

Plan MakePlan(DesiredState&& desired, const LiveState& live, const PlanOptions& options,
              const std::function<void()>& freed) {
  return PlanCustomers(desired, &desired, live, options, freed);
}

std::string ShowReference(const Catalog& catalog, ReferenceKind kind, const std::string& value) {
  return References(catalog).Display(kind, value);
}

std::string ShowStatus(const std::optional<int>& status) {
  if (!status) return "";
  if (*status == 1) return "true";
  if (*status == 2) return "false";
  return std::to_string(*status);
}

}  // namespace onboard
