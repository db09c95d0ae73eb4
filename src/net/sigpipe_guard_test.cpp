#include "net/sigpipe_guard.hpp"

#include <gtest/gtest.h>
#include <pthread.h>

namespace ep::net {
namespace {

bool sigpipe_pending() {
  sigset_t set;
  sigemptyset(&set);
  sigpending(&set);
  return sigismember(&set, SIGPIPE) == 1;
}

bool sigpipe_blocked() {
  sigset_t mask;
  sigemptyset(&mask);
  pthread_sigmask(SIG_BLOCK, nullptr, &mask);
  return sigismember(&mask, SIGPIPE) == 1;
}

// The test process keeps SIGPIPE's default action (terminate): if the guard let the signal
// through, this test would kill its own process instead of passing.
TEST(SigpipeGuard, ASigpipeRaisedWhileGuardedIsConsumedNotDelivered) {
  ASSERT_FALSE(sigpipe_blocked());
  {
    const SigpipeGuard guard;
    EXPECT_TRUE(sigpipe_blocked());
    ASSERT_EQ(pthread_kill(pthread_self(), SIGPIPE), 0);
    EXPECT_TRUE(sigpipe_pending());
  }
  EXPECT_FALSE(sigpipe_pending());
  EXPECT_FALSE(sigpipe_blocked());  // the thread's mask is as it was
}

TEST(SigpipeGuard, NestedGuardsRestoreTheOuterMask) {
  {
    const SigpipeGuard outer;
    {
      const SigpipeGuard inner;
      ASSERT_EQ(pthread_kill(pthread_self(), SIGPIPE), 0);
    }
    EXPECT_TRUE(sigpipe_blocked());
    EXPECT_FALSE(sigpipe_pending());
  }
  EXPECT_FALSE(sigpipe_blocked());
}

}  // namespace
}  // namespace ep::net
