// The message budget shared by the processors of one gateway, against a real redis-server:
// several GatewayMessageBudget objects with different client names on one Redis stand for
// several processors.
#include "redis_queue/gateway_budget.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "redis_queue/testing/redis_test_fixture.hpp"

namespace ep::redis_queue {
namespace {

using namespace std::chrono_literals;

class GatewayBudgetTest : public RedisFixture {
 protected:
  GatewayMessageBudget budget(const std::string& client, int limit,
                              std::chrono::microseconds window = 1070ms,
                              const std::string& gateway = "gw:4002") {
    return GatewayMessageBudget(
        options(),
        {.gateway = gateway, .messages_per_second = limit, .window = window, .client = client});
  }
  static core::MessageGrant take(GatewayMessageBudget& b, int wanted) {
    auto grant = b.take(wanted);
    EXPECT_TRUE(grant.ok()) << grant.error().message;
    return grant.ok() ? *grant : core::MessageGrant{};
  }
};

TEST_F(GatewayBudgetTest, GrantsUpToTheLimitThenSaysWhenASlotFreesUp) {
  auto b = budget("w1", 5);
  EXPECT_EQ(take(b, 2).granted, 2);
  EXPECT_EQ(take(b, 4).granted, 3) << "a batch is cut at the limit";
  const auto none = take(b, 1);
  EXPECT_EQ(none.granted, 0);
  EXPECT_GT(none.retry_after, 0us);
  EXPECT_LE(none.retry_after, 1070ms);
  EXPECT_EQ(redis().integer({"LLEN", message_slots_key("gw:4002")}), 5);
  EXPECT_GT(redis().integer({"PTTL", message_slots_key("gw:4002")}), 0) << "the log expires";
}

TEST_F(GatewayBudgetTest, ProcessorsOnOneGatewayShareOneBudgetAndCountAsSharers) {
  auto first = budget("w1", 4);
  auto second = budget("w2", 4);
  auto other_gateway = budget("w3", 4, 1070ms, "gw2:4002");
  EXPECT_EQ(take(first, 3).granted, 3);
  const auto rest = take(second, 3);
  EXPECT_EQ(rest.granted, 1);
  EXPECT_EQ(rest.sharers, 2);
  EXPECT_EQ(take(first, 1).granted, 0);
  EXPECT_EQ(take(other_gateway, 4).granted, 4) << "another gateway has its own budget";
  EXPECT_EQ(take(other_gateway, 1).sharers, 1);
}

TEST_F(GatewayBudgetTest, ASlotComesBackOneWindowAfterItsGrant) {
  auto b = budget("w1", 2, 300ms);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(take(b, 2).granted, 2);
  int granted = 0;
  while (granted == 0 && std::chrono::steady_clock::now() - start < 5s) {
    const auto grant = take(b, 1);
    granted = grant.granted;
    if (granted > 0) break;
    // The budget's own retry-after says when the oldest grant leaves the window.
    const std::chrono::microseconds pacing_wait(grant.retry_after);
    std::this_thread::sleep_for(pacing_wait);  // a pacing wait, bounded by the 5 s loop
  }
  EXPECT_EQ(granted, 1);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
}

TEST_F(GatewayBudgetTest, ManyProcessorsTogetherNeverGetMoreThanTheLimitPerWindow) {
  constexpr int kLimit = 20;
  constexpr auto kWindow = 250ms;
  constexpr auto kRun = 1000ms;
  std::atomic<int> total{0};
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      auto b = GatewayMessageBudget(options(), {.gateway = "gw:4002",
                                                .messages_per_second = kLimit,
                                                .window = kWindow,
                                                .client = "w" + std::to_string(i)});
      while (std::chrono::steady_clock::now() - start < kRun) {
        auto grant = b.take(3);
        if (grant.ok()) total += grant->granted;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const auto windows = static_cast<int>(elapsed / kWindow) + 1;
  EXPECT_LE(total.load(), kLimit * windows);
  EXPECT_GE(total.load(), kLimit * 3) << "the budget is used, not starved";
  EXPECT_LE(redis().integer({"LLEN", message_slots_key("gw:4002")}), kLimit);
}

TEST_F(GatewayBudgetTest, AnUnreachableRedisIsUnavailableNotAWait) {
  auto unreachable = options();
  unreachable.port = 1;  // nothing listens there on loopback
  GatewayMessageBudget b(unreachable, {.gateway = "gw:4002", .client = "w1"});
  const auto start = std::chrono::steady_clock::now();
  auto grant = b.take(1);
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

}  // namespace
}  // namespace ep::redis_queue
