#pragma once
// The rule that makes two applies running at the same moment agree on one object. Each run
// creates the object, then lists every live object with the same key (company name, group
// name); when there are several, every run picks the same winner with PickWinner, keeps or
// adopts it, and deletes only the one it created itself if that one lost. The reasoning
// about interleavings is in api_action_runner.cc and docs/gitops.md.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onboard {

/// One live object that has the key of a create, as a search or list shows it.
struct Candidate {
  std::string id;
  /// Its creation time as the API lists it (companies search `createTime`, company groups
  /// `addedTime`): ISO 8601, possibly with a fraction and an offset; "" when not given.
  std::string created;
};

/// A creation time as nanoseconds since 1970-01-01T00:00:00Z, so that "…:39Z", "…:39.1Z" and
/// "…:39.1000000" compare as instants (a date-time without an offset is read as UTC);
/// nullopt when `text` is empty or not an ISO 8601 date-time.
std::optional<int64_t> CreationInstant(std::string_view text);

/// True when `a` wins over `b`: the older creation time first (an object whose time is
/// unknown or unreadable comes after every object whose time is known), then the smaller id
/// (byte order). A strict weak order, the same in every run that sees the same two objects.
bool WinsOver(const Candidate& a, const Candidate& b);

/// The index of the winner among `candidates` (not empty): the one that WinsOver every other.
size_t PickWinner(const std::vector<Candidate>& candidates);

}  // namespace onboard
