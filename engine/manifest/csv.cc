#include "engine/manifest/csv.h"

namespace onboard {

namespace {

// Walks the text byte by byte, keeping line and (UTF-8 character) column of the next byte.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool done() const { return pos_ >= text_.size(); }
  char peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  int line() const { return line_; }
  int column() const { return column_; }
  void advance() {
    char c = text_[pos_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;
    } else {
      // A UTF-8 continuation byte belongs to the character already counted.
    }
  }
  // True at "\n" or "\r\n".
  bool at_line_end() const { return peek() == '\n' || (peek() == '\r' && peek(1) == '\n'); }
  void skip_line_end() {
    if (peek() == '\r') ++pos_;  // the '\n' that follows moves the line
    advance();
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

bool ParseCsv(std::string_view text, std::vector<CsvRecord>* records, CsvError* error) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Cursor in(text);
  while (!in.done()) {
    if (in.at_line_end()) {  // blank line
      in.skip_line_end();
      continue;
    }
    CsvRecord record;
    record.line = in.line();
    for (;;) {
      CsvField field;
      field.line = in.line();
      field.column = in.column();
      if (in.peek() == '"') {
        field.quoted = true;
        in.advance();
        for (;;) {
          if (in.done()) {
            *error = {field.line, field.column,
                      "quoted field is never closed: a `\"` is missing before the end of the file"};
            return false;
          }
          char c = in.peek();
          if (c == '"' && in.peek(1) == '"') {
            field.value += '"';
            in.advance();
            in.advance();
          } else if (c == '"') {
            in.advance();
            break;
          } else {
            field.value += c;
            in.advance();
          }
        }
        if (!in.done() && in.peek() != ',' && !in.at_line_end()) {
          *error = {in.line(), in.column(),
                    "text after the closing quote of a quoted field; write a quote inside a "
                    "quoted field as `\"\"`"};
          return false;
        }
      } else {
        while (!in.done() && in.peek() != ',' && !in.at_line_end()) {
          if (in.peek() == '"') {
            *error = {in.line(), in.column(),
                      "a quote inside an unquoted field; quote the whole field and double the "
                      "quote: \"say \"\"hi\"\"\""};
            return false;
          }
          field.value += in.peek();
          in.advance();
        }
      }
      record.fields.push_back(std::move(field));
      if (!in.done() && in.peek() == ',') {
        in.advance();
        continue;
      }
      break;
    }
    if (!in.done()) in.skip_line_end();
    records->push_back(std::move(record));
  }
  return true;
}

}  // namespace onboard
