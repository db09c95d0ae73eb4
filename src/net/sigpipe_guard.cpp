#include "net/sigpipe_guard.hpp"

#include <pthread.h>

#include <ctime>

namespace ep::net {
namespace {
sigset_t sigpipe_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  return set;
}
}  // namespace

SigpipeGuard::SigpipeGuard() {
  sigset_t pending;
  sigemptyset(&pending);
  sigpending(&pending);
  was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  const sigset_t set = sigpipe_set();
  blocked_ = pthread_sigmask(SIG_BLOCK, &set, &old_mask_) == 0;
}

SigpipeGuard::~SigpipeGuard() {
  if (!blocked_) return;
  if (!was_pending_) {
    // Consume a SIGPIPE our own write raised, without waiting.
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) == 1) {
      const sigset_t set = sigpipe_set();
      const timespec no_wait{0, 0};
      sigtimedwait(&set, nullptr, &no_wait);
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

}  // namespace ep::net
