// POST /_sim/seed: build live state directly (no auth, no latency, no faults).
// The format is documented in README.md.

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

#include "json.h"
#include "seed.h"
#include "server.h"
#include "validate.h"

namespace keepnet_sim {

namespace {

struct SeedError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A lookup of typeId named by resource id, name, code or ISO code (case-insensitive).
std::string resolveLookup(const Reference& ref, int typeId, const std::string& v, std::string_view what) {
  for (const auto& l : ref.lookups)
    if (l.typeId == typeId && l.resourceId == v) return l.resourceId;
  for (const auto& l : ref.lookups)
    if (l.typeId == typeId && (iequals(l.name, v) || iequals(l.code, v) || (!l.isoCode.empty() && iequals(l.isoCode, v))))
      return l.resourceId;
  throw SeedError(fmt::format("unknown {} '{}'", what, v));
}

const LicenseType& resolveLicense(const Reference& ref, const std::string& v) {
  for (const auto& t : ref.licenseTypes)
    if (t.resourceId == v || iequals(t.name, v)) return t;
  throw SeedError(fmt::format("unknown license type '{}'", v));
}

std::string resolveModule(const Reference& ref, const std::string& v) {
  for (const auto& m : ref.modules)
    if (m.resourceId == v || iequals(m.name, v)) return m.resourceId;
  throw SeedError(fmt::format("unknown license module '{}'", v));
}

std::string str(const rapidjson::Value& v, std::string_view key) { return getString(v, key).value_or(""); }

std::string slug(const std::string& name) {
  std::string out;
  for (char ch : lower(name))
    if (std::isalnum(static_cast<unsigned char>(ch))) out += ch;
  return out.empty() ? "company" : out;
}

Company seedCompany(const rapidjson::Value& v, const Reference& ref, State& st, const std::map<std::string, std::string>& clients,
                    const std::string& defaultReseller) {
  if (!v.IsObject()) throw SeedError("each company must be an object");
  std::string name = str(v, "name");
  if (name.empty()) throw SeedError("a company needs a name");
  Company c = defaultCompany(ref, name);
  c.resourceId = str(v, "resourceId");
  if (c.resourceId.empty()) c.resourceId = st.newId();
  if (st.company(c.resourceId)) throw SeedError(fmt::format("resourceId '{}' already exists", c.resourceId));
  c.resellerId = defaultReseller;
  if (auto r = getString(v, "reseller")) {
    auto it = clients.find(*r);
    if (it == clients.end()) throw SeedError(fmt::format("unknown reseller client '{}'", *r));
    c.resellerId = it->second;
  }
  c.description = str(v, "description");
  c.address = str(v, "address");
  c.websiteUrl = str(v, "websiteUrl");
  if (auto x = getString(v, "industry")) c.industryId = resolveLookup(ref, code_type::kIndustry, *x, "industry");
  if (auto x = getString(v, "country")) c.countryId = resolveLookup(ref, code_type::kCountry, *x, "country");
  if (auto x = getString(v, "licensePeriod"))
    c.licensePeriodId = resolveLookup(ref, code_type::kLicensePeriod, *x, "license period");
  if (auto x = getString(v, "language"))
    c.preferredLanguageId = resolveLookup(ref, code_type::kLanguage, *x, "language");
  if (auto x = getString(v, "licenseType")) c.licenseTypeId = resolveLicense(ref, *x).resourceId;
  for (const auto& m : getStrings(v, "licenseModules")) c.moduleIds.push_back(resolveModule(ref, m));
  for (const auto* key : {"licenseStartDate", "licenseEndDate"}) {
    if (auto x = getString(v, key)) {
      auto d = parseDate(*x);
      if (!d) throw SeedError(fmt::format("bad {} '{}'", key, *x));
      (std::string_view(key) == "licenseStartDate" ? c.licenseStartDate : c.licenseEndDate) = *d;
    }
  }
  c.isNumberOfUsersLimited = getBool(v, "isNumberOfUsersLimited", false);
  c.numberOfUsers = getInt(v, "numberOfUsers", c.numberOfUsers);
  c.statusId = getInt(v, "statusId", 1);
  if (auto x = getString(v, "timeZoneId")) {
    if (!ref.timeZone(*x)) throw SeedError(fmt::format("unknown time zone '{}'", *x));
    c.timeZoneId = *x;
  }
  if (auto x = getString(v, "dateFormat")) c.dateFormat = *x;
  if (auto x = getString(v, "timeFormat")) c.timeFormat = *x;
  c.tags = getStrings(v, "tags");
  c.createTime = nowIso();
  c.roles = defaultRoles(st.idRng);

  if (const auto* users = member(v, "systemUsers"); users && users->IsArray()) {
    for (const auto& u : users->GetArray()) {
      SystemUser su;
      su.resourceId = st.newId();
      su.firstName = str(u, "firstName");
      su.lastName = str(u, "lastName");
      su.email = str(u, "email");
      su.phoneNumber = str(u, "phoneNumber");
      su.statusId = getInt(u, "statusId", 1);
      if (su.email.empty()) throw SeedError("a system user needs an email");
      for (const auto& role : getStrings(u, "roles")) {
        auto it = std::find_if(c.roles.begin(), c.roles.end(),
                               [&](const Role& r) { return iequals(r.name, role) || r.resourceId == role; });
        if (it == c.roles.end()) throw SeedError(fmt::format("unknown role '{}'", role));
        su.roleIds.push_back(it->resourceId);
      }
      su.seq = st.nextSeq++;
      su.createTime = c.createTime;
      c.systemUsers.push_back(std::move(su));
    }
  }
  auto addTarget = [&](TargetUser tu) {
    tu.resourceId = st.newId();
    tu.seq = st.nextSeq++;
    tu.createTime = c.createTime;
    c.targetUsers.push_back(std::move(tu));
  };
  if (const auto* users = member(v, "targetUsers"); users && users->IsArray()) {
    for (const auto& u : users->GetArray()) {
      TargetUser tu;
      tu.email = str(u, "email");
      if (tu.email.empty()) throw SeedError("a target user needs an email");
      tu.firstName = str(u, "firstName");
      tu.lastName = str(u, "lastName");
      tu.department = str(u, "department");
      tu.phoneNumber = str(u, "phoneNumber");
      if (auto pr = getString(u, "priority")) tu.priority = *pr;
      tu.isActive = getBool(u, "isActive", true);
      addTarget(std::move(tu));
    }
  }
  const int generated = getInt(v, "generateTargetUsers", 0);
  const std::string domain = slug(name) + ".example";
  for (int i = 1; i <= generated; ++i) {
    TargetUser tu;
    tu.email = fmt::format("user{}@{}", i, domain);
    tu.firstName = "User";
    tu.lastName = std::to_string(i);
    tu.phoneNumber = fmt::format("+1555{:07}", i);
    addTarget(std::move(tu));
  }
  // Target groups, with their members named by e-mail.
  if (const auto* groups = member(v, "targetGroups"); groups && groups->IsArray()) {
    for (const auto& g : groups->GetArray()) {
      TargetGroup tg;
      tg.resourceId = st.newId();
      tg.name = str(g, "name");
      if (tg.name.empty()) throw SeedError("a target group needs a name");
      if (auto pr = getString(g, "priority")) tg.priority = *pr;
      tg.seq = st.nextSeq++;
      tg.createTime = c.createTime;
      for (const auto& email : getStrings(g, "members")) {
        auto it = std::find_if(c.targetUsers.begin(), c.targetUsers.end(),
                               [&](const TargetUser& u) { return iequals(u.email, email); });
        if (it == c.targetUsers.end()) throw SeedError(fmt::format("target group '{}': no target user '{}'", tg.name, email));
        it->targetGroupIds.push_back(tg.resourceId);
      }
      c.targetGroups.push_back(std::move(tg));
    }
  }
  return c;
}

}  // namespace

void Sim::simSeed(const httplib::Request& req, httplib::Response& res) {
  rapidjson::Document doc;
  doc.Parse(req.body.c_str(), req.body.size());
  auto fail = [&](const std::string& what) {
    rapidjson::StringBuffer sb;
    Writer w(sb);
    w.StartObject();
    jkv(w, "error", what);
    w.EndObject();
    res.status = 400;
    res.set_content(std::string(sb.GetString(), sb.GetSize()), "application/json");
  };
  if (doc.HasParseError() || !doc.IsObject()) return fail("body must be a JSON object");

  std::unique_lock lock(store_.mutex());
  // Build on a copy so that a bad document changes nothing.
  State st = store_.state();
  std::string defaultReseller;
  for (const auto& cl : opts_.clients)
    if (cl.role == ClientRole::kReseller && defaultReseller.empty()) defaultReseller = st.clientCompany[cl.id];
  if (defaultReseller.empty())
    for (const auto& [seq, id] : st.companyOrder)
      if (st.companies.at(id).isReseller && defaultReseller.empty()) defaultReseller = id;

  rapidjson::StringBuffer sb;
  Writer w(sb);
  try {
    w.StartObject();
    jkey(w, "companies");
    w.StartArray();
    std::vector<std::string> seeded;
    if (const auto* companies = member(doc, "companies"); companies && companies->IsArray()) {
      for (const auto& v : companies->GetArray()) {
        Company c = seedCompany(v, store_.ref(), st, st.clientCompany, defaultReseller);
        w.StartObject();
        jkv(w, "name", c.name);
        jkv(w, "resourceId", c.resourceId);
        w.EndObject();
        seeded.push_back(c.resourceId);
        st.addCompany(std::move(c));
      }
    }
    w.EndArray();
    jkey(w, "companyGroups");
    w.StartArray();
    if (const auto* groups = member(doc, "companyGroups"); groups && groups->IsArray()) {
      for (const auto& v : groups->GetArray()) {
        CompanyGroup g;
        g.name = str(v, "name");
        if (g.name.empty()) throw SeedError("a company group needs a name");
        g.resourceId = str(v, "resourceId");
        if (g.resourceId.empty()) g.resourceId = st.newId();
        g.seq = st.nextSeq++;
        g.createTime = nowIso();
        for (const auto& ref : getStrings(v, "companies")) {
          std::string found;
          if (st.company(ref)) found = ref;
          for (const auto& id : seeded)
            if (found.empty() && st.companies.at(id).name == ref) found = id;
          for (const auto& [seq, id] : st.companyOrder)
            if (found.empty() && st.companies.at(id).name == ref) found = id;
          if (found.empty()) throw SeedError(fmt::format("unknown company '{}' in group '{}'", ref, g.name));
          g.companyIds.push_back(found);
        }
        w.StartObject();
        jkv(w, "name", g.name);
        jkv(w, "resourceId", g.resourceId);
        w.EndObject();
        st.groups.push_back(std::move(g));
      }
    }
    w.EndArray();
    w.EndObject();
  } catch (const SeedError& e) {
    return fail(e.what());
  }
  store_.state() = std::move(st);
  store_.persist();
  res.set_content(std::string(sb.GetString(), sb.GetSize()), "application/json");
}

}  // namespace keepnet_sim
