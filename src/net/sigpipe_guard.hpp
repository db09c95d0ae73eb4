// SigpipeGuard: for libraries that write to sockets with write(2) (hiredis, OpenSSL under
// cpp-httplib), where a write to a socket the peer closed raises SIGPIPE, whose default action
// kills the process. While a guard lives, SIGPIPE is blocked on the calling thread; a SIGPIPE
// raised meanwhile is consumed on destruction (the write itself still fails with EPIPE, which
// the library reports). Our own sockets (tcp_stream) use MSG_NOSIGNAL instead. Any thread,
// scoped use.
#pragma once

#include <signal.h>

namespace ep::net {

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

}  // namespace ep::net
