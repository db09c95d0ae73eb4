// ScopedSigpipeBlock: OpenSSL writes to its socket with write(2), so a server that closed the
// connection raises SIGPIPE, whose default action kills the process. While a block lives,
// SIGPIPE is blocked on the calling thread, and one raised meanwhile is consumed when it ends
// (the write itself still fails, and httplib reports that). Scoped use on any thread.
#pragma once

#include <signal.h>

namespace ep::allocation_api {

class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock();
  ~ScopedSigpipeBlock();
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;

 private:
  sigset_t pipe_{};
  sigset_t old_mask_{};
  bool was_pending_ = false;
  bool blocked_ = false;
};

}  // namespace ep::allocation_api
