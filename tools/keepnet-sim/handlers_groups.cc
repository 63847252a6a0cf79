// Company groups: list, create, get, rename, delete, participants, member search.

#include <algorithm>

#include <fmt/format.h>

#include "dto.h"
#include "reply.h"
#include "search.h"
#include "server.h"
#include "validate.h"

namespace keepnet_sim {

namespace {

CompanyGroup* pathGroup(Call& call, State& st) {
  CompanyGroup* g = st.group(call.params.at(0));
  if (!g) replyNotFound(call.res, fmt::format("Company group '{}' was not found.", call.params.at(0)));
  return g;
}

const std::string* groupKey(const CompanyGroup& g, const std::string& orderBy) {
  return orderBy == "name" ? &g.name : nullptr;
}

const std::string* groupCompanyKey(const Company& c, const std::string& orderBy) {
  return orderBy == "name" || orderBy == "companyname" ? &c.name : nullptr;
}

}  // namespace

void Sim::groupsList(Call& call) {
  std::shared_lock lock(store_.mutex());
  replyOk(call.res, [&](Writer& w) {
    w.StartArray();
    for (const auto& g : store_.state().groups) writeCompanyGroupDto(w, g);
    w.EndArray();
  });
}

void Sim::groupGet(Call& call) {
  std::shared_lock lock(store_.mutex());
  CompanyGroup* g = pathGroup(call, store_.state());
  if (!g) return;
  replyOk(call.res, [&](Writer& w) { writeCompanyGroupDto(w, *g); });
}

namespace {

/// Validates {name, companyResourceIdArray?}; companies must be managed by the caller.
bool readGroupBody(const rapidjson::Document& doc, const State& st, const std::string& resellerId, Problems& p,
                   std::string& name, std::optional<std::vector<std::string>>& companies) {
  auto n = getString(doc, "name");
  if (p.required("Name", n)) {
    p.lengthBetween("Name", *n, 1, 64);
    name = *n;
  }
  if (const auto* arr = member(doc, "companyResourceIdArray"); arr && arr->IsArray()) {
    companies.emplace();
    for (const auto& v : arr->GetArray()) {
      if (!v.IsString()) {
        p.add("CompanyResourceIdArray", "must hold strings");
        continue;
      }
      const Company* c = st.company(v.GetString());
      if (!c || c->isReseller || c->resellerId != resellerId)
        p.add("CompanyResourceIdArray", fmt::format("unknown company '{}'", v.GetString()));
      else if (std::find(companies->begin(), companies->end(), c->resourceId) == companies->end())
        companies->push_back(c->resourceId);
    }
  }
  return p.empty();
}

}  // namespace

void Sim::groupCreate(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::unique_lock lock(store_.mutex());
  State& st = store_.state();
  Problems p;
  std::string name;
  std::optional<std::vector<std::string>> companies;
  if (!readGroupBody(doc, st, call.who.companyId, p, name, companies)) return replyInput(call.res, p.messages);
  // Duplicate names are accepted, as far as is known of the real platform.
  CompanyGroup g;
  g.resourceId = st.newId();
  g.name = name;
  g.seq = st.nextSeq++;
  g.createTime = nowIso();
  if (companies) g.companyIds = *companies;
  st.groups.push_back(g);
  store_.persist();
  replyId(call.res, g.resourceId);
}

void Sim::groupUpdate(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::unique_lock lock(store_.mutex());
  State& st = store_.state();
  CompanyGroup* g = pathGroup(call, st);
  if (!g) return;
  Problems p;
  std::string name;
  std::optional<std::vector<std::string>> companies;
  if (!readGroupBody(doc, st, call.who.companyId, p, name, companies)) return replyInput(call.res, p.messages);
  g->name = name;
  if (companies) g->companyIds = *companies;
  store_.persist();
  replyId(call.res, g->resourceId);
}

void Sim::groupDelete(Call& call) {
  std::unique_lock lock(store_.mutex());
  State& st = store_.state();
  CompanyGroup* g = pathGroup(call, st);
  if (!g) return;
  const std::string id = g->resourceId;
  std::erase_if(st.groups, [&](const CompanyGroup& x) { return x.resourceId == id; });
  store_.persist();
  replyId(call.res, id);
}

void Sim::groupAddParticipants(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::unique_lock lock(store_.mutex());
  State& st = store_.state();
  CompanyGroup* g = pathGroup(call, st);
  if (!g) return;
  Problems p;
  std::vector<std::string> ids;
  const auto* arr = member(doc, "companyResourceIdArray");
  if (!arr || !arr->IsArray()) {
    p.add("CompanyResourceIdArray", "is required");
  } else {
    for (const auto& v : arr->GetArray()) {
      const Company* c = v.IsString() ? st.company(v.GetString()) : nullptr;
      if (!c || c->isReseller || c->resellerId != call.who.companyId)
        p.add("CompanyResourceIdArray", fmt::format("unknown company '{}'", v.IsString() ? v.GetString() : "?"));
      else
        ids.push_back(c->resourceId);
    }
  }
  if (!p.empty()) return replyInput(call.res, p.messages);
  for (const auto& id : ids)
    if (std::find(g->companyIds.begin(), g->companyIds.end(), id) == g->companyIds.end()) g->companyIds.push_back(id);
  store_.persist();
  replyId(call.res, g->resourceId);
}

void Sim::groupRemoveParticipants(Call& call) {
  rapidjson::Document doc;
  if (!parseBody(call, doc)) return;
  std::unique_lock lock(store_.mutex());
  State& st = store_.state();
  CompanyGroup* g = pathGroup(call, st);
  if (!g) return;
  const auto* arr = member(doc, "companyResourceIdArray");
  if (!arr || !arr->IsArray()) return replyInput(call.res, {"CompanyResourceIdArray: is required"});
  for (const auto& v : arr->GetArray())
    if (v.IsString()) std::erase(g->companyIds, std::string(v.GetString()));
  store_.persist();
  replyId(call.res, g->resourceId);
}

void Sim::groupCompaniesSearch(Call& call) {
  std::vector<std::string> vms;
  auto s = parseSearch(call.req.body, opts_.maxPageSize, false, vms);
  if (!s) return replyInput(call.res, vms);
  std::shared_lock lock(store_.mutex());
  State& st = store_.state();
  CompanyGroup* g = pathGroup(call, st);
  if (!g) return;
  std::vector<const Company*> items;
  for (const auto& [seq, id] : st.companyOrder) {
    if (std::find(g->companyIds.begin(), g->companyIds.end(), id) == g->companyIds.end()) continue;
    const Company& c = st.companies.at(id);
    if (icontains(c.name, s->text)) items.push_back(&c);
  }
  orderItems(items, *s, groupCompanyKey);
  replyOk(call.res, [&](Writer& w) {
    writePage(w, *s, items, [&](Writer& w2, const Company& c) { writeSearchGroupCompanyDto(w2, store_.ref(), c); });
  });
}

void Sim::groupsSearch(Call& call) {
  std::vector<std::string> vms;
  auto s = parseSearch(call.req.body, opts_.maxPageSize, true, vms);
  if (!s) return replyInput(call.res, vms);
  std::shared_lock lock(store_.mutex());
  std::vector<const CompanyGroup*> items;
  for (const auto& g : store_.state().groups)
    if (icontains(g.name, s->text)) items.push_back(&g);
  orderItems(items, *s, groupKey);
  replyOk(call.res, [&](Writer& w) {
    writePage(w, *s, items, [&](Writer& w2, const CompanyGroup& g) {
      w2.StartObject();
      jkv(w2, "resourceId", g.resourceId);
      jkv(w2, "name", g.name);
      jkv(w2, "companyCount", static_cast<int>(g.companyIds.size()));
      jkv(w2, "createTime", g.createTime);
      w2.EndObject();
    });
  });
}

}  // namespace keepnet_sim
