// `onboard validate`: check manifests offline (and, with --online, resolve their references
// against the API's catalog and groups). Never writes to the platform.

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/session.h"
#include "engine/live/reader.h"
#include "engine/manifest/loader.h"
#include "engine/plan/planner.h"
#include "engine/render/diagnostics_json.h"

namespace onboard::cli {
namespace {

// Offline, validate cannot know whether a company exists; where a customer lacks what
// creating its company needs, it says so as a warning (a plan of a new company would fail).
void AddNewCompanyNotes(const DesiredState& desired, Diagnostics* diags) {
  for (const DesiredCustomer& c : desired.customers) {
    if (c.company.resource_id) continue;  // pinned: the company exists
    std::vector<std::string> missing = FieldsNeededToCreate(c);
    if (missing.empty()) continue;
    auto at = c.locations.find("company");
    Diagnostic d;
    d.severity = Severity::Warning;
    d.location = at != c.locations.end() && at->second.known() ? at->second : c.location;
    d.field = "spec.company";
    d.subject = c.key;
    d.summary = fmt::format("if company \"{}\" is new, creating it needs {}", c.company.name, fmt::join(missing, ", "));
    d.fix = "set them in the customer or in Defaults; an existing company needs none of them";
    diags->Add(std::move(d));
  }
}

// Reads the catalog and groups and resolves every reference as the planner does, as though
// no company existed yet (that reads no customer's data). False when it could not connect.
bool ResolveOnline(const ValidateOptions& options, const DesiredState& desired, Diagnostics* diags) {
  Connection connection;
  if (!Connect(options.common.connection, {}, &connection)) return false;
  LiveState live;
  connection.client->ReadCatalog("catalog", [&](Result<Catalog> r) {
    if (r.ok()) live.catalog = std::move(*r.value);
    else diags->Error({}, "", "reading the catalog failed: " + r.error->ToString());
  });
  connection.client->ListGroups("company-groups", [&](Result<std::vector<GroupRecord>> r) {
    if (r.ok()) live.groups = std::move(*r.value);
    else diags->Error({}, "", "reading the company groups failed: " + r.error->ToString());
  });
  connection.client->transport().Run();
  if (diags->has_errors()) return true;
  Plan plan = MakePlan(desired, live, PlanOptions{});
  for (const Diagnostic& d : plan.diagnostics.items())
    if (d.severity == Severity::Error) diags->Add(d);
  return true;
}

}  // namespace

int RunValidate(const ValidateOptions& options) {
  const bool json = options.common.format == OutputFormat::Json;
  Diagnostics diags;
  DesiredState desired;
  bool ok = LoadDesired(options.common, &desired, &diags);
  if (ok && options.online && !ResolveOnline(options, desired, &diags)) {
    if (!json) return 1;  // Connect said why on stderr
    diags.Error({}, "", "cannot connect to the API: the reason is on stderr", "check --api-url and the credentials");
  }
  if (ok && !options.online) AddNewCompanyNotes(desired, &diags);

  ManifestCounts counts = CountManifests(desired);
  if (json) {
    // One document on stdout, whatever happened; people's text stays off it.
    DiagnosticsReport report{"validate", counts.customers, counts.groups, counts.admins, counts.target_users};
    RenderOptions render;
    render.show_sensitive = options.common.show_sensitive;
    std::fputs(DiagnosticsToJson(diags, report, render).c_str(), stdout);
    return diags.has_errors() ? 1 : 0;
  }
  PrintDiagnostics(diags, !options.common.no_color);
  if (diags.has_errors()) return 1;
  std::printf("ok: %zu customers, %zu groups, %zu admins, %zu target users\n", counts.customers,
              counts.groups, counts.admins, counts.target_users);
  return 0;
}

}  // namespace onboard::cli
