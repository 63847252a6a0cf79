#include "engine/render/text_renderer.h"

#include <fmt/format.h>

#include "engine/render/plan_view.h"

namespace onboard {
namespace {

// Creates list their fields on wrapped lines (kCompactWidth) after this indent.
constexpr const char* kFieldIndent = "      ";

class Styler {
 public:
  explicit Styler(bool color) : color_(color) {}
  std::string Bold(const std::string& s) const { return Wrap("1", s); }
  std::string Symbol(ActionType type) const {
    const char* sym = ActionTypeSymbol(type);
    switch (type) {
      case ActionType::Create:
      case ActionType::AddParticipant: return Wrap("32", sym);
      case ActionType::Update: return Wrap("33", sym);
      case ActionType::Delete:
      case ActionType::RemoveParticipant: return Wrap("31", sym);
    }
    return sym;
  }
  std::string Red(const std::string& s) const { return Wrap("31", s); }
  std::string Level(const Diagnostic& d, const std::string& line) const {
    return Wrap(d.severity == Severity::Error ? "31" : "33", line);
  }

 private:
  std::string Wrap(const char* code, const std::string& s) const {
    return color_ ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : s;
  }
  bool color_;
};

void RenderAction(const Plan& plan, const Action& a, const RenderOptions& options, const Styler& style,
                  std::string* out) {
  *out += fmt::format("  {} {}\n", style.Symbol(a.type), style.Bold(OneLine(a.address)));
  std::vector<ShownChange> changes = ShownChanges(plan, a, options);
  if (a.type == ActionType::Update) {
    for (const ShownChange& c : changes)
      *out += fmt::format("{}{}: {} -> {}\n", kFieldIndent, c.field, FieldValue(c.field, c.before),
                          FieldValue(c.field, c.after));
  } else if (ShowsGoingFields(a)) {
    // Every field that goes, on its own line, in red.
    for (const ShownChange& c : changes)
      *out += kFieldIndent + style.Red(fmt::format("- {}: {}", c.field, FieldValue(c.field, c.before))) + "\n";
  } else {
    for (const std::string& line : CompactFields(changes, kCompactWidth)) *out += kFieldIndent + line + "\n";
  }
}

}  // namespace

std::string RenderPlanText(const Plan& plan, const RenderOptions& options) {
  std::string out;
  // About the final size up front: growing a hundred-megabyte string by doubling holds two
  // copies at once.
  size_t estimate = 4096;
  for (const Action& a : plan.actions) estimate += 2 * a.address.size() + 160;
  out.reserve(estimate);
  WritePlanText(plan, options, [&out](std::string_view piece) { out += piece; });
  return out;
}

void WritePlanText(const Plan& plan, const RenderOptions& options, const std::function<void(std::string_view)>& write) {
  constexpr size_t kPiece = 64 * 1024;
  Styler style(options.color);
  std::string out;
  out.reserve(2 * kPiece);
  auto flush = [&] {
    if (out.empty()) return;
    write(out);
    out.clear();
  };
  if (plan.has_changes()) {
    out += "onboard will perform the following actions (+ create, ~ update, - delete):\n";
    for (const PlanSection& section : SectionsOf(plan)) {
      if (section.actions.empty()) continue;
      std::string heading = section.customer.empty() ? "Company groups:" : "Customer " + OneLine(section.customer) + ":";
      out += "\n" + style.Bold(heading) + "\n";
      for (const Action* a : section.actions) {
        RenderAction(plan, *a, options, style, &out);
        if (out.size() >= kPiece) flush();
      }
    }
    out += "\n";
  }
  if (std::vector<std::string> unlisted = UnlistedLines(plan); !unlisted.empty()) {
    out += style.Bold("Live but not in the manifests (left alone):") + "\n";
    for (const std::string& line : unlisted) out += "  " + line + "\n";
    out += "\n";
  }
  bool any_diagnostic = false;
  for (Severity severity : {Severity::Warning, Severity::Error}) {
    for (const ListedDiagnostic& entry : ListedDiagnostics(plan, severity)) {
      if (entry.diagnostic) out += style.Level(*entry.diagnostic, DiagnosticLine(*entry.diagnostic, options)) + "\n";
      else out += MoreLine(entry) + "\n";
      any_diagnostic = true;
    }
  }
  Diagnostic as_error;  // skipped customers are shown in the colour of errors
  as_error.severity = Severity::Error;
  for (const FailedCustomer& f : plan.failed_customers) {
    out += style.Level(as_error, "error: " + FailedCustomerLine(f)) + "\n";
    any_diagnostic = true;
  }
  if (!plan.failed_customers.empty())
    out += fmt::format("{} customer{} skipped: the others can be applied; apply exits 1 until every customer is read.\n",
                       plan.failed_customers.size(), plan.failed_customers.size() == 1 ? " was" : "s were");
  if (size_t errors = plan.diagnostics.error_count(); errors > 0)
    out += fmt::format("The plan has {} error{}: it can be shown but not applied.\n", errors, errors == 1 ? "" : "s");
  if (any_diagnostic) out += "\n";
  out += style.Bold(SummarySentence(plan)) + "\n";
  flush();
}

}  // namespace onboard
