#pragma once
// Shared helpers of the end-to-end tests of `onboard plan` and `onboard apply`: a temporary
// directory, manifest fleets written into it, the onboard binary run against a SimProcess
// (with the check that no secret ever reaches its output), and the simulator's inspection
// endpoints (/_sim/state, /_sim/stats) read as RapidJSON.

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/child_process.h"
#include "tests/support/sim_process.h"

namespace onboard::test {

/// The simulator's default client secret; no output of onboard may ever contain it.
inline constexpr const char* kSimClientSecret = "demo-secret";

/// manifests/examples of the source tree, the fleet the demo applies.
inline const std::string kExamples = std::string(ONBOARD_SOURCE_DIR) + "/manifests/examples";

/// A fresh directory under $TMPDIR (or /tmp), removed with its contents by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  /// Absolute path, no trailing slash.
  const std::string& path() const { return path_; }
  /// path() + "/" + relative.
  std::string operator/(const std::string& relative) const { return path_ + "/" + relative; }

 private:
  std::string path_;
};

/// Writes text to path, creating the parent directories; REQUIREs success.
void WriteTextFile(const std::string& path, const std::string& text);
/// The whole file; REQUIREs that it can be read.
std::string ReadTextFile(const std::string& path);

/// Parses json; REQUIREs a single valid document (trailing text fails).
rapidjson::Document ParseJson(const std::string& json);

/// Runs the onboard binary (ONBOARD_PATH) with args against sim (KEEPNET_API_BASE_URL,
/// KEEPNET_CLIENT_ID, KEEPNET_CLIENT_SECRET in its environment), stdin from stdin_data (so
/// never a terminal). CHECKs that neither stdout nor stderr contains the client secret.
testing::ProcessResult RunOnboard(const SimProcess& sim, const std::vector<std::string>& args,
                                  const std::string& stdin_data = "");
/// The argv and options RunOnboard uses, for a ChildProcess the test reads line by line.
std::vector<std::string> OnboardArgv(const std::vector<std::string>& args);
testing::ProcessOptions OnboardOptions(const SimProcess& sim);
/// CHECKs that text does not contain the client secret.
void CheckNoSecret(const std::string& text);

/// GET /_sim/state as a document.
rapidjson::Document SimState(const SimProcess& sim);
/// GET /_sim/stats as a document.
rapidjson::Document SimStats(const SimProcess& sim);
/// stats["total_writes"].
int64_t TotalWrites(const SimProcess& sim);
/// stats["requests"][key] (e.g. "GET /api/companies/{resourceId}"), 0 when absent.
int64_t RequestCount(const rapidjson::Document& stats, const std::string& key);

/// The customer (non-reseller) companies of a state document.
std::vector<const rapidjson::Value*> CustomerCompanies(const rapidjson::Document& state);
/// The company named name in state (reseller or not); REQUIREs exactly one.
const rapidjson::Value& CompanyNamed(const rapidjson::Document& state, const std::string& name);
/// Number of companies named name in state.
int CountCompaniesNamed(const rapidjson::Document& state, const std::string& name);
/// CHECKs that state holds no duplicate: no two companies with one name, no two company
/// groups with one name, no e-mail twice (case-insensitively) among a company's system
/// users or among its target users.
void CheckNoDuplicates(const rapidjson::Document& state);

/// A generated manifest set: a Defaults document, `groups` company groups (group-0 ...) and
/// `customers` customers (cust-0 ... named "Fleet Co 0" ...), each in group-(i % groups), with
/// one admin (admin@custN.example, role Company Admin) and `users` target users
/// (userK@custN.example). Written as one file per document kind under dir; returns dir.
std::string WriteFleet(const std::string& dir, int customers, int users, int groups = 2);
/// The Customer document WriteFleet writes for customer i (for tests that vary one).
std::string FleetCustomerYaml(int i, int users, int groups, const std::string& company_name);

/// The JSON lines (those starting with '{') of text, parsed.
std::vector<rapidjson::Document> JsonLines(const std::string& text);

/// CHECKs that json (a plan document) validates against schemas/plan.schema.json.
void CheckPlanSchema(const std::string& json);

/// Runs `apply --auto-approve dir` until it exits 0, at most `most` times (CHECKing that a
/// failed run exits 1); returns how many applies it took (most + 1 when none succeeded).
int ApplyUntilConverged(const SimProcess& sim, const std::string& dir, int most);

/// Runs `plan --detailed-exitcode` on paths and CHECKs exit 0 (the platform matches).
void CheckConverged(const SimProcess& sim, const std::vector<std::string>& paths);

}  // namespace onboard::test
