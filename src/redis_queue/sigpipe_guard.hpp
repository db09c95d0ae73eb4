// SigpipeGuard: hiredis 0.14 writes with write(2), so a write to a socket the server closed
// raises SIGPIPE, whose default action kills the process. While a guard lives, SIGPIPE is
// blocked on the calling thread; a SIGPIPE raised meanwhile is consumed on destruction (the
// write itself still fails with EPIPE, which RedisConnection reports). Any thread, scoped use.
#pragma once

#include <signal.h>

namespace ep::redis_queue {

class SigpipeGuard {
 public:
  SigpipeGuard();
  ~SigpipeGuard();
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t old_mask_{};
  bool was_pending_ = false;
  bool blocked_ = false;
};

}  // namespace ep::redis_queue
