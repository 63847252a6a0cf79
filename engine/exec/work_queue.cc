#include "engine/exec/work_queue.h"

#include <functional>

namespace onboard {

namespace {
size_t HashOf(std::string_view address) { return std::hash<std::string_view>()(address); }
}  // namespace

void WorkQueue::Reserve(int count) {
  nodes_.reserve(static_cast<size_t>(count));
  GrowIndex(static_cast<size_t>(count));
}

void WorkQueue::GrowIndex(size_t count) {
  size_t want = 16;
  while (want < 2 * count) want *= 2;
  if (want <= slots_.size()) return;
  slots_.assign(want, -1);
  for (int i = 0; i < size(); ++i) IndexNode(i);
}

void WorkQueue::IndexNode(int index) {
  const size_t mask = slots_.size() - 1;
  size_t slot = HashOf(nodes_[index].address) & mask;
  while (slots_[slot] >= 0) slot = (slot + 1) & mask;
  slots_[slot] = index;
}

int WorkQueue::Find(std::string_view address) const {
  if (slots_.empty()) return -1;
  const size_t mask = slots_.size() - 1;
  for (size_t slot = HashOf(address) & mask; slots_[slot] >= 0; slot = (slot + 1) & mask)
    if (nodes_[slots_[slot]].address == address) return slots_[slot];
  return -1;
}

void WorkQueue::AllAdded() {
  all_added_ = true;
  std::vector<int>().swap(slots_);
}

bool WorkQueue::AddAction(std::string_view address, const std::vector<InternedString>& depends_on, std::string* error) {
  if (all_added_) {
    *error = "action " + std::string(address) + " added after the queue was told all were added";
    return false;
  }
  if (Find(address) >= 0) {
    *error = "duplicate action address " + std::string(address);
    return false;
  }
  std::vector<int> deps;
  for (const std::string& dep : depends_on) {
    const int found = Find(dep);
    if (found < 0) {
      *error = std::string(address) + " depends on " + dep + ", which is not in the plan before it";
      return false;
    }
    deps.push_back(found);
  }
  const int index = static_cast<int>(nodes_.size());
  Node node;
  node.address = address;
  for (int dep : deps) {
    Node& d = nodes_[dep];
    if (d.state == State::Succeeded) continue;
    d.dependents.push_back(index);
    if (d.state == State::Failed || d.state == State::Skipped) {
      node.state = State::Skipped;
      node.upstream_failed = d.state == State::Failed ? dep : d.upstream_failed;
    }
    ++node.pending;
  }
  GrowIndex(nodes_.size() + 1);  // before the push: a rehash then indexes the others alone
  nodes_.push_back(std::move(node));
  IndexNode(index);
  if (nodes_[index].state == State::Skipped) return true;
  ++wanted_;
  if (sealed_ && nodes_[index].pending == 0) MakeReady(index);
  return true;
}

void WorkQueue::MakeReady(int index) {
  Node& n = nodes_[index];
  n.state = State::Ready;
  ready_.push({n.dependents.empty(), index});
}

int WorkQueue::FindWork() {
  if (!sealed_) {
    // Priorities need to know who depends on whom, which is only complete once every action
    // has been added; readiness is therefore decided here rather than in AddAction.
    sealed_ = true;
    for (int i = 0; i < size(); ++i)
      if (nodes_[i].state == State::Waiting && nodes_[i].pending == 0) MakeReady(i);
  }
  while (!ready_.empty()) {
    const int index = ready_.top().second;
    ready_.pop();
    if (nodes_[index].state != State::Ready) continue;
    nodes_[index].state = State::Running;
    return index;
  }
  return -1;
}

void WorkQueue::ActionFinished(int index, bool success, std::vector<int>* skipped) {
  Node& n = nodes_[index];
  if (n.state != State::Running && n.state != State::Ready && n.state != State::Waiting) return;
  --wanted_;
  if (success) {
    n.state = State::Succeeded;
    for (int dep : n.dependents) {
      Node& d = nodes_[dep];
      if (d.state != State::Waiting) continue;
      if (--d.pending == 0 && sealed_) MakeReady(dep);
    }
    return;
  }
  n.state = State::Failed;
  SkipDependents(index, skipped);
}

void WorkQueue::SkipDependents(int index, std::vector<int>* skipped) {
  // Iterative, so a long chain cannot exhaust the stack.
  std::vector<int> stack(nodes_[index].dependents.rbegin(), nodes_[index].dependents.rend());
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    Node& d = nodes_[i];
    if (d.state != State::Waiting && d.state != State::Ready) continue;
    d.state = State::Skipped;
    d.upstream_failed = index;
    --wanted_;
    if (skipped) skipped->push_back(i);
    stack.insert(stack.end(), d.dependents.rbegin(), d.dependents.rend());
  }
}

std::vector<int> WorkQueue::Unfinished() const {
  std::vector<int> out;
  for (int i = 0; i < size(); ++i)
    if (nodes_[i].state == State::Waiting || nodes_[i].state == State::Ready) out.push_back(i);
  return out;
}

}  // namespace onboard
