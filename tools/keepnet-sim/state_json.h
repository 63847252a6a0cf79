#pragma once
// The state as JSON: the --state file format and the body of GET /_sim/state.

#include <string>

#include "json.h"
#include "model.h"

namespace keepnet_sim {

/// Writes the whole state (companies in creation order with their users, groups, clients).
void writeState(Writer& w, const State& st);

/// Rebuilds a state from writeState's output; throws std::runtime_error on malformed input.
State readState(const rapidjson::Value& doc);

}  // namespace keepnet_sim
