#include "engine/io/bounded_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

namespace onboard {
namespace {

namespace fs = std::filesystem;

class Scratch {
 public:
  Scratch() {
    static int counter = 0;
    path_ = fs::temp_directory_path() / ("onboard-io-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_ / "root" / "users");
  }
  ~Scratch() { fs::remove_all(path_); }
  std::string operator/(const std::string& relative) const { return (path_ / relative).string(); }
  void Write(const std::string& relative, const std::string& text) const {
    std::ofstream(path_ / relative, std::ios::binary) << text;
  }

 private:
  fs::path path_;
};

struct Read {
  bool ok = false;
  std::string text, resolved, error;
};

Read Under(const Scratch& s, const std::string& relative, size_t max = 1000) {
  Read r;
  r.ok = ReadFileUnderRoot(s / "root", s / "root", relative, max, "a CSV file", &r.text, &r.resolved, &r.error);
  return r;
}

TEST_SUITE("io") {
  TEST_CASE("io: a regular file is read whole, up to and including the cap") {
    Scratch s;
    s.Write("root/a.csv", "0123456789");
    std::string text, error;
    CHECK(ReadBoundedFile(s / "root/a.csv", 10, "a CSV file", &text, &error));
    CHECK(text == "0123456789");
    CHECK_FALSE(ReadBoundedFile(s / "root/a.csv", 9, "a CSV file", &text, &error));
    CHECK(error == "is 10 bytes; a CSV file may be at most 9 bytes");
  }

  TEST_CASE("io: a file that reports no size is still capped by what it reads") {
    // /proc files say 0 bytes; /proc/self/environ holds at least PATH here.
    std::string text, error;
    CHECK_FALSE(ReadBoundedFile("/proc/self/status", 16, "a manifest", &text, &error));
    CHECK(error == "is more than 16 bytes; a manifest may be at most 16 bytes");
    CHECK(text.empty());
  }

  TEST_CASE("io: directories, FIFOs and devices are refused, and a FIFO does not hang the read") {
    Scratch s;
    REQUIRE(::mkfifo((s / "root/fifo").c_str(), 0600) == 0);
    std::string text, error;
    CHECK_FALSE(ReadBoundedFile(s / "root", 1000, "a manifest", &text, &error));
    CHECK(error == "is a directory, not a regular file");
    CHECK_FALSE(ReadBoundedFile(s / "root/fifo", 1000, "a manifest", &text, &error));
    CHECK(error == "is a FIFO (named pipe), not a regular file");
    CHECK_FALSE(ReadBoundedFile("/dev/zero", 1000, "a manifest", &text, &error));
    CHECK(error == "is a character device, not a regular file");
    CHECK_FALSE(ReadBoundedFile(s / "root/none", 1000, "a manifest", &text, &error));
    CHECK(error == "not found");
    Read r = Under(s, "fifo");
    CHECK_FALSE(r.ok);
    CHECK(r.error == "is a FIFO (named pipe), not a regular file");
    CHECK_FALSE(Under(s, "users").ok);
  }

  TEST_CASE("io: a file under the root is read, relative paths are resolved from the base") {
    Scratch s;
    s.Write("root/users/a.csv", "email\n");
    Read r = Under(s, "users/a.csv");
    CHECK(r.ok);
    CHECK(r.text == "email\n");
    CHECK(r.resolved == s / "root/users/a.csv");
    std::string text, resolved, error;
    CHECK(ReadFileUnderRoot(s / "root", s / "root/users", "../users/./a.csv", 1000, "a CSV file", &text, &resolved,
                            &error));
    CHECK(resolved == s / "root/users/a.csv");
  }

  TEST_CASE("io: absolute paths, .. escapes and links out of the root are refused before opening") {
    Scratch s;
    s.Write("outside.csv", "secret-first-line\n");
    Read r = Under(s, "/etc/passwd");
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("is an absolute path") != std::string::npos);
    r = Under(s, "../outside.csv");
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("leaves the manifest folder") != std::string::npos);
    r = Under(s, "users/../../../../../../etc/passwd");
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("leaves the manifest folder") != std::string::npos);
    fs::create_symlink(s / "outside.csv", s / "root/link.csv");
    fs::create_directory_symlink(s / "", s / "root/up");
    for (const char* path : {"link.csv", "up/outside.csv"}) {
      r = Under(s, path);
      CHECK_FALSE(r.ok);
      CHECK(r.error.find("through a symbolic link") != std::string::npos);
      CHECK(r.error.find("secret") == std::string::npos);
      CHECK(r.text.empty());
    }
    fs::create_symlink("/proc/self/environ", s / "root/env.csv");
    CHECK_FALSE(Under(s, "env.csv").ok);
  }

  TEST_CASE("io: a symbolic link that stays under the root is followed") {
    Scratch s;
    s.Write("root/users/a.csv", "email\n");
    fs::create_symlink("users/a.csv", s / "root/same.csv");
    Read r = Under(s, "same.csv");
    CHECK(r.ok);
    CHECK(r.text == "email\n");
  }

  TEST_CASE("io: sizes are described as people read them") {
    CHECK(DescribeSize(kMaxManifestBytes) == "8 MiB");
    CHECK(DescribeSize(kMaxSecretFileBytes) == "64 KiB");
    CHECK(DescribeSize(1000) == "1000 bytes");
  }
}

}  // namespace
}  // namespace onboard
