#include "allocation_api/scoped_sigpipe_block.hpp"

#include <pthread.h>

#include <ctime>

namespace ep::allocation_api {
namespace {

bool sigpipe_pending() {
  sigset_t set;
  sigemptyset(&set);
  sigpending(&set);
  return sigismember(&set, SIGPIPE) == 1;
}

}  // namespace

ScopedSigpipeBlock::ScopedSigpipeBlock() {
  sigemptyset(&pipe_);
  sigaddset(&pipe_, SIGPIPE);
  was_pending_ = sigpipe_pending();
  blocked_ = pthread_sigmask(SIG_BLOCK, &pipe_, &old_mask_) == 0;
}

ScopedSigpipeBlock::~ScopedSigpipeBlock() {
  if (!blocked_) return;
  if (!was_pending_ && sigpipe_pending()) {
    // Consume the SIGPIPE our own write raised, without waiting, before unblocking.
    const timespec no_wait{0, 0};
    sigtimedwait(&pipe_, nullptr, &no_wait);
  }
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

}  // namespace ep::allocation_api
