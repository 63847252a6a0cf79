#include "engine/manifest/yaml_reader.h"

#include <charconv>
#include <cstdlib>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace onboard {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool LooksLikeInteger(const std::string& s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i)
    if (!IsDigit(s[i])) return false;
  return true;
}

// YAML 1.2 core schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool LooksLikeFloat(const std::string& s) {
  size_t i = 0, n = s.size();
  if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < n && IsDigit(s[i])) ++i, ++int_digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && IsDigit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < n && IsDigit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == n;
}

class Converter {
 public:
  Converter(const std::string& file, const std::string& text, SourceDocument* out, Diagnostics* diags)
      : file_(file), text_(text), out_(out), diags_(diags) {}

  /// True when the text is broken in a way yaml-cpp accepted (an unclosed quote at the end).
  bool broken() const { return broken_; }

  void Convert(const YAML::Node& node, rapidjson::Value* value, const std::string& pointer,
               const std::string& path) {
    NodeMark& mark = out_->marks[pointer];
    if (node.Mark().line >= 0) {
      mark.line = node.Mark().line + 1;
      mark.column = node.Mark().column + 1;
    }
    auto& alloc = out_->json.GetAllocator();
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        value->SetNull();
        mark.raw = node.Type() == YAML::NodeType::Null ? "null" : "";
        break;
      case YAML::NodeType::Scalar:
        ConvertScalar(node, value, &mark);
        break;
      case YAML::NodeType::Sequence: {
        value->SetArray();
        value->Reserve(static_cast<rapidjson::SizeType>(node.size()), alloc);
        size_t index = 0;
        for (const YAML::Node& item : node) {
          rapidjson::Value child;
          Convert(item, &child, fmt::format("{}/{}", pointer, index), fmt::format("{}[{}]", path, index));
          value->PushBack(child, alloc);
          ++index;
        }
        break;
      }
      case YAML::NodeType::Map: {
        value->SetObject();
        std::unordered_map<std::string, int> seen;  // key -> line
        for (auto it = node.begin(); it != node.end(); ++it) {
          // yaml-cpp's iterator yields a temporary pair: copy the (cheap, shared) nodes.
          const YAML::Node key = it->first;
          const YAML::Node item = it->second;
          SourceLocation key_loc{file_, key.Mark().line + 1, key.Mark().column + 1};
          if (!key.IsScalar()) {
            diags_->Error(key_loc, path, "a mapping key must be a plain name, not a list or mapping");
            continue;
          }
          const std::string& name = key.Scalar();
          std::string child_path = path.empty() ? name : path + "." + name;
          auto [first, inserted] = seen.emplace(name, key_loc.line);
          if (!inserted) {
            diags_->Error(key_loc, child_path,
                          fmt::format("duplicate key `{}` (first set on line {})", name, first->second),
                          "remove one of them");
            continue;
          }
          std::string child_pointer = pointer + "/" + EscapePointerToken(name);
          rapidjson::Value child;
          Convert(item, &child, child_pointer, child_path);
          NodeMark& child_mark = out_->marks[child_pointer];
          child_mark.key_line = key_loc.line;
          child_mark.key_column = key_loc.column;
          if (child_mark.line == 0 || child.IsNull()) {  // an empty value has no mark of its own
            child_mark.line = key_loc.line;
            child_mark.column = key_loc.column;
          }
          value->AddMember(rapidjson::Value(name.c_str(), static_cast<rapidjson::SizeType>(name.size()), alloc),
                           child, alloc);
        }
        break;
      }
    }
  }

 private:
  void ConvertScalar(const YAML::Node& node, rapidjson::Value* value, NodeMark* mark) {
    const std::string& s = node.Scalar();
    const std::string& tag = node.Tag();
    auto& alloc = out_->json.GetAllocator();
    bool plain = tag != "!" && tag != "tag:yaml.org,2002:str";
    if (tag == "!") CheckClosed(node.Mark());
    if (plain) {
      if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
        value->SetBool(s[0] == 't' || s[0] == 'T');
        mark->raw = s;
        return;
      }
      if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
        value->SetNull();
        mark->raw = s.empty() ? "null" : s;
        return;
      }
      if (LooksLikeInteger(s)) {
        int64_t n = 0;
        const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
        auto [end, ec] = std::from_chars(begin, s.data() + s.size(), n);
        if (ec == std::errc() && end == s.data() + s.size()) value->SetInt64(n);
        else value->SetDouble(std::strtod(s.c_str(), nullptr));
        mark->raw = s;
        return;
      }
      if (LooksLikeFloat(s)) {
        value->SetDouble(std::strtod(s.c_str(), nullptr));
        mark->raw = s;
        return;
      }
    }
    value->SetString(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), alloc);
  }

  // yaml-cpp 0.7 silently ends a quoted scalar that is never closed at the end of the text;
  // look for the closing quote ourselves.
  void CheckClosed(const YAML::Mark& mark) {
    if (mark.pos < 0 || static_cast<size_t>(mark.pos) >= text_.size()) return;
    size_t i = static_cast<size_t>(mark.pos);
    char quote = text_[i];
    if (quote != '"' && quote != '\'') return;
    for (++i; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;
      } else if (quote == '\'' && text_[i] == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
        ++i;
      } else if (text_[i] == quote) {
        return;
      }
    }
    broken_ = true;
    diags_->Error({file_, mark.line + 1, mark.column + 1}, "",
                  fmt::format("invalid YAML: the quoted value that starts here is never closed"),
                  fmt::format("add the closing {} at the end of the value", quote));
  }

  const std::string& file_;
  const std::string& text_;
  bool broken_ = false;
  SourceDocument* out_;
  Diagnostics* diags_;
};

