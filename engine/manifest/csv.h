#pragma once
// A small RFC 4180 CSV reader that remembers where every field starts.
//
// Why our own: Debian has no well-kept C++ CSV parser that fits. libcsv is C, callback-based,
// and reports no line or column, and a reseller's CSV error must name file:line:column. The
// format is small (quoted fields with commas, doubled quotes, newlines inside quotes, CRLF or
// LF, an optional UTF-8 byte order mark), so a tested ~150-line reader is the simpler choice.

#include <string>
#include <string_view>
#include <vector>

namespace onboard {

/// One field of a CSV record, unquoted, with where it starts (1-based; column counts UTF-8
/// characters, not bytes).
struct CsvField {
  std::string value;
  int line = 0;
  int column = 0;
  bool quoted = false;
};

/// One record: its fields and the line it starts on.
struct CsvRecord {
  std::vector<CsvField> fields;
  int line = 0;
};

/// Where and why a CSV text could not be read.
struct CsvError {
  int line = 0;
  int column = 0;
  std::string message;
};

/// Reads RFC 4180 text into records. Accepts LF and CRLF line ends, a leading UTF-8 BOM, a
/// missing final line end, and skips blank lines. Returns false and fills *error at the first
/// problem: an unterminated quoted field (reported where the field started), a quote inside an
/// unquoted field, or text after a closing quote. *records then holds the records before it.
bool ParseCsv(std::string_view text, std::vector<CsvRecord>* records, CsvError* error);

}  // namespace onboard
