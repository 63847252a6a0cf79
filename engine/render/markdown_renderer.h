#pragma once
// The plan as a pull-request comment (`plan --format markdown`), for CI.

#include <string>

#include "engine/plan/plan.h"
#include "engine/render/render_options.h"

namespace onboard {

/// Renders the plan as GitHub-flavoured Markdown: a heading, the summary sentence, a table
/// (customer | create | update | participants | warnings, plus delete/errors columns when the
/// plan has any, and a total row), the warnings and errors, then one collapsible
/// `<details><summary>customer (N changes)</summary>` per customer with a ```diff block
/// (+ create, ~ update lines). The result stays within options.markdown_limit bytes (for
/// limits of a few thousand and more) however large the plan: table rows, diagnostics and
/// sections stop where the budget ends, and a last line says how many actions of how many
/// customers were left out and that the full plan is in the saved plan / CI artifact.
/// User data is escaped (Markdown and HTML specials in text, fences longer than any backtick
/// run in code blocks); phone numbers masked unless options.show_sensitive; never colour.
std::string RenderPlanMarkdown(const Plan& plan, const RenderOptions& options);

}  // namespace onboard
