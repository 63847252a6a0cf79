// End to end: the command line's edges through the real binary: help, version, completion,
// mistyped commands and flags, machine-readable diagnostics, selection errors.

#include <doctest/doctest.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include <string>

#include "tests/support/e2e_helpers.h"
#include "tests/support/sim_process.h"

namespace onboard::test {
namespace {

// The binary with no API to talk to: these runs must end before any request.
testing::ProcessResult Onboard(const std::vector<std::string>& args) {
  testing::ProcessOptions options;
  options.env["NO_COLOR"] = "1";
  options.env["KEEPNET_API_BASE_URL"] = "http://127.0.0.1:9";  // discard port: nothing listens
  options.env["KEEPNET_CLIENT_ID"] = "id";
  options.env["KEEPNET_CLIENT_SECRET"] = "secret";
  return testing::Run(OnboardArgv(args), options);
}

// "" when `json` validates against schemas/diagnostics.schema.json, else where it does not.
std::string DiagnosticsSchemaErrors(const std::string& json) {
  static const std::string schema_text = ReadTextFile(std::string(ONBOARD_SOURCE_DIR) + "/schemas/diagnostics.schema.json");
  rapidjson::Document schema_json = ParseJson(schema_text);
  rapidjson::SchemaDocument schema(schema_json);
  rapidjson::Document doc = ParseJson(json);
  rapidjson::SchemaValidator validator(schema);
  if (doc.Accept(validator)) return "";
  rapidjson::StringBuffer pointer;
  validator.GetInvalidDocumentPointer().StringifyUriFragment(pointer);
  return std::string(validator.GetInvalidSchemaKeyword()) + " at " + pointer.GetString();
}

// A customer with only a name: creating its company would need every required field.
const char* kBareCustomer =
    "apiVersion: onboard/v1\n"  // 1
    "kind: Customer\n"          // 2
    "metadata:\n"               // 3
    "  name: bare\n"            // 4
    "spec:\n"                   // 5
    "  company:\n"              // 6
    "    name: Bare Ltd\n";     // 7

}  // namespace

TEST_SUITE("cli-e2e") {

TEST_CASE("cli-e2e: help names the program onboard and shows choices and defaults in words") {
  testing::ProcessResult top = Onboard({"--help"});
  CHECK(top.exit_code == 0);
  CHECK(top.out.find("Usage: onboard ") != std::string::npos);
  CHECK(top.out.find(ONBOARD_PATH) == std::string::npos);
  for (const char* command : {"validate", "plan", "apply", "show", "export", "version", "completion"})
    CHECK(top.out.find(command) != std::string::npos);

  testing::ProcessResult plan = Onboard({"plan", "--help"});
  INFO(plan.out);
  CHECK(plan.exit_code == 0);
  CHECK(plan.out.find("Usage: onboard plan") != std::string::npos);
  CHECK(plan.out.find("--format text|json|markdown (default: text)") != std::string::npos);
  CHECK(plan.out.find("--parallelism N (1-256, default: 16)") != std::string::npos);
  CHECK(plan.out.find("->") == std::string::npos);  // no "{json->1,...}"
  CHECK(Onboard({"validate", "--help"}).out.find("--format text|json (default: text)") != std::string::npos);
  CHECK(Onboard({"apply", "--help"}).out.find("--format text|json|jsonl (default: text)") != std::string::npos);
  CHECK(Onboard({"show", "--help"}).out.find("--format text|json|markdown (default: text)") != std::string::npos);
}

TEST_CASE("cli-e2e: --version and version print the same line, with the commit") {
  testing::ProcessResult flag = Onboard({"--version"});
  testing::ProcessResult command = Onboard({"version"});
  CHECK(flag.exit_code == 0);
  CHECK(command.exit_code == 0);
  CHECK(flag.out == command.out);
  CHECK(flag.out.rfind("onboard 0.", 0) == 0);
  CHECK(flag.out.find(" (commit ") != std::string::npos);
}

TEST_CASE("cli-e2e: a mistyped command or flag gets a did-you-mean") {
  testing::ProcessResult command = Onboard({"valdate", kExamples});
  CHECK(command.exit_code == 1);
  CHECK(command.out.empty());
  CHECK(command.err.find("unknown command `valdate`; did you mean `onboard validate`?") != std::string::npos);

  testing::ProcessResult flag = Onboard({"plan", kExamples, "--detaild-exitcode"});
  CHECK(flag.exit_code == 1);
  CHECK(flag.err.find("unknown flag `--detaild-exitcode` for `onboard plan`; did you mean `--detailed-exitcode`?") !=
        std::string::npos);

  testing::ProcessResult value = Onboard({"apply", "--auto-aprove", "--format=json"});
  CHECK(value.exit_code == 1);
  CHECK(value.err.find("did you mean `--auto-approve`?") != std::string::npos);

  // Nothing close: no guess, the list of commands instead.
  testing::ProcessResult far = Onboard({"frobnicate"});
  CHECK(far.exit_code == 1);
  CHECK(far.err.find("did you mean") == std::string::npos);
  CHECK(far.err.find("unknown command `frobnicate`; the commands are validate, plan, apply, show, export, version, "
                     "completion") != std::string::npos);
}

TEST_CASE("cli-e2e: completion scripts for bash, zsh and fish list the commands and flags") {
  testing::ProcessResult bash = Onboard({"completion", "bash"});
  REQUIRE(bash.exit_code == 0);
  for (const char* word : {"validate", "plan", "apply", "export", "--detailed-exitcode", "--auto-approve",
                           "--format", "text json markdown", "complete -o default -F _onboard onboard"})
    CHECK_MESSAGE(bash.out.find(word) != std::string::npos, word);
  TempDir dir;
  WriteTextFile(dir / "onboard.bash", bash.out);
  CHECK(testing::Run({"/bin/bash", "-n", dir / "onboard.bash"}).exit_code == 0);
  // Sourced, it completes a subcommand and a flag.
  testing::ProcessResult used = testing::Run(
      {"/bin/bash", "-c",
       "source " + (dir / "onboard.bash") +
           "; COMP_WORDS=(onboard pl); COMP_CWORD=1; _onboard; echo \"${COMPREPLY[*]}\";"
           " COMP_WORDS=(onboard plan --detailed); COMP_CWORD=2; _onboard; echo \"${COMPREPLY[*]}\";"
           " COMP_WORDS=(onboard plan --format ''); COMP_CWORD=3; _onboard; echo \"${COMPREPLY[*]}\""});
  CHECK(used.out == "plan\n--detailed-exitcode\ntext json markdown\n");

  testing::ProcessResult zsh = Onboard({"completion", "zsh"});
  CHECK(zsh.exit_code == 0);
  CHECK(zsh.out.rfind("#compdef onboard\n", 0) == 0);
  CHECK(zsh.out.find("bashcompinit") != std::string::npos);
  testing::ProcessResult fish = Onboard({"completion", "fish"});
  CHECK(fish.exit_code == 0);
  CHECK(fish.out.find("complete -c onboard -n __fish_use_subcommand -a plan") != std::string::npos);
  CHECK(fish.out.find("-l format -x -a 'text json markdown'") != std::string::npos);

  CHECK(Onboard({"completion", "powershell"}).exit_code == 1);

  // show is completed like the others: its formats, and files for its PLANFILE.
  CHECK(bash.out.find("    show) flags='--help --format --no-color --show-sensitive'") != std::string::npos);
  CHECK(bash.out.find("\"show --format\") COMPREPLY=($(compgen -W 'text json markdown'") != std::string::npos);
  CHECK(fish.out.find("complete -c onboard -n '__fish_seen_subcommand_from show' -F") != std::string::npos);
}

// The golden scenarios' saved plans, shown again: byte for byte what plan printed for them.
TEST_CASE("cli-e2e: show renders a saved plan as plan did, in text, Markdown and JSON") {
  const std::string render = std::string(ONBOARD_SOURCE_DIR) + "/tests/render/";
  for (const char* scenario : {"fresh-onboarding", "drift-updates", "no-changes", "warnings-and-errors", "quoted-and-collapsed"}) {
    CAPTURE(scenario);
    const std::string saved = render + scenario + "/expected.saved.json";
    testing::ProcessResult text = Onboard({"show", saved});
    CHECK(text.exit_code == 0);
    CHECK(text.out == ReadTextFile(render + scenario + "/expected.txt"));
    CHECK(Onboard({"show", saved, "--format", "markdown"}).out == ReadTextFile(render + scenario + "/expected.md"));
    CHECK(Onboard({"show", "--format=json", saved}).out == ReadTextFile(render + scenario + "/expected.json"));
  }
  // Phones are masked unless asked for, as in plan.
  const std::string fresh = render + "fresh-onboarding/expected.saved.json";
  CHECK(Onboard({"show", fresh}).out.find("+905550000000") == std::string::npos);
  CHECK(Onboard({"show", fresh, "--show-sensitive"}).out.find("+905550000000") != std::string::npos);
}

TEST_CASE("cli-e2e: show refuses what is not a saved plan, naming the file") {
  TempDir dir;
  WriteTextFile(dir / "display.json", ReadTextFile(std::string(ONBOARD_SOURCE_DIR) + "/tests/render/drift-updates/expected.json"));
  testing::ProcessResult display = Onboard({"show", dir / "display.json"});
  CHECK(display.exit_code == 1);
  CHECK(display.out.empty());
  CHECK(display.err.find("error: " + (dir / "display.json") + ": ") != std::string::npos);
  testing::ProcessResult missing = Onboard({"show", dir / "none.json"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("error: " + (dir / "none.json") + ": ") != std::string::npos);
  CHECK(Onboard({"show"}).exit_code == 1);
}

TEST_CASE("cli-e2e: validate --format json prints one diagnostics document, valid or not") {
  testing::ProcessResult ok = Onboard({"validate", "--format", "json", kExamples});
  INFO(ok.err);
  CHECK(ok.exit_code == 0);
  CHECK(DiagnosticsSchemaErrors(ok.out) == "");
  rapidjson::Document good = ParseJson(ok.out);
  CHECK(good["valid"].GetBool());
  CHECK(good["counts"]["customers"].GetUint() == 3);

  TempDir dir;
  const std::string file = dir / "bad.yaml";
  WriteTextFile(file, "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: bad}\nspec:\n  company: {name: Bad, colour: blue}\n");
  for (const char* command : {"validate", "plan"}) {
    CAPTURE(command);
    testing::ProcessResult r = Onboard({command, "--format", "json", dir.path()});
    CHECK(r.exit_code == 1);
    CHECK(DiagnosticsSchemaErrors(r.out) == "");
    rapidjson::Document doc = ParseJson(r.out);  // one document, nothing else on stdout
    CHECK(std::string(doc["command"].GetString()) == command);
    CHECK_FALSE(doc["valid"].GetBool());
    REQUIRE(doc["diagnostics"].Size() >= 1);
    const rapidjson::Value& d = doc["diagnostics"][0];
    CHECK(std::string(d["severity"].GetString()) == "error");
    CHECK(std::string(d["file"].GetString()) == file);
    CHECK(d["line"].GetInt() == 5);
    CHECK(d["column"].GetInt() > 0);
    CHECK(std::string(d["message"].GetString()).find("colour") != std::string::npos);
  }
}

TEST_CASE("cli-e2e: offline validate says which fields a new company needs, as a warning") {
  TempDir dir;
  const std::string file = dir / "bare.yaml";
  WriteTextFile(file, kBareCustomer);
  testing::ProcessResult r = Onboard({"validate", dir.path()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "ok: 1 customers, 0 groups, 0 admins, 0 target users\n");
  CHECK(r.err.find(file + ":6:3: warning: spec.company: if company \"Bare Ltd\" is new, creating it needs "
                          "company.industry, company.country") != std::string::npos);
  CHECK(r.err.find("license.users") != std::string::npos);

  testing::ProcessResult json = Onboard({"validate", "--format", "json", dir.path()});
  CHECK(json.exit_code == 0);
  rapidjson::Document doc = ParseJson(json.out);
  CHECK(doc["warning_count"].GetUint() == 1);
  CHECK(std::string(doc["diagnostics"][0]["severity"].GetString()) == "warning");
}

TEST_CASE("cli-e2e: validate --online points a missing company field at spec.company, not 1:1") {
  SimProcess sim;
  TempDir dir;
  const std::string file = dir / "bare.yaml";
  WriteTextFile(file, kBareCustomer);
  testing::ProcessResult r = RunOnboard(sim, {"validate", "--online", dir.path()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(file + ":6:3: error: spec.company.industry:") != std::string::npos);
  CHECK(r.err.find(file + ":5:1: error: spec.license.type:") != std::string::npos);  // no license: at spec
  CHECK(r.err.find(file + ":1:1:") == std::string::npos);
}

TEST_CASE("cli-e2e: a selection that names no customer, or excludes what it selects, is an error") {
  SimProcess sim;
  struct Case {
    std::vector<std::string> flags;
    std::string message;
  };
  for (const Case& c : {Case{{"--customer", "acme", "--exclude", "acme"},
                             "customer acme is both selected with --customer and left out with --exclude"},
                        Case{{"--customer", "acmee"}, "\"acmee\" names no customer (fix: did you mean acme?)"},
                        Case{{"--exclude", "globex-typo"}, "\"globex-typo\" names no customer"}}) {
    for (const char* command : {"plan", "apply"}) {
      std::vector<std::string> args = {command, kExamples};
      args.insert(args.end(), c.flags.begin(), c.flags.end());
      if (std::string(command) == "apply") args.push_back("--auto-approve");
      testing::ProcessResult r = RunOnboard(sim, args);
      INFO(command << " " << c.message << ": " << r.err);
      CHECK(r.exit_code == 1);
      CHECK(r.err.find(c.message) != std::string::npos);
      CHECK(r.out.find("No changes") == std::string::npos);
    }
  }
  CHECK(TotalWrites(sim) == 0);
}

}  // TEST_SUITE

}  // namespace onboard::test
