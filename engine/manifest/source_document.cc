#include "engine/manifest/source_document.h"

namespace onboard {

namespace {
const NodeMark kNoMark;

std::string Parent(const std::string& pointer) {
  size_t slash = pointer.rfind('/');
  return slash == std::string::npos ? std::string() : pointer.substr(0, slash);
}
}  // namespace

const NodeMark& SourceDocument::Mark(const std::string& pointer) const {
  auto it = marks.find(pointer);
  return it == marks.end() ? kNoMark : it->second;
}

SourceLocation SourceDocument::ValueLocation(const std::string& pointer) const {
  std::string p = pointer;
  for (;;) {
    const NodeMark& m = Mark(p);
    if (m.line > 0) return {file, m.line, m.column};
    if (p.empty()) return {file, 0, 0};
    p = Parent(p);
  }
}

SourceLocation SourceDocument::KeyLocation(const std::string& pointer) const {
  const NodeMark& m = Mark(pointer);
  if (m.key_line > 0) return {file, m.key_line, m.key_column};
  return ValueLocation(pointer);
}

std::string EscapePointerToken(const std::string& token) {
  if (token.find_first_of("~/") == std::string::npos) return token;
  std::string out;
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace onboard
