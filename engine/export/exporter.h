#pragma once
// Export: the live state -> the manifests that describe it (`onboard export`), as a pure
// function. The headline property is the round trip: `plan` on the exported files against
// the same live state finds no change, and the files pass `validate`. So every value is
// written the way the loader and the planner read it back: references as the shortest name
// that resolves to exactly the live entry (a raw id only when none does), dates as
// YYYY-MM-DD when the time is midnight, and a value the manifest format cannot hold is left
// out (not managed: its live value stays) with a warning, never written wrongly.
// The output is stable: the same live state gives byte-identical files.

#include <map>
#include <string>
#include <vector>

#include "engine/diag/diagnostic.h"
#include "engine/live/live_state.h"
#include "engine/model/records.h"

namespace onboard {

/// Where target users go.
enum class UsersMode {
  Auto,    ///< inline up to ExportOptions::csv_threshold target users, else a CSV file
  Inline,  ///< always inline (`--with-users`)
  Csv,     ///< always a CSV file, when the customer has any (`--users-csv`)
};

struct ExportOptions {
  UsersMode users = UsersMode::Auto;
  /// In Auto mode, a customer with more target users than this gets a CSV file.
  size_t csv_threshold = 50;
  /// Write a Defaults document with the values most customers share (false: every value in
  /// every customer file, e.g. to add one customer to an existing repository).
  bool defaults = true;
  /// Pin every company by `resourceId` (default: only companies whose name is not unique).
  bool pin_ids = false;
};

/// One file to write, relative to the output directory ("customers/acme.yaml").
struct ExportedFile {
  std::string path;
  std::string content;
};

struct ExportResult {
  std::vector<ExportedFile> files;  ///< sorted by path
  /// Warnings: values left out because the manifest format cannot hold them, ambiguous
  /// references written as ids, duplicate users skipped. Never errors.
  Diagnostics diagnostics;
  size_t customers = 0;
  size_t groups = 0;
  size_t admins = 0;
  size_t target_users = 0;
};

/// A customer key derived from a company name: lowercase ASCII letters and digits, every
/// other run of characters one '-', no leading or trailing '-', at most 63 characters;
/// "customer" when nothing is left. Not yet unique: see AssignKeys.
std::string KeyFromName(const std::string& name);

/// Unique keys for `companies` (id -> key): KeyFromName of each, and where several share
/// one, in the order of their ids the first keeps it and the others get "-2", "-3", ...
/// (skipping keys another company has). Depends only on the set of companies, not their order.
std::map<std::string, std::string> AssignKeys(const std::vector<CompanySummary>& companies);

/// The manifests that describe the companies of `live.details` (every one of them), the
/// company groups of `live.groups`, and a Defaults document. Keys are assigned over
/// `live.companies` and `live.details` together, so exporting a subset gives each customer
/// the key a full export gives it.
ExportResult ExportManifests(const LiveState& live, const ExportOptions& options);

}  // namespace onboard
