// The build as someone who is not us runs it: `cmake -S . -B build -DCMAKE_BUILD_TYPE=Release`
// with no other flag must not turn warnings into errors (a compiler's new warning must not
// break a release build), while the project's own scripts do; and the schemas name each
// other consistently. Configures only (seconds): a full Release build is too slow for the suite.

#include <unistd.h>

#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <regex>
#include <vector>
#include <string>

#include "tests/support/child_process.h"
#include "tests/support/e2e_helpers.h"

namespace onboard::test {

TEST_SUITE("build") {

TEST_CASE("build: the plain Release configuration has the tests and no -Werror, the scripts turn it on") {
  TempDir dir;
  testing::ProcessResult r = testing::Run({"/usr/bin/env", "cmake", "-S", ONBOARD_SOURCE_DIR, "-B", dir / "release",
                                           "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  rapidjson::Document commands = ParseJson(ReadTextFile(dir / "release/compile_commands.json"));
  REQUIRE(commands.IsArray());
  size_t tests = 0;
  for (const rapidjson::Value& c : commands.GetArray()) {
    const std::string command = c["command"].GetString();
    const std::string file = c["file"].GetString();
    CAPTURE(file);
    CHECK(command.find("-Werror") == std::string::npos);
    CHECK(command.find("-O3") != std::string::npos);
    if (file.find("_test.cc") != std::string::npos) ++tests;
  }
  CHECK(tests > 20);  // the tests are part of the ordinary build

  for (const char* script : {"scripts/test.sh", "scripts/demo.sh"}) {
    CAPTURE(script);
    CHECK(ReadTextFile(std::string(ONBOARD_SOURCE_DIR) + "/" + script).find("-DONBOARD_WERROR=ON") != std::string::npos);
  }
}

TEST_CASE("build: every schema's id is https://onboard.invalid/schemas/ followed by its file name") {
  size_t schemas = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(ONBOARD_SOURCE_DIR) + "/schemas")) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 12 || name.compare(name.size() - 12, 12, ".schema.json") != 0) continue;  // not ours (OpenAPI)
    CAPTURE(name);
    rapidjson::Document schema = ParseJson(ReadTextFile(entry.path().string()));
    REQUIRE(schema.HasMember("id"));  // draft-04 spells it "id"
    CHECK(std::string(schema["id"].GetString()) == "https://onboard.invalid/schemas/" + name);
    CHECK(std::string(schema["$schema"].GetString()) == "http://json-schema.org/draft-04/schema#");
    ++schemas;
  }
  CHECK(schemas == 3);
}

// doctest_discover_tests makes one CTest test per case, and CTest cuts a test's name at a
// ';' (a list separator in CMake): such a case matches nothing and "passes" without running.
TEST_CASE("build: no test case name holds a semicolon, so that CTest runs every case") {
  const std::regex pattern(R"re(TEST_CASE\("((?:[^"\\]|\\.)*)")re");
  std::vector<std::string> cut;
  size_t cases = 0;
  for (auto it = std::filesystem::recursive_directory_iterator(ONBOARD_SOURCE_DIR);
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    const std::filesystem::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    // Build trees and dot folders (.git, .cache with its node_modules) hold no test of ours.
    if (entry.is_directory() && (name.rfind("build", 0) == 0 || name.rfind(".", 0) == 0)) {
      it.disable_recursion_pending();
      continue;
    }
    const std::string path = entry.path().string();
    if (!entry.is_regular_file() || entry.path().extension() != ".cc") continue;
    const std::string text = ReadTextFile(path);
    for (std::sregex_iterator m(text.begin(), text.end(), pattern), end; m != end; ++m, ++cases)
      if ((*m)[1].str().find(';') != std::string::npos) cut.push_back(path + ": " + (*m)[1].str());
  }
  CHECK(cases > 300);  // the scan saw the suite
  CHECK_MESSAGE(cut.empty(), "rename (CTest cuts at ';'): " << cut.size() << " cases, first: " << (cut.empty() ? "" : cut[0]));
}

}  // TEST_SUITE

}  // namespace onboard::test
