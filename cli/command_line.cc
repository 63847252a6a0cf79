// The command line, parsed once with CLI11 into plain options; the commands (validate, plan,
// apply) are in their own files.

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/completion.h"
#include "cli/export_command.h"
#include "cli/version.h"
#include "engine/text/suggest.h"
#include "engine/lock/apply_lock.h"

namespace onboard::cli {
namespace {

const std::map<std::string, OutputFormat> kFormats = {{"text", OutputFormat::Text},
                                                     {"json", OutputFormat::Json},
                                                     {"markdown", OutputFormat::Markdown},
                                                     {"jsonl", OutputFormat::Jsonl}};

void AddConnection(CLI::App* cmd, ConnectionOptions* c) {
  cmd->add_option("--api-url", c->api_url, "API base URL (env KEEPNET_API_BASE_URL)")
      ->option_text("URL (default: https://api.keepnetlabs.com)");
  cmd->add_option("--client-id", c->client_id, "OAuth2 client id (env KEEPNET_CLIENT_ID)")->option_text("ID");
  cmd->add_option("--client-secret-file", c->client_secret_file,
                  "File holding the client secret (else env KEEPNET_CLIENT_SECRET)")
      ->check(CLI::ExistingFile)
      ->option_text("FILE");
  cmd->add_flag("--allow-insecure-http", c->allow_insecure_http,
                "Allow plain http:// to a host that is not loopback");
  cmd->add_option("--parallelism", c->parallelism, "Most requests in flight at once")
      ->check(CLI::Range(1, 256))
      ->option_text("N (1-256, default: 16)");
}

// `names`: the formats the command offers, of kFormats.
void AddFormat(CLI::App* cmd, OutputFormat* format, const std::vector<std::string>& names) {
  std::map<std::string, OutputFormat> formats;
  for (const std::string& name : names) formats.emplace(name, kFormats.at(name));
  // Help shows the choices in words; the transformer's own text would be "{json->1,...}".
  cmd->add_option("--format", *format, "Output format")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case).description(""))
      ->option_text(fmt::format("{} (default: text)", fmt::join(names, "|")));
}

void AddCommon(CLI::App* cmd, CommonOptions* o, bool network, const std::vector<std::string>& formats) {
  cmd->add_option("paths", o->paths, "Manifest files or directories (default: manifests/)")->option_text("PATH...");
  // One name per occurrence: a vector option would otherwise swallow the paths that follow
  // (`plan --customer acme manifests/` must read manifests/, not a customer named so).
  cmd->add_option("--customer", o->customers, "Only these customers: key or company name (repeatable)")
      ->allow_extra_args(false)
      ->option_text("NAME");
  cmd->add_option("--exclude", o->exclude, "Every customer but these (repeatable)")
      ->allow_extra_args(false)
      ->option_text("NAME");
  cmd->add_flag("--no-color", o->no_color, "No colour, even on a terminal (also: NO_COLOR)");
  AddFormat(cmd, &o->format, formats);
  if (!network) return;
  AddConnection(cmd, &o->connection);
  cmd->add_flag("--show-sensitive", o->show_sensitive, "Show phone numbers unmasked");
}

// The choices a flag's help text lists ("text|json|markdown (default: text)"), for completion.
std::vector<std::string> Choices(const CLI::Option* option) {
  std::string text = option->get_option_text();
  text = text.substr(0, text.find(' '));
  if (text.find('|') == std::string::npos) return {};
  std::vector<std::string> out;
  for (size_t start = 0, bar; start <= text.size(); start = bar + 1) {
    bar = std::min(text.find('|', start), text.size());
    out.push_back(text.substr(start, bar - start));
  }
  return out;
}

std::vector<CompletionFlag> FlagsOf(const CLI::App& app) {
  std::vector<CompletionFlag> out;
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_positional() || o->get_lnames().empty()) continue;
    out.push_back({"--" + o->get_lnames().front(), o->get_description(), o->get_expected_max() != 0, Choices(o)});
  }
  return out;
}

