// System users (platform admins of a company) and roles; all scoped by X-KEEPNET-Company-Id.

#include <algorithm>

#include <fmt/format.h>

#include "dto.h"
#include "reply.h"
#include "search.h"
#include "server.h"
#include "validate.h"

namespace keepnet_sim {

namespace {

/// Validates a Create/UpdateSystemUserRequest into u; roles must belong to company c.
void readSystemUser(const rapidjson::Document& doc, const Company& c, bool update, Problems& p, SystemUser& u) {
  if (update)
    onlyFields(doc, {"firstName", "lastName", "email", "phoneNumber", "statusId", "roleResourceIdList"}, p);
  else
    onlyFields(doc, {"firstName", "lastName", "email", "phoneNumber", "statusId", "roleResourceIdList", "companyResourceId"},
               p);
  auto text = [&](std::string_view field, std::string_view key, size_t max, std::string& out) {
    auto v = getString(doc, key);
    if (!p.required(field, v)) return;
    p.lengthBetween(field, *v, 1, max);
    out = *v;
  };
  text("FirstName", "firstName", 40, u.firstName);
  text("LastName", "lastName", 40, u.lastName);
  text("Email", "email", 320, u.email);
  if (!u.email.empty() && !isEmail(u.email)) p.add("Email", fmt::format("'{}' is not a valid e-mail address", u.email));
  text("PhoneNumber", "phoneNumber", 20, u.phoneNumber);
  if (const auto* s = member(doc, "statusId"); s && !s->IsNull()) {
    if (!s->IsInt() || (s->GetInt() != 1 && s->GetInt() != 2))
      p.add("StatusId", "must be 1 (Active) or 2 (Inactive)");
    else
      u.statusId = s->GetInt();
  }
  u.roleIds.clear();
  for (const auto& id : getStrings(doc, "roleResourceIdList")) {
    bool known = std::any_of(c.roles.begin(), c.roles.end(), [&](const Role& r) { return r.resourceId == id; });
    if (!known)
      p.add("RoleResourceIdList", fmt::format("unknown role '{}' for company '{}'", id, c.name));
    else if (std::find(u.roleIds.begin(), u.roleIds.end(), id) == u.roleIds.end())
      u.roleIds.push_back(id);
  }
}

bool systemUserEmailTaken(const Company& c, const std::string& email, const std::string& exceptId) {
  return std::any_of(c.systemUsers.begin(), c.systemUsers.end(), [&](const SystemUser& u) {
    return u.resourceId != exceptId && iequals(u.email, email);
  });
}

const std::string* systemUserKey(const SystemUser& u, const std::string& orderBy) {
  if (orderBy == "email") return &u.email;
  if (orderBy == "firstname") return &u.firstName;
  if (orderBy == "lastname") return &u.lastName;
  return nullptr;
}

}  // namespace

void Sim::systemUserCreate(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::unique_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  if (auto target = getString(doc, "companyResourceId"); target && !target->empty() && *target != c->resourceId) {
    Company* other = store_.state().company(*target);
    if (!other || !manages(call.who, *other))
      return replyForbidden(call.res, fmt::format("Company '{}' is not managed by this client.", *target));
    c = other;
  }
  Problems p;
  SystemUser u;
  readSystemUser(doc, *c, /*update=*/false, p, u);
  if (!p.empty()) return replyInput(call.res, p.messages);
  if (systemUserEmailTaken(*c, u.email, ""))
    return replyInput(call.res, {"Email: email already exists"}, "email already exists");
  State& st = store_.state();
  u.resourceId = st.newId();
  u.seq = st.nextSeq++;
  u.createTime = nowIso();
  c->systemUsers.push_back(u);
  store_.persist();
  replyId(call.res, u.resourceId);
}

void Sim::systemUserUpdate(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::unique_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  auto it = std::find_if(c->systemUsers.begin(), c->systemUsers.end(),
                         [&](const SystemUser& u) { return u.resourceId == call.params[0]; });
  if (it == c->systemUsers.end())
    return replyNotFound(call.res, fmt::format("System user '{}' was not found.", call.params[0]));
  Problems p;
  SystemUser u = *it;
  u.statusId = 1;
  readSystemUser(doc, *c, /*update=*/true, p, u);
  if (!p.empty()) return replyInput(call.res, p.messages);
  if (systemUserEmailTaken(*c, u.email, u.resourceId))
    return replyInput(call.res, {"Email: email already exists"}, "email already exists");
  *it = u;
  store_.persist();
  replyId(call.res, u.resourceId);
}

void Sim::systemUserDelete(Call& call) {
  std::unique_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  auto n = std::erase_if(c->systemUsers, [&](const SystemUser& u) { return u.resourceId == call.params[0]; });
  if (n == 0) return replyNotFound(call.res, fmt::format("System user '{}' was not found.", call.params[0]));
  store_.persist();
  replyId(call.res, call.params[0]);
}

void Sim::systemUsersSearch(Call& call) {
  std::vector<std::string> vms;
  auto s = parseSearch(call.req.body, opts_.maxPageSize, false, vms);
  if (!s) return replyInput(call.res, vms);
  std::shared_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  std::vector<const SystemUser*> items;
  for (const auto& u : c->systemUsers)
    if (icontains(u.email, s->text) || icontains(u.firstName, s->text) || icontains(u.lastName, s->text))
      items.push_back(&u);
  orderItems(items, *s, systemUserKey);
  replyOk(call.res, [&](Writer& w) {
    writePage(w, *s, items, [&](Writer& w2, const SystemUser& u) { writeSystemUserSearchDto(w2, *c, u); });
  });
}

void Sim::roles(Call& call) {
  std::shared_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  replyOk(call.res, [&](Writer& w) {
    w.StartArray();
    for (const auto& r : c->roles) {
      w.StartObject();
      jkv(w, "resourceId", r.resourceId);
      jkv(w, "name", r.name);
      w.EndObject();
    }
    w.EndArray();
  });
}

}  // namespace keepnet_sim
