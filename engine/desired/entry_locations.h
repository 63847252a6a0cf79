#pragma once
// Compact source locations for the fields of one list entry (a target user): at 100,000s of
// users, a std::map of full SourceLocations per user (the file name copied into each) cost
// more memory than the users themselves. File names are interned once per process; the
// entry's own location is kept inline, and a field is stored only where it differs from it
// (so a CSV row, whose fields all point at the row, holds no field at all).

#include <string>
#include <string_view>
#include <vector>

#include "engine/diag/diagnostic.h"

namespace onboard {

/// The interned copy of a file name: one per distinct name for the life of the process, so
/// the pointer can be kept and compared instead of the string. Thread-safe.
const std::string* InternFileName(const std::string& file);

/// Locations of an entry's fields, keyed by field path relative to the entry ("email",
/// "timeZone", "manager.email", ...); "" is the entry itself.
class EntryLocations {
 public:
  /// Records where `key` is (replacing an earlier location of `key`). An unknown location is
  /// not recorded.
  void Set(std::string_view key, const SourceLocation& location);
  /// Where `key` is: its own location, else the entry's (for "" and every unrecorded key),
  /// else `fallback` when the entry's location is unknown too.
  SourceLocation Find(std::string_view key, const SourceLocation& fallback = {}) const;
  /// True when `key` has a location of its own ("" : the entry has one).
  bool Has(std::string_view key) const;

 private:
  struct Field {
    const std::string* key = nullptr;  // interned: the field paths are a few dozen names
    const std::string* file = nullptr;
    int line = 0;
    int column = 0;
  };
  const std::string* file_ = nullptr;  // the entry's; null while unknown
  int line_ = 0;
  int column_ = 0;
  std::vector<Field> fields_;  // only those that differ from the entry's location
};

}  // namespace onboard
