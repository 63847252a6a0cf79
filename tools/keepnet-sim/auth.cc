#include "auth.h"

#include <fmt/format.h>

namespace keepnet_sim {

Tokens::Tokens() : rng_(std::random_device{}()) {}

std::string Tokens::issue(const Principal& p, int ttlSeconds) {
  std::unique_lock lock(mu_);
  std::string token = fmt::format("{:016x}{:016x}{:016x}", rng_(), rng_(), rng_());
  tokens_[token] = Entry{p, std::chrono::steady_clock::now() + std::chrono::seconds(ttlSeconds)};
  return token;
}

std::optional<Principal> Tokens::check(const std::string& token) {
  std::shared_lock lock(mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  if (std::chrono::steady_clock::now() >= it->second.expires) return std::nullopt;
  return it->second.who;
}

void Tokens::clear() {
  std::unique_lock lock(mu_);
  tokens_.clear();
}

}  // namespace keepnet_sim
