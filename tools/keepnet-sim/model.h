#pragma once
// Plain data: the reference data and the mutable state of the simulated platform.
// An empty string stands for a JSON null throughout.

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace keepnet_sim {

/// A generic code type (GET /api/codetypes).
struct CodeType {
  int id = 0;
  std::string name;
  std::string description;
};

/// One lookup value (GET /api/lookups/{typeId}).
struct Lookup {
  std::string resourceId;
  int typeId = 0;
  std::string name;
  std::string code;
  std::string description;
  std::string isoCode;
  std::string isoFriendlyName;
  int orderNumber = 0;
};

/// A license module (part of GET /api/lookups/licenses).
struct LicenseModule {
  std::string resourceId;
  std::string name;
};

/// A license type with the modules it may enable.
struct LicenseType {
  std::string resourceId;
  std::string name;
  std::vector<std::string> moduleIds;
};

/// A Windows time zone id with its display name.
struct TimeZone {
  std::string id;
  std::string displayName;
};

/// Well-known code type ids (deliberately not sequential, like the real platform).
namespace code_type {
inline constexpr int kCountry = 11;
inline constexpr int kIndustry = 14;
inline constexpr int kLicensePeriod = 27;
inline constexpr int kLanguage = 31;
inline constexpr int kCompanyStatus = 35;
inline constexpr int kNotificationTemplate = 40;
inline constexpr int kTrainingContent = 44;
inline constexpr int kSmtpConfiguration = 47;
}  // namespace code_type

/// All reference data; immutable once seeded (identical for one seed).
struct Reference {
  std::vector<CodeType> codeTypes;
  std::vector<Lookup> lookups;
  std::vector<LicenseModule> modules;
  std::vector<LicenseType> licenseTypes;
  std::vector<TimeZone> timeZones;
  std::vector<std::string> dateFormats;
  std::vector<std::string> timeFormats;

  /// The lookup with this resource id and type, or nullptr.
  const Lookup* lookup(int typeId, const std::string& resourceId) const;
  /// The lookup with this resource id of any type, or nullptr.
  const Lookup* lookupAny(const std::string& resourceId) const;
  /// The license type with this id, or nullptr.
  const LicenseType* licenseType(const std::string& resourceId) const;
  /// The module with this id, or nullptr.
  const LicenseModule* module(const std::string& resourceId) const;
  /// The time zone with this id, or nullptr.
  const TimeZone* timeZone(const std::string& id) const;
  /// The code type with this id, or nullptr.
  const CodeType* codeType(int id) const;
  /// True if the date format is one of the accepted ones.
  bool hasDateFormat(const std::string& f) const;
  /// True if the time format is one of the accepted ones.
  bool hasTimeFormat(const std::string& f) const;
};

/// A system role; each company owns its own role ids.
struct Role {
  std::string resourceId;
  std::string name;
};

/// A platform administrator of one company.
struct SystemUser {
  std::string resourceId;
  std::string firstName;
  std::string lastName;
  std::string email;
  std::string phoneNumber;
  int statusId = 1;
  std::vector<std::string> roleIds;
  std::uint64_t seq = 0;
  std::string createTime;
};

/// A custom field value of a target user.
struct CustomField {
  std::string resourceId;
  std::string name;
  std::string dataType;
  std::string value;
  std::string timestampValue;
};

/// A target-user custom field a company defines (GET /api/custom-fields/company).
struct CustomFieldDef {
  std::string resourceId;
  std::string name;
  std::string dataType;  ///< Text, Number or Date
  int sortOrder = 0;
};

/// The custom fields every company has; their ids derive from the company id, so they need
/// no state of their own.
std::vector<CustomFieldDef> customFieldDefs(const std::string& companyId);

/// A phishing-simulation target of one company.
struct TargetUser {
  std::string resourceId;
  std::string email;
  std::string firstName;
  std::string lastName;
  std::string department;
  std::string priority = "Medium";
  bool isActive = true;
  std::string phoneNumber;
  std::string timeZoneId;
  std::string preferredLanguageId;
  std::string managerFirstName;
  std::string managerLastName;
  std::string managerEmail;
  std::vector<std::string> targetGroupIds;
  std::vector<CustomField> customFields;
  std::uint64_t seq = 0;
  std::string createTime;
  std::string updateTime;
};

/// A target group of one company.
struct TargetGroup {
  std::string resourceId;
  std::string name;
  std::string priority = "Medium";
  std::uint64_t seq = 0;
  std::string createTime;
  std::string updateTime;
};

/// A company: a reseller's own company or one of its customers.
struct Company {
  std::string resourceId;
  std::string name;
  std::string description;
  std::string industryId;
  std::string countryId;
  std::string address;
  std::string websiteUrl;
  std::string logoUrl;
  std::string licenseTypeId;
  std::string licensePeriodId;
  std::string licenseStartDate;
  std::string licenseEndDate;
  bool isNumberOfUsersLimited = false;
  int numberOfUsers = 0;
  std::string notificationTemplateTypeId;
  std::string trainingContentTypeId;
  std::string smtpConfigurationTypeId;
  std::string preferredLanguageId;
  bool isVersionVisible = false;
  bool isReleaseNotesVisible = false;
  std::string releaseNotesUrl;
  std::optional<int> statusId;
  std::string timeZoneId;
  std::string dateFormat;
  std::string timeFormat;
  std::vector<std::string> moduleIds;
  std::vector<std::string> tags;
  int baseManHourCost = 0;
  int baseManHour = 0;
  std::optional<int> callBackNumberBookingCount;

  /// True for a reseller's own company (never listed by companies/search).
  bool isReseller = false;
  /// The reseller company that manages this one (empty for a reseller company).
  std::string resellerId;
  std::uint64_t seq = 0;
  std::string createTime;

  std::vector<Role> roles;
  std::vector<SystemUser> systemUsers;
  std::vector<TargetUser> targetUsers;
  std::vector<TargetGroup> targetGroups;
};

/// A reseller-level group of customer companies.
struct CompanyGroup {
  std::string resourceId;
  std::string name;
  std::uint64_t seq = 0;
  std::string createTime;
  std::vector<std::string> companyIds;
};

/// Everything that changes: persisted with --state, restored by /_sim/reset.
struct State {
  std::unordered_map<std::string, Company> companies;
  /// Creation order: seq -> company id.
  std::map<std::uint64_t, std::string> companyOrder;
  std::vector<CompanyGroup> groups;
  /// Client id -> the company the client acts for (reseller or company-admin company).
  std::map<std::string, std::string> clientCompany;
  std::uint64_t nextSeq = 1;
  /// Generator of resource ids for objects created at run time.
  std::mt19937_64 idRng;

  /// The company with this id, or nullptr.
  Company* company(const std::string& id);
  const Company* company(const std::string& id) const;
  /// The group with this id, or nullptr.
  CompanyGroup* group(const std::string& id);
  /// A fresh unique 12-character alphanumeric resource id.
  std::string newId();
  /// Adds a company (assigning seq) and returns it.
  Company& addCompany(Company c);
  /// Removes a company, its users and its group memberships.
  void removeCompany(const std::string& id);
};

/// 12 alphanumeric characters drawn from rng.
std::string randomId(std::mt19937_64& rng);
/// The current UTC time as an ISO 8601 date-time with milliseconds ("...Z").
std::string nowIso();

}  // namespace keepnet_sim
