#include "dto.h"

namespace keepnet_sim {

std::string lookupName(const Reference& ref, const std::string& id) {
  if (id.empty()) return {};
  const Lookup* l = ref.lookupAny(id);
  return l ? l->name : std::string();
}

namespace {

std::string licenseTypeName(const Reference& ref, const std::string& id) {
  const LicenseType* t = ref.licenseType(id);
  return t ? t->name : std::string();
}

std::string statusName(const std::optional<int>& id) {
  if (!id) return {};
  return *id == 1 ? "Active" : *id == 2 ? "Inactive" : "";
}

void writeCustomFields(Writer& w, const TargetUser& u) {
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
}

}  // namespace

void writeCompanyDto(Writer& w, const Reference& ref, const State& st, const Company& c) {
  const Lookup* country = ref.lookup(code_type::kCountry, c.countryId);
  w.StartObject();
  jkv(w, "resourceId", c.resourceId);
  jkvn(w, "name", c.name);
  jkvn(w, "description", c.description);
  jkvn(w, "industryResourceId", c.industryId);
  jkvn(w, "industryName", lookupName(ref, c.industryId));
  jkvn(w, "countryResourceId", c.countryId);
  jkvn(w, "countryName", country ? country->name : "");
  jkvn(w, "countryCode", country ? country->isoCode : "");
  jkvn(w, "address", c.address);
  jkvn(w, "websiteUrl", c.websiteUrl);
  jkvn(w, "logoUrl", c.logoUrl);
  jkvn(w, "licenseTypeResourceId", c.licenseTypeId);
  jkvn(w, "licenseTypeName", licenseTypeName(ref, c.licenseTypeId));
  jkvn(w, "licensePeriodTypeResourceId", c.licensePeriodId);
  jkvn(w, "licensePeriodTypeName", lookupName(ref, c.licensePeriodId));
  jkvn(w, "licenseStartDate", c.licenseStartDate);
  jkvn(w, "licenseEndDate", c.licenseEndDate);
  jkb(w, "isNumberOfUsersLimited", c.isNumberOfUsersLimited);
  jkv(w, "numberOfUsers", c.numberOfUsers);
  jkvn(w, "notificationTemplateTypeResourceId", c.notificationTemplateTypeId);
  jkvn(w, "notificationTemplateTypeName", lookupName(ref, c.notificationTemplateTypeId));
  jkvn(w, "trainingContentTypeResourceId", c.trainingContentTypeId);
  jkvn(w, "trainingContentTypeName", lookupName(ref, c.trainingContentTypeId));
  jkvn(w, "smtpConfigurationTypeResourceId", c.smtpConfigurationTypeId);
  jkvn(w, "smtpConfigurationTypeName", lookupName(ref, c.smtpConfigurationTypeId));
  jkvn(w, "preferredLanguageTypeResourceId", c.preferredLanguageId);
  jkvn(w, "preferredLanguageTypeName", lookupName(ref, c.preferredLanguageId));
  jkb(w, "isVersionVisible", c.isVersionVisible);
  jkb(w, "isReleaseNotesVisible", c.isReleaseNotesVisible);
  jkvn(w, "releaseNotesUrl", c.releaseNotesUrl);
  jkey(w, "companyGroups");
  w.StartArray();
  for (const auto& g : st.groups) {
    for (const auto& id : g.companyIds) {
      if (id != c.resourceId) continue;
      w.StartObject();
      jkv(w, "resourceId", g.resourceId);
      jkv(w, "name", g.name);
      w.EndObject();
      break;
    }
  }
  w.EndArray();
  jkey(w, "parentId");
  w.Null();
  jkv(w, "baseManHourCost", c.baseManHourCost);
  jkv(w, "baseManHour", c.baseManHour);
  jkv(w, "statusId", c.statusId);
  jkvn(w, "statusName", statusName(c.statusId));
  jkStrings(w, "licenseModules", c.moduleIds);
  jkv(w, "targetUserCount", static_cast<int>(c.targetUsers.size()));
  jkvn(w, "timeZoneId", c.timeZoneId);
  jkv(w, "callBackNumberBookingCount", c.callBackNumberBookingCount);
  jkvn(w, "dateFormat", c.dateFormat);
  jkvn(w, "timeFormat", c.timeFormat);
  jkStrings(w, "tags", c.tags);
  jkb(w, "hasAgenticAILicense", false);
  w.EndObject();
}

void writeSearchCompanyDto(Writer& w, const Reference& ref, const State& st, const Company& c, const std::string& today) {
  const Company* reseller = st.company(c.resellerId);
  int inactive = 0;
  for (const auto& u : c.targetUsers) inactive += u.isActive ? 0 : 1;
  w.StartObject();
  jkvn(w, "companyName", c.name);
  jkv(w, "companyResourceId", c.resourceId);
  jkvn(w, "resellerName", reseller ? reseller->name : "");
  jkvn(w, "industryName", lookupName(ref, c.industryId));
  jkvn(w, "industryResourceId", c.industryId);
  jkvn(w, "licenseTypeName", licenseTypeName(ref, c.licenseTypeId));
  jkvn(w, "licenseTypeResourceId", c.licenseTypeId);
  jkb(w, "isNumberOfUsersLimited", c.isNumberOfUsersLimited);
  jkv(w, "numberOfUsers", std::to_string(c.numberOfUsers));
  jkv(w, "privacyDurationId", 0);
  jkb(w, "licenceExpired", !c.licenseEndDate.empty() && c.licenseEndDate.substr(0, 10) < today);
  jkvn(w, "licenseEndDate", c.licenseEndDate);
  jkvn(w, "createTime", c.createTime);
  jkv(w, "targetUserCount", static_cast<int>(c.targetUsers.size()));
  jkey(w, "children");
  w.StartArray();
  w.EndArray();
  jkStrings(w, "tags", c.tags);
  jkv(w, "deletedTargetUserCount", 0);
  jkv(w, "inactiveTargetUserCount", inactive);
  jkv(w, "monthlyActiveUserCount", 0);
  w.EndObject();
}

void writeSearchGroupCompanyDto(Writer& w, const Reference& ref, const Company& c) {
  w.StartObject();
  jkvn(w, "companyName", c.name);
  jkv(w, "companyResourceId", c.resourceId);
  jkvn(w, "industryName", lookupName(ref, c.industryId));
  jkvn(w, "industryResourceId", c.industryId);
  jkvn(w, "licenseTypeName", licenseTypeName(ref, c.licenseTypeId));
  jkvn(w, "licenseTypeResourceId", c.licenseTypeId);
  jkb(w, "isNumberOfUsersLimited", c.isNumberOfUsersLimited);
  jkv(w, "numberOfUsers", std::to_string(c.numberOfUsers));
  jkvn(w, "licenseEndDate", c.licenseEndDate);
  jkvn(w, "createTime", c.createTime);
  jkv(w, "companyStatusId", c.statusId);
  jkvn(w, "companyStatusName", statusName(c.statusId));
  w.EndObject();
}

void writeCompanyGroupDto(Writer& w, const CompanyGroup& g) {
  w.StartObject();
  jkv(w, "resourceId", g.resourceId);
  jkv(w, "name", g.name);
  jkvn(w, "addedTime", g.createTime);
  jkv(w, "companyCount", static_cast<int>(g.companyIds.size()));
  w.EndObject();
}

void writeSystemUserSearchDto(Writer& w, const Company& c, const SystemUser& u) {
  std::string roles;
  for (const auto& id : u.roleIds)
    for (const auto& r : c.roles)
      if (r.resourceId == id) roles += (roles.empty() ? "" : ", ") + r.name;
  w.StartObject();
  jkv(w, "resourceId", u.resourceId);
  jkv(w, "firstName", u.firstName);
  jkv(w, "lastName", u.lastName);
  jkvn(w, "companyName", c.name);
  jkv(w, "companyResourceId", c.resourceId);
  jkvn(w, "roles", roles);
  jkvn(w, "phoneNumber", u.phoneNumber);
  jkv(w, "statusId", u.statusId);
  jkv(w, "statusName", statusName(u.statusId));
  jkvn(w, "createTime", u.createTime);
  jkv(w, "email", u.email);
  jkb(w, "isEditable", true);
  w.EndObject();
}

void writeTargetUserDto(Writer& w, const TargetUser& u) {
  w.StartObject();
  jkv(w, "resourceId", u.resourceId);
  jkv(w, "email", u.email);
  jkvn(w, "firstName", u.firstName);
  jkvn(w, "lastName", u.lastName);
  jkvn(w, "department", u.department);
  jkv(w, "priority", u.priority);
  jkb(w, "isActive", u.isActive);
  jkey(w, "customFieldValues");
  writeCustomFields(w, u);
  jkvn(w, "phoneNumber", u.phoneNumber);
  jkvn(w, "timeZoneId", u.timeZoneId);
  jkvn(w, "preferredLanguageId", u.preferredLanguageId);
  jkvn(w, "managerFirstName", u.managerFirstName);
  jkvn(w, "managerLastName", u.managerLastName);
  jkvn(w, "managerEmail", u.managerEmail);
  std::string full = u.managerFirstName;
  if (!u.managerLastName.empty()) full += (full.empty() ? "" : " ") + u.managerLastName;
  jkvn(w, "managerFullName", full);
  w.EndObject();
}

void writeTargetUserSearchView(Writer& w, const Reference& ref, const TargetUser& u) {
  w.StartObject();
  jkv(w, "resourceId", u.resourceId);
  jkv(w, "email", u.email);
  jkvn(w, "firstName", u.firstName);
  jkvn(w, "lastName", u.lastName);
  jkvn(w, "department", u.department);
  jkv(w, "priority", u.priority);
  jkv(w, "status", u.isActive ? "Active" : "Inactive");
  jkey(w, "customFieldValues");
  writeCustomFields(w, u);
  jkv(w, "createTime", u.createTime);
  jkvn(w, "updateTime", u.updateTime);
  jkb(w, "isEditable", true);
  jkey(w, "scimSettingName");
  w.Null();
  jkey(w, "ldapConfigName");
  w.Null();
  jkvn(w, "phoneNumber", u.phoneNumber);
  jkvn(w, "timeZone", u.timeZoneId);
  jkvn(w, "preferredLanguage", lookupName(ref, u.preferredLanguageId));
  w.EndObject();
}

void writeTargetGroupDto(Writer& w, const TargetGroup& g) {
  w.StartObject();
  jkv(w, "resourceId", g.resourceId);
  jkv(w, "name", g.name);
  jkv(w, "priority", g.priority);
  jkvn(w, "createDate", g.createTime);
  jkb(w, "isEditable", true);
  jkb(w, "isScimGroup", false);
  jkb(w, "isGoogleGroup", false);
  w.EndObject();
}

void writeTargetGroupSearchView(Writer& w, const Company& c, const TargetGroup& g) {
  int users = 0, withPhone = 0;
  for (const auto& u : c.targetUsers)
    for (const auto& id : u.targetGroupIds)
      if (id == g.resourceId) {
        ++users;
        withPhone += u.phoneNumber.empty() ? 0 : 1;
      }
  w.StartObject();
  jkv(w, "resourceId", g.resourceId);
  jkv(w, "name", g.name);
  jkvn(w, "companyName", c.name);
  jkv(w, "userCount", users);
  jkv(w, "userCountWithPhoneNumber", withPhone);
  jkv(w, "priority", g.priority);
  jkv(w, "createTime", g.createTime);
  jkvn(w, "updateTime", g.updateTime);
  jkb(w, "isEditable", true);
  jkey(w, "scimSettingName");
  w.Null();
  jkey(w, "ldapConfigName");
  w.Null();
  jkb(w, "isSelected", false);
  jkb(w, "isScimGroup", false);
  jkb(w, "isGoogleGroup", false);
  w.EndObject();
}

}  // namespace keepnet_sim
