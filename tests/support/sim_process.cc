#include "tests/support/sim_process.h"

#include <csignal>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>

#ifndef KEEPNET_SIM_PATH
#error "KEEPNET_SIM_PATH must name the keepnet-sim binary"
#endif

namespace onboard::test {

SimProcess::SimProcess(std::vector<std::string> extraArgs) {
  std::vector<std::string> args = {KEEPNET_SIM_PATH, "--host", "127.0.0.1", "--port", "0"};
  args.insert(args.end(), extraArgs.begin(), extraArgs.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe: " + std::string(std::strerror(errno)));
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork: " + std::string(std::strerror(errno)));
  if (pid_ == 0) {
    // Only async-signal-safe calls between fork and exec.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(fds[1], STDOUT_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  stdoutFd_ = fds[0];

  // The first line is the readiness signal.
  std::string line;
  char ch = 0;
  while (true) {
    ssize_t n = read(stdoutFd_, &ch, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      kill();
      throw std::runtime_error("keepnet-sim exited before announcing its port (args: " +
                               [&] {
                                 std::string s;
                                 for (const auto& a : extraArgs) s += " " + a;
                                 return s;
                               }() +
                               ")");
    }
    if (ch == '\n') break;
    line += ch;
  }
  const std::string prefix = "listening on http://";
  if (line.rfind(prefix, 0) != 0) {
    kill();
    throw std::runtime_error("unexpected first line from keepnet-sim: " + line);
  }
  url_ = "http://" + line.substr(prefix.size());
  auto hostPort = line.substr(prefix.size());
  auto colon = hostPort.rfind(':');
  host_ = hostPort.substr(0, colon);
  port_ = std::stoi(hostPort.substr(colon + 1));
}

SimProcess::~SimProcess() { kill(); }

void SimProcess::kill(int sig) {
  if (pid_ > 0) {
    ::kill(pid_, sig);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  if (stdoutFd_ >= 0) {
    close(stdoutFd_);
    stdoutFd_ = -1;
  }
}

std::string SimProcess::get(const std::string& path) const {
  httplib::Client cli(host_, port_);
  auto res = cli.Get(path);
  if (!res) throw std::runtime_error("GET " + path + ": " + httplib::to_string(res.error()));
  return res->body;
}

std::string SimProcess::post(const std::string& path, const std::string& body) const {
  httplib::Client cli(host_, port_);
  auto res = cli.Post(path, body, "application/json");
  if (!res) throw std::runtime_error("POST " + path + ": " + httplib::to_string(res.error()));
  return res->body;
}

}  // namespace onboard::test
