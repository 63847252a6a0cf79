#include "engine/io/bounded_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

namespace onboard {

namespace {

namespace fs = std::filesystem;

std::string KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a regular file";
}

std::string OpenError(int err) {
  switch (err) {
    case ENOENT: return "not found";
    case EACCES: return "permission denied";
    case ELOOP: return "is a symbolic link";
    case ENOTDIR: return "not found (a part of the path is not a directory)";
    default: return std::strerror(err);
  }
}

std::string TooLarge(size_t size, size_t max_bytes, const char* what, bool at_least) {
  return fmt::format("is {}{} bytes; {} may be at most {}", at_least ? "more than " : "", size, what,
                     DescribeSize(max_bytes));
}

// Closes a descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads the open descriptor whole after checking it is a regular file of at most max_bytes.
bool ReadDescriptor(int fd, size_t max_bytes, const char* what, std::string* text, std::string* error,
                    struct stat* st) {
  if (::fstat(fd, st) != 0) {
    *error = std::strerror(errno);
    return false;
  }
  if (!S_ISREG(st->st_mode)) {
    *error = fmt::format("is {}, not a regular file", KindOf(st->st_mode));
    return false;
  }
  if (st->st_size < 0 || static_cast<uint64_t>(st->st_size) > max_bytes) {
    *error = TooLarge(static_cast<size_t>(st->st_size), max_bytes, what, false);
    return false;
  }
  // The size is only a hint (the file may grow, /proc files report 0): read at most one byte
  // past the cap, so a file that is longer than it said is still refused.
  std::string out;
  out.resize(static_cast<size_t>(st->st_size) + 1);
  size_t used = 0;
  for (;;) {
    if (used == out.size()) {
      if (out.size() > max_bytes) break;
      out.resize(std::min(max_bytes + 1, std::max<size_t>(out.size() * 2, 4096)));
    }
    ssize_t n = ::read(fd, out.data() + used, out.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = fmt::format("cannot be read: {}", std::strerror(errno));
      return false;
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  if (used > max_bytes) {
    *error = TooLarge(max_bytes, max_bytes, what, true);
    return false;
  }
  out.resize(used);
  *text = std::move(out);
  return true;
}

// True when `path` is `root` or below it; both absolute and lexically normal.
bool IsUnder(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty() && std::next(r) == root.end()) break;  // a trailing "/" of root
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

}  // namespace

std::string DescribeSize(size_t bytes) {
  if (bytes >= (size_t{1} << 20) && bytes % (size_t{1} << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= (size_t{1} << 10) && bytes % (size_t{1} << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

bool ReadBoundedFile(const std::string& path, size_t max_bytes, const char* what, std::string* text,
                     std::string* error) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) {
    *error = OpenError(errno);
    return false;
  }
  struct stat st {};
  return ReadDescriptor(fd.get(), max_bytes, what, text, error, &st);
}

bool ReadFileUnderRoot(const std::string& root, const std::string& base, const std::string& relative,
                       size_t max_bytes, const char* what, std::string* text, std::string* resolved,
                       std::string* error) {
  *resolved = (fs::path(base) / relative).lexically_normal().generic_string();
  if (relative.empty()) {
    *error = "is empty";
    return false;
  }
  if (relative.find('\0') != std::string::npos) {
    *error = "contains a NUL character";
    return false;
  }
  const std::string root_name = root.empty() ? std::string(".") : root;
  if (fs::path(relative).is_absolute()) {
    *error = fmt::format("is an absolute path; a manifest may only read files under its own folder {}",
                         root_name);
    return false;
  }
  std::error_code ec;
  fs::path abs_root = fs::absolute(root_name, ec).lexically_normal();
  fs::path abs_file = fs::absolute(fs::path(base) / relative, ec).lexically_normal();
  if (ec || !IsUnder(abs_file, abs_root)) {
    *error = fmt::format("leaves the manifest folder {} (through ..); keep the file under it", root_name);
    return false;
  }
  fs::path real_root = fs::canonical(abs_root, ec);
  if (ec) {
    *error = fmt::format("cannot be resolved: the manifest folder {} is {}", root_name, OpenError(ec.value()));
    return false;
  }
  fs::path real_file = fs::canonical(abs_file, ec);
  if (ec) {
    *error = OpenError(ec.value());
    return false;
  }
  if (!IsUnder(real_file, real_root)) {
    *error = fmt::format("leads outside the manifest folder {} through a symbolic link; keep the file itself "
                         "under it",
                         root_name);
    return false;
  }
  struct stat before {};
  if (::stat(real_file.c_str(), &before) != 0) {
    *error = OpenError(errno);
    return false;
  }
  if (!S_ISREG(before.st_mode)) {
    *error = fmt::format("is {}, not a regular file", KindOf(before.st_mode));
    return false;
  }
  // real_file has no symbolic link left in it; O_NOFOLLOW refuses one swapped in as its last
  // part, and /proc/self/fd below catches one swapped in further up.
  Fd fd(::open(real_file.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW));
  if (fd.get() < 0) {
    *error = OpenError(errno);
    return false;
  }
  struct stat st {};
  std::string content;
  if (!ReadDescriptor(fd.get(), max_bytes, what, &content, error, &st)) return false;
  fs::path opened = fs::read_symlink(fmt::format("/proc/self/fd/{}", fd.get()), ec);
  if ((!ec && !IsUnder(opened, real_root)) || st.st_dev != before.st_dev || st.st_ino != before.st_ino) {
    *error = fmt::format("changed while it was being read, to a file outside the manifest folder {}", root_name);
    return false;
  }
  *text = std::move(content);
  return true;
}

}  // namespace onboard
