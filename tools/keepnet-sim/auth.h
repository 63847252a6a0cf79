#pragma once
// Bearer tokens of the client-credentials flow.

#include <chrono>
#include <mutex>
#include <optional>
#include <random>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "options.h"

namespace keepnet_sim {

/// Who is calling: the OAuth client, its role and the company it acts for by default.
struct Principal {
  std::string clientId;
  ClientRole role = ClientRole::kReseller;
  std::string companyId;
};

/// Issued tokens (random, opaque) and their expiry.
class Tokens {
 public:
  Tokens();
  /// A new token for p that expires after ttlSeconds (0: already expired).
  std::string issue(const Principal& p, int ttlSeconds);
  /// The principal of a valid token; nullopt for unknown or expired tokens.
  std::optional<Principal> check(const std::string& token);
  /// Forgets every token.
  void clear();

 private:
  struct Entry {
    Principal who;
    std::chrono::steady_clock::time_point expires;
  };
  std::unordered_map<std::string, Entry> tokens_;
  std::shared_mutex mu_;
  std::mt19937_64 rng_;
};

}  // namespace keepnet_sim
