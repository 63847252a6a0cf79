// End to end: `onboard validate`, offline and --online (references resolved against
// keepnet-sim's seeded catalog), through the real binary.

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/e2e_helpers.h"
#include "tests/support/sim_process.h"

namespace onboard::test {
namespace {

// A customer whose references are the given values; line numbers are fixed so tests can
// name the exact location of each field (country: line 9, preferredLanguage: line 13).
std::string Customer(const std::string& country, const std::string& industry, const std::string& language) {
  return "apiVersion: onboard/v1\n"        // 1
         "kind: Customer\n"                // 2
         "metadata:\n"                     // 3
         "  name: refs\n"                  // 4
         "spec:\n"                         // 5
         "  company:\n"                    // 6
         "    name: Refs Ltd\n"            // 7
         "    industry: " + industry + "\n"        // 8
         "    country: " + country + "\n"          // 9
         "    timeZone: turkey standard time\n"    // 10
         "    dateFormat: dd/MM/yyyy\n"            // 11
         "    timeFormat: HH:mm\n"                 // 12
         "    preferredLanguage: " + language + "\n"  // 13
         "  license: {type: enterprise, period: YEARLY, modules: [phishing simulator], users: 10}\n";
}

int64_t TotalRequests(const SimProcess& sim) { return SimStats(sim)["total"].GetInt64(); }

// A customer reading its target users from `csv` (written as given; line 6 holds the path).
std::string CsvCustomer(const std::string& csv) {
  return "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: acme}\nspec:\n  company: {name: Acme Corp}\n"
         "  targetUsersCsv: " + csv + "\n";
}

// A file of `size` bytes that takes no disk space (a hole), to test the size caps cheaply.
void WriteSparse(const std::string& path, off_t size) {
  { std::ofstream create(path); }
  REQUIRE(::truncate(path.c_str(), size) == 0);
}

// The first line of /etc/passwd: what today's error printed for a CSV path pointing at it.
std::string FirstLineOfPasswd() {
  std::ifstream in("/etc/passwd");
  std::string line;
  std::getline(in, line);
  REQUIRE(!line.empty());
  return line;
}

}  // namespace

TEST_SUITE("validate-e2e") {

TEST_CASE("validate-e2e: offline validation of the examples says ok and touches no network") {
  SimProcess sim;  // reachable, so a request would show in its stats
  testing::ProcessResult r = RunOnboard(sim, {"validate", kExamples});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "ok: 3 customers, 2 groups, 5 admins, 19 target users\n");
  CHECK(TotalRequests(sim) == 0);
}

TEST_CASE("validate-e2e: --online resolves names, ISO codes and codes case-insensitively") {
  SimProcess sim;
  TempDir dir;
  WriteTextFile(dir.path() + "/refs.yaml", Customer("tr", "HEALTHCARE", "pt-br"));
  testing::ProcessResult r = RunOnboard(sim, {"validate", "--online", dir.path()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "ok: 1 customers, 0 groups, 0 admins, 0 target users\n");
  CHECK(TotalWrites(sim) == 0);
}

TEST_CASE("validate-e2e: --online names an unknown reference's location and the closest candidates") {
  SimProcess sim;
  TempDir dir;
  const std::string file = dir.path() + "/refs.yaml";
  WriteTextFile(file, Customer("Turky", "Technology", "English"));
  testing::ProcessResult r = RunOnboard(sim, {"validate", "--online", dir.path()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(r.err.find(file + ":9:") != std::string::npos);
  CHECK(r.err.find("Turky") != std::string::npos);
  CHECK(r.err.find("Turkey") != std::string::npos);
  CHECK(TotalWrites(sim) == 0);
}

TEST_CASE("validate-e2e: --online refuses an ambiguous reference and lists what it matches") {
  SimProcess sim;
  TempDir dir;
  const std::string file = dir.path() + "/refs.yaml";
  WriteTextFile(file, Customer("PT", "Technology", "Portuguese"));
  testing::ProcessResult r = RunOnboard(sim, {"validate", "--online", dir.path()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(file + ":13:") != std::string::npos);
  CHECK(r.err.find("pt-BR") != std::string::npos);
  CHECK(r.err.find("pt-PT") != std::string::npos);
}

TEST_CASE("validate-e2e: an invalid manifest fails with its location: validate sends no request, plan and apply no write") {
  SimProcess sim;
  TempDir dir;
  const std::string file = dir.path() + "/bad.yaml";
  WriteTextFile(file, "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: bad}\nspec:\n  company: {name: Bad, colour: blue}\n");
  for (const char* command : {"validate", "plan", "apply"}) {
    std::vector<std::string> args = {command, dir.path()};
    if (std::string(command) == "apply") args.push_back("--auto-approve");
    testing::ProcessResult r = RunOnboard(sim, args);
    INFO(command << ": " << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(file + ":5:") != std::string::npos);
    CHECK(r.err.find("colour") != std::string::npos);
    // validate is offline; plan and apply start reading (token, catalog, companies) while
    // the manifests load, but an invalid one stops them before any write.
    if (std::string(command) == "validate") CHECK(TotalRequests(sim) == 0);
  }
  CHECK(TotalWrites(sim) == 0);
}

TEST_CASE("validate-e2e: a CSV outside the manifest folder, or not a regular file, is refused unread") {
  SimProcess sim;
  TempDir dir;
  const std::string root = dir.path() + "/fleet";
  WriteTextFile(dir.path() + "/outside.csv", "email\nsecret-row@outside.example\n");
  WriteTextFile(root + "/users/a.csv", "email\n");
  std::filesystem::create_symlink("/etc/passwd", root + "/passwd.csv");
  struct Case {
    const char* csv;
    const char* phrase;
  } cases[] = {
      {"/etc/passwd", "CSV file /etc/passwd is an absolute path"},
      {"/proc/self/environ", "is an absolute path"},
      {"../../../../../../../../etc/passwd", "leaves the manifest folder"},
      {"../outside.csv", "leaves the manifest folder"},
      {"passwd.csv", "leads outside the manifest folder " },
      {"up/outside.csv", "leads outside the manifest folder"},
      {"fifo.csv", "is a FIFO (named pipe), not a regular file"},
      {"users", "is a directory, not a regular file"},
  };
  std::filesystem::create_directory_symlink(dir.path(), root + "/up");
  REQUIRE(::mkfifo((root + "/fifo.csv").c_str(), 0600) == 0);
  const std::string passwd = FirstLineOfPasswd();
  for (const Case& c : cases) {
    WriteTextFile(root + "/acme.yaml", CsvCustomer(c.csv));
    for (const char* command : {"validate", "plan"}) {
      testing::ProcessResult r = RunOnboard(sim, {command, root});
      INFO(c.csv << ", " << command << ": " << r.err);
      CHECK(r.exit_code == 1);
      CHECK(r.err.find(root + "/acme.yaml:6:19: error: spec.targetUsersCsv: CSV file " + c.csv) != std::string::npos);
      CHECK(r.err.find(c.phrase) != std::string::npos);
      CHECK(r.err.find(passwd) == std::string::npos);
      CHECK(r.err.find("root:") == std::string::npos);
      CHECK(r.err.find("secret-row") == std::string::npos);
    }
  }
  CHECK(TotalWrites(sim) == 0);  // plan and apply may read before the manifests are checked; never write
}

TEST_CASE("validate-e2e: a CSV reached through a link inside the manifest folder is read") {
  SimProcess sim;
  TempDir dir;
  WriteTextFile(dir.path() + "/users/real.csv", "email\nbob@acme.example\n");
  std::filesystem::create_symlink("users/real.csv", dir.path() + "/acme.csv");
  WriteTextFile(dir.path() + "/sub/acme.yaml", CsvCustomer("../acme.csv"));
  testing::ProcessResult r = RunOnboard(sim, {"validate", dir.path()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "ok: 1 customers, 0 groups, 0 admins, 1 target users\n");
}

TEST_CASE("validate-e2e: files read whole are capped, and the error names the file, its size and the cap") {
  SimProcess sim;
  TempDir dir;
  WriteSparse(dir.path() + "/big.yaml", (8 << 20) + 1);
  testing::ProcessResult r = RunOnboard(sim, {"validate", dir.path()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(dir.path() + "/big.yaml: error: cannot read the manifest: it is 8388609 bytes; a manifest may be "
                   "at most 8 MiB") != std::string::npos);

  TempDir csv_dir;
  WriteTextFile(csv_dir.path() + "/acme.yaml", CsvCustomer("users.csv"));
  WriteSparse(csv_dir.path() + "/users.csv", (64 << 20) + 1);
  r = RunOnboard(sim, {"validate", csv_dir.path()});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("CSV file users.csv is 67108865 bytes; a CSV file may be at most 64 MiB") != std::string::npos);

  WriteSparse(dir.path() + "/secret", (64 << 10) + 1);
  r = RunOnboard(sim, {"plan", kExamples, "--client-secret-file", dir.path() + "/secret"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("--client-secret-file " + dir.path() + "/secret: cannot read a secret from it: it is 65537 bytes; "
                   "a secret file may be at most 64 KiB") != std::string::npos);
  r = RunOnboard(sim, {"plan", kExamples, "--client-secret-file", "/dev/zero"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("it is a character device, not a regular file") != std::string::npos);

  WriteSparse(dir.path() + "/plan.json", (256 << 20) + 1);
  r = RunOnboard(sim, {"apply", "--plan", dir.path() + "/plan.json", "--auto-approve"});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("--plan " + dir.path() + "/plan.json: is 268435457 bytes; a saved plan may be at most 256 MiB") !=
        std::string::npos);
  CHECK(TotalRequests(sim) == 0);
}

TEST_CASE("validate-e2e: alias bombs and deep nesting fail at their location instead of crashing") {
  SimProcess sim;
  TempDir dir;
  std::string laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    laughs += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) laughs += std::string(i ? "," : "") + "*" + static_cast<char>(level - 1);
    laughs += "]\n";
  }
  struct Case {
    std::string text, where, phrase;
  } cases[] = {
      {"a: &x [*x]\n", ":1:8:", "the alias *x is inside the value it names (a recursive alias)"},
      {"a: &x {b: {c: *x}}\n", ":1:15:", "recursive alias"},
      {laughs, ":4:4:", "aliases expand this file to more than 10000 values (at &d)"},
      {"a: " + std::string(5000, '[') + std::string(5000, ']') + "\n", ":1:67:", "nested more than 64 levels deep"},
  };
  for (const Case& c : cases) {
    WriteTextFile(dir.path() + "/bomb.yaml", c.text);
    testing::ProcessResult r = RunOnboard(sim, {"validate", dir.path()});
    INFO(c.phrase << ": " << r.err);
    CHECK(r.signal == 0);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find(dir.path() + "/bomb.yaml" + c.where + " error: ") != std::string::npos);
    CHECK(r.err.find(c.phrase) != std::string::npos);
  }
  CHECK(TotalRequests(sim) == 0);
}

TEST_CASE("validate-e2e: no manifests under PATH is an error for validate, plan and apply, not \"No changes\"") {
  SimProcess sim;
  TempDir empty_files, no_files;
  WriteTextFile(empty_files.path() + "/a.yaml", "# nothing yet\n");
  WriteTextFile(empty_files.path() + "/b.yml", "---\n");
  WriteTextFile(no_files.path() + "/README.md", "manifests go here\n");
  for (const char* command : {"validate", "plan", "apply"}) {
    for (const std::string& path : {empty_files.path(), no_files.path(), empty_files.path() + "/a.yaml"}) {
      std::vector<std::string> args = {command, path};
      if (std::string(command) == "apply") args.push_back("--auto-approve");
      testing::ProcessResult r = RunOnboard(sim, args);
      INFO(command << " " << path << ": " << r.out << r.err);
      CHECK(r.exit_code == 1);
      CHECK(r.err.find(path + ": error: no manifests found under " + path) != std::string::npos);
      CHECK(r.out.find("No changes") == std::string::npos);
    }
  }
  CHECK(TotalWrites(sim) == 0);  // plan and apply may read before the manifests are checked; never write
}

TEST_CASE("validate-e2e: blank names, control characters, invalid UTF-8 and !!binary never reach the API") {
  SimProcess sim;
  TempDir dir;
  const std::string file = dir.path() + "/acme.yaml";
  struct Case {
    std::string name, phrase;
  } cases[] = {
      {"\"   \"", "spec.company.name: must not be blank"},
      {"\"Acme\\u0000Corp\"", "spec.company.name: contains the control character U+0000 at character 5"},
      {"\"Acme\\e[2J\"", "spec.company.name: contains the control character U+001B"},
      {"Acme\xc0\xaf" "Corp", "spec.company.name: is not valid UTF-8: byte 0xC0 at character 5"},
      {"!!binary QWNtZQ==", "spec.company.name: binary values (!!binary) are not accepted"},
  };
  for (const Case& c : cases) {
    WriteTextFile(file, "apiVersion: onboard/v1\nkind: Customer\nmetadata: {name: acme}\nspec:\n  company:\n    name: " +
                            c.name + "\n");
    for (const char* command : {"validate", "plan", "apply"}) {
      std::vector<std::string> args = {command, dir.path()};
      if (std::string(command) == "apply") args.push_back("--auto-approve");
      testing::ProcessResult r = RunOnboard(sim, args);
      INFO(c.name << ", " << command << ": " << r.err);
      CHECK(r.exit_code == 1);
      CHECK(r.err.find(file + ":6:11: error: " + c.phrase) != std::string::npos);
      CHECK(r.err.find('\x1b') == std::string::npos);
    }
  }
  CHECK(TotalWrites(sim) == 0);  // plan and apply may read before the manifests are checked; never write
}

}  // TEST_SUITE

}  // namespace onboard::test
