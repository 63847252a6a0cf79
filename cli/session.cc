#include "cli/session.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "engine/http/curl_transport.h"
#include "engine/io/bounded_file.h"
#include "engine/manifest/loader.h"
#include "engine/run/live_plan.h"
#include "engine/render/markdown_renderer.h"
#include "engine/plan/plan_file.h"
#include "engine/render/plan_json.h"
#include "engine/render/text_renderer.h"
#include "engine/text/strings.h"
#include "engine/text/style.h"

namespace onboard::cli {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string FirstEnv(std::initializer_list<const char*> names) {
  for (const char* n : names) {
    std::string v = Env(n);
    if (!v.empty()) return v;
  }
  return {};
}

PlanOptions ToPlanOptions(const CommonOptions& o) {
  PlanOptions p;
  p.customers = o.customers;
  p.exclude = o.exclude;
  p.allow_mass_delete = o.allow_mass_delete;
  return p;
}

}  // namespace

bool UseColor(const CommonOptions& options) {
  return ColorAllowed(STDOUT_FILENO, options.no_color);
}

bool StdinIsTerminal() { return isatty(STDIN_FILENO); }

void PrintDiagnostics(const Diagnostics& diags, bool color) {
  color = color && ColorAllowed(STDERR_FILENO);  // NO_COLOR and TERM=dumb hold for stderr too
  for (const Diagnostic& d : diags.items()) {
    std::string line = d.ToString();
    line = Styled(color, d.severity == Severity::Error ? Style::Red : Style::Yellow, line);
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  if (diags.error_count() > 0)
    std::fprintf(stderr, "%zu error(s), %zu warning(s)\n", diags.error_count(), diags.warning_count());
}

bool LoadDesired(const CommonOptions& options, DesiredState* desired, Diagnostics* out) {
  std::vector<std::string> paths = options.paths;
  if (paths.empty()) paths.push_back("manifests");
  Diagnostics diags;
  *desired = LoadManifests(paths, &diags);
  if (out) {
    out->Append(diags);
    return !diags.has_errors();
  }
  if (diags.has_errors()) {
    PrintDiagnostics(diags, isatty(STDERR_FILENO));
    return false;
  }
  return true;
}

std::string ResolveApiUrl(const ConnectionOptions& options) {
  std::string url = options.api_url;
  if (url.empty()) url = Env("KEEPNET_API_BASE_URL");
  if (url.empty()) url = "https://api.keepnetlabs.com";
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

int FailedToConnect(const CommonOptions& options) {
  DesiredState desired;
  LoadDesired(options, &desired);
  return 1;
}

bool Connect(const ConnectionOptions& options,
             const std::function<std::unique_ptr<Transport>(Transport&)>& wrap, Connection* out) {
  ClientOptions client;
  client.base_url = ResolveApiUrl(options);
  std::string error;
  if (!CheckBaseUrl(client.base_url, options.allow_insecure_http, &error)) {
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return false;
  }
  client.client_id = options.client_id.empty() ? FirstEnv({"KEEPNET_CLIENT_ID", "CLIENT_ID"}) : options.client_id;
  if (!options.client_secret_file.empty()) {
    std::string secret, why = "holds no secret";
    bool read = ReadBoundedFile(options.client_secret_file, kMaxSecretFileBytes, "a secret file", &secret, &why);
    client.client_secret = Trim(secret);
    client.credentials_source = "client secret from --client-secret-file " + options.client_secret_file;
    if (!read || client.client_secret.empty()) {
      std::fprintf(stderr, "error: --client-secret-file %s: cannot read a secret from it: it %s\n",
                   options.client_secret_file.c_str(), why.c_str());
      return false;
    }
  } else {
    client.client_secret = FirstEnv({"KEEPNET_CLIENT_SECRET", "CLIENT_SECRET"});
    client.credentials_source = Env("KEEPNET_CLIENT_SECRET").empty() ? "client secret from CLIENT_SECRET"
                                                                     : "client secret from KEEPNET_CLIENT_SECRET";
  }
  const char* id_source = !options.client_id.empty()          ? "--client-id"
                          : !Env("KEEPNET_CLIENT_ID").empty() ? "KEEPNET_CLIENT_ID"
                                                              : "CLIENT_ID";
  client.credentials_source = fmt::format("client id {} from {}, {}", client.client_id, id_source, client.credentials_source);
  if (client.client_id.empty() || client.client_secret.empty()) {
    std::fprintf(stderr,
                 "error: no API credentials: set KEEPNET_CLIENT_ID and KEEPNET_CLIENT_SECRET, or pass "
                 "--client-id and --client-secret-file\n");
    return false;
  }
  client.parallelism = options.parallelism;
  out->api_url = client.base_url;
  CurlTransportOptions transport_options;
  transport_options.base_url = client.base_url;
  transport_options.parallelism = options.parallelism;
  out->base = std::make_unique<CurlTransport>(transport_options);
  Transport* used = out->base.get();
  if (wrap) {
    out->wrapper = wrap(*out->base);
    if (out->wrapper) used = out->wrapper.get();
  }
  out->client = std::make_unique<KeepnetClient>(client, *used);
  return true;
}

PlanStatus LoadAndComputePlan(const CommonOptions& options, Connection& connection, Plan* plan,
                              Diagnostics* manifest_diagnostics) {
  std::vector<std::string> paths = options.paths;
  if (paths.empty()) paths.push_back("manifests");
  PlannedRun run = LoadAndPlan(
      [&paths](Diagnostics* diags, const CustomerSeenFn& seen) { return LoadManifests(paths, diags, seen); },
      ToPlanOptions(options), *connection.client);
  if (!run.manifests_ok()) {
    if (manifest_diagnostics) manifest_diagnostics->Append(run.manifest_diagnostics);
    else PrintDiagnostics(run.manifest_diagnostics, isatty(STDERR_FILENO));
    return PlanStatus::InvalidManifests;
  }
  const PlanStatus status = run.ok() ? PlanStatus::Ok : PlanStatus::Failed;
  *plan = std::move(run.plan);
  plan->api_url = connection.api_url;
  return status;
}

namespace {

RenderOptions RenderOptionsFor(const CommonOptions& options) {
  RenderOptions render;
  render.color = UseColor(options);
  render.show_sensitive = options.show_sensitive;
  return render;
}

}  // namespace

std::string RenderPlan(const Plan& plan, const CommonOptions& options) {
  const RenderOptions render = RenderOptionsFor(options);
  switch (options.format) {
    case OutputFormat::Json: return PlanToJson(plan, render);
    case OutputFormat::Markdown: return RenderPlanMarkdown(plan, render);
    case OutputFormat::Jsonl:  // apply's events; a plan by itself is not a stream
    case OutputFormat::Text: break;
  }
  return RenderPlanText(plan, render);
}

void PrintPlan(const Plan& plan, const CommonOptions& options) {
  auto write = [](std::string_view piece) { std::fwrite(piece.data(), 1, piece.size(), stdout); };
  if (options.format == OutputFormat::Json || options.format == OutputFormat::Markdown) return write(RenderPlan(plan, options));
  WritePlanText(plan, RenderOptionsFor(options), write);
}

bool SavePlan(const Plan& plan, const std::string& path) {
  // The saved plan holds the real values: apply must send them; see README "Saved plans".
  // They are personal data: owner-only (0600), even when a wider file of that name exists.
  std::string tmp = path + ".tmp";
  const std::string text = WritePlanFile(plan);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bool ok = fd >= 0 && ::fchmod(fd, 0600) == 0;
  for (size_t done = 0; ok && done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  if (fd >= 0 && ::close(fd) != 0) ok = false;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::fprintf(stderr, "error: --out %s: cannot write the plan: %s\n", path.c_str(), std::strerror(errno));
    if (fd >= 0) std::remove(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace onboard::cli
