#pragma once
// The state behind one lock, with its optional on-disk copy.

#include <shared_mutex>
#include <string>

#include "model.h"
#include "options.h"

namespace keepnet_sim {

/// Reference data (immutable) plus the mutable state guarded by a reader/writer lock.
/// Handlers take mutex() shared to read and unique to write, and call persist() before
/// releasing a unique lock after a change, so an acknowledged write is on disk.
class Store {
 public:
  /// Seeds the reference data and the initial state from the options.
  explicit Store(const Options& opts);

  /// The reference data (lookups, licenses, time zones).
  const Reference& ref() const { return ref_; }
  /// The lock over state().
  std::shared_mutex& mutex() { return mu_; }
  /// The mutable state; hold mutex() while using it.
  State& state() { return state_; }
  const State& state() const { return state_; }

  /// Loads --state FILE when it exists; throws std::runtime_error when it is unreadable.
  void load();
  /// Writes the state file atomically (temp file + rename) if --state was given.
  /// The caller holds the unique lock.
  void persist();
  /// Back to the seeded initial state (and persists it). The caller holds the unique lock.
  void reset();

 private:
  const Options& opts_;
  Reference ref_;
  State state_;
  std::shared_mutex mu_;
};

}  // namespace keepnet_sim
