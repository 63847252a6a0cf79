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
  DesiredState desired;
  if (options.common.format == OutputFormat::Json) {
    // Machines get one document on stdout even when there is no plan to show: the
    // diagnostics of the manifests, or of a selection that names no customer.
    Diagnostics diags;
    bool ok = LoadDesired(options.common, &desired, &diags);
    if (ok) SelectCustomers(desired, PlanOptions{options.common.customers, options.common.exclude}, &diags);
    if (diags.has_errors()) {
      RenderOptions render;
      render.show_sensitive = options.common.show_sensitive;
      std::fputs(DiagnosticsToJson(diags, {"plan"}, render).c_str(), stdout);
      PrintDiagnostics(diags, !options.common.no_color);
      return 1;
    }
  } else if (!LoadDesired(options.common, &desired)) {
    return 1;
  }
  Connection connection;
  if (!Connect(options.common.connection, {}, &connection)) return 1;
  Plan plan;
  if (!ComputePlan(desired, options.common, connection, &plan)) {
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
