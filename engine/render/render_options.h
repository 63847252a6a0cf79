#pragma once
// How a plan is shown: chosen once at start-up (from the command line) and handed to
// whichever renderer the output format picks. Renderers only read the plan.

#include <cstddef>

namespace onboard {

/// Options shared by the text, Markdown and JSON renderings of a plan.
struct RenderOptions {
  /// ANSI colour (green +, yellow ~, red -, bold addresses). Text only; never in JSON or
  /// Markdown. The CLI sets it only when stdout is a terminal and NO_COLOR/--no-color are unset.
  bool color = false;
  /// Show phone numbers as they are instead of masked ("+90******0000"). Applies to every
  /// rendering, the JSON display fields included.
  bool show_sensitive = false;
  /// The Markdown rendering stays under this many bytes (a pull-request comment's limit is
  /// 65,536 characters; bytes >= characters, so this is conservative).
  size_t markdown_limit = 60000;
};

}  // namespace onboard
