#include "engine/exec/journal.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include <doctest/doctest.h>

#include "engine/exec/testing/scripted_transport.h"

namespace onboard {

TEST_SUITE("exec") {

TEST_CASE("journal: one line per write, failed and unanswered ones included, reads not journaled") {
  testing::ScriptedTransport inner([](const HttpRequest& r) {
    HttpResponse out;
    if (r.origin == "customer.acme.company") return testing::Ok(R"({"data":{"resourceId":"c-1"},"status":"SUCCESS"})");
    if (r.origin == "customer.bad.company") {
      out.status = 400;
      out.body = R"({"data":null,"status":"INPUT_ERROR","message":"Name: too long","validationMessages":[]})";
      return out;
    }
    out.status = 0;
    out.transport_error = "Connection reset by peer";
    out.maybe_delivered = true;
    return out;
  });
  std::ostringstream lines;
  Journal journal(lines);
  auto t = std::make_shared<std::chrono::steady_clock::time_point>();
  JournalTransport transport(
      inner, journal, [t] { return *t; },
      [] { return std::chrono::system_clock::time_point(std::chrono::milliseconds(1767268800123)); });

  auto write = [](std::string origin, std::string company_id) {
    HttpRequest r;
    r.method = "POST";
    r.path = "/api/companies";
    r.origin = std::move(origin);
    r.company_id = std::move(company_id);
    r.bearer_token = "tok-SECRET";
    r.write = true;
    return r;
  };
  HttpRequest read;
  read.method = "GET";
  read.path = "/api/company-groups";
  transport.Send(read, [](HttpResponse) {});
  transport.Send(write("customer.acme.company", ""), [](HttpResponse) {});
  transport.Send(write("customer.bad.company", ""), [](HttpResponse) {});
  transport.Send(write("customer.acme.admin.a@b", "c-1"), [](HttpResponse r) { CHECK(r.maybe_delivered); });
  *t += std::chrono::milliseconds(7);  // every answer arrives 7 ms after its request left
  transport.Run();

  std::istringstream in(lines.str());
  std::vector<std::string> got;
  for (std::string line; std::getline(in, line);) got.push_back(line);
  REQUIRE(got.size() == 3);
  CHECK(got[0] ==
        R"({"time":"2026-01-01T12:00:00.123Z","address":"customer.acme.company","method":"POST","path":"/api/companies",)"
        R"("company_id":null,"status":200,"id":"c-1","duration_ms":7,"outcome":"ok","error":null})");
  CHECK(got[1].find(R"("status":400)") != std::string::npos);
  CHECK(got[1].find(R"("outcome":"failed","error":"Name: too long")") != std::string::npos);
  CHECK(got[2].find(R"("company_id":"c-1","status":0)") != std::string::npos);
  CHECK(got[2].find(R"("outcome":"unknown","error":"Connection reset by peer")") != std::string::npos);
  CHECK(lines.str().find("SECRET") == std::string::npos);
}

TEST_CASE("journal: a file journal appends lines, an unopenable path is reported") {
  const std::string path = "/tmp/onboard-exec-journal-" + std::to_string(::getpid()) + ".jsonl";
  std::remove(path.c_str());
  JournalEntry e;
  e.address = "group.emea";
  e.outcome = "ok";
  {
    Journal j(path);
    REQUIRE(j.ok());
    j.Append(e);
  }
  {
    Journal j(path);  // a second run appends
    j.Append(e);
  }
  std::ifstream in(path);
  int lines = 0;
  for (std::string line; std::getline(in, line);) {
    CHECK(line.find(R"("address":"group.emea")") != std::string::npos);
    ++lines;
  }
  CHECK(lines == 2);
  std::remove(path.c_str());

  Journal bad("/nonexistent-dir/journal.jsonl");
  CHECK_FALSE(bad.ok());
  CHECK(bad.error().find("/nonexistent-dir/journal.jsonl") != std::string::npos);
  bad.Append(e);  // harmless
}

TEST_CASE("journal: the file is owner-only (0600), also when it existed with wider permissions") {
  const std::string path = "/tmp/onboard-exec-journal-mode-" + std::to_string(::getpid()) + ".jsonl";
  auto mode = [&] {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 07777;
  };
  std::remove(path.c_str());
  { Journal journal(path); REQUIRE(journal.ok()); }
  CHECK(mode() == 0600);
  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  { Journal journal(path); REQUIRE(journal.ok()); }
  CHECK(mode() == 0600);
  std::remove(path.c_str());
}

}  // TEST_SUITE

}  // namespace onboard
