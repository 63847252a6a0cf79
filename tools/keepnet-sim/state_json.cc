#include "state_json.h"

#include <sstream>
#include <stdexcept>

namespace keepnet_sim {

namespace {

void writeCompany(Writer& w, const Company& c) {
  w.StartObject();
  jkv(w, "resourceId", c.resourceId);
  jkv(w, "name", c.name);
  jkb(w, "isReseller", c.isReseller);
  jkvn(w, "resellerId", c.resellerId);
  jkey(w, "seq");
  w.Uint64(c.seq);
  jkv(w, "createTime", c.createTime);
  jkvn(w, "description", c.description);
  jkvn(w, "industryResourceId", c.industryId);
  jkvn(w, "countryResourceId", c.countryId);
  jkvn(w, "address", c.address);
  jkvn(w, "websiteUrl", c.websiteUrl);
  jkvn(w, "logoUrl", c.logoUrl);
  jkvn(w, "licenseTypeResourceId", c.licenseTypeId);
  jkvn(w, "licensePeriodTypeResourceId", c.licensePeriodId);
  jkvn(w, "licenseStartDate", c.licenseStartDate);
  jkvn(w, "licenseEndDate", c.licenseEndDate);
  jkb(w, "isNumberOfUsersLimited", c.isNumberOfUsersLimited);
  jkv(w, "numberOfUsers", c.numberOfUsers);
  jkvn(w, "notificationTemplateTypeResourceId", c.notificationTemplateTypeId);
  jkvn(w, "trainingContentTypeResourceId", c.trainingContentTypeId);
  jkvn(w, "smtpConfigurationTypeResourceId", c.smtpConfigurationTypeId);
  jkvn(w, "preferredLanguageTypeResourceId", c.preferredLanguageId);
  jkb(w, "isVersionVisible", c.isVersionVisible);
  jkb(w, "isReleaseNotesVisible", c.isReleaseNotesVisible);
  jkvn(w, "releaseNotesUrl", c.releaseNotesUrl);
  jkv(w, "statusId", c.statusId);
  jkvn(w, "timeZoneId", c.timeZoneId);
  jkvn(w, "dateFormat", c.dateFormat);
  jkvn(w, "timeFormat", c.timeFormat);
  jkStrings(w, "licenseModules", c.moduleIds);
  jkStrings(w, "tags", c.tags);
  jkv(w, "baseManHourCost", c.baseManHourCost);
  jkv(w, "baseManHour", c.baseManHour);
  jkv(w, "callBackNumberBookingCount", c.callBackNumberBookingCount);
  jkey(w, "roles");
  w.StartArray();
  for (const auto& r : c.roles) {
    w.StartObject();
    jkv(w, "resourceId", r.resourceId);
    jkv(w, "name", r.name);
    w.EndObject();
  }
  w.EndArray();
  jkey(w, "systemUsers");
  w.StartArray();
  for (const auto& u : c.systemUsers) {
    w.StartObject();
    jkv(w, "resourceId", u.resourceId);
    jkv(w, "firstName", u.firstName);
    jkv(w, "lastName", u.lastName);
    jkv(w, "email", u.email);
    jkv(w, "phoneNumber", u.phoneNumber);
    jkv(w, "statusId", u.statusId);
    jkStrings(w, "roleResourceIdList", u.roleIds);
    jkey(w, "seq");
    w.Uint64(u.seq);
    jkv(w, "createTime", u.createTime);
    w.EndObject();
  }
  w.EndArray();
  jkey(w, "targetUsers");
  w.StartArray();
  for (const auto& u : c.targetUsers) {
    w.StartObject();
    jkv(w, "resourceId", u.resourceId);
    jkv(w, "email", u.email);
    jkvn(w, "firstName", u.firstName);
    jkvn(w, "lastName", u.lastName);
    jkvn(w, "department", u.department);
    jkv(w, "priority", u.priority);
    jkb(w, "isActive", u.isActive);
    jkvn(w, "phoneNumber", u.phoneNumber);
    jkvn(w, "timeZoneId", u.timeZoneId);
    jkvn(w, "preferredLanguageId", u.preferredLanguageId);
    jkvn(w, "managerFirstName", u.managerFirstName);
    jkvn(w, "managerLastName", u.managerLastName);
    jkvn(w, "managerEmail", u.managerEmail);
    jkStrings(w, "targetGroupResourceIds", u.targetGroupIds);
    jkey(w, "customFields");
    w.StartArray();
    for (const auto& f : u.customFields) {
      w.StartObject();
      jkvn(w, "resourceId", f.resourceId);
      jkvn(w, "name", f.name);
      jkvn(w, "dataType", f.dataType);
      jkvn(w, "value", f.value);
      jkvn(w, "timestampValue", f.timestampValue);
      w.EndObject();
    }
    w.EndArray();
    jkey(w, "seq");
    w.Uint64(u.seq);
    jkv(w, "createTime", u.createTime);
    jkvn(w, "updateTime", u.updateTime);
    w.EndObject();
  }
  w.EndArray();
  jkey(w, "targetGroups");
  w.StartArray();
  for (const auto& g : c.targetGroups) {
    w.StartObject();
    jkv(w, "resourceId", g.resourceId);
    jkv(w, "name", g.name);
    jkv(w, "priority", g.priority);
    jkey(w, "seq");
    w.Uint64(g.seq);
    jkv(w, "createTime", g.createTime);
    jkvn(w, "updateTime", g.updateTime);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

std::string str(const rapidjson::Value& v, std::string_view k) { return getString(v, k).value_or(""); }

std::uint64_t u64(const rapidjson::Value& v, std::string_view k) {
  const auto* m = member(v, k);
  return m && m->IsUint64() ? m->GetUint64() : 0;
}

const rapidjson::Value& array(const rapidjson::Value& v, std::string_view k) {
  static const rapidjson::Value kEmpty(rapidjson::kArrayType);
  const auto* m = member(v, k);
  return m && m->IsArray() ? *m : kEmpty;
}

Company readCompany(const rapidjson::Value& v) {
  Company c;
  c.resourceId = str(v, "resourceId");
  if (c.resourceId.empty()) throw std::runtime_error("company without resourceId");
  c.name = str(v, "name");
  c.isReseller = getBool(v, "isReseller", false);
  c.resellerId = str(v, "resellerId");
  c.seq = u64(v, "seq");
  c.createTime = str(v, "createTime");
  c.description = str(v, "description");
  c.industryId = str(v, "industryResourceId");
  c.countryId = str(v, "countryResourceId");
  c.address = str(v, "address");
  c.websiteUrl = str(v, "websiteUrl");
  c.logoUrl = str(v, "logoUrl");
  c.licenseTypeId = str(v, "licenseTypeResourceId");
  c.licensePeriodId = str(v, "licensePeriodTypeResourceId");
  c.licenseStartDate = str(v, "licenseStartDate");
  c.licenseEndDate = str(v, "licenseEndDate");
  c.isNumberOfUsersLimited = getBool(v, "isNumberOfUsersLimited", false);
  c.numberOfUsers = getInt(v, "numberOfUsers", 0);
  c.notificationTemplateTypeId = str(v, "notificationTemplateTypeResourceId");
  c.trainingContentTypeId = str(v, "trainingContentTypeResourceId");
  c.smtpConfigurationTypeId = str(v, "smtpConfigurationTypeResourceId");
  c.preferredLanguageId = str(v, "preferredLanguageTypeResourceId");
  c.isVersionVisible = getBool(v, "isVersionVisible", false);
  c.isReleaseNotesVisible = getBool(v, "isReleaseNotesVisible", false);
  c.releaseNotesUrl = str(v, "releaseNotesUrl");
  if (const auto* s = member(v, "statusId"); s && s->IsInt()) c.statusId = s->GetInt();
  c.timeZoneId = str(v, "timeZoneId");
  c.dateFormat = str(v, "dateFormat");
  c.timeFormat = str(v, "timeFormat");
  c.moduleIds = getStrings(v, "licenseModules");
  c.tags = getStrings(v, "tags");
  c.baseManHourCost = getInt(v, "baseManHourCost", 0);
  c.baseManHour = getInt(v, "baseManHour", 0);
  if (const auto* s = member(v, "callBackNumberBookingCount"); s && s->IsInt()) c.callBackNumberBookingCount = s->GetInt();
  for (const auto& r : array(v, "roles").GetArray()) c.roles.push_back({str(r, "resourceId"), str(r, "name")});
  for (const auto& x : array(v, "systemUsers").GetArray()) {
    SystemUser u;
    u.resourceId = str(x, "resourceId");
    u.firstName = str(x, "firstName");
    u.lastName = str(x, "lastName");
    u.email = str(x, "email");
    u.phoneNumber = str(x, "phoneNumber");
    u.statusId = getInt(x, "statusId", 1);
    u.roleIds = getStrings(x, "roleResourceIdList");
    u.seq = u64(x, "seq");
    u.createTime = str(x, "createTime");
    c.systemUsers.push_back(std::move(u));
  }
  for (const auto& x : array(v, "targetUsers").GetArray()) {
    TargetUser u;
    u.resourceId = str(x, "resourceId");
    u.email = str(x, "email");
    u.firstName = str(x, "firstName");
    u.lastName = str(x, "lastName");
    u.department = str(x, "department");
    u.priority = str(x, "priority");
    u.isActive = getBool(x, "isActive", true);
    u.phoneNumber = str(x, "phoneNumber");
    u.timeZoneId = str(x, "timeZoneId");
    u.preferredLanguageId = str(x, "preferredLanguageId");
    u.managerFirstName = str(x, "managerFirstName");
    u.managerLastName = str(x, "managerLastName");
    u.managerEmail = str(x, "managerEmail");
    u.targetGroupIds = getStrings(x, "targetGroupResourceIds");
    for (const auto& f : array(x, "customFields").GetArray())
      u.customFields.push_back({str(f, "resourceId"), str(f, "name"), str(f, "dataType"), str(f, "value"),
                                str(f, "timestampValue")});
    u.seq = u64(x, "seq");
    u.createTime = str(x, "createTime");
    u.updateTime = str(x, "updateTime");
    c.targetUsers.push_back(std::move(u));
  }
  for (const auto& x : array(v, "targetGroups").GetArray()) {
    TargetGroup g;
    g.resourceId = str(x, "resourceId");
    g.name = str(x, "name");
    g.priority = str(x, "priority");
    g.seq = u64(x, "seq");
    g.createTime = str(x, "createTime");
    g.updateTime = str(x, "updateTime");
    c.targetGroups.push_back(std::move(g));
  }
  return c;
}

}  // namespace

void writeState(Writer& w, const State& st) {
  w.StartObject();
  jkey(w, "nextSeq");
  w.Uint64(st.nextSeq);
  std::ostringstream rng;
  rng << st.idRng;
  jkv(w, "idRng", rng.str());
  jkey(w, "clients");
  w.StartObject();
  for (const auto& [client, company] : st.clientCompany) jkv(w, client, company);
  w.EndObject();
  jkey(w, "companies");
  w.StartArray();
  for (const auto& [seq, id] : st.companyOrder) writeCompany(w, st.companies.at(id));
  w.EndArray();
  jkey(w, "companyGroups");
  w.StartArray();
  for (const auto& g : st.groups) {
    w.StartObject();
    jkv(w, "resourceId", g.resourceId);
    jkv(w, "name", g.name);
    jkey(w, "seq");
    w.Uint64(g.seq);
    jkv(w, "createTime", g.createTime);
    jkStrings(w, "companyResourceIds", g.companyIds);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

State readState(const rapidjson::Value& doc) {
  if (!doc.IsObject()) throw std::runtime_error("state is not a JSON object");
  State st;
  if (auto rng = getString(doc, "idRng")) {
    std::istringstream in(*rng);
    in >> st.idRng;
    if (!in) throw std::runtime_error("bad idRng");
  }
  if (const auto* clients = member(doc, "clients"); clients && clients->IsObject())
    for (const auto& m : clients->GetObject())
      if (m.value.IsString()) st.clientCompany[m.name.GetString()] = m.value.GetString();
  for (const auto& v : array(doc, "companies").GetArray()) {
    Company c = readCompany(v);
    std::uint64_t seq = c.seq;
    std::string id = c.resourceId;
    st.companyOrder[seq] = id;
    st.companies.insert_or_assign(id, std::move(c));
  }
  for (const auto& v : array(doc, "companyGroups").GetArray()) {
    CompanyGroup g;
    g.resourceId = str(v, "resourceId");
    g.name = str(v, "name");
    g.seq = u64(v, "seq");
    g.createTime = str(v, "createTime");
    g.companyIds = getStrings(v, "companyResourceIds");
    st.groups.push_back(std::move(g));
  }
  st.nextSeq = std::max<std::uint64_t>(u64(doc, "nextSeq"), 1);
  return st;
}

}  // namespace keepnet_sim
