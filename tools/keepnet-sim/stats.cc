#include "stats.h"

#include "json.h"

namespace keepnet_sim {

void Stats::request(const std::string& key, bool isWrite) {
  std::lock_guard lock(mu_);
  ++requests_[key];
  ++total_;
  if (isWrite) {
    ++writes_[key];
    ++totalWrites_;
  }
}

void Stats::tooMany() {
  std::lock_guard lock(mu_);
  ++status429_;
}

void Stats::fault() {
  std::lock_guard lock(mu_);
  ++faults_;
}

std::string Stats::json() {
  std::lock_guard lock(mu_);
  rapidjson::StringBuffer sb;
  Writer w(sb);
  auto counts = [&](std::string_view key, const std::map<std::string, std::uint64_t>& m) {
    jkey(w, key);
    w.StartObject();
    for (const auto& [k, n] : m) {
      jkey(w, k);
      w.Uint64(n);
    }
    w.EndObject();
  };
  w.StartObject();
  counts("requests", requests_);
  counts("writes", writes_);
  jkey(w, "total");
  w.Uint64(total_);
  jkey(w, "total_writes");
  w.Uint64(totalWrites_);
  jkey(w, "status_429");
  w.Uint64(status429_);
  jkey(w, "faults");
  w.Uint64(faults_);
  w.EndObject();
  return std::string(sb.GetString(), sb.GetSize());
}

void Stats::reset() {
  std::lock_guard lock(mu_);
  requests_.clear();
  writes_.clear();
  total_ = totalWrites_ = status429_ = faults_ = 0;
}

}  // namespace keepnet_sim
