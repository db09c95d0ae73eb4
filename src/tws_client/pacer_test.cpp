#include "tws_client/pacer.hpp"

#include <gtest/gtest.h>

#include <random>

#include "tws_client/random_client_id.hpp"

namespace ep::tws_client {
namespace {

using namespace std::chrono_literals;

TEST(RateWindow, AllowsABurstUpToTheLimitThenWaitsForTheOldestToExpire) {
  RateWindow window(3, 1000ms);
  const SteadyTime t0{};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(window.next_allowed(t0 + i * 1ms), t0 + i * 1ms);
    window.record(t0 + i * 1ms);
  }
  EXPECT_EQ(window.next_allowed(t0 + 5ms), t0 + 1000ms);
  window.record(t0 + 1000ms);
  EXPECT_EQ(window.next_allowed(t0 + 1000ms), t0 + 1001ms);
}

TEST(RateWindow, NeverMoreThanTheLimitInAnyWindow) {
  RateWindow window(50, 1000ms);
  std::vector<SteadyTime> sent;
  SteadyTime now{};
  for (int i = 0; i < 500; ++i) {
    now = window.next_allowed(now + 3ms);
    window.record(now);
    sent.push_back(now);
  }
  for (std::size_t i = 0; i + 50 < sent.size(); ++i) {
    EXPECT_GE(sent[i + 50] - sent[i], 1000ms) << "at " << i;
  }
}

TEST(Pacer, WaitsForATokenAndCountsTheWait) {
  Pacer pacer(2, 0ms);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(pacer.acquire(start + 5s));
  ASSERT_TRUE(pacer.acquire(start + 5s));
  EXPECT_EQ(pacer.waits(), 0);
  ASSERT_TRUE(pacer.acquire(start + 5s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 1000ms);
  EXPECT_EQ(pacer.waits(), 1);
}

TEST(Pacer, GivesUpWhenNoTokenFreesBeforeTheDeadline) {
  Pacer pacer(1, 0ms);
  ASSERT_TRUE(pacer.acquire(std::chrono::steady_clock::now() + 1s));
  EXPECT_FALSE(pacer.acquire(std::chrono::steady_clock::now() + 50ms));
}

TEST(RandomClientId, IsInRange) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 1000; ++i) {
    const int id = random_client_id(rng);
    ASSERT_GE(id, 1000);
    ASSERT_LE(id, 2999);
  }
}

}  // namespace
}  // namespace ep::tws_client
