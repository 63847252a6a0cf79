// End to end: a saved plan edited after review (its payload changed, what it shows kept) is
// refused by `apply --plan` before anything is written, naming the action and the field; the
// unedited plan applies. Saved plans and journals are owner-only files.

#include <doctest/doctest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/stat.h>

#include <functional>
#include <string>

#include "tests/support/e2e_helpers.h"

namespace onboard::test {
namespace {

using testing::ProcessResult;

// Rewrites the saved plan at `path`, calling `edit` on the body of the action at `address`.
void EditBody(const std::string& path, const std::string& address,
              const std::function<void(rapidjson::Value& body, rapidjson::Document::AllocatorType&)>& edit) {
  rapidjson::Document plan = ParseJson(ReadTextFile(path));
  bool found = false;
  for (rapidjson::Value& a : plan["actions"].GetArray()) {
    if (std::string(a["address"].GetString()) != address) continue;
    edit(a["body"], plan.GetAllocator());
    found = true;
  }
  REQUIRE_MESSAGE(found, "no action " << address);
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  plan.Accept(w);
  WriteTextFile(path, out.GetString());
}

void SetString(rapidjson::Value& object, const char* key, const std::string& value,
               rapidjson::Document::AllocatorType& alloc) {
  REQUIRE(object.HasMember(key));
  object[key].SetString(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), alloc);
}

unsigned Mode(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// `apply --plan edited` exits 1 naming `address` and `field`, says to plan again, writes nothing.
void CheckRefused(const SimProcess& sim, const std::string& edited, const std::string& address,
                  const std::string& field) {
  const int64_t writes = TotalWrites(sim);
  ProcessResult r = RunOnboard(sim, {"apply", "--auto-approve", "--plan", edited});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("edited") != std::string::npos);
  CHECK(r.err.find(address + ": " + field + ":") != std::string::npos);
  CHECK(r.err.find("onboard plan --out") != std::string::npos);
  CHECK(TotalWrites(sim) == writes);
}

}  // namespace

TEST_CASE("plan-tamper-e2e: an update whose body renames the company is refused, the unedited plan applies") {
  SimProcess sim;
  TempDir dir;
  WriteFleet(dir.path(), 2, 2);
  REQUIRE(RunOnboard(sim, {"apply", "--auto-approve", dir.path()}).exit_code == 0);
  // The reviewed plan: raise cust-0's license to 500 users.
  TempDir next;
  WriteFleet(next.path(), 2, 2);
  std::string yaml = FleetCustomerYaml(0, 2, 2, "Fleet Co 0");
  yaml.replace(yaml.find("users: 100"), 10, "users: 500");
  WriteTextFile(next / "customers/cust-000.yaml", yaml);
  const std::string saved = dir / "plan.json";
  REQUIRE(RunOnboard(sim, {"plan", "--out", saved, next.path()}).exit_code == 0);
  CHECK(Mode(saved) == 0600);

  const std::string edited = dir / "edited.json";
  WriteTextFile(edited, ReadTextFile(saved));
  EditBody(edited, "customer.cust-0.company",
           [](rapidjson::Value& body, auto& alloc) { SetString(body, "name", "PWNED", alloc); });
  CheckRefused(sim, edited, "customer.cust-0.company", "company.name");
  CHECK(CountCompaniesNamed(SimState(sim), "PWNED") == 0);

  ProcessResult r = RunOnboard(sim, {"apply", "--auto-approve", "--plan", saved});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(CompanyNamed(SimState(sim), "Fleet Co 0")["numberOfUsers"].GetInt() == 500);
  CheckConverged(sim, {next.path()});
}

TEST_CASE("plan-tamper-e2e: creates that send what they do not show are refused, the unedited plan applies") {
  SimProcess sim;
  TempDir dir;
  WriteFleet(dir.path(), 2, 1);
  const std::string saved = dir / "plan.json";
  REQUIRE(RunOnboard(sim, {"plan", "--out", saved, dir.path()}).exit_code == 0);
  REQUIRE(TotalWrites(sim) == 0);

  SUBCASE("an admin create's email changed to an attacker's") {
    const std::string edited = dir / "edited.json";
    WriteTextFile(edited, ReadTextFile(saved));
    EditBody(edited, "customer.cust-0.admin.admin@cust0.example",
             [](rapidjson::Value& body, auto& alloc) { SetString(body, "email", "mallory@evil.example", alloc); });
    CheckRefused(sim, edited, "customer.cust-0.admin.admin@cust0.example", "email");
  }
  SUBCASE("a company create given a hidden passthrough field") {
    const std::string edited = dir / "edited.json";
    WriteTextFile(edited, ReadTextFile(saved));
    EditBody(edited, "customer.cust-1.company", [](rapidjson::Value& body, auto& alloc) {
      rapidjson::Value pair(rapidjson::kArrayType);
      pair.PushBack("LogoUrl", alloc).PushBack("https://evil.example/logo.png", alloc);
      REQUIRE(body["passthrough"].IsArray());
      body["passthrough"].PushBack(pair, alloc);
    });
    CheckRefused(sim, edited, "customer.cust-1.company", "passthrough");
  }
  CHECK(TotalWrites(sim) == 0);
  CHECK(CustomerCompanies(SimState(sim)).empty());

  ProcessResult r = RunOnboard(sim, {"apply", "--auto-approve", "--plan", saved});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.exit_code == 0);
  CheckNoDuplicates(SimState(sim));
  CheckConverged(sim, {dir.path()});
}

TEST_CASE("plan-tamper-e2e: saved plans and journals are owner-only (0600), also over a wider existing file") {
  SimProcess sim;
  TempDir dir;
  WriteFleet(dir.path(), 1, 1);
  const std::string saved = dir / "plan.json";
  const std::string journal = dir / "journal.jsonl";
  WriteTextFile(saved, "old");
  WriteTextFile(journal, "");
  REQUIRE(::chmod(saved.c_str(), 0644) == 0);
  REQUIRE(::chmod(journal.c_str(), 0644) == 0);
  REQUIRE(RunOnboard(sim, {"plan", "--out", saved, dir.path()}).exit_code == 0);
  CHECK(Mode(saved) == 0600);
  ProcessResult r = RunOnboard(sim, {"apply", "--auto-approve", "--journal", journal, "--plan", saved});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(Mode(journal) == 0600);
  CHECK(ReadTextFile(journal).find("\"method\"") != std::string::npos);
}

}  // namespace onboard::test
