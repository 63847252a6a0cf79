#pragma once
// The plan for people: the default output of `plan` and what `apply` shows before asking.

#include <functional>
#include <string>
#include <string_view>

#include "engine/plan/plan.h"
#include "engine/render/render_options.h"

namespace onboard {

/// Renders the plan as text, grouped by customer (company groups first). Each action is a
/// line "  <symbol> <address>"; an update lists "field: before -> after" below it, a create
/// the fields it sets, compactly. Diagnostics (warnings, then errors) come before the last
/// line, which is SummarySentence(): "Plan: X to create, Y to update, 0 to delete[, N
/// participants to add]." or "No changes. The platform matches the manifests.".
/// ANSI colour only when options.color; phone numbers masked unless options.show_sensitive;
/// control characters in user data escaped. Ends with a newline.
std::string RenderPlanText(const Plan& plan, const RenderOptions& options);

/// The same text, handed to `write` in pieces of some kilobytes as it is rendered: the text
/// of a plan of a million target users is hundreds of megabytes, which need not be held.
void WritePlanText(const Plan& plan, const RenderOptions& options, const std::function<void(std::string_view)>& write);

}  // namespace onboard
