#include "engine/text/style.h"

#include <doctest/doctest.h>

namespace onboard {

TEST_CASE("style: colour only on a terminal, and not for NO_COLOR, TERM=dumb or --no-color") {
  CHECK(ColorAllowed(true, false, nullptr, "xterm-256color"));
  CHECK(ColorAllowed(true, false, "", "xterm"));  // an empty NO_COLOR does not count
  CHECK(ColorAllowed(true, false, nullptr, nullptr));
  CHECK_FALSE(ColorAllowed(false, false, nullptr, "xterm"));
  CHECK_FALSE(ColorAllowed(true, true, nullptr, "xterm"));
  CHECK_FALSE(ColorAllowed(true, false, "1", "xterm"));
  CHECK_FALSE(ColorAllowed(true, false, nullptr, "dumb"));
}

TEST_CASE("style: styled text is fmt's SGR codes, plain text when colour is off") {
  CHECK(Styled(false, Style::BoldRed, "Error:") == "Error:");
  CHECK(Styled(true, Style::Red, "x") == "\x1b[31mx\x1b[0m");
  CHECK(Styled(true, Style::Yellow, "x") == "\x1b[33mx\x1b[0m");
  CHECK(Styled(true, Style::BoldGreen, "ok") == "\x1b[1m\x1b[32mok\x1b[0m");
  CHECK(ClearLine() == "\r\x1b[K");
}

}  // namespace onboard
