// End-to-end: the client secret never reaches any output, in any encoding (issue 11, item
// 5), and a secret that is an ordinary word garbles nothing. Every output of a run is
// searched: stdout, stderr, the saved plan (--out), the journal (--journal), the dry run's
// printed requests and the error messages, including a server that quotes the token
// request back (keepnet-sim --token-echo).

#include <doctest/doctest.h>

#include <cctype>
#include <string>
#include <vector>

#include "tests/support/e2e_helpers.h"

namespace onboard::test {
namespace {

using testing::ProcessResult;

// A secret with every character that encodings change: ':' '+' '/' '%' '"' '\'.
const std::string kHardSecret = R"(Kq7:+/%"\zW)";

// The forms a secret can take on its way out: raw, URL-encoded (both hex cases, '+' for a
// space does not apply: there is none), JSON-escaped (with and without '/' escaped).
std::vector<std::string> Forms(const std::string& value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string url, url_lower, json, json_slash;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      url += static_cast<char>(c);
      url_lower += static_cast<char>(c);
    } else {
      url += '%', url += kHex[c >> 4], url += kHex[c & 15];
      url_lower += '%', url_lower += static_cast<char>(std::tolower(kHex[c >> 4])),
          url_lower += static_cast<char>(std::tolower(kHex[c & 15]));
    }
    if (c == '"' || c == '\\') json += '\\', json_slash += '\\';
    if (c == '/') json_slash += '\\';
    json += static_cast<char>(c);
    json_slash += static_cast<char>(c);
  }
  // A JSON string of a URL-encoded body (a server quoting the form inside its JSON answer).
  return {value, url, url_lower, json, json_slash};
}

void CheckNoForm(const std::string& what, const std::string& text, const std::string& secret) {
  for (const std::string& form : Forms(secret)) {
    INFO(what << " holds the secret as " << form << ":\n" << text.substr(0, 3000));
    CHECK(text.find(form) == std::string::npos);
  }
}

ProcessResult Run(const SimProcess& sim, const std::vector<std::string>& args, const std::string& client_id,
                  const std::string& secret, const std::string& secret_file = "") {
  testing::ProcessOptions o = OnboardOptions(sim);
  o.env["KEEPNET_CLIENT_ID"] = client_id;
  if (secret_file.empty()) o.env["KEEPNET_CLIENT_SECRET"] = secret;
  else o.env.erase("KEEPNET_CLIENT_SECRET"), o.unset_env.push_back("KEEPNET_CLIENT_SECRET");
  std::vector<std::string> argv = args;
  if (!secret_file.empty()) argv.insert(argv.begin() + 1, {"--client-secret-file", secret_file});
  ProcessResult r = testing::Run(OnboardArgv(argv), o);
  CheckNoForm("stdout", r.out, secret);
  CheckNoForm("stderr", r.err, secret);
  return r;
}

}  // namespace

TEST_SUITE("secret-leak-e2e") {

TEST_CASE("secret-leak-e2e: no form of a hard secret in plan, --out, apply, --journal or dry run") {
  SimProcess sim({"--client", "leak-client:" + kHardSecret + ":reseller", "--token-echo"});
  TempDir dir;
  WriteFleet(dir.path(), 2, 2);
  const std::string saved = dir / "plan.json";
  const std::string journal = dir / "journal.jsonl";

  ProcessResult plan = Run(sim, {"plan", "--out", saved, dir.path()}, "leak-client", kHardSecret);
  CHECK(plan.exit_code == 0);
  CheckNoForm("saved plan", ReadTextFile(saved), kHardSecret);
  ProcessResult json = Run(sim, {"plan", "--format", "json", dir.path()}, "leak-client", kHardSecret);
  CHECK(json.exit_code == 0);

  ProcessResult dry = Run(sim, {"apply", "--dry-run", dir.path()}, "leak-client", kHardSecret);
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find("Authorization: Bearer [redacted]") != std::string::npos);

  ProcessResult apply = Run(sim, {"apply", "--auto-approve", "--journal", journal, dir.path()}, "leak-client", kHardSecret);
  CHECK(apply.exit_code == 0);
  CheckNoForm("journal", ReadTextFile(journal), kHardSecret);

  ProcessResult from_file = Run(sim, {"apply", "--plan", saved, "--auto-approve", "--format", "json"}, "leak-client",
                                kHardSecret);
  CHECK(from_file.exit_code == 1);  // stale: the apply above already did it
}

