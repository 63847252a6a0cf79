#pragma once
// Terminal styling in one place: when colour is allowed, and text styled with fmt's colour
// support (fmt/color.h) rather than escape codes written by hand in each renderer.

#include <string>
#include <string_view>

namespace onboard {

/// Whether colour may be used on file descriptor `fd`: it is a terminal, NO_COLOR is unset or
/// empty (no-color.org), TERM is not "dumb", and the caller was not told otherwise (--no-color).
bool ColorAllowed(int fd, bool no_color_flag = false);

/// The same decision from its inputs, for tests: `no_color` is the value of NO_COLOR
/// (nullptr when unset), `term` that of TERM.
bool ColorAllowed(bool is_terminal, bool no_color_flag, const char* no_color, const char* term);

/// Whether a status line may be redrawn in place on `fd` (ClearLine): a terminal whose TERM is
/// not "dumb". NO_COLOR does not matter: it is about colour only.
bool CanRedrawLine(int fd);

enum class Style { Bold, Red, Green, Yellow, BoldRed, BoldGreen };

/// `text` in `style` when `color`, else `text` unchanged.
std::string Styled(bool color, Style style, std::string_view text);

/// Moves to the start of the line and clears it, for a status line redrawn in place.
std::string_view ClearLine();

}  // namespace onboard
