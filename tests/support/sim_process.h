#pragma once
// A keepnet-sim child process for end-to-end tests.

#include <sys/types.h>

#include <string>
#include <vector>

namespace onboard::test {

/// Starts the keepnet-sim binary (KEEPNET_SIM_PATH) on 127.0.0.1 with `--port 0` plus the
/// given arguments and waits for its readiness line `listening on http://HOST:PORT` (no
/// sleeping, no polling). The destructor kills (SIGKILL) and reaps the process. The child
/// also gets SIGKILL if the thread that started it dies (PR_SET_PDEATHSIG), so a crashed
/// test never leaves a simulator behind: create SimProcess on the test's own thread.
///
///   onboard::test::SimProcess sim({"--client", "me:secret"});
///   std::string state = sim.get("/_sim/state");
class SimProcess {
 public:
  /// Starts the simulator; throws std::runtime_error if it exits before announcing its port.
  explicit SimProcess(std::vector<std::string> extraArgs = {});
  ~SimProcess();
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  /// Base URL, e.g. "http://127.0.0.1:40123" (no trailing slash).
  const std::string& url() const { return url_; }
  /// Host the simulator listens on.
  const std::string& host() const { return host_; }
  /// TCP port the simulator listens on.
  int port() const { return port_; }
  /// Process id of the simulator.
  pid_t pid() const { return pid_; }

  /// Blocking GET of path (e.g. "/_sim/state"); returns the body. Throws on a connection error.
  std::string get(const std::string& path) const;
  /// Blocking POST of body (JSON) to path (e.g. "/_sim/seed"); returns the body.
  std::string post(const std::string& path, const std::string& body) const;

  /// Kills the simulator now with sig (default SIGKILL) and reaps it; the destructor then
  /// does nothing. Use it to test restarts with --state.
  void kill(int sig = 9);

 private:
  pid_t pid_ = -1;
  int stdoutFd_ = -1;
  std::string host_;
  int port_ = 0;
  std::string url_;
};

}  // namespace onboard::test
