#pragma once
// A manifest document (or a CSV file's rows) as JSON, with the place in the source file of
// every value. The schema check and the loader read these; only yaml_reader.cc knows YAML.

#include <string>
#include <unordered_map>

#include <rapidjson/document.h>

#include "engine/diag/diagnostic.h"

namespace onboard {

/// Where one value (and, for a mapping member, its key) stands in the source. 1-based; 0 = unknown.
struct NodeMark {
  int line = 0;
  int column = 0;
  int key_line = 0;
  int key_column = 0;
  /// The scalar as written when it was read as a number, boolean or null ("" otherwise),
  /// so that messages can quote what the user wrote (e.g. a phone number's leading zero).
  std::string raw;
};

/// A JSON value tree plus the marks of its values, keyed by JSON pointer ("" is the root,
/// "/spec/admins/0/email" a member; RFC 6901 escaping of '~' and '/').
struct SourceDocument {
  std::string file;  ///< as the user named it
  rapidjson::Document json;
  std::unordered_map<std::string, NodeMark> marks;

  /// The mark of the value at `pointer`, or an empty mark.
  const NodeMark& Mark(const std::string& pointer) const;
  /// file:line:column of the value at `pointer` (the nearest known parent if it has none).
  SourceLocation ValueLocation(const std::string& pointer) const;
  /// file:line:column of the key of the member at `pointer`, else of its value.
  SourceLocation KeyLocation(const std::string& pointer) const;
};

/// `token` escaped for use in a JSON pointer.
std::string EscapePointerToken(const std::string& token);

}  // namespace onboard
