#include "cli/approval.h"

namespace onboard::cli {

std::string ApprovalRefusal(const ApplyOptions& options, bool stdin_is_terminal) {
  if (options.auto_approve || options.dry_run) return {};
  if (options.common.format == OutputFormat::Json || options.common.format == OutputFormat::Jsonl)
    return "apply --format json (or jsonl) cannot ask for approval: add --auto-approve (after reviewing the plan, e.g. "
           "with `onboard plan --out FILE` and `apply --plan FILE --auto-approve`), or use --dry-run. Nothing was "
           "written.";
  if (!stdin_is_terminal)
    return "apply needs approval, and stdin is not a terminal: pass --auto-approve (or --dry-run to see the "
           "requests). Nothing was written.";
  return {};
}

}  // namespace onboard::cli
