#include "faults.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace keepnet_sim {

RateLimiter::RateLimiter(double rps)
    : rps_(rps), tokens_(std::max(1.0, rps)), last_(std::chrono::steady_clock::now()) {}

bool RateLimiter::take(int& retryAfterSeconds) {
  if (rps_ <= 0) return true;
  std::lock_guard lock(mu_);
  auto now = std::chrono::steady_clock::now();
  double elapsed = std::chrono::duration<double>(now - last_).count();
  last_ = now;
  tokens_ = std::min(std::max(1.0, rps_), tokens_ + elapsed * rps_);
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return true;
  }
  retryAfterSeconds = std::max(1, static_cast<int>(std::ceil((1.0 - tokens_) / rps_)));
  return false;
}

FaultInjector::FaultInjector(double rate, FaultKinds kinds, std::uint64_t seed)
    : rate_(rate), kinds_(kinds), rng_(seed) {}

Fault FaultInjector::pick() {
  if (rate_ <= 0) return Fault::kNone;
  Fault candidates[3];
  int n = 0;
  if (kinds_.error500) candidates[n++] = Fault::k500;
  if (kinds_.reset) candidates[n++] = Fault::kReset;
  if (kinds_.commitThenDrop) candidates[n++] = Fault::kCommitThenDrop;
  std::lock_guard lock(mu_);
  double draw = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
  if (n == 0 || draw >= rate_) return Fault::kNone;
  return candidates[rng_() % static_cast<unsigned>(n)];
}

namespace {

bool sameEndpoint(const sockaddr_storage& sa, const std::string& addr, int port) {
  char buf[INET6_ADDRSTRLEN] = {};
  int p = 0;
  if (sa.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&sa);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    p = ntohs(in->sin_port);
  } else if (sa.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&sa);
    inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    p = ntohs(in6->sin6_port);
  } else {
    return false;
  }
  return p == port && addr == buf;
}

}  // namespace

bool dropConnection(const std::string& localAddr, int localPort, const std::string& remoteAddr, int remotePort) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    int fd = 0;
    try {
      fd = std::stoi(entry.path().filename().string());
    } catch (...) {
      continue;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    sockaddr_storage local{}, peer{};
    socklen_t len = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0) continue;
    len = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0) continue;
    if (!sameEndpoint(local, localAddr, localPort) || !sameEndpoint(peer, remoteAddr, remotePort)) continue;
    // Linger 0 makes the final close() send RST; shutdown() now stops httplib's reply.
    linger lg{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    shutdown(fd, SHUT_RDWR);
    return true;
  }
  return false;
}

}  // namespace keepnet_sim
