#pragma once
// Misbehaviour on demand: rate limiting, injected faults, dropped connections.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>
#include <string>

#include "options.h"

namespace keepnet_sim {

/// A token bucket over /api and /connect requests (capacity: one second's worth).
class RateLimiter {
 public:
  /// rps <= 0 disables the limiter.
  explicit RateLimiter(double rps);
  /// Takes one token; on refusal returns false and sets retryAfterSeconds (>= 1).
  bool take(int& retryAfterSeconds);

 private:
  double rps_;
  double tokens_;
  std::chrono::steady_clock::time_point last_;
  std::mutex mu_;
};

/// What to do to one request.
enum class Fault { kNone, k500, kReset, kCommitThenDrop };

/// Picks faults with a deterministic generator (--seed) at --fault-rate.
class FaultInjector {
 public:
  FaultInjector(double rate, FaultKinds kinds, std::uint64_t seed);
  /// The fault for one /api request that --fault-requests and --fault-company let through.
  /// For a read, commit-then-drop means: the read is answered, then the answer is lost.
  Fault pick();

 private:
  double rate_;
  FaultKinds kinds_;
  std::mt19937_64 rng_;
  std::mutex mu_;
};

/// Shuts down the server-side socket of the connection between these endpoints, so the
/// client gets no response at all (it sees an empty reply / connection reset). httplib 0.11
/// gives handlers no socket, so the socket is found among this process's descriptors.
/// Returns false when no such socket was found.
bool dropConnection(const std::string& localAddr, int localPort, const std::string& remoteAddr, int remotePort);

}  // namespace keepnet_sim
