#pragma once
// YAML text -> SourceDocuments. The one place that includes yaml-cpp; its exceptions stop here.

#include <cstddef>
#include <string>
#include <vector>

#include "engine/diag/diagnostic.h"
#include "engine/manifest/source_document.h"

namespace onboard {

/// What one file may hold. The defaults are the limits of every manifest; tests lower them to
/// check the boundary without writing a million values.
struct YamlLimits {
  /// Values in all, aliases' repetitions included (memory is about 200 bytes a value; a
  /// manifest of 10,000 inline target users holds about 120,000).
  size_t max_values = 1000000;
};

/// Reads every document of `text` (documents separated by `---`) as JSON, keeping each value's
/// line and column. Scalar types: a quoted scalar is a string; a plain one is null (empty, ~,
/// null), a boolean (true/false), an integer ([-+]?[0-9]+), a number (decimal or exponent) or
/// else a string (so `2026-01-01` stays a string). Empty documents are skipped. Problems go to
/// *diags at file:line:column: a syntax error (no document of the file is returned then), a
/// duplicate or non-scalar mapping key, a document that is not a mapping.
std::vector<SourceDocument> ReadYamlDocuments(const std::string& file, const std::string& text,
                                              Diagnostics* diags, const YamlLimits& limits = {});

}  // namespace onboard
