#include "engine/lock/apply_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "engine/text/strings.h"

namespace onboard {

namespace {

std::string HolderLine() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "unknown");
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return fmt::format("pid {} on host {} since {}\n", static_cast<long>(getpid()), host, when);
}

// What the holder wrote; "" while it has not written yet (it writes just after locking).
std::string ReadHolder(int fd) {
  char buffer[512];
  const ssize_t n = pread(fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0) return "";
  std::string text(buffer, static_cast<size_t>(n));
  if (auto nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return Trim(text);
}

// True when `fd` is still the file at `path`: a holder removes the file on release, so a run
// that was waiting on the old file must lock the new one instead.
bool StillThere(int fd, const std::string& path) {
  struct stat by_fd {}, by_path {};
  if (fstat(fd, &by_fd) != 0 || lstat(path.c_str(), &by_path) != 0) return false;
  return by_fd.st_dev == by_path.st_dev && by_fd.st_ino == by_path.st_ino;
}

}  // namespace

std::optional<ApplyLock> ApplyLock::Acquire(const std::string& path, std::chrono::milliseconds timeout,
                                            std::string* error, bool* held) {
  if (held) *held = false;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
      *error = fmt::format("cannot open the lock file {}: {}", path, std::strerror(errno));
      return std::nullopt;
    }
    bool locked = false;
    while (!locked) {
      if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
        locked = true;
        break;
      }
      const int err = errno;
      if (err == EINTR) continue;
      if (err != EWOULDBLOCK) {
        *error = fmt::format("cannot lock {}: {}", path, std::strerror(err));
        close(fd);
        return std::nullopt;
      }
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) {
        const std::string holder = ReadHolder(fd);
        if (held) *held = true;
        *error = fmt::format(
            "{} is held by {} (another onboard apply of these manifests); wait for it, or give --lock-timeout "
            "DURATION to wait up to that long",
            path, holder.empty() ? "a process that has just taken it" : holder);
        close(fd);
        return std::nullopt;
      }
      // flock has no timeout of its own; a short poll keeps this free of signals and threads.
      std::this_thread::sleep_for(
          std::min<std::chrono::steady_clock::duration>(std::chrono::milliseconds(100), deadline - now));
    }
    if (!StillThere(fd, path)) {  // the holder let go and removed it: lock the current file
      close(fd);
      continue;
    }
    const std::string line = HolderLine();
    if (ftruncate(fd, 0) != 0 || pwrite(fd, line.data(), line.size(), 0) != static_cast<ssize_t>(line.size())) {
      // Only the holder's description is lost: the lock itself is held.
    }
    return ApplyLock(fd, path);
  }
}

ApplyLock::ApplyLock(ApplyLock&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) { other.fd_ = -1; }

ApplyLock& ApplyLock::operator=(ApplyLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

ApplyLock::~ApplyLock() {
  if (fd_ < 0) return;
  // Removed while still locked, so no one can lock this file and find it gone afterwards
  // unnoticed (Acquire checks). After kill -9 the file stays; the next run takes it.
  unlink(path_.c_str());
  close(fd_);  // closing the last descriptor of the open file releases the flock
}

std::string ApplyLockFileName(std::string_view api_url) {
  std::string_view rest = api_url;
  if (auto scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  std::string name = ".onboard@";
  for (char c : rest) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    name += plain ? c : '_';
  }
  return name + ".lock";
}

bool ParseDuration(std::string_view text, std::chrono::milliseconds* out) {
  const std::string t = Trim(text);
  size_t digits = 0;
  while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') ++digits;
  if (digits == 0 || digits > 9) return false;
  const long long n = std::stoll(t.substr(0, digits));
  const std::string unit = t.substr(digits);
  long long scale = 0;
  if (unit.empty() || unit == "s") scale = 1000;
  else if (unit == "ms") scale = 1;
  else if (unit == "m") scale = 60 * 1000;
  else if (unit == "h") scale = 60 * 60 * 1000;
  else return false;
  *out = std::chrono::milliseconds(n * scale);
  return true;
}

}  // namespace onboard
