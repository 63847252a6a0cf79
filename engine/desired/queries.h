#pragma once
// Questions the live-state reader and the planner both ask of the desired state: where a
// field was written (for a diagnostic) and whether a user needs its full live record.

#include <string>

#include "engine/desired/desired_state.h"

namespace onboard {

/// Where a field of a manifest object was written: the field's own location if the reader
/// recorded one ("roles[1]", then "roles"), else the object's (""), else `fallback`.
SourceLocation FieldLocation(const FieldLocations& locations, const std::string& key, const SourceLocation& fallback);

/// True when the manifest manages one of `user`'s manager fields: the live-state reader
/// must then read that user in detail (the search view lacks them).
bool ManagesManager(const DesiredTargetUser& user);

}  // namespace onboard
