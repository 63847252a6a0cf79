#include "engine/manifest/yaml_reader.h"

#include <charconv>
#include <cstdlib>
#include <unordered_map>

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
  Converter(const std::string& file, SourceDocument* out, Diagnostics* diags)
      : file_(file), out_(out), diags_(diags) {}

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
          const YAML::Node& key = it->first;
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
          Convert(it->second, &child, child_pointer, child_path);
          NodeMark& child_mark = out_->marks[child_pointer];
          child_mark.key_line = key_loc.line;
          child_mark.key_column = key_loc.column;
          if (child_mark.line == 0) {  // an empty value has no mark of its own
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

  const std::string& file_;
  SourceDocument* out_;
  Diagnostics* diags_;
};

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
    Converter converter(file, &doc, diags);
    converter.Convert(node, &doc.json, "", "");
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
