#pragma once
// Manifests (apiVersion onboard/v1, README and schemas/manifest.schema.json) -> DesiredState, offline.
// Stages: expand paths -> read YAML (yaml_reader) -> check each document against the schema
// (schema_check) -> convert to desired data (CSV target users too) -> merge Defaults under
// each Customer -> semantic checks (duplicates, emails, dates) on the merged result.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "engine/desired/desired_state.h"
#include "engine/diag/diagnostic.h"

namespace onboard {

/// Counts for `onboard validate`'s "ok: N customers, M groups, K admins, U target users".
struct ManifestCounts {
  size_t customers = 0, groups = 0, admins = 0, target_users = 0;
};

/// Reads manifest files and directories (directories recursively, *.yaml/*.yml, sorted by path;
/// a file named twice is read once), validates every document, merges Defaults under each
/// Customer, runs the semantic checks, and returns the desired state. Every problem goes to
/// *diags (all of them, not only the first), at file:line:column with paths as the user gave
/// them. The state is returned even when there are errors (for counting); do not plan with it
/// then. `digest` is FNV-1a 64 (hex) over every file's path and bytes, CSVs included.
DesiredState LoadManifests(const std::vector<std::string>& paths, Diagnostics* diags);

/// Called as each Customer document has been read, before Defaults are merged and before the
/// checks (the customer may still turn out invalid): early enough to start reading its
/// company (engine/run/live_plan.h). Called from the loading threads, concurrently.
using CustomerReadHook = std::function<void(const DesiredCustomer&)>;

/// LoadManifests, calling `on_customer` for each Customer document as soon as it is read.
DesiredState LoadManifests(const std::vector<std::string>& paths, Diagnostics* diags,
                           const CustomerReadHook& on_customer);

/// How many customers, groups, admins and target users `state` holds.
ManifestCounts CountManifests(const DesiredState& state);

}  // namespace onboard
