#pragma once
// The steps plan and apply share: load the manifests, connect, read the live state, plan.
// Each step prints its own diagnostics to stderr and says whether the run may go on.

#include <memory>
#include <string>

#include "cli/options.h"
#include "engine/api/keepnet_client.h"
#include "engine/desired/desired_state.h"
#include "engine/diag/diagnostic.h"
#include "engine/http/transport.h"
#include "engine/live/live_state.h"
#include "engine/plan/plan.h"

namespace onboard::cli {

/// True when colour may be used on stdout (a terminal, no --no-color, no NO_COLOR).
bool UseColor(const CommonOptions& options);
/// True when stdin is a terminal (apply asks for approval only there).
bool StdinIsTerminal();

/// Prints diagnostics to stderr, errors and warnings alike, then a count line when any.
void PrintDiagnostics(const Diagnostics& diags, bool color);

/// Loads and validates the manifests (default path: manifests/). False on any error. The
/// diagnostics go to `diags` when given (for a JSON document), else to stderr when any is an error.
bool LoadDesired(const CommonOptions& options, DesiredState* desired, Diagnostics* diags = nullptr);

/// After Connect failed (its error printed): also prints the manifests' errors, if any, so
/// that one run shows every problem. Returns 1, the exit code.
int FailedToConnect(const CommonOptions& options);

/// A connection to the API: the HTTP transport (possibly wrapped, e.g. for a dry run) and
/// the client over it.
struct Connection {
  std::string api_url;
  std::unique_ptr<Transport> base;      ///< the real HTTP transport
  std::unique_ptr<Transport> wrapper;   ///< optional decorator (dry run); the client uses it
  std::unique_ptr<KeepnetClient> client;
};

/// The API base URL: --api-url, else KEEPNET_API_BASE_URL, else the vendor's; no trailing '/'.
std::string ResolveApiUrl(const ConnectionOptions& options);
/// Connects from flags and environment; `wrap` may decorate the real transport (returning
/// null keeps it as it is).
/// False with a printed error when the URL or the credentials are missing or unsafe.
bool Connect(const ConnectionOptions& options,
             const std::function<std::unique_ptr<Transport>(Transport&)>& wrap, Connection* out);

/// How LoadAndComputePlan went.
enum class PlanStatus {
  InvalidManifests,  ///< the manifests have errors, printed already; nothing else was done
  Failed,            ///< the plan has errors (read failures included) in plan->diagnostics
  Ok,
};

/// Loads the manifests (default path: manifests/) while the reads that need none are in
/// flight, then reads the live state the selected customers need and plans
/// (engine/run/live_plan.h). The caller prints plan->diagnostics when Failed. Invalid
/// manifests' diagnostics are printed to stderr, or appended to *manifest_diagnostics when
/// it is given (for a machine-readable document).
PlanStatus LoadAndComputePlan(const CommonOptions& options, Connection& connection, Plan* plan,
                              Diagnostics* manifest_diagnostics = nullptr);

/// The plan in the chosen format, for stdout (phones masked unless --show-sensitive).
std::string RenderPlan(const Plan& plan, const CommonOptions& options);
/// RenderPlan's text on stdout; text is written as it is rendered, not held whole.
void PrintPlan(const Plan& plan, const CommonOptions& options);

/// Writes the plan with everything apply needs to `path`, atomically. False (printed) on failure.
bool SavePlan(const Plan& plan, const std::string& path);

}  // namespace onboard::cli
