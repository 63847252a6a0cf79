#pragma once
// Diagnostics: problems are collected, not thrown, and reported all at once (Terraform's
// tfdiags). Every stage that can find several problems appends to a Diagnostics list.

#include <string>
#include <vector>

namespace onboard {

/// Where something came from in a manifest or CSV file. line/column are 1-based; 0 = unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  bool known() const { return !file.empty(); }
  /// "file:line:column" (or "file:line", or "file"), the prefix of every located message.
  std::string ToString() const;
};

enum class Severity { Error, Warning };

/// One problem: where, which field, what is wrong, how to fix it.
struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLocation location;
  std::string field;    ///< dotted path of the field, e.g. "spec.license.users"; may be empty
  std::string summary;  ///< one plain sentence: what is wrong
  std::string fix;      ///< how to fix it; may be empty
  std::string subject;  ///< what it concerns when there is no location, e.g. "customer acme"
  /// What the diagnostics of one kind have in common, said once for all of them ("the
  /// platform may email an invitation to each new admin"): people's renderings list the
  /// first few of a group and count the rest. "" = listed always.
  std::string group;

  /// "file:line:col: error: spec.license.users: must be at least 1 (fix: ...)".
  std::string ToString() const;
};

/// An ordered list of diagnostics.
class Diagnostics {
 public:
  void Add(Diagnostic d) { items_.push_back(std::move(d)); }
  void Error(SourceLocation loc, std::string field, std::string summary, std::string fix = {});
  void Warning(SourceLocation loc, std::string field, std::string summary, std::string fix = {});
  void Append(const Diagnostics& other);

  bool has_errors() const;
  size_t error_count() const;
  size_t warning_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  bool empty() const { return items_.empty(); }
  /// Each diagnostic's ToString() on its own line, in order (for tests and logs).
  std::string ToString() const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace onboard
