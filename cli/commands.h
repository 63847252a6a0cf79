#pragma once
// The commands of the onboard CLI. Each returns the process exit code:
// 0 success, 1 any error, 2 `plan --detailed-exitcode` found changes.

#include "cli/options.h"

namespace onboard::cli {

int RunValidate(const ValidateOptions& options);
int RunPlan(const PlanOptionsCli& options);
int RunApply(const ApplyOptions& options);
int RunShow(const ShowOptions& options);

}  // namespace onboard::cli
