#pragma once
// Request counters for GET /_sim/stats.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace keepnet_sim {

/// Counts /api and /connect requests by "METHOD /path/{template}", writes separately.
class Stats {
 public:
  /// One request to the route key ("POST /api/companies").
  void request(const std::string& key, bool isWrite);
  /// One request refused with 429.
  void tooMany();
  /// One injected fault.
  void fault();
  /// {"requests":{..},"writes":{..},"total":n,"total_writes":n,"status_429":n,"faults":n}
  std::string json();
  /// Zeroes everything.
  void reset();

 private:
  std::mutex mu_;
  std::map<std::string, std::uint64_t> requests_;
  std::map<std::string, std::uint64_t> writes_;
  std::uint64_t total_ = 0;
  std::uint64_t totalWrites_ = 0;
  std::uint64_t status429_ = 0;
  std::uint64_t faults_ = 0;
};

}  // namespace keepnet_sim
