#include "engine/manifest/text_checks.h"

#include <fmt/format.h>

namespace onboard {

namespace {

// Decodes the UTF-8 character at text[*pos]; false (and *pos unchanged) if it is not one.
bool Decode(std::string_view text, size_t* pos, char32_t* out) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  size_t i = *pos;
  unsigned char b = byte(i);
  size_t length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) return false;
  char32_t c = length == 1 ? b : length == 2 ? (b & 0x1F) : length == 3 ? (b & 0x0F) : (b & 0x07);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return false;
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  static const char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMin[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;  // overlong, surrogate
  *pos = i + length;
  *out = c;
  return true;
}

bool IsControl(char32_t c, bool multiline) {
  if (multiline && (c == '\t' || c == '\n' || c == '\r')) return false;
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool IsSpace(char32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool IsMultiline(const std::string& key) { return key == "description" || key == "address"; }

class Walker {
 public:
  Walker(const SourceDocument& doc, Diagnostics* diags) : doc_(doc), diags_(diags) {}

  void Walk(const rapidjson::Value& v, const std::string& pointer, const std::string& path, const std::string& key) {
    if (v.IsString()) {
      std::string problem = TextProblem({v.GetString(), v.GetStringLength()}, IsMultiline(key));
      if (!problem.empty()) Report(doc_.ValueLocation(pointer), path, problem, key);
    } else if (v.IsArray()) {
      for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
        Walk(v[i], fmt::format("{}/{}", pointer, i), fmt::format("{}[{}]", path, i), key);
    } else if (v.IsObject()) {
      for (auto& m : v.GetObject()) {
        std::string name(m.name.GetString(), m.name.GetStringLength());
        std::string child_pointer = pointer + "/" + EscapePointerToken(name);
        std::string child_path = path.empty() ? name : path + "." + name;
        std::string problem = TextProblem(name, false);
        if (!problem.empty() && problem.rfind("must not be blank", 0) != 0)
          diags_->Error(doc_.KeyLocation(child_pointer), Printable(child_path), "the key " + problem, "retype the key");
        Walk(m.value, child_pointer, child_path, name);
      }
    }
  }

 private:
  void Report(const SourceLocation& loc, const std::string& path, const std::string& problem, const std::string& key) {
    std::string fix;
    if (problem.rfind("must not be blank", 0) == 0) fix = "write the value, or remove the field";
    else if (problem.find("UTF-8") != std::string::npos) fix = "save the file as UTF-8";
    else if (IsMultiline(key)) fix = "remove the character";
    else fix = "remove the character; only description and address may hold line breaks and tabs";
    diags_->Error(loc, path, problem, fix);
  }

  const SourceDocument& doc_;
  Diagnostics* diags_;
};

}  // namespace

std::string TextProblem(std::string_view text, bool multiline) {
  bool blank = true;
  size_t character = 1;
  for (size_t pos = 0; pos < text.size(); ++character) {
    char32_t c = 0;
    if (!Decode(text, &pos, &c))
      return fmt::format("is not valid UTF-8: byte 0x{:02X} at character {} starts no character",
                         static_cast<unsigned char>(text[pos]), character);
    if (IsControl(c, multiline))
      return fmt::format("contains the control character U+{:04X} at character {}", static_cast<uint32_t>(c),
                         character);
    blank = blank && IsSpace(c);
  }
  if (blank && !text.empty()) return "must not be blank: it holds only white space";
  return {};
}

std::string Printable(std::string_view text) {
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    size_t start = pos;
    char32_t c = 0;
    if (!Decode(text, &pos, &c)) {
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[pos]));
      ++pos;
    } else if (IsControl(c, false)) {
      out += c < 0x80 ? fmt::format("\\x{:02X}", static_cast<uint32_t>(c)) : fmt::format("\\u{{{:04X}}}", static_cast<uint32_t>(c));
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

void CheckDocumentText(const SourceDocument& doc, Diagnostics* diags) {
  Walker(doc, diags).Walk(doc.json, "", "", "");
}

}  // namespace onboard
