#include "engine/manifest/yaml_reader.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <istream>
#include <streambuf>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "engine/manifest/text_checks.h"
#include "engine/text/strings.h"

namespace onboard {

namespace {

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

// The largest nesting a document may have (a manifest needs 6: spec.targetUsers[0].manager.email)
// and how many values aliases may add to one file: the larger of kMinAliasValues and the
// file's size in bytes, so that what a file expands to stays proportional to what it is.
// How many values a file may hold in all is YamlLimits::max_values.
constexpr int kMaxDepth = 64;
constexpr size_t kMinAliasValues = 10000;

// Thrown from the event handler to stop reading a file at once (a limit was hit).
struct Refusal {
  YAML::Mark mark;
  std::string message;
  std::string fix;
  std::string field;
};

// Lets yaml-cpp read the text in place (an istringstream would copy it).
class TextBuffer : public std::streambuf {
 public:
  explicit TextBuffer(const std::string& text) {
    char* begin = const_cast<char*>(text.data());  // only ever read
    setg(begin, begin, begin + text.size());
  }
};

// Builds SourceDocuments straight from yaml-cpp's parser events (not from YAML::Node, whose
// graph shares an aliased node and so recurses forever on `a: &x [*x]` and expands a
// "billion laughs" file to gigabytes). Aliases are expanded here, counted and bounded;
// merge keys (`<<: *base`) are applied here, as yaml-cpp 0.7 leaves them to the reader.
class Builder : public YAML::EventHandler {
 public:
  Builder(const std::string& file, const std::string& text, Diagnostics* diags, const YamlLimits& limits)
      : file_(file), text_(text), diags_(diags), limits_(limits),
        alias_budget_(std::max(kMinAliasValues, text.size())) {}

  std::vector<SourceDocument>& documents() { return documents_; }
  /// True when the text is broken in a way yaml-cpp accepted (an unclosed quote at the end).
  bool broken() const { return broken_; }

  void OnDocumentStart(const YAML::Mark&) override {
    doc_ = SourceDocument();
    doc_.file = file_;
    has_root_ = false;
    stack_.clear();
    anchors_.clear();
    log_.clear();
    recording_ = 0;
    ignore_depth_ = 0;
  }

  void OnDocumentEnd() override {
    if (!has_root_ || doc_.json.IsNull()) return;  // an empty document, e.g. after a trailing `---`
    if (!doc_.json.IsObject()) {
      diags_->Error(doc_.ValueLocation(""), "",
                    "a manifest document must be a mapping with apiVersion, kind, metadata and spec");
      return;
    }
    documents_.push_back(std::move(doc_));
  }

