#include "engine/catalog/catalog.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "engine/text/strings.h"
#include "engine/text/suggest.h"

namespace onboard {
namespace {

constexpr size_t kSuggestions = 3;

std::string Plural(ReferenceKind kind) {
  std::string name = ReferenceKindName(kind);
  if (!name.empty() && name.back() == 'y') return name.substr(0, name.size() - 1) + "ies";
  return name + "s";
}

// Which of an entry's keys `text` equals: 0 none, 1 ignoring case, 2 exactly.
int MatchStrength(const CatalogEntry& e, const std::string& text) {
  int best = 0;
  for (const std::string* key : {&e.id, &e.name, &e.code, &e.iso_code}) {
    std::string k = Trim(*key);
    if (k.empty()) continue;
    if (k == text) return 2;
    if (EqualsIgnoreCase(k, text)) best = 1;
  }
  return best;
}

// "Portuguese (code pt-BR, id lang-pt-br)": enough to tell two same-named entries apart.
std::string Describe(const CatalogEntry& e) {
  std::vector<std::string> parts;
  if (!e.code.empty()) parts.push_back("code " + e.code);
  if (!e.iso_code.empty() && e.iso_code != e.code) parts.push_back("ISO code " + e.iso_code);
  if (!e.id.empty() && e.id != e.name) parts.push_back("id " + e.id);
  if (parts.empty()) return e.name;
  return fmt::format("{} ({})", e.name, fmt::join(parts, ", "));
}

// The entries whose name, code or ISO code is close to `text` (a likely typo), closest first;
// none when nothing is close: a list of far-off names misleads more than it helps.
std::vector<std::string> Closest(const std::vector<CatalogEntry>& entries, const std::string& text) {
  std::vector<Suggestion> candidates;
  candidates.reserve(entries.size());
  for (const CatalogEntry& e : entries) candidates.push_back({e.name.empty() ? e.id : e.name, {e.code, e.iso_code}});
  return ClosestNames(candidates, text, kSuggestions);
}

}  // namespace

const char* ReferenceKindName(ReferenceKind kind) {
  switch (kind) {
    case ReferenceKind::Country: return "country";
    case ReferenceKind::Industry: return "industry";
    case ReferenceKind::LicenseType: return "license type";
    case ReferenceKind::LicensePeriod: return "license period";
    case ReferenceKind::LicenseModule: return "license module";
    case ReferenceKind::Language: return "language";
    case ReferenceKind::TimeZone: return "time zone";
    case ReferenceKind::DateFormat: return "date format";
    case ReferenceKind::TimeFormat: return "time format";
    case ReferenceKind::Role: return "role";
  }
  return "reference";
}

const std::vector<CatalogEntry>& Catalog::list(ReferenceKind kind) const {
  // Roles belong to each company (LiveCompany::roles), not to the catalog.
  static const std::vector<CatalogEntry> kNone;
  switch (kind) {
    case ReferenceKind::Country: return countries;
    case ReferenceKind::Industry: return industries;
    case ReferenceKind::LicenseType: return license_types;
    case ReferenceKind::LicensePeriod: return license_periods;
    case ReferenceKind::LicenseModule: return all_modules;
    case ReferenceKind::Language: return languages;
    case ReferenceKind::TimeZone: return time_zones;
    case ReferenceKind::DateFormat: return date_formats;
    case ReferenceKind::TimeFormat: return time_formats;
    case ReferenceKind::Role: return kNone;
  }
  return kNone;
}

Resolution Resolve(ReferenceKind kind, const std::vector<CatalogEntry>& entries, const std::string& text) {
  Resolution r;
  std::string wanted = Trim(text);
  if (wanted.empty()) {
    r.error = fmt::format("an empty {} matches nothing", ReferenceKindName(kind));
    return r;
  }
  // Distinct entries by id: a list may repeat an entry, which is not an ambiguity.
  std::vector<const CatalogEntry*> matched;
  std::vector<int> strength;
  std::set<std::string> ids;
  for (const CatalogEntry& e : entries) {
    int s = MatchStrength(e, wanted);
    if (s == 0 || !ids.insert(e.id.empty() ? "name:" + e.name : e.id).second) continue;
    matched.push_back(&e);
    strength.push_back(s);
  }
  if (matched.size() > 1) {
    // "HH:mm" and "hh:mm" may both exist: an exact-case match settles it.
    std::vector<const CatalogEntry*> exact;
    for (size_t i = 0; i < matched.size(); ++i)
      if (strength[i] == 2) exact.push_back(matched[i]);
    if (exact.size() == 1) matched = exact;
  }
  if (matched.size() == 1) {
    r.ok = true;
    r.id = matched.front()->id;
    return r;
  }
  if (matched.empty()) {
    r.candidates = Closest(entries, wanted);
    // The candidates are the message's fix; the error does not list them a second time.
    r.error = fmt::format("\"{}\" matches no {}", wanted, ReferenceKindName(kind));
    return r;
  }
  for (const CatalogEntry* e : matched) r.candidates.push_back(Describe(*e));
  r.error = fmt::format("\"{}\" matches {} {}: {}", wanted, matched.size(), Plural(kind),
                        fmt::join(r.candidates, "; "));
  return r;
}

}  // namespace onboard
