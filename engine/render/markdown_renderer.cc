#include "engine/render/markdown_renderer.h"

#include <algorithm>

#include <fmt/format.h>

#include "engine/render/mask.h"
#include "engine/render/plan_view.h"

namespace onboard {
namespace {

// Room kept for the closing line that says what was left out.
constexpr size_t kTrailerReserve = 400;

// Text in a table cell or a list item: HTML specials as entities, the Markdown specials that
// format, link or end a cell backslash-escaped (CommonMark allows it before any ASCII
// punctuation), so user data can neither format the comment nor close the table cell.
std::string EscapeInline(const std::string& text) {
  std::string out;
  for (char c : OneLine(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '#': case '~':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

// Text inside an HTML element (<summary>): entities only.
std::string EscapeHtml(const std::string& text) {
  std::string out;
  for (char c : OneLine(text)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

size_t LongestBacktickRun(const std::string& text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

// A code fence longer than any run of backticks in the block, so no value can close it.
std::string FenceFor(const std::string& body) {
  return std::string(std::max<size_t>(3, LongestBacktickRun(body) + 1), '`');
}

// Text in a code span: a run of backticks longer than any inside, padded when the text
// starts or ends with one. Nothing inside a code span formats or links (GitHub would turn an
// address such as customer.acme.admin.ada@acme.example into a mailto link).
std::string CodeSpan(const std::string& text) {
  const std::string t = OneLine(text);
  const std::string ticks(LongestBacktickRun(t) + 1, '`');
  const bool pad = t.front() == '`' || t.back() == '`';
  return ticks + (pad ? " " : "") + t + (pad ? " " : "") + ticks;
}

// Free text with each word that holds an '@' (an email address, an address naming one) in a
// code span, the rest escaped.
std::string WithCodeSpans(const std::string& text) {
  auto escaped = [](const std::string& s) { return s.empty() ? s : EscapeInline(s); };
  std::string out, word;
  auto flush = [&] {
    if (word.find('@') == std::string::npos) {
      out += escaped(word);
    } else {
      size_t begin = word.find_first_not_of("(\"'");
      size_t end = word.find_last_not_of(".,;:!?)\"'") + 1;
      if (begin >= end) out += escaped(word);
      else out += escaped(word.substr(0, begin)) + CodeSpan(word.substr(begin, end - begin)) + escaped(word.substr(end));
    }
    word.clear();
  };
  for (char c : text) {
    if (c == ' ') {
      flush();
      out += ' ';
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

// A diagnostic as a list item: location, severity, then the subject (an address or a customer)
// and the field in code spans; phone numbers masked unless options.show_sensitive.
std::string DiagnosticItem(const Diagnostic& d, const RenderOptions& options) {
  auto shown = [&](const std::string& s) { return options.show_sensitive ? s : MaskPhonesInText(s); };
  std::string out = "- ";
  if (d.location.known()) out += EscapeInline(d.location.ToString()) + ": ";
  out += d.severity == Severity::Error ? "error: " : "warning: ";
  if (!d.subject.empty()) out += CodeSpan(shown(d.subject)) + ": ";
  if (!d.field.empty()) out += CodeSpan(d.field) + ": ";
  out += WithCodeSpans(OneLine(shown(d.summary)));
  if (!d.fix.empty()) out += " (fix: " + WithCodeSpans(OneLine(shown(d.fix))) + ")";
  return out + "\n";
}

// In a ```diff block GitHub colours a line by its first character (the TextMate diff
// grammar): '+' green (markup.inserted), '-' red (markup.deleted), '!' orange
// (markup.changed); any other, '~' included, stays plain. So an update and its fields are
// '!' lines, one line per change with before and after together.
std::string ActionLines(const Plan& plan, const Action& a, const RenderOptions& options) {
  const char* sym = a.type == ActionType::Update ? "!" : ActionTypeSymbol(a.type);
  std::string out = fmt::format("{} {}\n", sym, OneLine(a.address));
  std::vector<ShownChange> changes = ShownChanges(plan, a, options);
  if (a.type == ActionType::Update) {
    for (const ShownChange& c : changes)
      out += fmt::format("!     {}: {} -> {}\n", c.field, FieldValue(c.field, c.before), FieldValue(c.field, c.after));
  } else if (ShowsGoingFields(a)) {
    for (const ShownChange& c : changes) out += fmt::format("-     {}: {}\n", c.field, FieldValue(c.field, c.before));
  } else {
    for (const std::string& line : CompactFields(changes, kCompactWidth))
      out += fmt::format("{}     {}\n", sym, line);
  }
  return out;
}

std::string SectionTitle(const PlanSection& s) {
  return s.customer.empty() ? "company groups" : s.customer;
}

std::string Section(const PlanSection& s, const std::string& diff_body, size_t left_out) {
  std::string body = diff_body;
  if (left_out > 0) body += fmt::format("# ... {} more action{} of this section left out\n", left_out, left_out == 1 ? "" : "s");
  size_t n = s.actions.size();
  std::string fence = FenceFor(body);
  return fmt::format("<details><summary>{} ({} change{})</summary>\n\n{}diff\n{}{}\n\n</details>\n\n",
                     EscapeHtml(SectionTitle(s)), n, n == 1 ? "" : "s", fence, body, fence);
}

struct Counts {
  int create = 0, update = 0, destroy = 0, participants = 0, memberships = 0, warnings = 0, errors = 0;
  void Add(const PlanSection& s) {
    for (const Action* a : s.actions) {
      if (a->object() == ObjectType::TargetGroupMembers) {
        ++memberships;
        continue;
      }
      switch (a->type) {
        case ActionType::Create: ++create; break;
        case ActionType::Update: ++update; break;
        case ActionType::Delete: ++destroy; break;
        case ActionType::AddParticipant:
        case ActionType::RemoveParticipant: ++participants; break;
      }
    }
    warnings += s.warnings;
    errors += s.errors;
  }
};

class Table {
 public:
  Table(bool with_delete, bool with_memberships, bool with_errors)
      : with_delete_(with_delete), with_memberships_(with_memberships), with_errors_(with_errors) {}
  std::string Header() const {
    std::string h = "| customer | create | update |";
    std::string r = "| --- | ---: | ---: |";
    if (with_delete_) h += " delete |", r += " ---: |";
    h += " participants |", r += " ---: |";
    if (with_memberships_) h += " memberships |", r += " ---: |";
    h += " warnings |", r += " ---: |";
    if (with_errors_) h += " errors |", r += " ---: |";
    return h + "\n" + r + "\n";
  }
  std::string Row(const std::string& label, const Counts& c) const {
    std::string row = fmt::format("| {} | {} | {} |", label, c.create, c.update);
    if (with_delete_) row += fmt::format(" {} |", c.destroy);
    row += fmt::format(" {} |", c.participants);
    if (with_memberships_) row += fmt::format(" {} |", c.memberships);
    row += fmt::format(" {} |", c.warnings);
    if (with_errors_) row += fmt::format(" {} |", c.errors);
    return row + "\n";
  }

 private:
  bool with_delete_, with_memberships_, with_errors_;
};

}  // namespace

std::string RenderPlanMarkdown(const Plan& plan, const RenderOptions& options) {
  const size_t limit = options.markdown_limit;
  std::vector<PlanSection> sections = SectionsOf(plan);
  std::string out = "## onboard plan\n\n**" + SummarySentence(plan) + "**\n\n";

  if (!sections.empty()) {
    PlanSummary summary = plan.Summarize();
    Table table(summary.destroy > 0, summary.membership_change > 0, plan.diagnostics.has_errors());
    std::string rows = table.Header();
    Counts total, rest;
    size_t rest_rows = 0;
    for (const PlanSection& s : sections) {
      Counts c;
      c.Add(s);
      total.Add(s);
      std::string label = s.customer.empty() ? "*company groups*" : EscapeInline(s.customer);
      std::string row = table.Row(label, c);
      if (rest_rows == 0 && rows.size() + row.size() <= limit / 4) {
        rows += row;
      } else {
        rest.Add(s);
        ++rest_rows;
      }
    }
    if (rest_rows > 0) rows += table.Row(fmt::format("*{} more customers*", rest_rows), rest);
    // Plan-wide diagnostics belong to no section; the total counts them all.
    total.warnings = static_cast<int>(plan.diagnostics.warning_count());
    total.errors = static_cast<int>(plan.diagnostics.error_count());
    out += rows + table.Row("**total**", total) + "\n";
  }

  size_t diagnostics_left_out = 0;
  for (Severity severity : {Severity::Warning, Severity::Error}) {
    std::string list;
    for (const ListedDiagnostic& entry : ListedDiagnostics(plan, severity)) {
      std::string item =
          entry.diagnostic ? DiagnosticItem(*entry.diagnostic, options) : "- " + EscapeInline(MoreLine(entry)) + "\n";
      if (diagnostics_left_out == 0 && out.size() + list.size() + item.size() <= limit / 2)
        list += item;
      else
        diagnostics_left_out += entry.diagnostic ? 1 : entry.more;
    }
    if (!list.empty()) out += (severity == Severity::Warning ? "### Warnings\n\n" : "### Errors\n\n") + list + "\n";
  }

  if (std::vector<std::string> unlisted = UnlistedLines(plan); !unlisted.empty()) {
    std::string list;
    size_t left = 0;
    for (const std::string& line : unlisted) {
      // The line's `...` parts are code spans; the rest is text.
      std::string item = "- ";
      size_t at = 0;
      for (bool code = false;; code = !code) {
        size_t tick = line.find('`', at);
        std::string part = line.substr(at, tick == std::string::npos ? std::string::npos : tick - at);
        if (!part.empty()) item += code ? CodeSpan(part) : WithCodeSpans(part);
        if (tick == std::string::npos) break;
        at = tick + 1;
      }
      item += "\n";
      if (left == 0 && out.size() + list.size() + item.size() <= limit / 2) list += item;
      else ++left;
    }
    if (left > 0) list += fmt::format("- ... and {} more customers with unlisted objects\n", left);
    out += "### Live but not in the manifests (left alone)\n\n" + list + "\n";
  }

  if (!plan.failed_customers.empty()) {
    out += "### Skipped customers (their live state could not be read)\n\n";
    for (const FailedCustomer& f : plan.failed_customers) out += "- " + EscapeInline(FailedCustomerLine(f)) + "\n";
    out += "\n";
  }

  size_t actions_left_out = 0, customers_left_out = 0;
  bool stopped = false;
  for (const PlanSection& s : sections) {
    if (s.actions.empty()) continue;
    if (stopped) {
      actions_left_out += s.actions.size();
      ++customers_left_out;
      continue;
    }
    std::string body;
    size_t shown = 0;
    for (const Action* a : s.actions) {
      std::string lines = ActionLines(plan, *a, options);
      // What the section would take with this action: body, its frame (about 120 bytes), the trailer.
      if (out.size() + body.size() + lines.size() + 120 + kTrailerReserve > limit) break;
      body += lines;
      ++shown;
    }
    if (shown == s.actions.size()) {
      out += Section(s, body, 0);
      continue;
    }
    stopped = true;
    actions_left_out += s.actions.size() - shown;
    ++customers_left_out;
    if (shown > 0) out += Section(s, body, s.actions.size() - shown);
  }

  if (actions_left_out > 0 || diagnostics_left_out > 0) {
    std::string what;
    if (actions_left_out > 0)
      what = fmt::format("{} action{} of {} customer{}", actions_left_out, actions_left_out == 1 ? "" : "s",
                         customers_left_out, customers_left_out == 1 ? "" : "s");
    if (diagnostics_left_out > 0)
      what += fmt::format("{}{} diagnostic{}", what.empty() ? "" : " and ", diagnostics_left_out,
                          diagnostics_left_out == 1 ? "" : "s");
    out += fmt::format(
        "**Left out: {}**, to keep this comment under {} characters. The full plan is in the saved plan "
        "(`onboard plan --out FILE`, kept as the CI artifact).\n",
        what, limit);
  }
  return out;
}

}  // namespace onboard