  void OnAnchor(const YAML::Mark&, const std::string& name) override { anchor_name_ = name; }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (Ignoring() || SkipIfAsked()) return;
    Slot slot = Next(mark);
    if (slot.kind == Slot::Key) return BadKey(mark, "a mapping key must be a plain name, not empty");
    NodeMark& m = Mark(slot.pointer, mark);
    m.raw = "null";
    rapidjson::Value v;
    AddValues(1, mark, slot.path);
    Remember(anchor, v, slot.pointer, 0, 1);
    Place(std::move(v), slot);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (tag == "!") CheckClosed(mark);
    if (Ignoring() || SkipIfAsked()) return;
    Slot slot = Next(mark);
    if (slot.kind == Slot::Key) {
      if (anchor) {  // `&k key: ...`, so that *k may name the key's text later
        anchor_names_[anchor] = anchor_name_;
        Anchor& a = anchors_[anchor];
        a.value.SetString(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), doc_.json.GetAllocator());
        a.marks = {{std::string(), NodeMark{mark.line + 1, mark.column + 1, 0, 0, {}}}};
      }
      return TakeKey(mark, tag, value);
    }
    if (tag == "tag:yaml.org,2002:binary")
      diags_->Error(Location(mark), slot.path, "binary values (!!binary) are not accepted: every value is text",
                    "write the value as plain text, without the !!binary tag");
    NodeMark& m = Mark(slot.pointer, mark);
    rapidjson::Value v;
    ConvertScalar(value, tag, &v, &m);
    AddValues(1, mark, slot.path);
    Remember(anchor, v, slot.pointer, 0, 1);
    Place(std::move(v), slot);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (Ignoring() || SkipIfAsked()) return;
    Slot slot = Next(mark);
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      bool open = std::any_of(stack_.begin(), stack_.end(), [&](const Frame& f) { return f.anchor == anchor; });
      if (open)
        throw Refusal{mark,
                      fmt::format("the alias *{} is inside the value it names (a recursive alias)", AnchorName(anchor)),
                      "an alias may only name a value that is complete before it; remove the alias", slot.path};
      // The anchored value was dropped after an error reported above.
      diags_->Error(Location(mark), slot.path, fmt::format("the alias *{} names a value that has an error", AnchorName(anchor)));
      rapidjson::Value v;
      Place(std::move(v), slot);
      return;
    }
    const Anchor& a = it->second;
    if (slot.kind == Slot::Key) {
      if (!a.value.IsString()) return BadKey(mark, "a mapping key must be a plain name, not a list or mapping");
      return TakeKey(mark, "!", std::string(a.value.GetString(), a.value.GetStringLength()));
    }
    if (Depth() + a.height > kMaxDepth)
      throw Refusal{mark,
                    fmt::format("the alias *{} nests values more than {} levels deep", AnchorName(anchor), kMaxDepth),
                    "a manifest needs only a few levels; flatten the values", slot.path};
    Spend(a.nodes, mark, fmt::format("at *{}", AnchorName(anchor)), slot.path);
    AddValues(a.nodes, mark, slot.path);
    auto& alloc = doc_.json.GetAllocator();
    rapidjson::Value v(a.value, alloc);
    for (const auto& [relative, m] : a.marks) {
      std::string pointer = slot.pointer + relative;
      NodeMark& to = doc_.marks[pointer];
      to.line = m.line;
      to.column = m.column;
      to.raw = m.raw;
      if (!relative.empty()) {
        to.key_line = m.key_line;
        to.key_column = m.key_column;
      }
      if (recording_) log_.push_back(pointer);
    }
    Place(std::move(v), slot, a.height);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, anchor, Frame::Seq);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, anchor, Frame::Map);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Anchor {
    rapidjson::Value value;
    std::vector<std::pair<std::string, NodeMark>> marks;  // pointer relative to the anchored value
    size_t nodes = 1;
    int height = 0;
  };

  // Where the next node goes.
  struct Slot {
    enum Kind { Root, Item, Key, Value, Merge } kind = Root;
    std::string pointer, path;
  };

  struct Frame {
    enum Kind { Seq, Map } kind = Seq;
    rapidjson::Value value;
    std::string pointer, path;
    YAML::anchor_t anchor = 0;
    size_t nodes_at_start = 0, log_at_start = 0;
    int height = 1;
    Slot slot;  // where this container itself goes
    // A sequence: the next index. A mapping: the state of the member being read.
    rapidjson::SizeType index = 0;
    enum State { WantKey, WantValue, SkipValue, WantMerge } state = WantKey;
    bool records_merges = false;  // holds recording_ up until the merges are applied
    std::string key;
    SourceLocation key_location;
    std::unordered_map<std::string, int> seen;  // key -> line
    struct MergeSource {
      rapidjson::Value value;
      std::string pointer;
      size_t log_begin, log_end;
      SourceLocation location;
    };
    std::vector<MergeSource> merges;
    size_t merge_log_at = 0;
  };

  SourceLocation Location(const YAML::Mark& mark) const { return {file_, mark.line + 1, mark.column + 1}; }
  int Depth() const { return static_cast<int>(stack_.size()); }

  bool Ignoring() const { return ignore_depth_ > 0; }

  void AddValues(size_t values, const YAML::Mark& mark, const std::string& field) {
    nodes_ += values;
    if (nodes_ > limits_.max_values)
      throw Refusal{mark, fmt::format("the file holds more than {} values", limits_.max_values),
                    "split it into several files (each customer can have its own file, and target users "
                    "can go to a CSV file)",
                    field};
  }

  // Counts values copied for anchors and aliases against the file's budget.
  void Spend(size_t values, const YAML::Mark& mark, const std::string& where, const std::string& field) {
    alias_values_ += values;
    if (alias_values_ > alias_budget_)
      throw Refusal{mark,
                    fmt::format("aliases expand this file to more than {} values ({}); a file may repeat at "
                                "most {} values through anchors and aliases",
                                alias_budget_, where, alias_budget_),
                    "use fewer aliases, or write the values out", field};
  }

  std::string AnchorName(YAML::anchor_t anchor) const {
    auto it = anchor_names_.find(anchor);
    return it == anchor_names_.end() ? std::string("?") : it->second;
  }

  NodeMark& Mark(const std::string& pointer, const YAML::Mark& mark) {
    NodeMark& m = doc_.marks[pointer];
    m.line = mark.line + 1;
    m.column = mark.column + 1;
    if (recording_) log_.push_back(pointer);
    return m;
  }

  Slot Next(const YAML::Mark& mark) {
    Slot slot;
    if (stack_.empty()) {
      if (has_root_) throw Refusal{mark, "unexpected value after the document", ""};
      return slot;
    }
    Frame& f = stack_.back();
    if (f.kind == Frame::Seq) {
      slot.kind = Slot::Item;
      slot.pointer = fmt::format("{}/{}", f.pointer, f.index);
      slot.path = fmt::format("{}[{}]", f.path, f.index);
      return slot;
    }
    switch (f.state) {
      case Frame::WantKey:
        slot.kind = Slot::Key;
        break;
      case Frame::WantValue:
        slot.kind = Slot::Value;
        slot.pointer = f.pointer + "/" + EscapePointerToken(f.key);
        slot.path = f.path.empty() ? f.key : f.path + "." + f.key;
        break;
      case Frame::WantMerge:
        slot.kind = Slot::Merge;
        slot.pointer = f.pointer + "/<<";
        slot.path = f.path.empty() ? "<<" : f.path + ".<<";
        break;
      case Frame::SkipValue:
        break;  // handled by the caller through ignore_depth_
    }
    return slot;
  }

  // Called with the key of the member about to be read.
  void TakeKey(const YAML::Mark& mark, const std::string& tag, const std::string& name) {
    Frame& f = stack_.back();
    SourceLocation loc = Location(mark);
    if ((tag == "?" || tag == "tag:yaml.org,2002:merge") && name == "<<") {
      f.state = Frame::WantMerge;
      f.key_location = loc;
      f.merge_log_at = log_.size();
      if (!f.records_merges) ++recording_;
      f.records_merges = true;
      return;
    }
    std::string child_path = f.path.empty() ? name : f.path + "." + name;
    auto [first, inserted] = f.seen.emplace(name, loc.line);
    if (!inserted) {
      diags_->Error(loc, child_path, fmt::format("duplicate key `{}` (first set on line {})", Printable(name), first->second),
                    "remove one of them");
      f.state = Frame::SkipValue;
      return;
    }
    f.key = name;
    f.key_location = loc;
    f.state = Frame::WantValue;
  }

  void BadKey(const YAML::Mark& mark, const std::string& message) {
    Frame& f = stack_.back();
    diags_->Error(Location(mark), f.path, message);
    f.state = Frame::SkipValue;
  }

  // A node about to start in a SkipValue slot (the value of a duplicate or unusable key) is
  // read but dropped; true when that is the case.
  bool SkipIfAsked() {
    if (stack_.empty() || stack_.back().kind != Frame::Map || stack_.back().state != Frame::SkipValue) return false;
    stack_.back().state = Frame::WantKey;
    return true;
  }

  void Open(const YAML::Mark& mark, YAML::anchor_t anchor, Frame::Kind kind) {
    if (Ignoring() || SkipIfAsked()) {
      ++ignore_depth_;
      return;
    }
    Slot slot = Next(mark);
    if (slot.kind == Slot::Key) {
      BadKey(mark, "a mapping key must be a plain name, not a list or mapping");
      // Drop the key; its value follows and is dropped too (state SkipValue).
      ignore_depth_ = 1;
      return;
    }
    if (Depth() + 1 > kMaxDepth)
      throw Refusal{mark, fmt::format("values are nested more than {} levels deep", kMaxDepth),
                    "a manifest needs only a few levels; flatten the values", slot.path};
    AddValues(1, mark, slot.path);
    Mark(slot.pointer, mark);
    Frame f;
    f.kind = kind;
    f.value = kind == Frame::Seq ? rapidjson::Value(rapidjson::kArrayType) : rapidjson::Value(rapidjson::kObjectType);
    f.pointer = slot.pointer;
    f.path = slot.path;
    f.anchor = anchor;
    if (anchor) {
      anchor_names_[anchor] = anchor_name_;
      ++recording_;
    }
    f.nodes_at_start = nodes_;
    f.log_at_start = log_.size();
    f.slot = std::move(slot);
    stack_.push_back(std::move(f));
  }

  void Close() {
    if (Ignoring()) {
      --ignore_depth_;  // a dropped key leaves its map in SkipValue, so its value is dropped next
      return;
    }
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.kind == Frame::Map) ApplyMerges(&f);
    if (f.anchor) {
      --recording_;
      Anchor& a = anchors_[f.anchor];
      a.nodes = nodes_ - f.nodes_at_start + 1;
      // Keeping the copy costs as much as repeating it: nested anchors of a large value must
      // not multiply it.
      YAML::Mark at;
      at.line = doc_.marks[f.pointer].line - 1;
      at.column = doc_.marks[f.pointer].column - 1;
      Spend(a.nodes, at, fmt::format("at &{}", AnchorName(f.anchor)), f.path);
      a.value.CopyFrom(f.value, doc_.json.GetAllocator());
      a.height = f.height;
      const NodeMark& own = doc_.marks[f.pointer];
      a.marks.emplace_back(std::string(), own);
      for (size_t i = f.log_at_start; i < log_.size(); ++i) {
        const std::string& p = log_[i];
        if (p.size() > f.pointer.size() && p.compare(0, f.pointer.size(), f.pointer) == 0 && p[f.pointer.size()] == '/')
          a.marks.emplace_back(p.substr(f.pointer.size()), doc_.marks[p]);
      }
      if (!recording_) log_.clear();
    }
    int height = f.height;
    Place(std::move(f.value), f.slot, height);
  }

  // Remembers an anchored scalar (containers are remembered in Close).
  void Remember(YAML::anchor_t anchor, const rapidjson::Value& v, const std::string& pointer, int height,
                size_t nodes) {
    if (!anchor) return;
    anchor_names_[anchor] = anchor_name_;
    Anchor& a = anchors_[anchor];
    a.value.CopyFrom(v, doc_.json.GetAllocator());
    a.marks = {{std::string(), doc_.marks[pointer]}};
    a.nodes = nodes;
    a.height = height;
  }

  // Puts a finished value where the slot says.
  void Place(rapidjson::Value&& v, const Slot& slot, int height = 0) {
    auto& alloc = doc_.json.GetAllocator();
    if (slot.kind == Slot::Root) {
      static_cast<rapidjson::Value&>(doc_.json).Swap(v);
      has_root_ = true;
      return;
    }
    Frame& f = stack_.back();
    f.height = std::max(f.height, height + 1);
    if (slot.kind == Slot::Item) {
      f.value.PushBack(v, alloc);
      ++f.index;
      return;
    }
    if (slot.kind == Slot::Merge) {
      f.merges.push_back({std::move(v), slot.pointer, f.merge_log_at, log_.size(), f.key_location});
      f.state = Frame::WantKey;
      return;
    }
    NodeMark& m = doc_.marks[slot.pointer];
    m.key_line = f.key_location.line;
    m.key_column = f.key_location.column;
    if (m.line == 0 || v.IsNull()) {  // an empty value has no mark of its own
      m.line = f.key_location.line;
      m.column = f.key_location.column;
    }
    f.value.AddMember(rapidjson::Value(f.key.c_str(), static_cast<rapidjson::SizeType>(f.key.size()), alloc), v,
                      alloc);
    f.state = Frame::WantKey;
  }

  // YAML merge keys: the members of `<<: mapping` (or of each mapping of `<<: [a, b]`, the
  // first one winning) that the mapping does not set itself.
  void ApplyMerges(Frame* f) {
    auto& alloc = doc_.json.GetAllocator();
    for (Frame::MergeSource& source : f->merges) {
      std::vector<std::pair<const rapidjson::Value*, std::string>> maps;  // mapping, its pointer
      if (source.value.IsObject()) {
        maps.emplace_back(&source.value, source.pointer);
      } else if (source.value.IsArray()) {
        for (rapidjson::SizeType i = 0; i < source.value.Size(); ++i)
          if (source.value[i].IsObject()) maps.emplace_back(&source.value[i], fmt::format("{}/{}", source.pointer, i));
      }
      if (maps.empty() || (source.value.IsArray() && maps.size() != source.value.Size())) {
        diags_->Error(source.location, f->path.empty() ? "<<" : f->path + ".<<",
                      "a merge key `<<` must be followed by a mapping or a list of mappings",
                      "write `<<: *name` where &name is set on a mapping");
      }
      // Member name -> the pointer prefix it is merged from.
      std::unordered_map<std::string, std::string> taken;
      for (const auto& [map, pointer] : maps) {
        for (auto& m : map->GetObject()) {
          std::string name(m.name.GetString(), m.name.GetStringLength());
          if (f->seen.count(name) || taken.count(name)) continue;
          taken.emplace(name, pointer + "/" + EscapePointerToken(name));
          f->value.AddMember(rapidjson::Value(m.name, alloc), rapidjson::Value(m.value, alloc), alloc);
        }
      }
      // Move the marks of what was merged from under "<<" to where it now is.
      for (size_t i = source.log_begin; i < source.log_end; ++i) {
        const std::string& p = log_[i];
        for (const auto& [name, from] : taken) {
          if (p.compare(0, from.size(), from) != 0 || (p.size() > from.size() && p[from.size()] != '/')) continue;
          std::string to = f->pointer + "/" + EscapePointerToken(name) + p.substr(from.size());
          doc_.marks[to] = doc_.marks[p];
          if (recording_) log_.push_back(to);
          break;
        }
      }
      for (auto& [name, _] : taken) f->seen.emplace(name, 0);
    }
    // The marks under "<<" are no longer needed.
    if (!f->merges.empty()) {
      const std::string prefix = f->pointer + "/<<";
      for (const Frame::MergeSource& source : f->merges)
        for (size_t i = source.log_begin; i < source.log_end; ++i)
          if (log_[i].compare(0, prefix.size(), prefix) == 0) doc_.marks.erase(log_[i]);
    }
    if (f->records_merges && --recording_ == 0) log_.clear();
  }

  void ConvertScalar(const std::string& s, const std::string& tag, rapidjson::Value* value, NodeMark* mark) {
    auto& alloc = doc_.json.GetAllocator();
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
  Diagnostics* diags_;
  const YamlLimits limits_;
  const size_t alias_budget_;
  std::vector<SourceDocument> documents_;
  SourceDocument doc_;
  bool has_root_ = false;
  bool broken_ = false;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, Anchor> anchors_;
  std::unordered_map<YAML::anchor_t, std::string> anchor_names_;
  std::string anchor_name_;
  // Pointers of the marks set while an anchored value or a merge source is being read, in
  // order, so that their marks can be copied where the value is repeated.
  std::vector<std::string> log_;
  int recording_ = 0;
  int ignore_depth_ = 0;
  size_t nodes_ = 0;
  size_t alias_values_ = 0;
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
                                              Diagnostics* diags, const YamlLimits& limits) {
  std::vector<SourceDocument> out;
  Builder builder(file, text, diags, limits);
  try {
    TextBuffer buffer(text);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const Refusal& r) {
    diags->Error({file, r.mark.line + 1, r.mark.column + 1}, r.field, r.message, r.fix);
    return out;
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
  if (builder.broken()) return out;
  return std::move(builder.documents());
}

}  // namespace onboard
