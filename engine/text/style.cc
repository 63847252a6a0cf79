#include "engine/text/style.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include <fmt/color.h>

namespace onboard {

bool ColorAllowed(bool is_terminal, bool no_color_flag, const char* no_color, const char* term) {
  if (!is_terminal || no_color_flag) return false;
  if (no_color && *no_color) return false;
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return true;
}

bool ColorAllowed(int fd, bool no_color_flag) {
  return ColorAllowed(isatty(fd) == 1, no_color_flag, std::getenv("NO_COLOR"), std::getenv("TERM"));
}

bool CanRedrawLine(int fd) {
  const char* term = std::getenv("TERM");
  return isatty(fd) == 1 && !(term && std::strcmp(term, "dumb") == 0);
}

std::string Styled(bool color, Style style, std::string_view text) {
  if (!color) return std::string(text);
  fmt::text_style s;
  switch (style) {
    case Style::Bold: s = fmt::emphasis::bold; break;
    case Style::Red: s = fmt::fg(fmt::terminal_color::red); break;
    case Style::Green: s = fmt::fg(fmt::terminal_color::green); break;
    case Style::Yellow: s = fmt::fg(fmt::terminal_color::yellow); break;
    case Style::BoldRed: s = fmt::emphasis::bold | fmt::fg(fmt::terminal_color::red); break;
    case Style::BoldGreen: s = fmt::emphasis::bold | fmt::fg(fmt::terminal_color::green); break;
  }
  return fmt::format(s, "{}", text);
}

// ECMA-48 CR + "erase in line": fmt styles text but has no cursor controls.
std::string_view ClearLine() { return "\r\x1b[K"; }

}  // namespace onboard
