// `onboard show PLANFILE`: render a saved plan again, offline, with the renderers plan uses,
// for the pull-request comment step and for the person who approves it.

#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "cli/session.h"
#include "engine/io/bounded_file.h"
#include "engine/plan/plan_file.h"

namespace onboard::cli {

int RunShow(const ShowOptions& options) {
  std::string text, error;
  Plan plan;
  if (!ReadBoundedFile(options.plan_file, kMaxSavedPlanBytes, "a saved plan", &text, &error) ||
      !ReadPlanFile(text, &plan, &error)) {
    std::fprintf(stderr, "error: %s: %s\n", options.plan_file.c_str(), error.c_str());
    return 1;
  }
  CommonOptions render;
  render.format = options.format;
  render.no_color = options.no_color;
  render.show_sensitive = options.show_sensitive;
  const std::string rendered = RenderPlan(plan, render);
  std::fwrite(rendered.data(), 1, rendered.size(), stdout);
  return 0;
}

}  // namespace onboard::cli
