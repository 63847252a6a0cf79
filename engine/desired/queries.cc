#include "engine/desired/queries.h"

namespace onboard {

SourceLocation FieldLocation(const FieldLocations& locations, const std::string& key, const SourceLocation& fallback) {
  for (std::string k = key;;) {
    auto it = locations.find(k);
    if (it != locations.end() && it->second.known()) return it->second;
    size_t cut = k.find_last_of(".[");
    if (cut == std::string::npos || k.empty()) break;
    k = k.substr(0, cut);
  }
  auto it = locations.find("");
  if (it != locations.end() && it->second.known()) return it->second;
  return fallback;
}

bool ManagesManager(const DesiredTargetUser& user) {
  return user.manager && (user.manager->first_name || user.manager->last_name || user.manager->email);
}

}  // namespace onboard
