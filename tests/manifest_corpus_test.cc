// The invalid-manifest corpus: every case under tests/manifests/invalid/ (a .yaml file, or a
// folder whose main.yaml sits beside its CSVs) starts with lines
//   # expect: <file>:<line>[:<column>]: <phrase>
// and loading it must give exactly those errors: one per line, at that location (a missing
// column means a whole-line location), each message containing the phrase.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "engine/manifest/loader.h"

namespace onboard {
namespace {

namespace fs = std::filesystem;

struct Expectation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string phrase;
  std::string text;
};

std::vector<Expectation> ReadExpectations(const fs::path& main_file) {
  std::vector<Expectation> out;
  std::ifstream in(main_file);
  std::string line;
  const std::string prefix = "# expect: ";
  while (std::getline(in, line) && line.rfind(prefix, 0) == 0) {
    Expectation e;
    e.text = line.substr(prefix.size());
    // <file>:<line>[:<column>]: <phrase>
    size_t sep = e.text.find(": ");
    REQUIRE_MESSAGE(sep != std::string::npos, "bad expectation: " << line);
    std::string where = e.text.substr(0, sep);
    e.phrase = e.text.substr(sep + 2);
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t colon; (colon = where.find(':', start)) != std::string::npos; start = colon + 1)
      parts.push_back(where.substr(start, colon - start));
    parts.push_back(where.substr(start));
    REQUIRE_MESSAGE((parts.size() == 2 || parts.size() == 3), "bad expectation: " << line);
    e.file = parts[0];
    e.line = std::stoi(parts[1]);
    e.column = parts.size() == 3 ? std::stoi(parts[2]) : 0;
    out.push_back(e);
  }
  return out;
}

bool EndsWithPath(const std::string& file, const std::string& suffix) {
  return file == suffix || (file.size() > suffix.size() && file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0 &&
                            file[file.size() - suffix.size() - 1] == '/');
}

TEST_SUITE("manifest") {
  TEST_CASE("every invalid manifest in the corpus fails with exactly the expected located errors") {
    fs::path root = fs::path(ONBOARD_TEST_DATA) / "manifests" / "invalid";
    std::vector<fs::path> cases;
    for (const auto& entry : fs::directory_iterator(root)) cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    CHECK(cases.size() >= 40);
    for (const fs::path& c : cases) {
      fs::path main_file = fs::is_directory(c) ? c / "main.yaml" : c;
      std::vector<Expectation> expected = ReadExpectations(main_file);
      Diagnostics diags;
      LoadManifests({c.string()}, &diags);
      std::string got;
      for (const Diagnostic& d : diags.items()) got += "\n  " + d.ToString();
      INFO("case " << c.filename().string() << ", got:" << got);
      CHECK_MESSAGE(!expected.empty(), "the case has no # expect: line");
      CHECK(diags.error_count() == expected.size());
      for (const Expectation& e : expected) {
        bool found = std::any_of(diags.items().begin(), diags.items().end(), [&](const Diagnostic& d) {
          return d.severity == Severity::Error && EndsWithPath(d.location.file, e.file) && d.location.line == e.line &&
                 d.location.column == e.column && d.ToString().find(e.phrase) != std::string::npos;
        });
        CHECK_MESSAGE(found, "expected: " << e.text);
      }
    }
  }
}

}  // namespace
}  // namespace onboard
