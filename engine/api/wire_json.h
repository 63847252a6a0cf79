#pragma once
// The Keepnet wire format: the response envelope, the DTOs decoded into records, and the
// request bodies. The only file that includes RapidJSON for the API; everything here is a
// pure function of strings, so it is tested without HTTP. Decoders tolerate what docs/keepnet-api.md
// says real answers do: camelCase or PascalCase keys, numbers sent as strings, nulls.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/api/keepnet_client.h"
#include "engine/catalog/catalog.h"
#include "engine/http/transport.h"
#include "engine/model/records.h"

namespace onboard {

/// The outcome fields of a response envelope ({data, status, message, validationMessages},
/// plus isSuccess and messages from the guides), whatever the case of their keys.
struct Envelope {
  bool is_json_object = false;        ///< the body parsed as a JSON object
  std::optional<bool> is_success;     ///< isSuccess / IsSuccess when present
  std::string status;                 ///< status / Status ("SUCCESS", "INPUT_ERROR", ...)
  std::string message;                ///< message / Message (or a string `messages`)
  std::vector<std::string> validation_messages;  ///< validationMessages, plus `messages` items

  /// True when the envelope itself reports a failure: isSuccess false, or an error status.
  bool reports_failure() const;
};

/// Reads the envelope fields of `body`; a body that is not a JSON object gives an empty one.
/// Other error bodies are read too: OAuth (error_description), RFC 7807 problem details
/// (detail or title; `errors` as "field: message"), a validating proxy's validation[].message.
Envelope ReadEnvelope(const std::string& body);

/// True for status strings that name an error (INPUT_ERROR, INTERNAL_SERVER_ERROR, FAILED,
/// NOT_FOUND, ...); false for "", SUCCESS, OK and other neutral values.
bool IsErrorStatus(const std::string& status);

/// A success only if HTTP is 2xx and the envelope does not report a failure (docs/keepnet-api.md).
bool EnvelopeSucceeded(int http_status, const Envelope& envelope);

// ---- Decoders. Each parses a whole response body (an envelope, or the token JSON), returns
// false and sets *error (a short sentence without the body's secrets) when it does not fit.

/// The token answer: {"access_token", "expires_in", ...}. expires_in defaults to 3600.
bool DecodeToken(const std::string& body, std::string* access_token, int* expires_in, std::string* error);
/// data.resourceId of an IdResult (create answers).
bool DecodeIdResult(const std::string& body, std::string* id, std::string* error);
/// A page of SearchCompanyDto (or SearchGroupCompanyDto): companyResourceId is the id.
bool DecodeCompanyPage(const std::string& body, Page<CompanySummary>* out, std::string* error);
/// A CompanyDto into a full record; unmanaged fields go to `passthrough` by multipart name.
bool DecodeCompany(const std::string& body, CompanyRecord* out, std::string* error);
/// A list of CompanyGroupDto.
bool DecodeGroups(const std::string& body, std::vector<GroupRecord>* out, std::string* error);
/// A page of SystemUserSearchDto: `roles` (names joined by commas) becomes role_names.
bool DecodeSystemUserPage(const std::string& body, Page<SystemUserRecord>* out, std::string* error);
/// A list of SystemRoleDto.
bool DecodeRoles(const std::string& body, std::vector<RoleRecord>* out, std::string* error);
/// A page of TargetUserSearchView: status "Active"/"Inactive" becomes `active`.
bool DecodeTargetUserPage(const std::string& body, Page<TargetUserRecord>* out, std::string* error);
/// A TargetUserDto (detailed = true).
bool DecodeTargetUser(const std::string& body, TargetUserRecord* out, std::string* error);

/// One lookup type of `GET /api/codetypes`.
struct CodeType {
  int id = 0;
  std::string name;
};
bool DecodeCodeTypes(const std::string& body, std::vector<CodeType>* out, std::string* error);
/// LookupDto lists (`POST /api/lookups` or `GET /api/lookups/{id}`): entries with their type id.
bool DecodeLookups(const std::string& body, std::vector<std::pair<int, CatalogEntry>>* out, std::string* error);
/// `GET /api/lookups/licenses` into license_types, modules_by_license_type and all_modules.
bool DecodeLicenses(const std::string& body, Catalog* out, std::string* error);
/// `GET /api/timezone/timezones` into time_zones (id = TimeZoneId), date_formats and
/// time_formats (id = name = the format string).
bool DecodeTimeZones(const std::string& body, Catalog* out, std::string* error);

// ---- Request bodies.

/// How a search body spells its filter keys: companies/search declares PascalCase
/// ("Condition", "SearchInputTextValue"); the other searches use the Filter schema (camelCase).
enum class FilterKeys { Pascal, Camel };

/// {"pageNumber", "pageSize", "orderBy": "CreateTime", "ascending": true,
///  "filter": {"Condition": "AND", "SearchInputTextValue": search}}: stable paging, never null.
std::string EncodeSearchBody(int page, int page_size, const std::string& search, FilterKeys keys);

/// The multipart fields of POST (update = false) or PUT (update = true) /api/companies.
/// Arrays are repeated fields. A create leaves out empty optional fields; an update sends
/// every field of the record (except an empty date or language id: "" is neither a
/// date-time nor an id) and the passthrough fields, so PUT clears nothing it should keep.
/// Dates go out as RFC 3339 date-times (the spec's format): "2026-01-01" as
/// "2026-01-01T00:00:00Z", a date-time without an offset with "Z" added.
std::vector<MultipartField> EncodeCompanyForm(const CompanyRecord& company, bool update);

/// Create/UpdateSystemUserRequest: names, email, phoneNumber, statusId when set,
/// roleResourceIdList when role_ids is not empty (an empty list could strip roles), then the
/// passthrough fields. Only fields the request's schema has (spec_fields.h) are written.
std::string EncodeSystemUserBody(const SystemUserRecord& user, bool update);

/// Create/UpdateTargetUserRequest. A create leaves out empty optional fields; an update
/// sends every string field so PUT replaces them, targetGroupResourceIds when
/// target_group_ids is set, and the passthrough fields (customFields, ...). Only fields the
/// request's schema has are written. Lengths are not checked here.
std::string EncodeTargetUserBody(const TargetUserRecord& user, bool update);

/// A list of TargetGroupDto.
bool DecodeTargetGroups(const std::string& body, std::vector<TargetGroupRecord>* out, std::string* error);
/// Create/UpdateTargetGroupRequest: {"name", "priority"} (priority "" is sent as "Medium",
/// the platform's default: the schema requires one).
std::string EncodeTargetGroupBody(const TargetGroupRecord& group);
/// CreateTargetGroupUsersRequest for PUT /api/target-groups/users: every user into every
/// group ({"targetUserResourceIds", "targetGroupResourceIds", "selectAll": false}).
std::string EncodeAddTargetGroupUsersBody(const std::vector<std::string>& group_ids,
                                          const std::vector<std::string>& user_ids);
/// DeleteTargetGroupUsersRequest: {"targetUserResourceIds": [...]}.
std::string EncodeRemoveTargetGroupUsersBody(const std::vector<std::string>& user_ids);

/// {"name": name} for POST /api/company-groups.
std::string EncodeCreateGroupBody(const std::string& name);
/// {"companyResourceIdArray": [...]} for the participants PUT.
std::string EncodeParticipantsBody(const std::vector<std::string>& company_ids);
/// {"typeIdList": [...]} for POST /api/lookups.
std::string EncodeLookupsBody(const std::vector<int>& type_ids);

}  // namespace onboard
