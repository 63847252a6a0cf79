#include "cli/session.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "engine/http/curl_transport.h"
#include "engine/live/reader.h"
#include "engine/manifest/loader.h"
#include "engine/plan/planner.h"
#include "engine/render/markdown_renderer.h"
#include "engine/render/plan_json.h"
#include "engine/render/text_renderer.h"
#include "engine/text/strings.h"

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
  return p;
}

}  // namespace

bool UseColor(const CommonOptions& options) {
  return !options.no_color && Env("NO_COLOR").empty() && isatty(STDOUT_FILENO);
}

bool StdinIsTerminal() { return isatty(STDIN_FILENO); }

void PrintDiagnostics(const Diagnostics& diags, bool color) {
  for (const Diagnostic& d : diags.items()) {
    std::string line = d.ToString();
    if (color) {
      const char* c = d.severity == Severity::Error ? "\033[31m" : "\033[33m";
      line = fmt::format("{}{}\033[0m", c, line);
    }
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  if (diags.error_count() > 0)
    std::fprintf(stderr, "%zu error(s), %zu warning(s)\n", diags.error_count(), diags.warning_count());
}

bool LoadDesired(const CommonOptions& options, DesiredState* desired) {
  std::vector<std::string> paths = options.paths;
  if (paths.empty()) paths.push_back("manifests");
  Diagnostics diags;
  *desired = LoadManifests(paths, &diags);
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
    std::ifstream in(options.client_secret_file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    client.client_secret = Trim(buffer.str());
    if (!in || client.client_secret.empty()) {
      std::fprintf(stderr, "error: --client-secret-file %s: cannot read a secret from it\n",
                   options.client_secret_file.c_str());
      return false;
    }
  } else {
    client.client_secret = FirstEnv({"KEEPNET_CLIENT_SECRET", "CLIENT_SECRET"});
  }
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

bool ComputePlan(const DesiredState& desired, const CommonOptions& options, Connection& connection,
                 Plan* plan) {
  PlanOptions plan_options = ToPlanOptions(options);
  plan->api_url = connection.api_url;
  Diagnostics diags;
  std::vector<const DesiredCustomer*> selected = SelectCustomers(desired, plan_options, &diags);
  if (diags.has_errors()) {
    plan->diagnostics = diags;
    return false;
  }
  LiveState live;
  ReadLiveState(*connection.client, selected, &live, &diags);
  if (diags.has_errors()) {
    plan->diagnostics = diags;
    return false;
  }
  *plan = MakePlan(desired, live, plan_options);

  // An update of a target user sends the whole user back, and the search view lacks some
  // fields: read those users in full, then plan again with what they really hold.
  std::vector<std::pair<std::string, std::string>> to_detail;
  for (const Action& a : plan->actions) {
    if (a.object != ObjectType::TargetUser || a.type != ActionType::Update) continue;
    auto it = live.details.find(a.company_ref.id);
    if (it == live.details.end()) continue;
    for (const TargetUserRecord& u : it->second.target_users)
      if (u.id == a.target_id && !u.detailed) to_detail.emplace_back(a.company_ref.id, u.id);
  }
  if (!to_detail.empty()) {
    ReadTargetUserDetails(*connection.client, to_detail, &live, &diags);
    if (diags.has_errors()) {
      plan->diagnostics.Append(diags);
      return false;
    }
    *plan = MakePlan(desired, live, plan_options);
  }
  plan->api_url = connection.api_url;
  return !plan->diagnostics.has_errors();
}

std::string RenderPlan(const Plan& plan, const CommonOptions& options) {
  RenderOptions render;
  render.color = UseColor(options);
  render.show_sensitive = options.show_sensitive;
  switch (options.format) {
    case OutputFormat::Json: return PlanToJson(plan, render);
    case OutputFormat::Markdown: return RenderPlanMarkdown(plan, render);
    case OutputFormat::Text: break;
  }
  return RenderPlanText(plan, render);
}

bool SavePlan(const Plan& plan, const std::string& path) {
  RenderOptions render;
  render.include_payload = true;
  render.show_sensitive = true;  // apply must send the real values; see README "Saved plans"
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << PlanToJson(plan, render);
    if (!out) {
      std::fprintf(stderr, "error: --out %s: cannot write the plan\n", path.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::fprintf(stderr, "error: --out %s: cannot write the plan\n", path.c_str());
    return false;
  }
  return true;
}

}  // namespace onboard::cli
