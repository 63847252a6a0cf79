#include "engine/diag/diagnostic.h"

#include <algorithm>

#include <fmt/format.h>

namespace onboard {

std::string SourceLocation::ToString() const {
  if (file.empty()) return {};
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const Diagnostic& d : items_) out += d.ToString() + "\n";
  return out;
}

std::string Diagnostic::ToString() const {
  std::string out;
  if (location.known()) out += location.ToString() + ": ";
  out += severity == Severity::Error ? "error: " : "warning: ";
  if (!subject.empty() && !location.known()) out += subject + ": ";
  if (!field.empty()) out += field + ": ";
  out += summary;
  if (!fix.empty()) out += fmt::format(" (fix: {})", fix);
  return out;
}

void Diagnostics::Error(SourceLocation loc, std::string field, std::string summary, std::string fix) {
  items_.push_back({Severity::Error, std::move(loc), std::move(field), std::move(summary), std::move(fix), {}});
}

void Diagnostics::Warning(SourceLocation loc, std::string field, std::string summary, std::string fix) {
  items_.push_back({Severity::Warning, std::move(loc), std::move(field), std::move(summary), std::move(fix), {}});
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

size_t Diagnostics::error_count() const {
  return std::count_if(items_.begin(), items_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

size_t Diagnostics::warning_count() const { return items_.size() - error_count(); }

}  // namespace onboard
