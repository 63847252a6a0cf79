#pragma once
// Runs a program as a child process for end-to-end tests: with arguments, extra environment
// and stdin; its stdout and stderr captured. Either to completion (Run) or started and read
// line by line so a test can act at a precise moment (kill -9 mid-apply) without sleeping.

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace onboard::testing {

struct ProcessResult {
  int exit_code = -1;  ///< -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::map<std::string, std::string> env;  ///< added to (or replacing in) the environment
  std::vector<std::string> unset_env;      ///< removed from the environment
  std::string stdin_data;                  ///< written to the child's stdin, then closed
  std::string cwd;                         ///< "" = the test's
};

/// Runs `argv` to completion. argv[0] is a path.
ProcessResult Run(const std::vector<std::string>& argv, const ProcessOptions& options = {});

/// A running child whose stderr is read line by line; stdout is collected.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// The next line of the child's stderr, blocking; nullopt at end of stream.
  std::optional<std::string> ReadErrLine();
  /// Sends `signal` (e.g. SIGKILL) to the child.
  void Kill(int signal);
  /// Waits for the child and returns how it ended (stdout and the rest of stderr included).
  ProcessResult Wait();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string err_buffer_;
  std::string err_seen_;
  bool waited_ = false;
};

}  // namespace onboard::testing
