// Target users and target groups; all scoped by X-KEEPNET-Company-Id.

#include <algorithm>

#include <fmt/format.h>

#include "dto.h"
#include "reply.h"
#include "search.h"
#include "server.h"
#include "validate.h"

namespace keepnet_sim {

namespace {

constexpr const char* kPriorities[] = {"VeryLow", "Low", "Medium", "High", "VeryHigh"};

/// The canonical priority for a (case-insensitive) name; nullopt when unknown.
std::optional<std::string> priority(const std::string& v) {
  for (const char* p : kPriorities)
    if (iequals(v, p)) return std::string(p);
  return std::nullopt;
}

void readPriority(const rapidjson::Value& doc, Problems& p, std::string& out) {
  const auto* v = member(doc, "priority");
  if (!v || v->IsNull()) {
    out = "Medium";
    return;
  }
  auto canonical = v->IsString() ? priority(v->GetString()) : std::nullopt;
  if (!canonical)
    p.add("Priority", "must be one of VeryLow, Low, Medium, High, VeryHigh");
  else
    out = *canonical;
}

/// Validates a Create/UpdateTargetUserRequest (update: tighter length limits) into u.
void readTargetUser(const rapidjson::Document& doc, const Reference& ref, const Company& c, bool update, Problems& p,
                    TargetUser& u) {
  onlyFields(doc,
             {"email", "firstName", "lastName", "department", "priority", "isActive", "customFields", "phoneNumber",
              "targetGroupResourceIds", "timeZoneId", "preferredLanguageId", "managerFirstName", "managerLastName",
              "managerEmail"},
             p);
  const size_t nameMax = update ? 40 : 256;
  const size_t departmentMax = update ? 64 : 256;
  auto email = getString(doc, "email");
  if (p.required("Email", email)) {
    p.lengthBetween("Email", *email, 1, 320);
    if (!isEmail(*email)) p.add("Email", fmt::format("'{}' is not a valid e-mail address", *email));
    u.email = *email;
  }
  auto phone = getString(doc, "phoneNumber");
  if (p.required("PhoneNumber", phone)) u.phoneNumber = *phone;
  auto text = [&](std::string_view field, std::string_view key, size_t max, std::string& out) {
    out = getString(doc, key).value_or("");
    p.maxLength(field, out, max);
  };
  text("FirstName", "firstName", nameMax, u.firstName);
  text("LastName", "lastName", nameMax, u.lastName);
  text("Department", "department", departmentMax, u.department);
  text("ManagerFirstName", "managerFirstName", nameMax, u.managerFirstName);
  text("ManagerLastName", "managerLastName", nameMax, u.managerLastName);
  text("ManagerEmail", "managerEmail", 320, u.managerEmail);
  if (!u.managerEmail.empty() && !isEmail(u.managerEmail))
    p.add("ManagerEmail", fmt::format("'{}' is not a valid e-mail address", u.managerEmail));
  readPriority(doc, p, u.priority);
  u.isActive = getBool(doc, "isActive", true);
  u.timeZoneId = getString(doc, "timeZoneId").value_or("");
  if (!u.timeZoneId.empty() && !ref.timeZone(u.timeZoneId))
    p.add("TimeZoneId", fmt::format("unknown time zone '{}'", u.timeZoneId));
  u.preferredLanguageId = getString(doc, "preferredLanguageId").value_or("");
  if (!u.preferredLanguageId.empty() && !ref.lookup(code_type::kLanguage, u.preferredLanguageId))
    p.add("PreferredLanguageId", fmt::format("unknown id '{}'", u.preferredLanguageId));
  u.targetGroupIds.clear();
  for (const auto& id : getStrings(doc, "targetGroupResourceIds")) {
    bool known = std::any_of(c.targetGroups.begin(), c.targetGroups.end(),
                             [&](const TargetGroup& g) { return g.resourceId == id; });
    if (!known)
      p.add("TargetGroupResourceIds", fmt::format("unknown target group '{}'", id));
    else if (std::find(u.targetGroupIds.begin(), u.targetGroupIds.end(), id) == u.targetGroupIds.end())
      u.targetGroupIds.push_back(id);
  }
  u.customFields.clear();
  if (const auto* arr = member(doc, "customFields"); arr && !arr->IsNull()) {
    if (!arr->IsArray()) {
      p.add("CustomFields", "must be an array");
    } else {
      const auto defs = customFieldDefs(c.resourceId);
      for (const auto& f : arr->GetArray()) {
        if (!f.IsObject()) {
          p.add("CustomFields", "must hold objects");
          continue;
        }
        onlyFields(f, {"resourceId", "name", "dataType", "value", "timestampValue"}, p);
        // A value names its field by resourceId (or, failing that, by name).
        const std::string id = getString(f, "resourceId").value_or("");
        const std::string name = getString(f, "name").value_or("");
        auto def = std::find_if(defs.begin(), defs.end(), [&](const CustomFieldDef& d) {
          return id.empty() ? iequals(d.name, name) : d.resourceId == id;
        });
        if (def == defs.end()) {
          p.add("CustomFields", fmt::format("unknown custom field '{}'", id.empty() ? name : id));
          continue;
        }
        CustomField v{def->resourceId, def->name, def->dataType, getString(f, "value").value_or(""), ""};
        if (auto ts = getString(f, "timestampValue"); ts && !ts->empty()) {
          auto d = parseDate(*ts);
          if (!d)
            p.add("CustomFields", fmt::format("'{}' is not a valid date-time", *ts));
          else
            v.timestampValue = *d;
        }
        if (def->dataType == "Number" && !v.value.empty() && !parseInt32(v.value))
          p.add("CustomFields", fmt::format("{}: '{}' is not a number", def->name, v.value));
        if (std::any_of(u.customFields.begin(), u.customFields.end(),
                        [&](const CustomField& x) { return x.resourceId == v.resourceId; }))
          p.add("CustomFields", fmt::format("{} is given twice", def->name));
        else
          u.customFields.push_back(std::move(v));
      }
    }
  }
}

bool emailTaken(const Company& c, const std::string& email, const std::string& exceptId) {
  return std::any_of(c.targetUsers.begin(), c.targetUsers.end(),
                     [&](const TargetUser& u) { return u.resourceId != exceptId && iequals(u.email, email); });
}

TargetUser* findUser(Company& c, const std::string& id) {
  for (auto& u : c.targetUsers)
    if (u.resourceId == id) return &u;
  return nullptr;
}

TargetGroup* findGroup(Company& c, const std::string& id) {
  for (auto& g : c.targetGroups)
    if (g.resourceId == id) return &g;
  return nullptr;
}

const std::string* userKey(const TargetUser& u, const std::string& orderBy) {
  if (orderBy == "email") return &u.email;
  if (orderBy == "firstname") return &u.firstName;
  if (orderBy == "lastname") return &u.lastName;
  if (orderBy == "department") return &u.department;
  return nullptr;
}

/// The search text (lower-cased) is part of the user's e-mail or names.
bool matchesText(const TargetUser& u, const std::string& text) {
  return icontains(u.email, text) || icontains(u.firstName, text) || icontains(u.lastName, text);
}

/// A page of TargetUserSearchView, ordered as the search asks.
void replyUserPage(httplib::Response& res, const Reference& ref, const SearchRequest& s,
                   std::vector<const TargetUser*>& items) {
  orderItems(items, s, userKey);
  replyOk(res, [&](Writer& w) {
    writePage(w, s, items, [&](Writer& w2, const TargetUser& u) { writeTargetUserSearchView(w2, ref, u); });
  });
}

const std::string* groupKey(const TargetGroup& g, const std::string& orderBy) {
  return orderBy == "name" ? &g.name : nullptr;
}

}  // namespace

void Sim::targetUserCreate(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::unique_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  Problems p;
  TargetUser u;
  readTargetUser(doc, store_.ref(), *c, false, p, u);
  if (!p.empty()) return replyInput(call.res, p.messages);
  if (emailTaken(*c, u.email, "")) return replyInput(call.res, {"Email: email already exists"}, "email already exists");
  State& st = store_.state();
  u.resourceId = st.newId();
  u.seq = st.nextSeq++;
  u.createTime = nowIso();
  c->targetUsers.push_back(u);
  store_.persist();
  replyId(call.res, u.resourceId);
}

void Sim::targetUserUpdate(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::unique_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  TargetUser* current = findUser(*c, call.params[0]);
  if (!current) return replyNotFound(call.res, fmt::format("Target user '{}' was not found.", call.params[0]));
  Problems p;
  TargetUser u = *current;
  readTargetUser(doc, store_.ref(), *c, true, p, u);
  if (!p.empty()) return replyInput(call.res, p.messages);
  if (emailTaken(*c, u.email, u.resourceId))
    return replyInput(call.res, {"Email: email already exists"}, "email already exists");
  u.updateTime = nowIso();
  *current = u;
  store_.persist();
  replyId(call.res, u.resourceId);
}

void Sim::targetUserDelete(Call& call) {
  std::unique_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  auto n = std::erase_if(c->targetUsers, [&](const TargetUser& u) { return u.resourceId == call.params[0]; });
  if (n == 0) return replyNotFound(call.res, fmt::format("Target user '{}' was not found.", call.params[0]));
  store_.persist();
  replyId(call.res, call.params[0]);
}

void Sim::targetUserGet(Call& call) {
  std::shared_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  TargetUser* u = findUser(*c, call.params[0]);
  if (!u) return replyNotFound(call.res, fmt::format("Target user '{}' was not found.", call.params[0]));
  replyOk(call.res, [&](Writer& w) { writeTargetUserDto(w, *u); });
}

void Sim::targetUsersSearch(Call& call) {
  std::vector<std::string> vms;
  auto s = parseSearch(call.req.body, opts_.maxPageSize, false, vms);
  if (!s) return replyInput(call.res, vms);
  std::shared_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  std::vector<const TargetUser*> items;
  for (const auto& u : c->targetUsers)
    if (matchesText(u, s->text)) items.push_back(&u);
  replyUserPage(call.res, store_.ref(), *s, items);
}

void Sim::targetUserSearchEmail(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  Problems p;
  auto email = getString(doc, "email");
  p.required("Email", email);
  SearchRequest s;
  s.pageNumber = getInt(doc, "pageNumber", 1);
  s.pageSize = std::min(getInt(doc, "pageSize", 10), opts_.maxPageSize);
  s.ascending = getBool(doc, "ascending", false);
  if (s.pageNumber < 1) p.add("PageNumber", "must be an integer >= 1");
  if (s.pageSize < 1) p.add("PageSize", "must be an integer >= 1");
  if (!p.empty()) return replyInput(call.res, p.messages);
  std::shared_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  std::vector<const TargetUser*> items;
  for (const auto& u : c->targetUsers)
    if (iequals(u.email, *email)) items.push_back(&u);
  replyOk(call.res, [&](Writer& w) {
    writePage(w, s, items, [&](Writer& w2, const TargetUser& u) { writeTargetUserDto(w2, u); });
  });
}

void Sim::targetGroupsList(Call& call) {
  std::shared_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  replyOk(call.res, [&](Writer& w) {
    w.StartArray();
    for (const auto& g : c->targetGroups) writeTargetGroupDto(w, g);
    w.EndArray();
  });
}

void Sim::targetGroupGet(Call& call) {
  std::shared_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  TargetGroup* g = findGroup(*c, call.params[0]);
  if (!g) return replyNotFound(call.res, fmt::format("Target group '{}' was not found.", call.params[0]));
  replyOk(call.res, [&](Writer& w) { writeTargetGroupDto(w, *g); });
}

void Sim::targetGroupCreate(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::unique_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  Problems p;
  onlyFields(doc, {"name", "priority"}, p);
  TargetGroup g;
  auto name = getString(doc, "name");
  if (p.required("Name", name)) {
    p.lengthBetween("Name", *name, 1, 64);
    g.name = *name;
  }
  readPriority(doc, p, g.priority);
  if (!p.empty()) return replyInput(call.res, p.messages);
  State& st = store_.state();
  g.resourceId = st.newId();
  g.seq = st.nextSeq++;
  g.createTime = nowIso();
  c->targetGroups.push_back(g);
  store_.persist();
  replyId(call.res, g.resourceId);
}

void Sim::targetGroupUpdate(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::unique_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  TargetGroup* g = findGroup(*c, call.params[0]);
  if (!g) return replyNotFound(call.res, fmt::format("Target group '{}' was not found.", call.params[0]));
  Problems p;
  onlyFields(doc, {"name", "priority", "isActive"}, p);
  if (const auto* a = member(doc, "isActive"); a && !a->IsNull() && !a->IsBool()) p.add("IsActive", "must be a boolean");
  TargetGroup next = *g;
  auto name = getString(doc, "name");
  if (p.required("Name", name)) {
    p.lengthBetween("Name", *name, 1, 64);
    next.name = *name;
  }
  readPriority(doc, p, next.priority);
  if (!p.empty()) return replyInput(call.res, p.messages);
  next.updateTime = nowIso();
  *g = next;
  store_.persist();
  replyId(call.res, g->resourceId);
}

void Sim::targetGroupDelete(Call& call) {
  std::unique_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  const std::string id = call.params[0];
  auto n = std::erase_if(c->targetGroups, [&](const TargetGroup& g) { return g.resourceId == id; });
  if (n == 0) return replyNotFound(call.res, fmt::format("Target group '{}' was not found.", id));
  for (auto& u : c->targetUsers) std::erase(u.targetGroupIds, id);
  store_.persist();
  replyId(call.res, id);
}

void Sim::targetGroupsSearch(Call& call) {
  std::vector<std::string> vms;
  auto s = parseSearch(call.req.body, opts_.maxPageSize, true, vms);
  if (!s) return replyInput(call.res, vms);
  std::shared_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  std::vector<const TargetGroup*> items;
  for (const auto& g : c->targetGroups)
    if (icontains(g.name, s->text)) items.push_back(&g);
  orderItems(items, *s, groupKey);
  replyOk(call.res, [&](Writer& w) {
    writePage(w, *s, items, [&](Writer& w2, const TargetGroup& g) { writeTargetGroupSearchView(w2, *c, g); });
  });
}

namespace {

/// The resource ids of a body's string array `key`; adds a problem for non-strings and for
/// ids that are not target users of c.
std::vector<std::string> userIds(const rapidjson::Value& doc, std::string_view key, std::string_view field,
                                 Company& c, Problems& p) {
  std::vector<std::string> out;
  const auto* arr = member(doc, key);
  if (!arr || arr->IsNull()) return out;
  if (!arr->IsArray()) {
    p.add(field, "must be an array of resource ids");
    return out;
  }
  for (const auto& v : arr->GetArray()) {
    if (!v.IsString()) {
      p.add(field, "must hold strings");
      continue;
    }
    if (!findUser(c, v.GetString()))
      p.add(field, fmt::format("unknown target user '{}'", v.GetString()));
    else if (std::find(out.begin(), out.end(), v.GetString()) == out.end())
      out.emplace_back(v.GetString());
  }
  return out;
}

bool isMember(const TargetUser& u, const std::string& groupId) {
  return std::find(u.targetGroupIds.begin(), u.targetGroupIds.end(), groupId) != u.targetGroupIds.end();
}

}  // namespace

void Sim::targetGroupUsers(Call& call) {
  std::vector<std::string> vms;
  auto s = parseSearch(call.req.body, opts_.maxPageSize, true, vms);
  if (!s) return replyInput(call.res, vms);
  rapidjson::Document doc;
  doc.Parse(call.req.body.c_str(), call.req.body.size());
  const bool exclude = getBool(doc, "excludeGroupUsers", false);
  std::shared_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  TargetGroup* g = findGroup(*c, call.params[0]);
  if (!g) return replyNotFound(call.res, fmt::format("Target group '{}' was not found.", call.params[0]));
  std::vector<const TargetUser*> items;
  for (const auto& u : c->targetUsers)
    if (isMember(u, g->resourceId) != exclude && matchesText(u, s->text)) items.push_back(&u);
  replyUserPage(call.res, store_.ref(), *s, items);
}

void Sim::targetGroupsAddUsers(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::unique_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  Problems p;
  onlyFields(doc, {"targetUserResourceIds", "targetGroupResourceIds", "selectAll", "filter", "excludedResourceIdList"},
             p);
  const auto* sel = member(doc, "selectAll");
  if (sel && !sel->IsNull() && !sel->IsBool()) p.add("SelectAll", "must be a boolean");
  const bool selectAll = sel && sel->IsBool() && sel->GetBool();
  std::vector<std::string> groups;
  const auto* garr = member(doc, "targetGroupResourceIds");
  if (!garr || !garr->IsArray() || garr->Empty()) {
    p.add("TargetGroupResourceIds", "is required");
  } else {
    for (const auto& v : garr->GetArray()) {
      if (!v.IsString() || !findGroup(*c, v.GetString()))
        p.add("TargetGroupResourceIds", fmt::format("unknown target group '{}'", v.IsString() ? v.GetString() : "?"));
      else if (std::find(groups.begin(), groups.end(), v.GetString()) == groups.end())
        groups.emplace_back(v.GetString());
    }
  }
  std::vector<std::string> users = userIds(doc, "targetUserResourceIds", "TargetUserResourceIds", *c, p);
  const std::vector<std::string> excluded = userIds(doc, "excludedResourceIdList", "ExcludedResourceIdList", *c, p);
  std::string text;
  if (const auto* f = member(doc, "filter"); f && !f->IsNull()) {
    if (!f->IsObject()) p.add("Filter", "must be an object");
    else text = lower(getString(*f, "searchInputTextValue").value_or(""));
  }
  if (!selectAll && users.empty()) p.add("TargetUserResourceIds", "is required unless selectAll is true");
  if (!p.empty()) return replyInput(call.res, p.messages);
  if (selectAll) {
    users.clear();
    for (const auto& u : c->targetUsers)
      if (std::find(excluded.begin(), excluded.end(), u.resourceId) == excluded.end() && matchesText(u, text))
        users.push_back(u.resourceId);
  }
  std::vector<int> added(groups.size(), 0);
  for (const auto& id : users) {
    TargetUser* u = findUser(*c, id);
    for (size_t i = 0; i < groups.size(); ++i)
      if (!isMember(*u, groups[i])) {
        u->targetGroupIds.push_back(groups[i]);
        ++added[i];
      }
  }
  store_.persist();
  // The spec types the answer as a list of free-form objects: one per group, with what it gained.
  replyOk(call.res, [&](Writer& w) {
    w.StartArray();
    for (size_t i = 0; i < groups.size(); ++i) {
      w.StartObject();
      jkv(w, "targetGroupResourceId", groups[i]);
      jkv(w, "addedUserCount", added[i]);
      w.EndObject();
    }
    w.EndArray();
  });
}

void Sim::targetGroupRemoveUsers(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::unique_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  TargetGroup* g = findGroup(*c, call.params[0]);
  if (!g) return replyNotFound(call.res, fmt::format("Target group '{}' was not found.", call.params[0]));
  Problems p;
  onlyFields(doc, {"targetUserResourceIds"}, p);
  const std::vector<std::string> users = userIds(doc, "targetUserResourceIds", "TargetUserResourceIds", *c, p);
  if (users.empty() && p.empty()) p.add("TargetUserResourceIds", "is required");
  if (!p.empty()) return replyInput(call.res, p.messages);
  // Users that are not members are left as they are: removing twice is harmless.
  for (const auto& id : users) std::erase(findUser(*c, id)->targetGroupIds, g->resourceId);
  store_.persist();
  replyId(call.res, g->resourceId);
}

void Sim::customFieldsCompany(Call& call) {
  std::shared_lock lock(store_.mutex());
  Company* c = scopeCompany(call);
  if (!c) return;
  replyOk(call.res, [&](Writer& w) {
    w.StartArray();
    for (const auto& d : customFieldDefs(c->resourceId)) {
      w.StartObject();
      jkv(w, "resourceId", d.resourceId);
      jkv(w, "name", d.name);
      jkv(w, "ownerType", "Company");
      jkv(w, "fieldDataType", d.dataType);
      jkey(w, "targetGroupResourceId");
      w.Null();
      jkb(w, "isActive", true);
      jkv(w, "sortOrder", d.sortOrder);
      jkb(w, "isRequired", false);
      jkb(w, "isEditable", true);
      w.EndObject();
    }
    w.EndArray();
  });
}

}  // namespace keepnet_sim
