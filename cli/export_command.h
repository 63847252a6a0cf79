#pragma once
// `onboard export`: read the live state of the reseller's companies and write the manifests
// that describe it (engine/export/exporter.h), so that the next `plan` reports no change.

#include <string>
#include <vector>

#include "cli/options.h"
#include "engine/diag/diagnostic.h"
#include "engine/model/records.h"

namespace onboard::cli {

/// Runs `onboard export`. Exit code 0 when every file was written; 1 on any error (no
/// credentials, an API failure, a --customer that names no company, files that exist
/// without --force: then nothing is written).
int RunExport(const ExportOptionsCli& options);

/// The ids of the companies `names` select (each a company name, compared without case and
/// outer spaces, or an export key); every company when `names` is empty. A name that selects
/// nothing is an error in *diags with the closest keys.
std::vector<std::string> SelectCompanies(const std::vector<CompanySummary>& companies,
                                         const std::vector<std::string>& names, Diagnostics* diags);

}  // namespace onboard::cli