std::string Completion(CLI::App& app, const std::string& shell) {
  std::vector<CompletionCommand> commands;
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    CompletionCommand c{sub->get_name(), sub->get_description(), FlagsOf(*sub), {}};
    for (const CLI::Option* o : sub->get_options())
      if (o->get_positional() && !Choices(o).empty()) c.values = Choices(o);
    commands.push_back(std::move(c));
  }
  return CompletionScript(shell, FlagsOf(app), commands);
}

bool HasLongName(const CLI::App& app, const std::string& name) {
  for (const CLI::Option* o : app.get_options())
    for (const std::string& l : o->get_lnames())
      if (l == name) return true;
  return false;
}

std::vector<std::string> LongNames(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::Option* o : app.get_options())
    for (const std::string& l : o->get_lnames()) out.push_back("--" + l);
  return out;
}

// After CLI11 refused a command line: for the first unknown subcommand, "did you mean" the
// closest one (else the list of commands); for the first unknown long flag that is close to
// one of its command, "did you mean" that one. "" otherwise: CLI11's own message stands.
std::string SuggestFix(CLI::App& app, int argc, char** argv) {
  CLI::App* command = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--") break;
    CLI::App* scope = command ? command : &app;
    if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
      std::string name = arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
      if (HasLongName(*scope, name)) continue;
      std::string match = ClosestMatch("--" + name, LongNames(*scope));
      if (match.empty()) return {};
      return fmt::format("unknown flag `--{}` for `{}`; did you mean `{}`?", name,
                         command ? "onboard " + command->get_name() : "onboard", match);
    }
    if (command || arg.empty() || arg[0] == '-') continue;
    std::vector<std::string> names;
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      if (sub->get_name() == arg) command = sub;
      names.push_back(sub->get_name());
    }
    if (command) continue;
    std::string match = ClosestMatch(arg, names);
    if (match.empty()) return fmt::format("unknown command `{}`; the commands are {}", arg, fmt::join(names, ", "));
    return fmt::format("unknown command `{}`; did you mean `onboard {}`?", arg, match);
  }
  return {};
}

}  // namespace

int Main(int argc, char** argv) {
  ParsedCommand cmd;
  int code = ParseCommandLine(argc, argv, &cmd);
  if (code >= 0) return code;
  switch (cmd.command) {
    case Command::Version:
      std::printf("%s\n", VersionLine());
      return 0;
    case Command::Completion:
      std::fputs(cmd.completion_script.c_str(), stdout);
      return 0;
    case Command::Validate: return RunValidate(cmd.validate);
    case Command::Plan: return RunPlan(cmd.plan);
    case Command::Apply: return RunApply(cmd.apply);
    case Command::Show: return RunShow(cmd.show);
    case Command::Export: return RunExport(cmd.export_);
  }
  return 1;
}

