#pragma once
// The reference catalog: the platform's lookup lists (countries, industries, license types
// with their modules, license periods, languages, time zones, date and time formats), read
// once per run, and the resolution of a manifest's reference (a name, a code, an ISO code
// or a resource id, case-insensitively) to the one resource id it names.

#include <map>
#include <string>
#include <vector>

namespace onboard {

/// One entry of a lookup list.
struct CatalogEntry {
  std::string id;    ///< resource id (for time zones, date and time formats: the value itself)
  std::string name;
  std::string code;  ///< may be empty
  std::string iso_code;  ///< may be empty
};

/// What a reference names.
enum class ReferenceKind {
  Country,
  Industry,
  LicenseType,
  LicensePeriod,
  LicenseModule,
  Language,
  TimeZone,
  DateFormat,
  TimeFormat,
  Role,
};

/// "country", "industry", "license type", ... for messages.
const char* ReferenceKindName(ReferenceKind kind);

/// The catalog as plain data. Filled by the live-state reader from the API; tests fill it by hand.
struct Catalog {
  std::vector<CatalogEntry> countries;
  std::vector<CatalogEntry> industries;
  std::vector<CatalogEntry> license_types;
  /// Modules each license type offers, by license type id.
  std::map<std::string, std::vector<CatalogEntry>> modules_by_license_type;
  std::vector<CatalogEntry> all_modules;
  std::vector<CatalogEntry> license_periods;
  std::vector<CatalogEntry> languages;
  std::vector<CatalogEntry> time_zones;  ///< id = TimeZoneId, name = display name
  std::vector<CatalogEntry> date_formats;
  std::vector<CatalogEntry> time_formats;

  const std::vector<CatalogEntry>& list(ReferenceKind kind) const;
};

/// The outcome of resolving one reference.
struct Resolution {
  bool ok = false;
  std::string id;                       ///< the resolved id when ok
  std::string error;                    ///< "matches nothing" / "matches 2 countries: ..."
  std::vector<std::string> candidates;  ///< closest or conflicting names, for the message
};

/// Resolves `text` against `entries`: an exact (case-insensitive, trimmed) match on id, name,
/// code or ISO code. No match, or more than one distinct entry matched, is an error that lists
/// candidates (the closest names by edit distance, or the conflicting entries).
Resolution Resolve(ReferenceKind kind, const std::vector<CatalogEntry>& entries, const std::string& text);

}  // namespace onboard
