#include "app/signals.hpp"

#include <pthread.h>
#include <signal.h>

namespace ep::app {
namespace {

sigset_t shutdown_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGUSR1);  // our own wake-up when the service ends by itself
  return set;
}

}  // namespace

void block_shutdown_signals() {
  const sigset_t set = shutdown_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A peer closing a socket must give EPIPE, not kill the process.
  signal(SIGPIPE, SIG_IGN);
}

ShutdownSignals::ShutdownSignals(std::function<void(int)> on_signal)
    : waiter_([on_signal = std::move(on_signal)] {
        const sigset_t set = shutdown_set();
        int received = 0;
        if (sigwait(&set, &received) == 0 && received != SIGUSR1) on_signal(received);
      }) {}

ShutdownSignals::~ShutdownSignals() {
  if (waiter_.joinable()) {
    pthread_kill(waiter_.native_handle(), SIGUSR1);
    waiter_.join();
  }
}

}  // namespace ep::app
