// `onboard plan`: read the live state, diff it against the manifests, show the plan, and
// optionally save it for `apply --plan`.

#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/session.h"
#include "engine/plan/planner.h"
#include "engine/render/diagnostics_json.h"

namespace onboard::cli {

int RunPlan(const PlanOptionsCli& options) {
  Connection connection;
  if (!Connect(options.common.connection, {}, &connection)) return FailedToConnect(options.common);
  Plan plan;
  const bool json = options.common.format == OutputFormat::Json;
  Diagnostics manifest_diagnostics;
  PlanStatus status = LoadAndComputePlan(options.common, connection, &plan, json ? &manifest_diagnostics : nullptr);
  if (status == PlanStatus::InvalidManifests) {
    // Machines get one document on stdout even when there is no plan to show.
    RenderOptions render;
    render.show_sensitive = options.common.show_sensitive;
    std::fputs(DiagnosticsToJson(manifest_diagnostics, {"plan"}, render).c_str(), stdout);
    PrintDiagnostics(manifest_diagnostics, UseColor(options.common));
    return 1;
  }
  if (status == PlanStatus::Failed) {
    // A plan with errors is not shown to people (it would look applicable); machines get the
    // document, whose diagnostics say why, and no actions: nothing will be applied.
    plan.actions.clear();
    if (options.common.format == OutputFormat::Json) std::fputs(RenderPlan(plan, options.common).c_str(), stdout);
    PrintDiagnostics(plan.diagnostics, isatty(STDERR_FILENO));
    return 1;
  }
  PrintPlan(plan, options.common);
  if (!options.out.empty()) {
    if (!SavePlan(plan, options.out)) return 1;
    std::fprintf(stderr, "Saved the plan to %s. Apply exactly it with: onboard apply --plan %s\n",
                 options.out.c_str(), options.out.c_str());
  }
  // Customers whose live state could not be read were left out: the plan is incomplete.
  if (!plan.failed_customers.empty()) return 1;
  if (options.detailed_exitcode && plan.has_changes()) return 2;
  return 0;
}

}  // namespace onboard::cli
