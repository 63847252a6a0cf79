#include "engine/exec/work_queue.h"

namespace onboard {

void WorkQueue::AllAdded() {
  all_added_ = true;
  std::unordered_map<std::string_view, int>().swap(by_address_);
}

bool WorkQueue::AddAction(std::string_view address, const std::vector<InternedString>& depends_on, std::string* error) {
  if (all_added_) {
    *error = "action " + std::string(address) + " added after the queue was told all were added";
    return false;
  }
  if (by_address_.count(address)) {
    *error = "duplicate action address " + std::string(address);
    return false;
  }
  std::vector<int> deps;
  for (const std::string& dep : depends_on) {
    auto it = by_address_.find(dep);
    if (it == by_address_.end()) {
      *error = std::string(address) + " depends on " + dep + ", which is not in the plan before it";
      return false;
    }
    deps.push_back(it->second);
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
      node.upstream_failed = d.state == State::Failed ? d.address : d.upstream_failed;
    }
    ++node.pending;
  }
  nodes_.push_back(std::move(node));
  by_address_[address] = index;
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
  SkipDependents(index, n.address, skipped);
}

void WorkQueue::SkipDependents(int index, std::string_view root, std::vector<int>* skipped) {
  // Iterative, so a long chain cannot exhaust the stack.
  std::vector<int> stack(nodes_[index].dependents.rbegin(), nodes_[index].dependents.rend());
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    Node& d = nodes_[i];
    if (d.state != State::Waiting && d.state != State::Ready) continue;
    d.state = State::Skipped;
    d.upstream_failed = root;
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
