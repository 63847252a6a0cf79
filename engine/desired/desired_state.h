#pragma once
// The desired state: what the manifests ask for, after `Defaults` are merged in, as plain
// data. References (country, industry, license type, ...) are kept as the user wrote them;
// the planner resolves them against the catalog. An unset optional means "not managed":
// the live value stays.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/desired/entry_locations.h"
#include "engine/diag/diagnostic.h"
#include "engine/model/heap_optional.h"
#include "engine/model/interned_string.h"

namespace onboard {

/// Source locations of an object's fields, keyed by the manifest field path relative to the
/// object ("company.industry", "license.modules", "email", ...). "" is the object itself.
using FieldLocations = std::map<std::string, SourceLocation>;

/// A `CompanyGroup` document.
struct DesiredGroup {
  std::string key;   ///< metadata.name
  std::string name;  ///< spec.name: the group's name on the platform (match key)
  SourceLocation location;
};

struct DesiredCompany {
  std::string name;  ///< match key (exact)
  std::optional<std::string> resource_id;  ///< pin an existing company
  std::optional<std::string> description;
  std::optional<std::string> industry;     ///< reference
  std::optional<std::string> country;      ///< reference
  std::optional<std::string> address;
  std::optional<std::string> website_url;
  std::optional<std::string> time_zone;    ///< reference
  std::optional<std::string> date_format;  ///< reference
  std::optional<std::string> time_format;  ///< reference
  std::optional<std::string> preferred_language;  ///< reference
  std::optional<std::vector<std::string>> tags;
};

struct DesiredLicense {
  std::optional<std::string> type;    ///< reference
  std::optional<std::string> period;  ///< reference
  std::optional<std::vector<std::string>> modules;  ///< references
  std::optional<int> users;
  std::optional<bool> limited;
  std::optional<std::string> start;  ///< "YYYY-MM-DD" or ISO date-time, as written
  std::optional<std::string> end;
};

struct DesiredAdmin {
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string phone;
  std::optional<std::vector<std::string>> roles;  ///< role references (per company)
  std::optional<bool> active;
  FieldLocations locations;
};

struct DesiredManager {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> email;
};

struct DesiredTargetUser {
  std::string email;
  std::optional<std::string> phone;
  // Names, department and priority repeat across users: one copy of each value
  // (model/interned_string.h).
  std::optional<InternedString> first_name;
  std::optional<InternedString> last_name;
  std::optional<InternedString> department;
  std::optional<InternedString> priority;
  std::optional<bool> active;
  HeapOptional<std::string> time_zone;           ///< reference; boxed, as the rest: most users have none
  HeapOptional<std::string> preferred_language;  ///< reference
  HeapOptional<DesiredManager> manager;
  /// Names of the customer's target groups (spec.targetGroups) the user belongs to: the
  /// complete list of its memberships. nullopt: not managed, the live memberships stay.
  HeapOptional<std::vector<std::string>> groups;
  EntryLocations locations;  ///< "" the entry (for CSV users: file:line of the row), "email", ...
};

/// The lists of `prune:` (Customer or Defaults; a Customer's list replaces the Defaults'):
/// each named list is complete, so live objects of that kind the manifest does not list are
/// deleted (groups: the company leaves the company groups it does not list).
struct PruneSet {
  bool target_users = false, admins = false, groups = false, target_groups = false;
};

/// One entry of a customer's spec.targetGroups: a target group of its company, matched by
/// name (ignoring case).
struct DesiredTargetGroup {
  std::string name;
  std::optional<std::string> priority;  ///< "Low", "Medium" or "High"; nullopt: not managed
  SourceLocation location;              ///< the entry
};

/// A `Customer` document, Defaults merged in.
struct DesiredCustomer {
  std::string key;  ///< metadata.name
  DesiredCompany company;
  DesiredLicense license;
  std::vector<std::string> groups;  ///< CompanyGroup keys or live group names
  std::vector<DesiredAdmin> admins;
  std::vector<DesiredTargetUser> target_users;  ///< inline ones first, then the CSV's
  std::vector<DesiredTargetGroup> target_groups;  ///< spec.targetGroups
  PruneSet prune;
  /// `ensure: absent`: offboard the customer (its company is deleted with everything in it);
  /// only the company's name or resourceId is used.
  bool absent = false;
  SourceLocation location;   ///< the document
  FieldLocations locations;  ///< "company.name", "license.type", "groups[0]", "prune", "ensure", ...
};

/// Everything the manifests ask for.
struct DesiredState {
  std::vector<DesiredGroup> groups;
  std::vector<DesiredCustomer> customers;
  /// sha256-like digest of the manifest files' contents, for saved plans.
  std::string digest;
  std::vector<std::string> files;  ///< the files read, in order
};

}  // namespace onboard
