#include "engine/exec/apply_report.h"

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "engine/text/style.h"

namespace onboard {

const char* ActionOutcomeName(ActionOutcome outcome) {
  switch (outcome) {
    case ActionOutcome::Done: return "done";
    case ActionOutcome::Adopted: return "adopted";
    case ActionOutcome::Failed: return "failed";
    case ActionOutcome::Skipped: return "skipped";
    case ActionOutcome::NotRun: return "not-run";
  }
  return "?";
}

void ApplyReport::Count() {
  created = adopted = updated = participants_added = deleted = participants_removed = memberships_changed = failed =
      skipped = not_run = 0;
  for (const ActionReport& a : actions) Tally(a);
}

void ApplyReport::Tally(const ActionReport& a) {
  switch (a.outcome) {
    case ActionOutcome::Failed: ++failed; return;
    case ActionOutcome::Skipped: ++skipped; return;
    case ActionOutcome::NotRun: ++not_run; return;
    case ActionOutcome::Adopted: ++adopted; break;
    case ActionOutcome::Done: break;
  }
  if (a.object == ObjectType::TargetGroupMembers) {
    ++memberships_changed;
    return;
  }
  switch (a.type) {
    case ActionType::Create: ++created; break;
    case ActionType::Update: ++updated; break;
    case ActionType::AddParticipant: ++participants_added; break;
    case ActionType::Delete: ++deleted; break;
    case ActionType::RemoveParticipant: ++participants_removed; break;
  }
}

std::string ApplyReportToJson(const ApplyReport& report, bool show_sensitive) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  auto str = [&w](const std::string& s) { w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); };
  w.StartObject();
  w.Key("format_version");
  w.Int(1);
  w.Key("dry_run");
  w.Bool(report.dry_run);
  w.Key("success");
  w.Bool(report.success());
  w.Key("summary");
  w.StartObject();
  w.Key("created"); w.Int(report.created);
  w.Key("adopted"); w.Int(report.adopted);
  w.Key("updated"); w.Int(report.updated);
  w.Key("participants_added"); w.Int(report.participants_added);
  w.Key("deleted"); w.Int(report.deleted);
  w.Key("participants_removed"); w.Int(report.participants_removed);
  if (report.memberships_changed > 0) {
    w.Key("memberships_changed");
    w.Int(report.memberships_changed);
  }
  w.Key("failed"); w.Int(report.failed);
  w.Key("skipped"); w.Int(report.skipped);
  w.Key("not_run"); w.Int(report.not_run);
  w.EndObject();
  w.Key("wall_time_ms");
  w.Int64(report.wall_time.count());
  w.Key("client");
  w.StartObject();
  w.Key("requests"); w.Int64(report.client.requests);
  w.Key("writes"); w.Int64(report.client.writes);
  w.Key("retries"); w.Int64(report.client.retries);
  w.Key("rate_limited"); w.Int64(report.client.rate_limited);
  w.Key("errors"); w.Int64(report.client.errors);
  w.EndObject();
  w.Key("actions");
  w.StartArray();
  for (const ActionReport& a : report.actions) {
    w.StartObject();
    w.Key("address"); str(a.address);
    w.Key("action"); w.String(ActionTypeName(a.type));
    w.Key("object"); w.String(ObjectTypeName(a.object));
    const bool only_recorded = report.dry_run && a.outcome == ActionOutcome::Done;
    w.Key("outcome"); w.String(only_recorded ? "dry-run" : ActionOutcomeName(a.outcome));
    w.Key("id");
    if (a.id.empty() || only_recorded) w.Null(); else str(a.id);
    w.Key("error");
    if (a.error.empty()) w.Null(); else str(a.error);
    w.Key("note");
    if (a.note.empty()) w.Null(); else str(a.note);
    w.Key("source");
    if (a.source.known()) str(a.source.ToString()); else w.Null();
    w.Key("duration_ms"); w.Int64(a.duration.count());
    w.EndObject();
  }
  w.EndArray();
  w.Key("failed_customers");
  w.StartArray();
  for (const FailedCustomer& f : report.failed_customers) {
    w.StartObject();
    w.Key("customer"); str(f.customer);
    w.Key("error"); str(f.error);
    w.EndObject();
  }
  w.EndArray();
  if (report.dry_run) {
    w.Key("requests");
    w.StartArray();
    for (const RecordedRequest& recorded : report.requests) {
      const RecordedRequest r = show_sensitive ? recorded : MaskedRequest(recorded);
      w.StartObject();
      w.Key("method"); str(r.method);
      w.Key("path"); str(r.path);
      w.Key("company_id");
      if (r.company_id.empty()) w.Null(); else str(r.company_id);
      w.Key("origin"); str(r.origin);
      w.Key("body");
      rapidjson::Document body;
      if (r.body.empty()) w.Null();
      else if (!body.Parse(r.body.c_str(), r.body.size()).HasParseError()) body.Accept(w);
      else str(r.body);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string RenderApplySummary(const ApplyReport& report, bool color) {
  std::string out;
  for (const ActionReport& a : report.actions) {
    if (a.outcome != ActionOutcome::Failed) continue;
    out += fmt::format("{} {}\n", Styled(color, Style::BoldRed, "Error:"), Styled(color, Style::Bold, a.address));
    if (a.source.known()) out += fmt::format("  at {}\n", a.source.ToString());
    out += fmt::format("  {}\n\n", a.error);
  }
  for (const FailedCustomer& f : report.failed_customers) {
    out += fmt::format("{} {}: not applied, its live state could not be read\n", Styled(color, Style::BoldRed, "Error:"),
                       Styled(color, Style::Bold, "customer " + f.customer));
    out += fmt::format("  {}\n  Run apply again to retry it.\n\n", f.error);
  }
  if (report.skipped > 0)
    out += fmt::format("{} action{} skipped because an action {} depend{} on failed.\n", report.skipped,
                       report.skipped == 1 ? " was" : "s were", report.skipped == 1 ? "it" : "they",
                       report.skipped == 1 ? "s" : "");
  if (report.not_run > 0)
    out += fmt::format("{} action{} not run: the apply stopped first.\n", report.not_run,
                       report.not_run == 1 ? " was" : "s were");
  if (report.adopted > 0)
    out += fmt::format("{} create{} found {} object already there (an answer lost, or another apply at the same "
                       "time) and adopted it; `--format json` says why for each.\n",
                       report.adopted, report.adopted == 1 ? "" : "s", report.adopted == 1 ? "its" : "their");
  if (report.dry_run) {
    std::string would = fmt::format("would create {}, update {}", report.created, report.updated);
    if (report.participants_added > 0)
      would += fmt::format(", add {} participant{}", report.participants_added, report.participants_added == 1 ? "" : "s");
    if (report.deleted > 0) would += fmt::format(", delete {}", report.deleted);
    if (report.participants_removed > 0)
      would += fmt::format(", remove {} participant{}", report.participants_removed,
                           report.participants_removed == 1 ? "" : "s");
    if (report.memberships_changed > 0)
      would += fmt::format(", change {} target-group membership{}", report.memberships_changed,
                           report.memberships_changed == 1 ? "" : "s");
    if (report.success())
      return out + fmt::format("{} {}; nothing was written.\n", Styled(color, Style::BoldGreen, "Dry run:"), would);
    return out + fmt::format("{} {}, {} failed, {} skipped; nothing was written.\n",
                             Styled(color, Style::BoldRed, "Dry run failed:"), would, report.failed, report.skipped);
  }
  std::string removed;
  if (report.deleted > 0) removed += fmt::format("{} deleted, ", report.deleted);
  if (report.participants_removed > 0)
    removed += fmt::format("{} participant{} removed, ", report.participants_removed,
                           report.participants_removed == 1 ? "" : "s");
  std::string counts = fmt::format(
      "{} created, {} updated, {} participant{} added, {}{} failed, {} skipped.", report.created,
      report.updated, report.participants_added, report.participants_added == 1 ? "" : "s", removed, report.failed,
      report.skipped);
  if (report.memberships_changed > 0)
    counts.insert(counts.find(" added, ") + 7, fmt::format(" {} target-group membership change{},", report.memberships_changed,
                                                           report.memberships_changed == 1 ? "" : "s"));
  if (!report.failed_customers.empty())
    counts += fmt::format(" {} customer{} not read.", report.failed_customers.size(),
                          report.failed_customers.size() == 1 ? "" : "s");
  if (report.success())
    out += fmt::format("{} {}\n", Styled(color, Style::BoldGreen, "Apply complete:"), counts);
  else
    out += fmt::format("{} {}\n", Styled(color, Style::BoldRed, "Apply failed:"), counts);
  return out;
}

std::string RenderDryRunRequests(const ApplyReport& report, bool show_sensitive) {
  std::string out;
  for (size_t i = 0; i < report.requests.size(); ++i) {
    if (i) out += "\n";
    out += FormatRecordedRequest(show_sensitive ? report.requests[i] : MaskedRequest(report.requests[i]));
  }
  return out;
}

}  // namespace onboard
