// The ready-made pipelines of examples/ci: each parses as YAML, and every `onboard` command
// line in their shell steps is one the CLI's parser accepts.

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include "cli/command_line.h"

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
