#pragma once
// Diagnostics as one JSON document, for the runs that end before there is a plan to print:
// `validate --format json` (always) and `plan --format json` when the manifests or the
// selection are wrong. schemas/diagnostics.schema.json describes the document.

#include <string>

#include "engine/diag/diagnostic.h"
#include "engine/render/render_options.h"

namespace onboard {

/// What the document says besides the diagnostics.
struct DiagnosticsReport {
  std::string command;  ///< "validate" or "plan"
  /// Counts of what was read when it was valid (validate only); all zero otherwise.
  size_t customers = 0, groups = 0, admins = 0, target_users = 0;
};

/// {format_version: 1, command, valid (no errors), error_count, warning_count, [counts
/// {customers, groups, admins, target_users} when valid], diagnostics[] {severity ("error" |
/// "warning"), file, line, column (0 = unknown), field, subject, message, fix}}, 2-space
/// indented, ending with a newline. Phone numbers in messages are masked unless
/// options.show_sensitive.
std::string DiagnosticsToJson(const Diagnostics& diags, const DiagnosticsReport& report, const RenderOptions& options);

}  // namespace onboard
