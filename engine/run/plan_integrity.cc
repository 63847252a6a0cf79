#include "engine/run/plan_integrity.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>

#include "engine/plan/address.h"
#include "engine/plan/compare.h"
#include "engine/plan/planner.h"
#include "engine/plan/target_groups.h"

namespace onboard {
namespace {

bool SamePairs(PassthroughFields a, PassthroughFields b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

bool SameId(const std::string& a, const std::string& b) { return FoldKey(a) == FoldKey(b); }

// The record of `records` whose id is `id`, or nullptr.
template <class R>
const R* ById(const std::vector<R>& records, const std::string& id) {
  auto it = std::find_if(records.begin(), records.end(), [&](const R& r) { return SameId(r.id, id); });
  return it == records.end() ? nullptr : &*it;
}

// One managed field of an update: how the planner shows the body's value, and whether the
// body's value means the same as the live one.
template <class R>
struct Field {
  const char* path;
  std::function<std::string(const R&)> show;
  std::function<bool(const R& body, const R& live)> same;
};

template <class R, class S>  // S: std::string, RareString or InternedString
Field<R> TextField(const char* path, S R::*member) {
  return {path, [member](const R& r) { return std::string(r.*member); },
          [member](const R& b, const R& l) { return SameText(b.*member, l.*member); }};
}

template <class R, class S>  // S: std::string, RareString or InternedString
Field<R> FoldedField(const char* path, S R::*member) {
  return {path, [member](const R& r) { return std::string(r.*member); },
          [member](const R& b, const R& l) { return EqualsIgnoreCase(Trim(b.*member), Trim(l.*member)); }};
}

template <class R, class S>  // S: std::string, RareString or InternedString
Field<R> RefField(const char* path, S R::*member, ReferenceKind kind, const Catalog& catalog) {
  return {path, [member, kind, &catalog](const R& r) { return ShowReference(catalog, kind, r.*member); },
          [member](const R& b, const R& l) { return SameId(b.*member, l.*member); }};
}

class Checker {
 public:
  Checker(const Plan& plan, const LiveState& fresh) : plan_(plan), fresh_(fresh) {
    for (const Action& a : plan.actions)
      if (const GroupBody* g = a.As<GroupBody>(); g && a.type == ActionType::Create) group_creates_[a.address] = g;
      else if (const TargetGroupBody* t = a.As<TargetGroupBody>(); t && a.type == ActionType::Create)
        target_group_creates_[a.address] = t;
    CompanyOfEachCustomer();
  }

  std::vector<IntegrityProblem> Run() {
    for (const Action& a : plan_.actions) {
      std::visit([&](const auto& body) { Check(a, body); }, a.body);
      if (a.object() != ObjectType::Company && a.object() != ObjectType::Group) CheckCompanyRef(a);
    }
    return std::move(problems_);
  }

 private:
  void Problem(const Action& a, std::string field, std::string problem) {
    problems_.push_back({a.address, std::move(field), std::move(problem)});
  }

  // ---- the company every action of a customer acts on ----
  void CompanyOfEachCustomer() {
    for (const Action& a : plan_.actions) {
      if (a.customer.empty()) continue;
      if (a.object() == ObjectType::Company && a.type == ActionType::Update) company_[a.customer] = a.target_id;
      if (a.object() == ObjectType::Company && a.type == ActionType::Create) company_create_[a.customer] = a.address;
    }
    // Customers without a company action: the id their first action names.
    for (const Action& a : plan_.actions)
      if (!a.customer.empty() && a.company_ref.known()) company_.emplace(a.customer, a.company_ref.id);
  }

  void CheckCompanyRef(const Action& a) {
    const IdRef& ref = a.company_ref;
    if (ref.known()) {
      auto it = company_.find(a.customer);
      if (a.customer.empty() || it == company_.end() || it->second != ref.id)
        Problem(a, "company id", "acts on another company than the customer's other actions");
      else if (company_create_.count(a.customer))
        Problem(a, "company id", "names a live company though the plan creates the customer's company");
      return;
    }
    auto create = company_create_.find(a.customer);
    if (create == company_create_.end() || ref.from_action != create->second)
      Problem(a, "company id", "is known after apply from an action other than the customer's company create");
  }

  const LiveCompany* Company(const std::string& id) const {
    auto it = fresh_.details.find(id);
    return it == fresh_.details.end() ? nullptr : &it->second;
  }

  // ---- groups ----
  // True when `ref` is the group a rendering shows as `name`.
  bool GroupIs(const std::string& name, const IdRef& ref) const {
    if (ref.known())
      return std::any_of(fresh_.groups.begin(), fresh_.groups.end(),
                         [&](const GroupRecord& g) { return Trim(g.name) == name && SameId(g.id, ref.id); });
    auto it = group_creates_.find(ref.from_action);
    return it != group_creates_.end() && it->second->name == name;
  }

  void Check(const Action& a, const GroupBody& g) {
    if (Trim(g.name).empty()) Problem(a, "name", "is empty");
    if (!a.company_ref.known() && !a.company_ref.from_action.empty()) Problem(a, "company id", "is set for a group");
  }

  void Check(const Action& a, const ParticipantBody& p) {
    if (!GroupIs(p.group_name, p.group)) Problem(a, "group", "the group joined is not the group shown");
    if (a.type != ActionType::RemoveParticipant) return;
    // A company leaves a group the live state shows it in.
    const LiveCompany* company = a.company_ref.known() ? Company(a.company_ref.id) : nullptr;
    const std::vector<std::string>* in = company ? &company->company.group_ids : nullptr;
    if (!in || std::none_of(in->begin(), in->end(), [&](const std::string& id) { return SameId(id, p.group.id); }))
      Problem(a, "group", "the company is not in the group it leaves");
  }

  // ---- names a create's rendering shows for ids ----
  void ShownName(const Action& a, const char* field, ReferenceKind kind, const std::string& id) {
    if (id.empty()) return;
    if (plan_.NameOf(id) != ShowReference(fresh_.catalog, kind, id))
      Problem(a, field, "the name shown is not the name of the id sent");
  }

  // Changes recorded for an update, by field; a field listed twice is a problem.
  std::map<std::string, const FieldChange*> ChangesOf(const Action& a) {
    std::map<std::string, const FieldChange*> out;
    for (const FieldChange& c : a.changes)
      if (!out.emplace(c.field, &c).second) Problem(a, c.field, "is changed twice");
    return out;
  }

  // An update's managed fields: each one the body changes is shown with the value it sends.
  template <class R>
  void CheckUpdateFields(const Action& a, const R& body, const R& live, const std::vector<Field<R>>& fields,
                         std::map<std::string, const FieldChange*> changes) {
    for (const Field<R>& f : fields) {
      auto it = changes.find(f.path);
      if (it == changes.end()) {
        if (!f.same(body, live)) Problem(a, f.path, "sent changed but no change shows it");
        continue;
      }
      if (it->second->after != f.show(body)) Problem(a, f.path, "sent as another value than the change shows");
      changes.erase(it);
    }
    for (const auto& [field, change] : changes) Problem(a, field, "a change of a field this update does not send");
  }

  void CheckUpdateTarget(const Action& a, const std::string& body_id, const std::string& live_id) {
    if (a.target_id.empty() || !SameId(a.target_id, live_id)) Problem(a, "id", "the update's target is not the live object");
    else if (!SameId(body_id, live_id)) Problem(a, "id", "the body's id is not the live object's");
  }

  // ---- deletes: the object deleted is one the live state holds, and the one shown ----
  void CheckDeleteTarget(const Action& a, const std::string& body_id, bool live_found) {
    if (!live_found) return Problem(a, "id", "no live object");
    if (a.target_id.empty() || !SameId(body_id, a.target_id)) Problem(a, "id", "the body's id is not the object deleted");
  }

  // ---- company ----
  void Check(const Action& a, const CompanyBody& company) {
    const CompanyRecord& body = *company.record;
    if (a.type == ActionType::Delete) {
      const LiveCompany* live = Company(a.target_id);
      if (!company.joins.empty()) Problem(a, "groups", "a delete joins groups");
      if (a.company_ref.known() && a.company_ref.id != a.target_id) Problem(a, "company id", "is not the delete's target");
      CheckDeleteTarget(a, body.id, live != nullptr);
      if (live && Trim(live->company.name) != Trim(body.name)) Problem(a, "company.name", "the company shown is not the one deleted");
      return;
    }
    if (a.type == ActionType::Create) {
      if (!body.id.empty()) Problem(a, "id", "sent but not shown");
      if (!body.group_ids.empty()) Problem(a, "group ids", "sent but not shown (the groups shown are joined by name)");
      if (body.status_id) Problem(a, "status", "sent but not shown");
      if (!body.passthrough.empty()) Problem(a, "passthrough", "sent but not shown");
      if (a.company_ref.known() || !a.company_ref.from_action.empty() || !a.target_id.empty())
        Problem(a, "company id", "a create names an existing company");
      for (const ParticipantBody& join : company.joins)
        if (!GroupIs(join.group_name, join.group)) Problem(a, "groups", "a group joined is not the group shown");
      ShownName(a, "company.industry", ReferenceKind::Industry, body.industry_id);
      ShownName(a, "company.country", ReferenceKind::Country, body.country_id);
      ShownName(a, "company.preferredLanguage", ReferenceKind::Language, body.preferred_language_id);
      ShownName(a, "license.type", ReferenceKind::LicenseType, body.license_type_id);
      ShownName(a, "license.period", ReferenceKind::LicensePeriod, body.license_period_id);
      for (const std::string& m : body.license_module_ids)
        ShownName(a, "license.modules", ReferenceKind::LicenseModule, m);
      return;
    }
    if (!company.joins.empty()) Problem(a, "groups", "an update joins groups in its body");
    const LiveCompany* live_company = Company(a.target_id);
    if (!live_company) return Problem(a, "id", "no live object");
    const CompanyRecord& live = live_company->company;
    if (a.company_ref.known() && a.company_ref.id != a.target_id) Problem(a, "company id", "is not the update's target");
    CheckUpdateTarget(a, body.id, live.id);
    const Catalog& cat = fresh_.catalog;
    using C = CompanyRecord;
    auto show_modules = [&cat](const C& r) {
      std::vector<std::string> names;
      for (const std::string& m : r.license_module_ids) names.push_back(ShowReference(cat, ReferenceKind::LicenseModule, m));
      return DisplayList(names);
    };
    std::vector<Field<C>> fields = {
        TextField<C>("company.name", &C::name),
        TextField<C>("company.description", &C::description),
        RefField<C>("company.industry", &C::industry_id, ReferenceKind::Industry, cat),
        RefField<C>("company.country", &C::country_id, ReferenceKind::Country, cat),
        TextField<C>("company.address", &C::address),
        TextField<C>("company.websiteUrl", &C::website_url),
        RefField<C>("company.timeZone", &C::time_zone_id, ReferenceKind::TimeZone, cat),
        RefField<C>("company.dateFormat", &C::date_format, ReferenceKind::DateFormat, cat),
        RefField<C>("company.timeFormat", &C::time_format, ReferenceKind::TimeFormat, cat),
        RefField<C>("company.preferredLanguage", &C::preferred_language_id, ReferenceKind::Language, cat),
        {"company.tags", [](const C& r) { return DisplayList(r.tags); },
         [](const C& b, const C& l) { return SameSet(b.tags, l.tags, false); }},
        RefField<C>("license.type", &C::license_type_id, ReferenceKind::LicenseType, cat),
        RefField<C>("license.period", &C::license_period_id, ReferenceKind::LicensePeriod, cat),
        {"license.modules", show_modules,
         [](const C& b, const C& l) { return SameSet(b.license_module_ids, l.license_module_ids, true); }},
        {"license.users", [](const C& r) { return std::to_string(r.number_of_users); },
         [](const C& b, const C& l) { return b.number_of_users == l.number_of_users; }},
        {"license.limited", [](const C& r) { return DisplayBool(r.users_limited); },
         [](const C& b, const C& l) { return b.users_limited == l.users_limited; }},
        {"license.start", [](const C& r) { return DisplayDate(r.license_start); },
         [](const C& b, const C& l) { return SameDate(b.license_start, l.license_start); }},
        {"license.end", [](const C& r) { return DisplayDate(r.license_end); },
         [](const C& b, const C& l) { return SameDate(b.license_end, l.license_end); }},
    };
    CheckUpdateFields(a, body, live, fields, ChangesOf(a));
    if (!SameSet(body.group_ids, live.group_ids, true)) Problem(a, "group ids", "differ from the live ones and are not shown");
    if (body.status_id != live.status_id) Problem(a, "status", "differs from the live one and is not shown");
    if (!SamePairs(body.passthrough, live.passthrough)) Problem(a, "passthrough", "differs from the live fields and is not shown");
  }

  // ---- admins ----
  // The names of `ids` among a company's roles (an unknown id as itself).
  static std::vector<std::string> RoleNames(const std::vector<std::string>& ids, const std::vector<RoleRecord>& roles) {
    std::vector<std::string> out;
    for (const std::string& id : ids) {
      const RoleRecord* role = ById(roles, id);
      out.push_back(role ? role->name : id);
    }
    return out;
  }

  // A user's address shows its email (customer.<key>.<kind>.<email, lowered>): the email sent
  // must be that one.
  void CheckEmailShown(const Action& a, const char* kind, const std::string& email) {
    if (a.address != UserAddress(a.customer, kind, email))
      Problem(a, "email", "sent another email than the address shows");
  }

  void Check(const Action& a, const AdminBody& admin) {
    const SystemUserRecord& body = admin.record;
    CheckEmailShown(a, "admin", body.email);
    const LiveCompany* company = a.company_ref.known() ? Company(a.company_ref.id) : nullptr;
    if (a.type == ActionType::Delete) {
      const SystemUserRecord* live = company ? ById(company->admins, a.target_id) : nullptr;
      CheckDeleteTarget(a, body.id, live != nullptr);
      if (live && FoldKey(live->email) != FoldKey(body.email)) Problem(a, "email", "the admin shown is not the one deleted");
      return;
    }
    if (a.type == ActionType::Create) {
      if (!body.id.empty()) Problem(a, "id", "sent but not shown");
      if (!body.passthrough.empty()) Problem(a, "passthrough", "sent but not shown");
      if (!body.role_names.empty()) Problem(a, "roles", "role names sent beside the roles shown");
      if (!admin.role_names_after_apply.empty()) {
        if (!body.role_ids.empty()) Problem(a, "role ids", "sent beside the role names resolved after apply");
      } else if (!body.role_ids.empty()) {
        // Shown by Plan::names: each must be a live role of the company, shown by its name.
        for (const std::string& id : body.role_ids) {
          const RoleRecord* role = company ? ById(company->roles, id) : nullptr;
          if (!role || plan_.NameOf(id) != role->name) Problem(a, "roles", "a role sent is not the role shown");
        }
      }
      return;
    }
    if (!admin.role_names_after_apply.empty()) Problem(a, "roles", "an update resolves roles after apply");
    const SystemUserRecord* live = company ? ById(company->admins, a.target_id) : nullptr;
    if (!live) return Problem(a, "id", "no live object");
    CheckUpdateTarget(a, body.id, live->id);
    using U = SystemUserRecord;
    const std::vector<RoleRecord>& roles = company->roles;
    auto names = [&roles](const U& u) {
      // As read, names; for a write, ids (the planner sends ids for the live names).
      return u.role_ids.empty() ? u.role_names : RoleNames(u.role_ids, roles);
    };
    std::vector<Field<U>> fields = {
        FoldedField<U>("email", &U::email),
        TextField<U>("firstName", &U::first_name),
        TextField<U>("lastName", &U::last_name),
        TextField<U>("phone", &U::phone),
        {"roles", [&roles](const U& u) { return DisplayList(RoleNames(u.role_ids, roles)); },
         [&names](const U& b, const U& l) { return SameSet(names(b), names(l), true); }},
        {"active", [](const U& u) { return ShowStatus(u.status_id); },
         [](const U& b, const U& l) { return b.status_id == l.status_id; }},
    };
    CheckUpdateFields(a, body, *live, fields, ChangesOf(a));
    if (!SamePairs(body.passthrough, live->passthrough)) Problem(a, "passthrough", "differs from the live fields and is not shown");
  }

  // ---- target users ----
  void Check(const Action& a, const TargetUserBody& user) {
    const TargetUserRecord& body = user.record;
    CheckEmailShown(a, "target-user", body.email);
    const LiveCompany* company = a.company_ref.known() ? Company(a.company_ref.id) : nullptr;
    if (a.type == ActionType::Delete) {
      const TargetUserRecord* live = company ? ById(company->target_users, a.target_id) : nullptr;
      CheckDeleteTarget(a, body.id, live != nullptr);
      if (live && FoldKey(live->email) != FoldKey(body.email))
        Problem(a, "email", "the target user shown is not the one deleted");
      return;
    }
    if (a.type == ActionType::Create) {
      if (!body.id.empty()) Problem(a, "id", "sent but not shown");
      if (!body.passthrough.empty()) Problem(a, "passthrough", "sent but not shown");
      CheckJoins(a, user, company);
      ShownName(a, "preferredLanguage", ReferenceKind::Language, body.preferred_language_id);
      return;
    }
    if (!user.joins.empty()) Problem(a, "groups", "an update joins target groups in its body");
    const TargetUserRecord* live = company ? ById(company->target_users, a.target_id) : nullptr;
    if (!live) return Problem(a, "id", "no live object");
    CheckUpdateTarget(a, body.id, live->id);
    const Catalog& cat = fresh_.catalog;
    using T = TargetUserRecord;
    std::vector<Field<T>> fields = {
        FoldedField<T>("email", &T::email),
        TextField<T>("phone", &T::phone),
        TextField<T>("firstName", &T::first_name),
        TextField<T>("lastName", &T::last_name),
        TextField<T>("department", &T::department),
        FoldedField<T>("priority", &T::priority),
        {"active", [](const T& u) { return u.active ? DisplayBool(*u.active) : std::string(); },
         [](const T& b, const T& l) { return b.active == l.active; }},
        RefField<T>("timeZone", &T::time_zone_id, ReferenceKind::TimeZone, cat),
        RefField<T>("preferredLanguage", &T::preferred_language_id, ReferenceKind::Language, cat),
        TextField<T>("manager.firstName", &T::manager_first_name),
        TextField<T>("manager.lastName", &T::manager_last_name),
        FoldedField<T>("manager.email", &T::manager_email),
    };
    CheckUpdateFields(a, body, *live, fields, ChangesOf(a));
    if (!SamePairs(body.passthrough, live->passthrough)) Problem(a, "passthrough", "differs from the live fields and is not shown");
    if (body.target_group_ids) {
      if (!live->target_group_ids || !SameSet(*body.target_group_ids, *live->target_group_ids, true))
        Problem(a, "target groups", "differ from the live memberships and are not shown");
    }
  }

  // ---- target groups ----
  // True when `ref` is the target group a rendering shows as `name`: a live group of the
  // company with that name (ignoring case), or the plan's create of it.
  bool TargetGroupIs(const std::string& name, const IdRef& ref, const LiveCompany* company) const {
    if (ref.known())
      return company && std::any_of(company->target_groups.begin(), company->target_groups.end(),
                                    [&](const TargetGroupRecord& g) { return FoldKey(g.name) == FoldKey(name) && SameId(g.id, ref.id); });
    auto it = target_group_creates_.find(ref.from_action);
    return it != target_group_creates_.end() && FoldKey(it->second->record.name) == FoldKey(name);
  }

  // A user create sends exactly the target groups it shows joining.
  void CheckJoins(const Action& a, const TargetUserBody& user, const LiveCompany* company) {
    std::vector<std::string> known;
    for (const ParticipantBody& join : user.joins) {
      if (!TargetGroupIs(join.group_name, join.group, company))
        Problem(a, "groups", "a target group joined is not the group shown");
      if (join.group.known()) known.push_back(join.group.id);
    }
    const std::vector<std::string> sent = user.record.target_group_ids.value_or(std::vector<std::string>{});
    if (!SameSet(sent, known, true)) Problem(a, "target groups", "sent but not shown");
  }

  static const TargetGroupRecord* LiveTargetGroup(const LiveCompany* company, const std::string& id) {
    if (!company) return nullptr;
    for (const TargetGroupRecord& g : company->target_groups)
      if (SameId(g.id, id)) return &g;
    return nullptr;
  }

  void Check(const Action& a, const TargetGroupBody& group) {
    const TargetGroupRecord& body = group.record;
    if (a.address != TargetGroupAddress(a.customer, body.name)) Problem(a, "name", "sent another name than the address shows");
    const LiveCompany* company = a.company_ref.known() ? Company(a.company_ref.id) : nullptr;
    if (a.type == ActionType::Create) {
      if (!body.id.empty() || !a.target_id.empty()) Problem(a, "id", "sent but not shown");
      return;
    }
    const TargetGroupRecord* live = LiveTargetGroup(company, a.target_id);
    if (!live) return Problem(a, "id", "no live object");
    CheckUpdateTarget(a, body.id, live->id);
    if (a.type == ActionType::Delete) return;
    using G = TargetGroupRecord;
    std::vector<Field<G>> fields = {
        {"name", [](const G& g) { return Trim(g.name); }, [](const G& b, const G& l) { return Trim(b.name) == Trim(l.name); }},
        FoldedField<G>("priority", &G::priority),
    };
    CheckUpdateFields(a, body, *live, fields, ChangesOf(a));
  }

  void Check(const Action& a, const TargetGroupMembersBody& members) {
    const std::string suffix = a.type == ActionType::AddParticipant ? ".add-users" : ".remove-users";
    if (a.address != TargetGroupAddress(a.customer, members.group_name) + suffix)
      Problem(a, "group", "another group than the address shows");
    const LiveCompany* company = a.company_ref.known() ? Company(a.company_ref.id) : nullptr;
    if (!TargetGroupIs(members.group_name, members.group, company))
      Problem(a, "group", "the target group changed is not the group shown");
    if (members.user_ids.size() != members.emails.size()) return Problem(a, "users", "sent other users than shown");
    for (size_t i = 0; i < members.user_ids.size(); ++i) {
      const TargetUserRecord* u = company ? ById(company->target_users, members.user_ids[i]) : nullptr;
      if (!u || FoldKey(u->email) != FoldKey(members.emails[i])) Problem(a, "users", "a user sent is not the user shown");
    }
  }

  const Plan& plan_;
  const LiveState& fresh_;
  std::unordered_map<std::string, const GroupBody*> group_creates_;  // address -> body
  std::unordered_map<std::string, const TargetGroupBody*> target_group_creates_;  // address -> body
  std::unordered_map<std::string, std::string> company_;             // customer -> live company id
  std::unordered_map<std::string, std::string> company_create_;      // customer -> create address
  std::vector<IntegrityProblem> problems_;
};

}  // namespace

std::vector<IntegrityProblem> PlanIntegrityProblems(const Plan& plan, const LiveState& fresh) {
  return Checker(plan, fresh).Run();
}

std::string ListProblems(const std::vector<IntegrityProblem>& problems) {
  std::string out;
  for (const IntegrityProblem& p : problems) out += p.address + ": " + p.field + ": " + p.problem + "\n";
  return out;
}

}  // namespace onboard
