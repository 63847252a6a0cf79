#pragma once
// An advisory lock for one machine: `apply` holds an exclusive flock(2) on a file beside the
// manifests, one per platform (`.onboard@api.keepnetlabs.com.lock`), so two applies of one
// checkout to one platform run one after the other (to two platforms, side by side). The
// kernel drops the lock when the holder's process ends, however it ends (kill -9 included),
// so a lock is never left stale. The file records who holds it ("pid 4242 on host ci-7 since
// 2026-12-01T22:51:39Z") and is removed on release (still locked, so a run that waited on
// it sees it gone and locks the file that is there now); after kill -9 it stays, harmless.
// Two machines (two pipelines, a laptop and CI) do not share it: the executor's converging
// creates (exec/converge.h) are what keeps them from making duplicates.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace onboard {

/// The lock file's name for the API at `api_url`, to put in the manifest root:
/// ".onboard@" + host[:port][/path] with every byte other than letters, digits, '.' and '-'
/// turned into '_', + ".lock" ("https://api.keepnetlabs.com" -> ".onboard@api.keepnetlabs.com.lock",
/// "http://127.0.0.1:8080/" -> ".onboard@127.0.0.1_8080.lock").
std::string ApplyLockFileName(std::string_view api_url);

class ApplyLock {
 public:
  /// Takes the lock on `path` (the file is created, mode 0600, if missing), waiting up to
  /// `timeout` for its holder to let go (0: one try). Returns nullopt and sets *error when it
  /// cannot: "<path> is held by pid N on host H since T (another onboard apply ...); ..." (then
  /// *held, when given, is true) or why the file could not be opened or locked (*held false).
  static std::optional<ApplyLock> Acquire(const std::string& path, std::chrono::milliseconds timeout,
                                          std::string* error, bool* held = nullptr);

  ApplyLock(ApplyLock&& other) noexcept;
  ApplyLock& operator=(ApplyLock&& other) noexcept;
  ApplyLock(const ApplyLock&) = delete;
  ApplyLock& operator=(const ApplyLock&) = delete;
  /// Removes the file and releases the lock.
  ~ApplyLock();

  const std::string& path() const { return path_; }

 private:
  ApplyLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

/// A duration for --lock-timeout: a number of seconds ("30"), or a number with a unit: "ms",
/// "s", "m", "h" ("500ms", "90s", "5m"). False for anything else (negative numbers included).
bool ParseDuration(std::string_view text, std::chrono::milliseconds* out);

}  // namespace onboard
