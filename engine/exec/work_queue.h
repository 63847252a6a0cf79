#pragma once
// What is wanted and what is ready (ninja's Plan): the executor's bookkeeping over a plan's
// dependency graph. It runs nothing; the executor asks it for ready work and tells it how
// that work ended. A failure marks every transitive dependent skipped, once, naming the
// action that failed first ("upstream failed: <address>"); independent work stays ready.

#include <queue>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/model/interned_string.h"

namespace onboard {

class WorkQueue {
 public:
  /// Adds one action, identified by its address, that waits for `depends_on` (addresses of
  /// actions added earlier). Returns false and sets *error on a duplicate address or a
  /// dependency that was not added; the action is then not added. The queue keeps a view of
  /// `address`, not a copy (a plan holds 100,000s): it must outlive the queue.
  bool AddAction(std::string_view address, const std::vector<InternedString>& depends_on, std::string* error);
  /// Makes room for `count` actions at once (a plan's size is known up front).
  void Reserve(int count);
  /// Says every action has been added: frees the index of addresses that AddAction looks
  /// dependencies up in. AddAction fails after.
  void AllAdded();

  /// Returns the index (in the order of AddAction) of an action whose dependencies have all
  /// succeeded and that was not handed out yet, or -1 when none is ready now. Actions that
  /// unlock others come first (a company create before a leaf user), then in order added.
  int FindWork();

  /// Records how action `index` (handed out by FindWork) ended. On failure every action that
  /// depends on it, directly or not, and has not been skipped already is marked skipped; their
  /// indices are appended to *skipped (may be null).
  void ActionFinished(int index, bool success, std::vector<int>* skipped);

  /// True while some action is wanted and has not finished, been skipped or abandoned.
  bool more_to_do() const { return wanted_ > 0; }
  /// Number of actions added.
  int size() const { return static_cast<int>(nodes_.size()); }
  std::string_view address(int index) const { return nodes_[index].address; }
  /// For a skipped action: the address of the failed action that caused it; else "".
  std::string_view skipped_because(int index) const {
    const int failed = nodes_[index].upstream_failed;
    return failed < 0 ? std::string_view() : nodes_[failed].address;
  }
  /// Indices that were never handed out and are not skipped (after a stop: what did not run).
  std::vector<int> Unfinished() const;

 private:
  enum class State : unsigned char { Waiting, Ready, Running, Succeeded, Failed, Skipped };
  // A million of these for a million target users: 56 bytes each.
  struct Node {
    std::string_view address;
    std::vector<int> dependents;  // actions that wait for this one
    int pending = 0;              // dependencies not yet succeeded
    int upstream_failed = -1;     // skipped: the node that failed first
    State state = State::Waiting;
  };
  void MakeReady(int index);
  void SkipDependents(int index, std::vector<int>* skipped);
  // The node added with `address`, or -1.
  int Find(std::string_view address) const;
  // Makes the index hold at least `count` nodes at half load (rehashing the nodes added).
  void GrowIndex(size_t count);
  // Puts node `index` in the index's first free slot from its hash on.
  void IndexNode(int index);

  std::vector<Node> nodes_;
  // The index of addresses: open addressing over node indices (-1: empty slot), a power of
  // two at most half full, 4 bytes a slot. A std::unordered_map of views cost about 56 bytes
  // an action, at the peak of a large apply (docs/benchmarks.md).
  std::vector<int> slots_;
  // Ready actions: (no dependents?, index), smallest first.
  std::priority_queue<std::pair<bool, int>, std::vector<std::pair<bool, int>>,
                      std::greater<std::pair<bool, int>>> ready_;
  int wanted_ = 0;
  bool sealed_ = false;  // FindWork ran: the graph's shape (dependents) is known
  bool all_added_ = false;  // AllAdded ran: slots_ is gone
};

}  // namespace onboard
