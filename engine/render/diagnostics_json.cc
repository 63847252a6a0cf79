#include "engine/render/diagnostics_json.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "engine/render/mask.h"

namespace onboard {

std::string DiagnosticsToJson(const Diagnostics& diags, const DiagnosticsReport& report, const RenderOptions& options) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  auto str = [&](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  auto shown = [&](const std::string& s) { return options.show_sensitive ? s : MaskPhonesInText(s); };
  w.StartObject();
  w.Key("format_version");
  w.Int(1);
  str("command", report.command);
  w.Key("valid");
  w.Bool(!diags.has_errors());
  w.Key("error_count");
  w.Uint64(diags.error_count());
  w.Key("warning_count");
  w.Uint64(diags.warning_count());
  if (!diags.has_errors()) {
    w.Key("counts");
    w.StartObject();
    w.Key("customers"), w.Uint64(report.customers);
    w.Key("groups"), w.Uint64(report.groups);
    w.Key("admins"), w.Uint64(report.admins);
    w.Key("target_users"), w.Uint64(report.target_users);
    w.EndObject();
  }
  w.Key("diagnostics");
  w.StartArray();
  for (const Diagnostic& d : diags.items()) {
    w.StartObject();
    str("severity", d.severity == Severity::Error ? "error" : "warning");
    str("file", d.location.file);
    w.Key("line"), w.Int(d.location.line);
    w.Key("column"), w.Int(d.location.column);
    str("field", d.field);
    str("subject", d.subject);
    str("message", shown(d.summary));
    str("fix", shown(d.fix));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace onboard
