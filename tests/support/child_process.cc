#include "tests/support/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace onboard::testing {
namespace {

struct Spawned {
  pid_t pid;
  int in_fd;
  int out_fd;
  int err_fd;
};

Spawned Spawn(const std::vector<std::string>& argv, const ProcessOptions& options) {
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
    throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(127);
    for (const std::string& name : options.unset_env) unsetenv(name.c_str());
    for (const auto& [k, v] : options.env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  return {pid, in[1], out[0], err[0]};
}

void WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  signal(SIGPIPE, SIG_IGN);
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n <= 0) break;
    done += size_t(n);
  }
}

// Reads both pipes until both close, so neither fills up and blocks the child.
void Drain(int out_fd, int err_fd, std::string* out, std::string* err) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open_count = (out_fd >= 0) + (err_fd >= 0);
  if (out_fd < 0) fds[0].fd = -1;
  if (err_fd < 0) fds[1].fd = -1;
  char buf[65536];
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? out : err)->append(buf, size_t(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
}

ProcessResult Reap(pid_t pid, ProcessResult r) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
}

}  // namespace

ProcessResult Run(const std::vector<std::string>& argv, const ProcessOptions& options) {
  Spawned s = Spawn(argv, options);
  WriteAll(s.in_fd, options.stdin_data);
  close(s.in_fd);
  ProcessResult r;
  Drain(s.out_fd, s.err_fd, &r.out, &r.err);
  return Reap(s.pid, std::move(r));
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const ProcessOptions& options) {
  Spawned s = Spawn(argv, options);
  WriteAll(s.in_fd, options.stdin_data);
  close(s.in_fd);
  pid_ = s.pid;
  out_fd_ = s.out_fd;
  err_fd_ = s.err_fd;
}

ChildProcess::~ChildProcess() {
  if (!waited_) {
    Kill(SIGKILL);
    Wait();
  }
}

std::optional<std::string> ChildProcess::ReadErrLine() {
  // stdout is left in its pipe meanwhile; the tests that read stderr line by line keep
  // stdout small (JSON at the end), well under a pipe's buffer.
  char buf[4096];
  for (;;) {
    size_t nl = err_buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = err_buffer_.substr(0, nl);
      err_buffer_.erase(0, nl + 1);
      err_seen_ += line + "\n";
      return line;
    }
    ssize_t n = read(err_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    err_buffer_.append(buf, size_t(n));
  }
}

void ChildProcess::Kill(int signal) {
  if (pid_ > 0 && !waited_) ::kill(pid_, signal);
}

ProcessResult ChildProcess::Wait() {
  ProcessResult r;
  Drain(out_fd_, err_fd_, &r.out, &r.err);
  r.err = err_seen_ + err_buffer_ + r.err;
  waited_ = true;
  return Reap(pid_, std::move(r));
}

}  // namespace onboard::testing
