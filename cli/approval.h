#pragma once
// Whether `onboard apply` may ask for approval, settled before anything is read or written.

#include <string>

#include "cli/options.h"

namespace onboard::cli {

/// Why apply must refuse to start, or "" when it may go on. Without --auto-approve (and
/// without --dry-run, which writes nothing) apply asks on the terminal; it cannot ask when
/// stdin is not a terminal, and with --format json it must not (as Terraform's -json: a
/// prompt on a machine-read stream would hang or corrupt the pipeline).
std::string ApprovalRefusal(const ApplyOptions& options, bool stdin_is_terminal);

}  // namespace onboard::cli
