#include "engine/model/interned_string.h"

#include <deque>
#include <mutex>
#include <unordered_map>

namespace onboard {
namespace {

// The values, each once. A deque never moves its elements as it grows, so the views and the
// pointers into it stay valid.
struct Pool {
  std::mutex mutex;
  std::deque<std::string> values;
  std::unordered_map<std::string_view, const std::string*> index;  // a view of each value -> it
};

Pool& ThePool() {
  static Pool* pool = new Pool;  // never destroyed: records may be read during static destruction
  return *pool;
}

}  // namespace

const std::string* InternedString::Intern(std::string_view value) {
  if (value.empty()) return nullptr;
  Pool& pool = ThePool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  if (auto it = pool.index.find(value); it != pool.index.end()) return it->second;
  const std::string& stored = pool.values.emplace_back(value);
  pool.index.emplace(std::string_view(stored), &stored);
  return &stored;
}

const std::string& InternedString::Empty() {
  static const std::string kEmpty;
  return kEmpty;
}

size_t InternedString::PoolSize() {
  Pool& pool = ThePool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  return pool.values.size();
}

}  // namespace onboard
