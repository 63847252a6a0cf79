#pragma once
// The platform's objects as plain data: what the API client reads and writes, what the
// live state holds, and what a planned action sends. Ids are the platform's resource ids.
// No behaviour here beyond trivial helpers; decoding and encoding live in engine/api.

#include <optional>
#include <string>
#include <vector>

#include "engine/model/heap_optional.h"
#include "engine/model/interned_string.h"
#include "engine/model/rare_string.h"

namespace onboard {

/// Fields onboard does not manage but sends back unchanged: (request field name, value). The
/// names are a few, repeated on every record (a million target users each carry
/// customFields): interned (model/interned_string.h).
using PassthroughFields = std::vector<std::pair<InternedString, std::string>>;

/// A company as `GET /api/companies/{id}` returns it and `POST/PUT /api/companies` take it
/// (multipart). PUT replaces the whole company, so an update body is a full CompanyRecord.
struct CompanyRecord {
  std::string id;  ///< companyResourceId; empty before create
  std::string name;
  std::string description;
  std::string industry_id;
  std::string country_id;
  std::string address;
  std::string website_url;
  std::string license_type_id;
  std::string license_period_id;
  std::vector<std::string> license_module_ids;  ///< may hold ids or names on the wire (docs/keepnet-api.md)
  std::string license_start;                    ///< ISO 8601 as sent/received; "" = none
  std::string license_end;
  bool users_limited = false;                   ///< IsNumberOfUsersLimited
  int number_of_users = 0;
  std::string preferred_language_id;
  std::string time_zone_id;
  std::string date_format;
  std::string time_format;
  std::vector<std::string> tags;
  std::vector<std::string> group_ids;           ///< companyGroups[].resourceId (read only here)
  std::optional<int> status_id;
  /// Fields onboard does not manage but must send back unchanged on PUT, by multipart name:
  /// every field of the GET that the PUT form schema has (LogoUrl, StatusId is managed,
  /// NotificationTemplateTypeResourceId, ...); an array field is one pair per item.
  PassthroughFields passthrough;
};

/// One row of `POST /api/companies/search`: enough to match manifests to companies.
struct CompanySummary {
  std::string id;  ///< companyResourceId
  std::string name;
  std::string license_end;
  std::string number_of_users;  ///< a string on the wire
  int target_user_count = 0;
  /// `createTime` (ISO 8601): which of two same-named companies is older (exec/converge.h).
  std::string create_time;
};

/// A company group (`GET /api/company-groups`).
struct GroupRecord {
  std::string id;
  std::string name;
  int company_count = 0;
  std::string added_time;  ///< `addedTime` (ISO 8601), its creation time; "" when not given
};

/// A system user (platform admin) of one company.
struct SystemUserRecord {
  std::string id;
  std::string email;
  InternedString first_name;  ///< as a target user's (model/interned_string.h)
  InternedString last_name;
  std::string phone;
  std::vector<std::string> role_ids;    ///< for writes: roleResourceIdList
  std::vector<std::string> role_names;  ///< as read: search returns names joined by commas
  std::optional<int> status_id;         ///< 1 active, 2 inactive
  /// Fields onboard does not manage but sends back on PUT: (UpdateSystemUserRequest name,
  /// the JSON value as read).
  PassthroughFields passthrough;
};

/// A target user (a phishing-simulation recipient) of one company.
struct TargetUserRecord {
  std::string id;
  std::string email;
  std::string phone;
  // The fields whose values repeat across users are InternedStrings: 8 bytes, one copy of
  // each value (model/interned_string.h).
  InternedString first_name;
  InternedString last_name;
  InternedString department;
  InternedString priority;  ///< e.g. "Low", "Medium", "High"; "" = platform default
  std::optional<bool> active;
  // The fields few users set are RareStrings: 8 bytes each when empty (model/rare_string.h).
  RareString time_zone_id;
  RareString preferred_language_id;
  RareString manager_first_name;
  RareString manager_last_name;
  RareString manager_email;
  /// True when read with `GET /api/target-users/{id}` (every field); the search view
  /// lacks the manager fields.
  bool detailed = false;
  /// Fields onboard does not manage but sends back on PUT: (UpdateTargetUserRequest name,
  /// the JSON value as read), e.g. customFields (read as customFieldValues).
  PassthroughFields passthrough;
  /// targetGroupResourceIds: the groups the user belongs to. The user's record does not carry
  /// them; they come from the groups' member lists (nullopt: not read). Sent when set.
  HeapOptional<std::vector<std::string>> target_group_ids;
};

/// A target group of one company (`GET /api/target-groups`, scoped).
struct TargetGroupRecord {
  std::string id;
  std::string name;
  std::string priority;  ///< e.g. "Low", "Medium", "High"
  /// `createDate` (ISO 8601): which of two same-named groups is older (exec/converge.h).
  std::string create_time;
};

/// A role of one company (`GET /api/roles`, scoped): role ids differ per company.
struct RoleRecord {
  std::string id;
  std::string name;
};

}  // namespace onboard
