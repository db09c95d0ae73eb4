#include "core/backoff.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ep::core {
namespace {

TEST(Backoff, DoublesUpToTheCapWithJitterAndResets) {
  Backoff backoff(std::chrono::milliseconds{100}, std::chrono::milliseconds{1000}, 42);
  const std::int64_t bases[] = {100, 200, 400, 800, 1000, 1000, 1000};
  for (const auto base : bases) {
    const auto delay = backoff.next_delay().count();
    EXPECT_GE(delay, base / 2);
    EXPECT_LE(delay, base);
  }
  EXPECT_EQ(backoff.failures(), 7);
  backoff.reset();
  EXPECT_LE(backoff.next_delay().count(), 100);
}

TEST(Backoff, LargeFailureCountsStayAtTheCapWithoutOverflow) {
  Backoff backoff(std::chrono::milliseconds{1}, std::chrono::hours{1}, 3);
  for (int i = 0; i < 200; ++i) {
    const auto delay = backoff.next_delay();
    ASSERT_GE(delay.count(), 0) << i;
    ASSERT_LE(delay, std::chrono::hours{1}) << i;
  }
}

TEST(Backoff, JitterSpreadsProcessorsThatFailedTogether) {
  std::set<std::int64_t> delays;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    Backoff backoff(std::chrono::milliseconds{1000}, std::chrono::milliseconds{1000}, seed);
    delays.insert(backoff.next_delay().count());
  }
  EXPECT_GT(delays.size(), 10u);
}

}  // namespace
}  // namespace ep::core
