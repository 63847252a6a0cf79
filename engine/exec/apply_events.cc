#include "engine/exec/apply_events.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "engine/plan/json_out.h"

namespace onboard {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void OptStr(Writer& w, const char* key, const std::string& value) {
  if (value.empty()) {
    w.Key(key);
    w.Null();
  } else {
    Str(w, key, value);
  }
}

}  // namespace

JsonlEvents::JsonlEvents(std::ostream& out, bool dry_run) : out_(out), dry_run_(dry_run) {}

void JsonlEvents::Line(const std::string& json) {
  out_ << json << '\n';
  out_.flush();
}

void JsonlEvents::PlanReady(const Plan& plan) {
  rapidjson::StringBuffer b;
  Writer w(b);
  const PlanSummary s = plan.Summarize();
  w.StartObject();
  Str(w, "event", "plan");
  w.Key("dry_run"); w.Bool(dry_run_);
  w.Key("summary");
  WriteSummary(w, s);
  w.EndObject();
  Line(b.GetString());
}

void JsonlEvents::Started(const Action& action) {
  rapidjson::StringBuffer b;
  Writer w(b);
  w.StartObject();
  Str(w, "event", "start");
  Str(w, "address", action.address);
  Str(w, "action", ActionTypeName(action.type));
  Str(w, "object", ObjectTypeName(action.object()));
  w.EndObject();
  Line(b.GetString());
}

void JsonlEvents::Finished(const ActionReport& a) {
  rapidjson::StringBuffer b;
  Writer w(b);
  const bool only_recorded = dry_run_ && a.outcome == ActionOutcome::Done;
  w.StartObject();
  Str(w, "event", "finish");
  Str(w, "address", a.address);
  Str(w, "action", ActionTypeName(a.type));
  Str(w, "object", ObjectTypeName(a.object));
  Str(w, "outcome", only_recorded ? "dry-run" : ActionOutcomeName(a.outcome));
  OptStr(w, "id", only_recorded ? "" : a.id);
  OptStr(w, "error", a.error);
  w.Key("duration_ms"); w.Int64(a.duration.count());
  w.EndObject();
  Line(b.GetString());
}

void JsonlEvents::Summary(const ApplyReport& r) {
  rapidjson::StringBuffer b;
  Writer w(b);
  w.StartObject();
  Str(w, "event", "summary");
  w.Key("dry_run"); w.Bool(dry_run_);
  w.Key("success"); w.Bool(r.success());
  w.Key("created"); w.Int(r.created);
  w.Key("adopted"); w.Int(r.adopted);
  w.Key("updated"); w.Int(r.updated);
  w.Key("participants_added"); w.Int(r.participants_added);
  w.Key("deleted"); w.Int(r.deleted);
  w.Key("participants_removed"); w.Int(r.participants_removed);
  w.Key("failed"); w.Int(r.failed);
  w.Key("skipped"); w.Int(r.skipped);
  w.Key("not_run"); w.Int(r.not_run);
  w.Key("requests"); w.Int64(r.client.requests);
  w.Key("writes"); w.Int64(r.client.writes);
  w.Key("retries"); w.Int64(r.client.retries);
  w.Key("rate_limited"); w.Int64(r.client.rate_limited);
  w.Key("wall_time_ms"); w.Int64(r.wall_time.count());
  w.EndObject();
  Line(b.GetString());
}

}  // namespace onboard
