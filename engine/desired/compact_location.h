#pragma once
// A source location whose file name is interned (InternFileName): 16 bytes and no allocation,
// for what there is one of per planned action (Action::source, ActionReport::source). A
// fresh plan of a hundred thousand target users held a copy of the manifest's path in each
// action and again in each report: 26 MB.

#include <string>

#include "engine/desired/entry_locations.h"
#include "engine/diag/diagnostic.h"

namespace onboard {

/// A SourceLocation with an interned file name; converts to and from SourceLocation.
class CompactLocation {
 public:
  CompactLocation() = default;
  CompactLocation(const SourceLocation& l)  // NOLINT: implicit by design, as SourceLocation was
      : file_(l.known() ? InternFileName(l.file) : nullptr), line_(l.line), column_(l.column) {}
  CompactLocation(const std::string& file, int line, int column)
      : CompactLocation(SourceLocation{file, line, column}) {}
  operator SourceLocation() const { return {file_ ? *file_ : std::string(), line_, column_}; }  // NOLINT

  bool known() const { return file_ != nullptr; }
  /// SourceLocation::ToString of the same location.
  std::string ToString() const { return SourceLocation(*this).ToString(); }

 private:
  const std::string* file_ = nullptr;
  int line_ = 0;
  int column_ = 0;
};

}  // namespace onboard
