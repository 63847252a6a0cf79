// The command line, parsed once with CLI11 into plain options; the commands (validate, plan,
// apply) are in their own files.

#include <cstdio>
#include <cstdlib>
#include <map>

#include <CLI/CLI.hpp>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/export_command.h"
#include "engine/lock/apply_lock.h"

namespace onboard::cli {
namespace {

const std::map<std::string, OutputFormat> kFormats = {
    {"text", OutputFormat::Text}, {"json", OutputFormat::Json}, {"markdown", OutputFormat::Markdown}};

void AddConnection(CLI::App* cmd, ConnectionOptions* c) {
  cmd->add_option("--api-url", c->api_url, "API base URL (env KEEPNET_API_BASE_URL)");
  cmd->add_option("--client-id", c->client_id, "OAuth2 client id (env KEEPNET_CLIENT_ID)");
  cmd->add_option("--client-secret-file", c->client_secret_file,
                  "File holding the client secret (else env KEEPNET_CLIENT_SECRET)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--allow-insecure-http", c->allow_insecure_http,
                "Allow plain http:// to a host that is not loopback");
  cmd->add_option("--parallelism", c->parallelism, "Most requests in flight at once")
      ->check(CLI::Range(1, 256));
}

void AddCommon(CLI::App* cmd, CommonOptions* o, bool network, bool markdown) {
  cmd->add_option("paths", o->paths, "Manifest files or directories (default: manifests/)");
  // One name per occurrence: a vector option would otherwise swallow the paths that follow
  // (`plan --customer acme manifests/` must read manifests/, not a customer named so).
  cmd->add_option("--customer", o->customers, "Only these customers (repeatable)")->allow_extra_args(false);
  cmd->add_option("--exclude", o->exclude, "Every customer but these (repeatable)")->allow_extra_args(false);
  cmd->add_flag("--no-color", o->no_color, "No colour, even on a terminal (also: NO_COLOR)");
  std::map<std::string, OutputFormat> formats = kFormats;
  if (!markdown) formats.erase("markdown");
  cmd->add_option("--format", o->format, "Output format")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
  if (!network) return;
  AddConnection(cmd, &o->connection);
  cmd->add_flag("--show-sensitive", o->show_sensitive, "Show phone numbers unmasked");
}

}  // namespace

int Main(int argc, char** argv) {
  ParsedCommand cmd;
  int code = ParseCommandLine(argc, argv, &cmd);
  if (code >= 0) return code;
  switch (cmd.command) {
    case Command::Version:
      std::printf("onboard %s\n", ONBOARD_VERSION);
      return 0;
    case Command::Validate: return RunValidate(cmd.validate);
    case Command::Plan: return RunPlan(cmd.plan);
    case Command::Apply: return RunApply(cmd.apply);
    case Command::Export: return RunExport(cmd.export_);
  }
  return 1;
}

int ParseCommandLine(int argc, char** argv, ParsedCommand* out) {
  CLI::App app{"onboard: keep Keepnet customers in git, plan and apply them"};
  app.require_subcommand(1);
  app.set_version_flag("--version", ONBOARD_VERSION);

  ValidateOptions& validate = out->validate;
  CLI::App* v = app.add_subcommand("validate", "Check manifests (offline unless --online)");
  AddCommon(v, &validate.common, /*network=*/true, /*markdown=*/false);
  v->add_flag("--online", validate.online, "Also resolve references against the API's catalog");

  PlanOptionsCli& plan = out->plan;
  CLI::App* p = app.add_subcommand("plan", "Read the live state and show what apply would change");
  AddCommon(p, &plan.common, true, true);
  p->add_option("--out", plan.out, "Save the plan (JSON) for `apply --plan`");
  p->add_flag("--detailed-exitcode", plan.detailed_exitcode, "Exit 2 when there are changes");

  ApplyOptions& apply = out->apply;
  CLI::App* a = app.add_subcommand("apply", "Carry out the plan");
  AddCommon(a, &apply.common, true, false);
  a->add_option("--plan", apply.plan_file, "Apply exactly this saved plan")->check(CLI::ExistingFile);
  a->add_flag("--dry-run", apply.dry_run, "Send no write; print every request it would send");
  a->add_flag("--auto-approve", apply.auto_approve, "Do not ask (required when stdin is not a terminal)");
  a->add_option("--journal", apply.journal, "Append one JSON line per write to FILE");
  a->add_option("--lock-timeout", apply.lock_timeout,
                "Wait up to DURATION (30s, 5m; default 0: fail at once) for another apply of these manifests")
      ->check(CLI::Validator(
          [](std::string& v) {
            std::chrono::milliseconds d;
            return ParseDuration(v, &d) ? std::string() : "expected a duration such as 0, 30s, 500ms, 5m or 1h";
          },
          "DURATION"));

  ExportOptionsCli& exp = out->export_;
  CLI::App* x = app.add_subcommand("export", "Write manifests that describe the live customers");
  x->add_option("--out", exp.out, "Directory to write to (default: manifests)");
  x->add_option("--customer", exp.customers, "Only these customers: company name or key (repeatable)");
  CLI::Option* with_users =
      x->add_flag("--with-users", exp.with_users, "Target users inline in each customer file, however many");
  x->add_flag("--users-csv", exp.users_csv, "Target users in one CSV file per customer")->excludes(with_users);
  x->add_flag("--force", exp.force, "Overwrite files that exist");
  x->add_flag("--no-defaults", exp.no_defaults, "No defaults.yaml: every value in every customer file");
  x->add_flag("--pin-ids", exp.pin_ids, "Pin every company by resourceId (default: only same-named ones)");
  AddConnection(x, &exp.connection);

  CLI::App* ver = app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  if (*ver) out->command = Command::Version;
  if (*v) out->command = Command::Validate;
  if (*p) out->command = Command::Plan;
  if (*a) out->command = Command::Apply;
  if (*x) out->command = Command::Export;
  return -1;
}

}  // namespace onboard::cli

