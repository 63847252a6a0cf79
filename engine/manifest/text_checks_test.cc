#include "engine/manifest/text_checks.h"

#include <doctest/doctest.h>

namespace onboard {
namespace {

TEST_SUITE("text") {
  TEST_CASE("text: ordinary text in any script passes") {
    CHECK(TextProblem("Acme Corp", false).empty());
    CHECK(TextProblem("Şirket Ağı ÇÖÜ", false).empty());
    CHECK(TextProblem("株式会社 \xF0\x9F\x98\x80", false).empty());
    CHECK(TextProblem(" padded ", false).empty());
    CHECK(TextProblem("", false).empty());
    CHECK(TextProblem("two\nlines\twith tab\r\n", true).empty());
  }

  TEST_CASE("text: blank values are refused, Unicode spaces included") {
    for (const char* blank : {" ", "   ", "\t", "\xC2\xA0", "\xE3\x80\x80", "\xE2\x80\x8B", " \xC2\xA0 "})
      CHECK(TextProblem(blank, true) == "must not be blank: it holds only white space");
  }

  TEST_CASE("text: control characters are refused, line breaks only where multiline") {
    CHECK(TextProblem(std::string("a\0b", 3), true) == "contains the control character U+0000 at character 2");
    CHECK(TextProblem("a\nb", false) == "contains the control character U+000A at character 2");
    CHECK(TextProblem("\x1b[31m", true) == "contains the control character U+001B at character 1");
    CHECK(TextProblem("x\x7f", false) == "contains the control character U+007F at character 2");
    CHECK(TextProblem("\xC2\x85", false) == "contains the control character U+0085 at character 1");
    CHECK(TextProblem("abc\xE2\x80\xAEgpj.exe", false) == "contains the control character U+202E at character 4");
  }

  TEST_CASE("text: invalid UTF-8 is refused: stray, truncated, overlong, surrogate, too large") {
    CHECK(TextProblem("Ac\xFFme", false) == "is not valid UTF-8: byte 0xFF at character 3 starts no character");
    CHECK(TextProblem("\x80", false).find("byte 0x80 at character 1") != std::string::npos);
    CHECK(TextProblem("ab\xC3", false).find("byte 0xC3 at character 3") != std::string::npos);
    CHECK(TextProblem("\xC3(", false).find("byte 0xC3") != std::string::npos);
    CHECK(TextProblem("\xC0\xAF", false).find("byte 0xC0") != std::string::npos);
    CHECK(TextProblem("\xE0\x80\xAF", false).find("byte 0xE0") != std::string::npos);
    CHECK(TextProblem("\xED\xA0\x80", false).find("byte 0xED") != std::string::npos);
    CHECK(TextProblem("\xF4\x90\x80\x80", false).find("byte 0xF4") != std::string::npos);
  }

  TEST_CASE("text: Printable escapes what could drive a terminal and keeps the rest") {
    CHECK(Printable("Acme Ş") == "Acme Ş");
    CHECK(Printable("a\x1b[2Jb") == "a\\x1B[2Jb");
    CHECK(Printable("\xFF") == "\\xFF");
    CHECK(Printable("\xE2\x80\xAE") == "\\u{202E}");
  }
}

}  // namespace
}  // namespace onboard
