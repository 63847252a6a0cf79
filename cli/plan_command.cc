// `onboard plan`: read the live state, diff it against the manifests, show the plan, and
// optionally save it for `apply --plan`.

#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/session.h"

namespace onboard::cli {

int RunPlan(const PlanOptionsCli& options) {
  Connection connection;
  if (!Connect(options.common.connection, {}, &connection)) return FailedToConnect(options.common);
  Plan plan;
  PlanStatus status = LoadAndComputePlan(options.common, connection, &plan);
  if (status == PlanStatus::InvalidManifests) return 1;
  if (status == PlanStatus::Failed) {
    // A plan with errors is not shown to people (it would look applicable); machines get the
    // document, whose diagnostics say why, and no actions: nothing will be applied.
    plan.actions.clear();
    if (options.common.format == OutputFormat::Json) std::fputs(RenderPlan(plan, options.common).c_str(), stdout);
    PrintDiagnostics(plan.diagnostics, isatty(STDERR_FILENO));
    return 1;
  }
  std::string rendered = RenderPlan(plan, options.common);
  std::fwrite(rendered.data(), 1, rendered.size(), stdout);
  if (!options.out.empty()) {
    if (!SavePlan(plan, options.out)) return 1;
    std::fprintf(stderr, "Saved the plan to %s. Apply exactly it with: onboard apply --plan %s\n",
                 options.out.c_str(), options.out.c_str());
  }
  if (options.detailed_exitcode && plan.has_changes()) return 2;
  return 0;
}

}  // namespace onboard::cli