// The last `[` or `{` before `end` that is not closed (outside quotes and comments), as
// 0-based line and column; false if there is none. yaml-cpp reports an unclosed flow
// collection where it gave up, often lines later; the opener is what the user must fix.
bool FindUnclosedFlow(const std::string& text, size_t end, int* line, int* column) {
  struct Open { int line, column; };
  std::vector<Open> stack;
  int l = 0, c = 0;
  char quote = 0;
  bool comment = false;
  for (size_t i = 0; i < end && i < text.size(); ++i) {
    char ch = text[i];
    if (ch == '\n') {
      ++l;
      c = 0;
      comment = false;
      continue;
    }
    if (comment) {
    } else if (quote) {
      if (ch == quote) quote = 0;
    } else if (ch == '#' && (c == 0 || text[i - 1] == ' ')) {
      comment = true;
    } else if ((ch == '"' || ch == '\'') && (c == 0 || std::string(" [{,:").find(text[i - 1]) != std::string::npos)) {
      quote = ch;
    } else if (ch == '[' || ch == '{') {
      stack.push_back({l, c});
    } else if ((ch == ']' || ch == '}') && !stack.empty()) {
      stack.pop_back();
    }
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++c;
  }
  if (stack.empty()) return false;
  *line = stack.back().line;
  *column = stack.back().column;
  return true;
}

std::string SyntaxFix(const std::string& message) {
  if (message.find("tab") != std::string::npos) return "indent with spaces, not tabs";
  if (message.find("quote") != std::string::npos || message.find("end of") != std::string::npos)
    return "check the indentation and that every quote, [ and { is closed";
  return "check the indentation: nested fields are indented by the same number of spaces, "
         "and a key is followed by `: `";
}

}  // namespace

std::vector<SourceDocument> ReadYamlDocuments(const std::string& file, const std::string& text,
                                              Diagnostics* diags) {
  std::vector<SourceDocument> out;
  std::vector<YAML::Node> nodes;
  try {
    nodes = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    SourceLocation loc{file, 0, 0};
    if (!e.mark.is_null()) loc = {file, e.mark.line + 1, e.mark.column + 1};
    std::string message = e.msg;
    int open_line = 0, open_column = 0;
    if (message.find("flow not found") != std::string::npos && e.mark.pos >= 0 &&
        FindUnclosedFlow(text, static_cast<size_t>(e.mark.pos), &open_line, &open_column)) {
      loc = {file, open_line + 1, open_column + 1};
      message = fmt::format("the {} opened here is never closed ({})",
                            message.find("map") != std::string::npos ? "{" : "[", message);
    }
    // A tab where YAML expects indentation surfaces as some other error; name the real cause.
    if (loc.line > 0) {
      size_t begin = 0;
      for (int l = 1; l < loc.line && begin != std::string::npos; ++l) {
        begin = text.find('\n', begin);
        if (begin != std::string::npos) ++begin;
      }
      if (begin != std::string::npos) {
        size_t end = text.find('\n', begin);
        std::string_view line_text(text.data() + begin, (end == std::string::npos ? text.size() : end) - begin);
        size_t tab = line_text.find('\t');
        if (tab != std::string::npos && line_text.find_first_not_of(" \t") >= tab)
          message = "a tab character is used for indentation";
      }
    }
    diags->Error(loc, "", "invalid YAML: " + message, SyntaxFix(message));
    return out;
  }
  for (const YAML::Node& node : nodes) {
    if (node.IsNull()) continue;  // an empty document, e.g. after a trailing `---`
    SourceDocument doc;
    doc.file = file;
    Converter converter(file, text, &doc, diags);
    converter.Convert(node, &doc.json, "", "");
    if (converter.broken()) return {};
    if (!doc.json.IsObject()) {
      diags->Error(doc.ValueLocation(""), "",
                   "a manifest document must be a mapping with apiVersion, kind, metadata and spec");
      continue;
    }
    out.push_back(std::move(doc));
  }
  return out;
}

}  // namespace onboard
