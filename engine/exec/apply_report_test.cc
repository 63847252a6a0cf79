#include "engine/exec/apply_report.h"

#include <rapidjson/document.h>

#include <doctest/doctest.h>

namespace onboard {
namespace {

ApplyReport Sample() {
  ApplyReport r;
  ActionReport a;
  a.address = "customer.acme.company";
  a.outcome = ActionOutcome::Failed;
  a.error = "POST /api/companies [customer.acme.company]: HTTP 400 INPUT_ERROR: Name: too long";
  a.source = {"manifests/acme.yaml", 7, 5};
  r.actions.push_back(a);
  ActionReport s;
  s.address = "customer.acme.admin.ada@acme.example";
  s.object = ObjectType::Admin;
  s.outcome = ActionOutcome::Skipped;
  s.error = "upstream failed: customer.acme.company";
  r.actions.push_back(s);
  ActionReport d;
  d.address = "customer.globex.company";
  d.outcome = ActionOutcome::Adopted;
  d.id = "g-1";
  d.duration = std::chrono::milliseconds(42);
  r.actions.push_back(d);
  ActionReport p;
  p.address = "customer.globex.group.emea";
  p.type = ActionType::AddParticipant;
  p.object = ObjectType::Participant;
  p.outcome = ActionOutcome::Done;
  r.actions.push_back(p);
  r.client.requests = 9;
  r.client.rate_limited = 2;
  r.Count();
  return r;
}

}  // namespace

TEST_SUITE("exec") {

TEST_CASE("apply report: counts by outcome and action") {
  ApplyReport r = Sample();
  CHECK(r.created == 1);
  CHECK(r.adopted == 1);
  CHECK(r.participants_added == 1);
  CHECK(r.failed == 1);
  CHECK(r.skipped == 1);
  CHECK_FALSE(r.success());
}

TEST_CASE("apply report: the summary names each failure with its message and location") {
  const std::string text = RenderApplySummary(Sample(), false);
  CHECK(text.find("Error: customer.acme.company\n  at manifests/acme.yaml:7:5\n  POST /api/companies") != std::string::npos);
  CHECK(text.find("Name: too long") != std::string::npos);
  CHECK(text.find("ada@acme.example") == std::string::npos);  // skipped quietly, only counted
  CHECK(text.find("1 action was skipped") != std::string::npos);
  CHECK(text.find("Apply failed: 1 created, 0 updated, 1 participant added, 1 failed, 1 skipped.\n") != std::string::npos);
  CHECK(text.find('\033') == std::string::npos);
  CHECK(RenderApplySummary(Sample(), true).find("\033[31m") != std::string::npos);

  ApplyReport ok;
  ok.actions.push_back(Sample().actions[2]);
  ok.Count();
  CHECK(RenderApplySummary(ok, false).find("Apply complete: 1 created, 0 updated, 0 participants added, 0 failed, 0 skipped.") != std::string::npos);
}

TEST_CASE("apply report: JSON carries every action and the client counters") {
  rapidjson::Document doc;
  const std::string json = ApplyReportToJson(Sample());
  REQUIRE_FALSE(doc.Parse(json.c_str()).HasParseError());
  CHECK(doc["format_version"].GetInt() == 1);
  CHECK_FALSE(doc["success"].GetBool());
  CHECK(doc["summary"]["skipped"].GetInt() == 1);
  CHECK(doc["client"]["requests"].GetInt() == 9);
  CHECK(doc["client"]["rate_limited"].GetInt() == 2);
  const auto& actions = doc["actions"];
  REQUIRE(actions.Size() == 4);
  CHECK(std::string(actions[0]["outcome"].GetString()) == "failed");
  CHECK(std::string(actions[0]["source"].GetString()) == "manifests/acme.yaml:7:5");
  CHECK(actions[1]["source"].IsNull());
  CHECK(std::string(actions[2]["outcome"].GetString()) == "adopted");
  CHECK(std::string(actions[2]["id"].GetString()) == "g-1");
  CHECK(actions[2]["duration_ms"].GetInt() == 42);
  CHECK(std::string(actions[3]["action"].GetString()) == "add-participant");
}

}  // TEST_SUITE

}  // namespace onboard

namespace onboard {

TEST_CASE("apply report: target-group membership changes are counted apart from participants") {
  ApplyReport r;
  for (ActionType type : {ActionType::AddParticipant, ActionType::RemoveParticipant}) {
    ActionReport m;
    m.address = "customer.acme.target-group.sales.add-users";
    m.type = type;
    m.object = ObjectType::TargetGroupMembers;
    m.outcome = ActionOutcome::Done;
    r.actions.push_back(m);
  }
  r.Count();
  CHECK(r.memberships_changed == 2);
  CHECK(r.participants_added == 0);
  CHECK(RenderApplySummary(r, false).find("Apply complete: 0 created, 0 updated, 0 participants added, "
                                          "2 target-group membership changes, 0 failed, 0 skipped.") != std::string::npos);
  CHECK(ApplyReportToJson(r).find("\"memberships_changed\": 2") != std::string::npos);
  r.dry_run = true;
  CHECK(RenderApplySummary(r, false).find("would create 0, update 0, change 2 target-group memberships;") !=
        std::string::npos);
}

}  // namespace onboard
