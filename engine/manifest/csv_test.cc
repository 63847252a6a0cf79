#include "engine/manifest/csv.h"

#include <doctest/doctest.h>

namespace onboard {
namespace {

std::vector<CsvRecord> Parse(std::string_view text) {
  std::vector<CsvRecord> records;
  CsvError error;
  bool ok = ParseCsv(text, &records, &error);
  INFO("error at " << error.line << ":" << error.column << ": " << error.message);
  CHECK(ok);
  return records;
}

CsvError ParseError(std::string_view text) {
  std::vector<CsvRecord> records;
  CsvError error;
  CHECK_FALSE(ParseCsv(text, &records, &error));
  return error;
}

TEST_SUITE("manifest") {
  TEST_CASE("csv: plain records with LF, CRLF and no final line end") {
    for (std::string_view text : {"a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\n1,2"}) {
      auto r = Parse(text);
      REQUIRE(r.size() == 2);
      CHECK(r[1].line == 2);
      REQUIRE(r[1].fields.size() == 2);
      CHECK(r[1].fields[0].value == "1");
      CHECK(r[1].fields[1].value == "2");
      CHECK(r[1].fields[1].column == 3);
    }
  }

  TEST_CASE("csv: quoted fields hold commas, doubled quotes and line ends") {
    auto r = Parse("name,note\n\"Doe, Jane\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\nlast,y\n");
    REQUIRE(r.size() == 4);
    CHECK(r[1].fields[0].value == "Doe, Jane");
    CHECK(r[1].fields[0].quoted);
    CHECK(r[1].fields[1].value == "say \"hi\"");
    CHECK(r[2].fields[0].value == "two\nlines");
    CHECK(r[2].line == 3);
    CHECK(r[2].fields[1].line == 4);  // the field after the embedded line end
    CHECK(r[3].line == 5);
    CHECK(r[3].fields[0].value == "last");
  }

  TEST_CASE("csv: a UTF-8 byte order mark is dropped and columns count characters") {
    auto r = Parse("\xEF\xBB\xBF" "email,name\n\xC3\x87" "a,x\n");
    REQUIRE(r.size() == 2);
    CHECK(r[0].fields[0].value == "email");
    CHECK(r[0].fields[0].column == 1);
    CHECK(r[1].fields[0].value == "\xC3\x87" "a");
    CHECK(r[1].fields[1].column == 4);  // "Ça," is three characters
  }

  TEST_CASE("csv: blank lines are skipped, empty fields kept") {
    auto r = Parse("a,b,c\n\n1,,3\n\r\n,,\n");
    REQUIRE(r.size() == 3);
    CHECK(r[1].line == 3);
    CHECK(r[1].fields[1].value.empty());
    CHECK(r[2].line == 5);
    CHECK(r[2].fields.size() == 3);
  }

  TEST_CASE("csv: an unterminated quote is reported where the field started") {
    CsvError e = ParseError("a,b\n1,\"open\n2,3\n");
    CHECK(e.line == 2);
    CHECK(e.column == 3);
    CHECK(e.message.find("never closed") != std::string::npos);
  }

  TEST_CASE("csv: stray quotes are errors") {
    CsvError inside = ParseError("a,b\nab\"c,d\n");
    CHECK(inside.line == 2);
    CHECK(inside.column == 3);
    CsvError after = ParseError("a,b\n\"ab\"c,d\n");
    CHECK(after.line == 2);
    CHECK(after.column == 5);
  }
}

}  // namespace
}  // namespace onboard
