// keepnet-sim: prints "listening on http://HOST:PORT" once it accepts connections, then
// serves until SIGINT/SIGTERM.

#include <csignal>
#include <cstdio>
#include <exception>
#include <thread>

#include <pthread.h>

#include "options.h"
#include "server.h"

int main(int argc, char** argv) {
  keepnet_sim::Options opts = keepnet_sim::parseOptions(argc, argv);
  std::signal(SIGPIPE, SIG_IGN);
  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
  try {
    const std::string host = opts.host;
    keepnet_sim::Sim sim(std::move(opts));
    const int port = sim.bind();
    std::thread waiter([&] {
      int sig = 0;
      sigwait(&stopSignals, &sig);
      sim.stop();
    });
    waiter.detach();
    std::printf("listening on http://%s:%d\n", host.c_str(), port);
    std::fflush(stdout);
    sim.listen();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "keepnet-sim: %s\n", e.what());
    return 1;
  }
  return 0;
}
