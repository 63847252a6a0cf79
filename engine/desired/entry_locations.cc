#include "engine/desired/entry_locations.h"

#include <mutex>
#include <unordered_set>

namespace onboard {

const std::string* InternFileName(const std::string& file) {
  // The loading threads intern the same file for every entry in a row: remember the last.
  thread_local const std::string* last = nullptr;
  if (last && *last == file) return last;
  static std::mutex mutex;
  static std::unordered_set<std::string>* names = new std::unordered_set<std::string>;  // never freed: names outlive every user
  std::lock_guard<std::mutex> lock(mutex);
  last = &*names->insert(file).first;  // node-based: the element never moves
  return last;
}

namespace {

// The interned copy of a field path. The loading threads ask for the same dozen names again
// and again: each keeps the ones it has seen, and takes the lock only for a new one.
const std::string* InternKey(std::string_view key) {
  thread_local std::vector<const std::string*> seen;
  for (const std::string* k : seen)
    if (*k == key) return k;
  static std::mutex mutex;
  static std::unordered_set<std::string>* keys = new std::unordered_set<std::string>;  // never freed, as file names
  std::lock_guard<std::mutex> lock(mutex);
  const std::string* k = &*keys->insert(std::string(key)).first;
  seen.push_back(k);
  return k;
}

}  // namespace

void EntryLocations::Set(std::string_view key, const SourceLocation& location) {
  if (!location.known()) return;
  const std::string* file = InternFileName(location.file);
  if (key.empty()) {
    file_ = file;
    line_ = location.line;
    column_ = location.column;
    return;
  }
  for (auto it = fields_.begin(); it != fields_.end(); ++it) {
    if (*it->key != key) continue;
    fields_.erase(it);
    break;
  }
  if (file == file_ && location.line == line_ && location.column == column_) return;  // Find answers it
  fields_.push_back({InternKey(key), file, location.line, location.column});
}

SourceLocation EntryLocations::Find(std::string_view key, const SourceLocation& fallback) const {
  for (const Field& f : fields_)
    if (*f.key == key) return {*f.file, f.line, f.column};
  if (file_) return {*file_, line_, column_};
  return fallback;
}

bool EntryLocations::Has(std::string_view key) const {
  if (key.empty()) return file_ != nullptr;
  for (const Field& f : fields_)
    if (*f.key == key) return true;
  return false;
}

}  // namespace onboard