TEST_CASE("secret-leak-e2e: a refused secret, quoted back by the server, shows in no form and the message says what to check") {
  // The server knows another secret: every token request is refused, and --token-echo
  // quotes the request (the secret URL-encoded) inside its JSON answer.
  SimProcess sim({"--client", "leak-client:the-right-one:reseller", "--token-echo"});
  TempDir dir;
  WriteFleet(dir.path(), 1, 1);
  const std::string secret_file = dir / "secret.txt";
  WriteTextFile(secret_file, kHardSecret + "\n");

  ProcessResult env = Run(sim, {"plan", dir.path()}, "leak-client", kHardSecret);
  INFO("stderr: " << env.err);
  CHECK(env.exit_code == 1);
  CHECK(env.err.find("the API refused the client credentials: check the client id and the client secret") !=
        std::string::npos);
  CHECK(env.err.find("client id leak-client from KEEPNET_CLIENT_ID, client secret from KEEPNET_CLIENT_SECRET") !=
        std::string::npos);
  CHECK(env.err.find("unknown client") == std::string::npos);  // the server's words are not shown

  ProcessResult file = Run(sim, {"apply", "--auto-approve", dir.path()}, "leak-client", kHardSecret, secret_file);
  INFO("stderr: " << file.err);
  CHECK(file.exit_code == 1);
  CHECK(file.err.find("client secret from --client-secret-file " + secret_file) != std::string::npos);

  ProcessResult dry = Run(sim, {"apply", "--dry-run", "--format", "json", dir.path()}, "leak-client", kHardSecret);
  CHECK(dry.exit_code == 1);
}

TEST_CASE("secret-leak-e2e: a secret that is an ordinary word garbles no message") {
  // "secret" and "error" occur in onboard's own messages: text replacement would mangle them.
  for (const std::string word : {"secret", "error"}) {
    CAPTURE(word);
    SimProcess sim({"--client", "word-client:" + word + ":reseller", "--token-echo"});
    TempDir dir;
    WriteFleet(dir.path(), 1, 1);
    testing::ProcessOptions o = OnboardOptions(sim);
    o.env["KEEPNET_CLIENT_ID"] = "wrong-client";  // refused: "unknown client or wrong secret in request: ..."
    o.env["KEEPNET_CLIENT_SECRET"] = word;
    ProcessResult refused = testing::Run(OnboardArgv({"plan", dir.path()}), o);
    INFO("refused: " << refused.err);
    CHECK(refused.exit_code == 1);
    CHECK(refused.err.find("check the client id and the client secret") != std::string::npos);
    CHECK(refused.err.find("[redacted]") == std::string::npos);
    CHECK(refused.err.find("client_secret=" + word) == std::string::npos);
    o.env["KEEPNET_CLIENT_ID"] = "word-client";
    ProcessResult ok = testing::Run(OnboardArgv({"apply", "--auto-approve", dir.path()}), o);
    INFO("stdout: " << ok.out << "\nstderr: " << ok.err);
    CHECK(ok.exit_code == 0);
    CHECK(ok.out.find("[redacted]") == std::string::npos);
  }
}

TEST_CASE("secret-leak-e2e: a credential without the Reseller role is told where to set it") {
  SimProcess sim({"--client", "admin-client:" + kHardSecret + ":company-admin"});
  TempDir dir;
  WriteFleet(dir.path(), 1, 1);
  ProcessResult r = Run(sim, {"plan", dir.path()}, "admin-client", kHardSecret);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("Client Role = Reseller: Company -> Company Settings -> REST API in the Keepnet console") !=
        std::string::npos);
}

}  // TEST_SUITE

}  // namespace onboard::test