int ParseCommandLine(int argc, char** argv, ParsedCommand* out) {
  // Named here: CLI11 would otherwise name the program by argv[0], its full path.
  CLI::App app{"onboard: keep Keepnet customers in git, plan and apply them", "onboard"};
  app.require_subcommand(1);
  app.set_version_flag("--version", VersionLine(), "Print the version and the commit, and exit");
  ValidateOptions& validate = out->validate;
  CLI::App* v = app.add_subcommand("validate", "Check manifests (offline unless --online)");
  AddCommon(v, &validate.common, /*network=*/true, {"text", "json"});
  v->add_flag("--online", validate.online, "Also resolve references against the API's catalog");

  PlanOptionsCli& plan = out->plan;
  CLI::App* p = app.add_subcommand("plan", "Read the live state and show what apply would change");
  AddCommon(p, &plan.common, true, {"text", "json", "markdown"});
  p->add_option("--out", plan.out, "Save the plan (JSON) for `apply --plan`")->option_text("FILE");
  p->add_flag("--detailed-exitcode", plan.detailed_exitcode, "Exit 2 when there are changes");
  p->add_flag("--allow-mass-delete", plan.common.allow_mass_delete,
              "Allow deleting more than 20% (and more than 5) of a customer's target users or admins");

  ApplyOptions& apply = out->apply;
  CLI::App* a = app.add_subcommand("apply", "Carry out the plan");
  AddCommon(a, &apply.common, true, {"text", "json", "jsonl"});
  a->add_option("--plan", apply.plan_file, "Apply exactly this saved plan")
      ->check(CLI::ExistingFile)
      ->option_text("FILE");
  a->add_flag("--dry-run", apply.dry_run, "Send no write; print every request it would send");
  a->add_flag("--allow-mass-delete", apply.common.allow_mass_delete,
              "Allow deleting more than 20% (and more than 5) of a customer's target users or admins");
  a->add_flag("--auto-approve", apply.auto_approve, "Do not ask (required when stdin is not a terminal)");
  a->add_option("--journal", apply.journal, "Append one JSON line per write to FILE")->option_text("FILE");
  a->add_option("--lock-timeout", apply.lock_timeout,
                "Wait up to DURATION (30s, 5m; default 0: fail at once) for another apply of these manifests")
      ->option_text("DURATION")
      ->check(CLI::Validator(
          [](std::string& v) {
            std::chrono::milliseconds d;
            return ParseDuration(v, &d) ? std::string() : "expected a duration such as 0, 30s, 500ms, 5m or 1h";
          },
          "DURATION"));

  ShowOptions& show = out->show;
  CLI::App* s = app.add_subcommand("show", "Render a saved plan again (for a PR comment or the approver)");
  s->add_option("planfile", show.plan_file, "The plan `onboard plan --out FILE` saved")
      ->required()  // no ExistingFile check: RunShow names the file and why it cannot read it
      ->option_text("PLANFILE");
  AddFormat(s, &show.format, {"text", "json", "markdown"});
  s->add_flag("--no-color", show.no_color, "No colour, even on a terminal (also: NO_COLOR)");
  s->add_flag("--show-sensitive", show.show_sensitive, "Show phone numbers unmasked");

  ExportOptionsCli& exp = out->export_;
  CLI::App* x = app.add_subcommand("export", "Write manifests that describe the live customers");
  x->add_option("--out", exp.out, "Directory to write to")->option_text("DIR (default: manifests)");
  x->add_option("--customer", exp.customers, "Only these customers: company name or key (repeatable)")
      ->option_text("NAME");
  CLI::Option* with_users =
      x->add_flag("--with-users", exp.with_users, "Target users inline in each customer file, however many");
  x->add_flag("--users-csv", exp.users_csv, "Target users in one CSV file per customer")->excludes(with_users);
  x->add_flag("--force", exp.force, "Overwrite files that exist");
  x->add_flag("--no-defaults", exp.no_defaults, "No defaults.yaml: every value in every customer file");
  x->add_flag("--pin-ids", exp.pin_ids, "Pin every company by resourceId (default: only same-named ones)");
  AddConnection(x, &exp.connection);

  CLI::App* ver = app.add_subcommand("version", "Print the version and the commit");

  std::string shell;
  CLI::App* completion = app.add_subcommand("completion", "Print a shell completion script");
  completion->add_option("shell", shell, "The shell")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}).description(""))
      ->option_text("bash|zsh|fish");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::string fix = SuggestFix(app, argc, argv);
    if (fix.empty()) {
      app.exit(e);
    } else {
      std::fprintf(stderr, "error: %s\nRun `onboard --help` for the commands, `onboard COMMAND --help` for their flags.\n",
                   fix.c_str());
    }
    return 1;
  }
  if (*ver) out->command = Command::Version;
  if (*completion) {
    out->command = Command::Completion;
    out->completion_script = Completion(app, shell);
  }
  if (*v) out->command = Command::Validate;
  if (*p) out->command = Command::Plan;
  if (*a) out->command = Command::Apply;
  if (*s) out->command = Command::Show;
  if (*x) out->command = Command::Export;
  return -1;
}

}  // namespace onboard::cli

