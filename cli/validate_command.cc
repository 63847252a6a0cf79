// `onboard validate`: check manifests offline (and, with --online, resolve their references
// against the API's catalog and groups). Never writes to the platform.

#include <unistd.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/session.h"
#include "engine/live/reader.h"
#include "engine/manifest/loader.h"
#include "engine/plan/planner.h"

namespace onboard::cli {

int RunValidate(const ValidateOptions& options) {
  DesiredState desired;
  if (!LoadDesired(options.common, &desired)) return 1;

  if (options.online) {
    Connection connection;
    if (!Connect(options.common.connection, {}, &connection)) return 1;
    // References are resolved as the planner does it, against the real catalog and groups,
    // as though no company existed yet: that reads no customer's data.
    LiveState live;
    Diagnostics diags;
    connection.client->ReadCatalog("catalog", [&](Result<Catalog> r) {
      if (r.ok()) live.catalog = std::move(*r.value);
      else diags.Error({}, "", "reading the catalog failed: " + r.error->ToString());
    });
    connection.client->ListGroups("company-groups", [&](Result<std::vector<GroupRecord>> r) {
      if (r.ok()) live.groups = std::move(*r.value);
      else diags.Error({}, "", "reading the company groups failed: " + r.error->ToString());
    });
    connection.client->transport().Run();
    if (!diags.has_errors()) {
      Plan plan = MakePlan(desired, live, PlanOptions{});
      for (const Diagnostic& d : plan.diagnostics.items())
        if (d.severity == Severity::Error) diags.Add(d);
    }
    if (diags.has_errors()) {
      PrintDiagnostics(diags, isatty(STDERR_FILENO));
      return 1;
    }
  }

  ManifestCounts counts = CountManifests(desired);
  std::printf("ok: %zu customers, %zu groups, %zu admins, %zu target users\n", counts.customers,
              counts.groups, counts.admins, counts.target_users);
  return 0;
}

}  // namespace onboard::cli
