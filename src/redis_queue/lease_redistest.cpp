// The per-account lease, the pause check of the take and the promote rule against a real
// redis-server: several RedisEventQueue objects with different worker ids on one Redis stand
// for several processors.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <future>
#include <string>
#include <vector>

#include "redis_queue/redis_event_queue.hpp"
#include "redis_queue/testing/queue_fixture.hpp"

namespace ep::redis_queue {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class LeaseTest : public QueueFixture {
 protected:
  // The event id next() takes, "" when it takes nothing.
  static std::string next_id(RedisEventQueue& queue, std::chrono::milliseconds wait = 0ms) {
    auto event = queue.next(wait);
    EXPECT_TRUE(event.ok()) << event.error().message;
    if (!event.ok() || !event->has_value()) return "";
    return json::parse((*event)->payload)["event_id"].get<std::string>();
  }
  std::string lease_of(const std::string& account) {
    auto value = redis().command({"GET", "rebalance_lease:" + account});
    return value.is_nil() ? "" : value.text;
  }
};

TEST_F(LeaseTest, ASecondWorkerSkipsALeasedAccountAndKeepsItsOrder) {
  auto w1 = make_queue("w1");
  auto w2 = make_queue("w2");
  broker_push(broker_event("a1", "A"));
  broker_push(broker_event("a2", "A", "print-positions"));
  broker_push(broker_event("b1", "B"));
  broker_push(broker_event("a3", "A", "print-equity"));
  broker_push(broker_event("b2", "B", "print-positions"));

  const auto a1 = taken(w1);
  EXPECT_EQ(json::parse(a1.payload)["event_id"], "a1");
  EXPECT_EQ(lease_of("A").rfind("w1#", 0), 0u) << lease_of("A");
  // w2 passes over a2 (and a3 after it): account A is w1's.
  EXPECT_EQ(next_id(w2), "b1");
  EXPECT_EQ(lease_of("B").rfind("w2#", 0), 0u);
  // w1 is still on a1; w2's B is busy too: nothing is eligible for a third worker.
  auto w3 = make_queue("w3");
  EXPECT_EQ(next_id(w3), "");
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_queue"}), 3);

  ASSERT_TRUE(w1.finish(a1, outcome()).ok());
  EXPECT_EQ(lease_of("A"), "");
  EXPECT_EQ(next_id(w3), "a2");  // A's events keep their order: a2 before a3
  EXPECT_EQ(next_id(w1), "");    // A is w3's now, B is w2's
  const std::vector<std::string> left = list("rebalance_queue");
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(json::parse(left[0])["event_id"], "b2");
  EXPECT_EQ(json::parse(left[1])["event_id"], "a3");
}

TEST_F(LeaseTest, LooksPastABusyAccountUpToTheScanWindow) {
  QueueSettings settings;
  settings.take_scan = 60;
  auto w1 = make_queue("w1", settings);
  auto w2 = make_queue("w2", settings);
  // A's events fill the consuming end (they span several of the script's read chunks).
  for (int i = 0; i < 50; ++i) broker_push(broker_event("a" + std::to_string(i), "A"));
  broker_push(broker_event("b1", "B"));
  for (int i = 0; i < 20; ++i) broker_push(broker_event("c" + std::to_string(i), "C"));
  EXPECT_EQ(next_id(w1), "a0");
  EXPECT_EQ(next_id(w2), "b1");  // the 50th event from the right
  // B is w2's now and A is w1's: a 40-event window sees only A's 49 events left.
  QueueSettings narrow = settings;
  narrow.take_scan = 40;
  auto w3 = make_queue("w3", narrow);
  EXPECT_EQ(next_id(w3), "");
  auto w4 = make_queue("w4", settings);
  EXPECT_EQ(next_id(w4), "c0");
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_queue"}), 49 + 19);
}

TEST_F(LeaseTest, BusyAccountsOnlyMakeNextReturnAfterAShortBoundedWait) {
  QueueSettings settings;
  settings.busy_wait = 50ms;
  auto w1 = make_queue("w1", settings);
  auto w2 = make_queue("w2", settings);
  broker_push(broker_event("a1", "A"));
  broker_push(broker_event("a2", "A", "print-positions"));
  taken(w1);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(next_id(w2, 5000ms), "");
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 40ms);
  EXPECT_LT(took, 1000ms);
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_queue"}), 1);
}

TEST_F(LeaseTest, AWorkerWaitingOnABusyAccountWakesWhenTheLeaseIsReleased) {
  QueueSettings settings;
  settings.busy_wait = 10000ms;  // a release, not the deadline, must end the wait
  auto w1 = make_queue("w1", settings);
  auto w2 = make_queue("w2", settings);
  broker_push(broker_event("a1", "A"));
  broker_push(broker_event("a2", "A", "print-positions"));
  const auto first = taken(w1);
  auto waiting = std::async(std::launch::async, [&] {
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(next_id(w2, 10000ms), "");
    return std::chrono::steady_clock::now() - started;
  });
  // w2 is blocked on the release list (or about to be): finish w1's event.
  EXPECT_EQ(waiting.wait_for(200ms), std::future_status::timeout);
  ASSERT_TRUE(w1.finish(first, outcome()).ok());
  ASSERT_EQ(waiting.wait_for(5s), std::future_status::ready);
  EXPECT_LT(waiting.get(), 5000ms);
  EXPECT_EQ(next_id(w2), "a2");
}

TEST_F(LeaseTest, EveryOutcomeReleasesTheLease) {
  auto w1 = make_queue("w1");
  int n = 0;
  for (const auto& record : every_outcome(w1)) {
    const std::string account = "A" + std::to_string(n++);
    broker_push(broker_event("e" + account, account));
    const auto event = taken(w1);
    EXPECT_NE(lease_of(account), "");
    ASSERT_TRUE(record(event).ok());
    EXPECT_EQ(lease_of(account), "") << "outcome " << n;
  }
}

TEST_F(LeaseTest, HeartbeatRenewsTheLeaseOfTheRunningEventOnly) {
  auto w1 = make_queue("w1", {.liveness_ttl = 15s});
  broker_push(broker_event("a1", "A"));
  const auto event = taken(w1);
  expect_heartbeat_renews(w1, "rebalance_lease:A", 10s, 15s);
  ASSERT_TRUE(w1.finish(event, outcome()).ok());
  ASSERT_TRUE(w1.heartbeat().ok());
  EXPECT_EQ(redis().integer({"EXISTS", "rebalance_lease:A"}), 0);  // not brought back
}

TEST_F(LeaseTest, AfterExpiryAnotherWorkerTakesOverAndTheFenceStopsTheFirst) {
  auto w1 = make_queue("w1");
  auto w2 = make_queue("w2");
  broker_push(broker_event("a1", "A"));
  broker_push(broker_event("a2", "A", "print-positions"));
  const auto a1 = taken(w1);
  EXPECT_TRUE(w1.confirm_lease("A").ok());
  EXPECT_EQ(next_id(w2), "");  // still w1's

  redis().integer({"PEXPIRE", "rebalance_lease:A", "1"});  // w1 stalled past the TTL
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (redis().integer({"EXISTS", "rebalance_lease:A"}) == 1 &&
         std::chrono::steady_clock::now() < deadline) {
  }
  EXPECT_EQ(next_id(w2), "a2");
  const std::string w2_lease = lease_of("A");
  EXPECT_EQ(w2_lease.rfind("w2#", 0), 0u);

  const auto fence = w1.confirm_lease("A");
  ASSERT_FALSE(fence.ok());
  EXPECT_EQ(fence.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_NE(fence.error().message.find("lost"), std::string::npos) << fence.error().message;
  EXPECT_NE(fence.error().message.find("no order was placed"), std::string::npos);
  EXPECT_NE(fence.error().message.find("w2#"), std::string::npos);
  // w1's outcome leaves w2's lease alone; w2's fence still holds.
  ASSERT_TRUE(w1.retry_later(a1, outcome("lease lost")).ok());
  EXPECT_EQ(lease_of("A"), w2_lease);
  EXPECT_TRUE(w2.confirm_lease("A").ok());
  // A worker that holds no lease on an account cannot pass its fence either.
  EXPECT_FALSE(w1.confirm_lease("B").ok());
}

TEST_F(LeaseTest, TheFencingTokenGrowsWithEveryLease) {
  auto w1 = make_queue("w1");
  broker_push(broker_event("a1", "A"));
  broker_push(broker_event("a2", "A", "print-positions"));
  const auto first = taken(w1);
  const std::string lease1 = lease_of("A");
  ASSERT_TRUE(w1.finish(first, outcome()).ok());
  taken(w1);
  const std::string lease2 = lease_of("A");
  ASSERT_FALSE(lease1.empty());
  ASSERT_FALSE(lease2.empty());
  EXPECT_LT(std::stoll(lease1.substr(3)), std::stoll(lease2.substr(3)));
}

TEST_F(LeaseTest, ARestartedWorkerTakesItsOwnLeaseOver) {
  // An earlier life of w1 died holding A's lease with a1 in its processing list.
  redis().str({"SET", "rebalance_lease:A", "w1#7", "PX", "60000"});
  redis().integer({"LPUSH", "rebalance_processing:w1", broker_event("a1", "A")});
  auto w2 = make_queue("w2");
  EXPECT_EQ(next_id(w2), "");  // w2 must wait for the lease to expire
  auto w1 = make_queue("w1");
  EXPECT_EQ(next_id(w1), "a1");
  const std::string lease = lease_of("A");
  EXPECT_EQ(lease.rfind("w1#", 0), 0u);
  EXPECT_NE(lease, "w1#7");  // a new fencing token
  EXPECT_TRUE(w1.confirm_lease("A").ok());
}

TEST_F(LeaseTest, AnEventWithoutAnAccountIsTakenWithoutALease) {
  auto w1 = make_queue("w1");
  redis().integer({"LPUSH", "rebalance_queue", "{\"event_id\": \"bad\", \"account_id\": tru"});
  redis().integer({"LPUSH", "rebalance_queue", "null"});
  auto first = w1.next(0ms);
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->payload, "{\"event_id\": \"bad\", \"account_id\": tru");
  EXPECT_TRUE(redis().array({"KEYS", "rebalance_lease:*"}).empty());
  ASSERT_TRUE(w1.dead_letter(**first, outcome("malformed")).ok());
  auto second = w1.next(0ms);
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->payload, "null");
}

TEST_F(LeaseTest, NothingIsTakenWhilePausedAndTheEventStaysUntouched) {
  auto w1 = make_queue("w1");
  redis().str({"SET", "rebalance_paused", "1"});
  const std::string payload = broker_event("a1", "A");
  broker_push(payload);
  EXPECT_EQ(next_id(w1, 100ms), "");
  EXPECT_EQ(list("rebalance_queue"), std::vector<std::string>{payload});
  EXPECT_TRUE(list("rebalance_processing:w1").empty());
  EXPECT_EQ(lease_of("A"), "");
  redis().integer({"DEL", "rebalance_paused"});
  EXPECT_EQ(next_id(w1), "a1");
}

TEST_F(LeaseTest, APauseSetWhileTheWorkerWaitsOnAnEmptyQueueIsHonoured) {
  auto w1 = make_queue("w1");
  ASSERT_TRUE(w1.next(0ms).ok());  // registered
  for (int round = 0; round < 5; ++round) {
    auto waiting = std::async(std::launch::async, [&] { return w1.next(3000ms); });
    // Let the worker block on the server first: its BLMOVE shows in CLIENT LIST.
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (redis().str({"CLIENT", "LIST"}).find("cmd=blmove") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
    }
    redis().str({"SET", "rebalance_paused", "1"});
    const std::string payload = broker_event("p" + std::to_string(round), "A");
    redis().integer({"LPUSH", "rebalance_queue", payload});
    auto result = waiting.get();
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_FALSE(result->has_value());
    EXPECT_EQ(list("rebalance_queue"), std::vector<std::string>{payload});  // byte for byte
    EXPECT_TRUE(list("rebalance_processing:w1").empty());
    redis().integer({"DEL", "rebalance_paused", "rebalance_queue"});
  }
}

TEST_F(LeaseTest, AnEventArrivingWhileTheWorkerWaitsIsTakenAtOnce) {
  auto w1 = make_queue("w1");
  ASSERT_TRUE(w1.next(0ms).ok());
  auto waiting = std::async(std::launch::async, [&] { return w1.next(3000ms); });
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (redis().str({"CLIENT", "LIST"}).find("cmd=blmove") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
  }
  const auto pushed = std::chrono::steady_clock::now();
  broker_push(broker_event("a1", "A"));
  auto result = waiting.get();
  EXPECT_LT(std::chrono::steady_clock::now() - pushed, 1000ms);
  ASSERT_TRUE(result.ok() && result->has_value());
  EXPECT_EQ(json::parse((*result)->payload)["event_id"], "a1");
  EXPECT_EQ(lease_of("A").rfind("w1#", 0), 0u);
}

TEST_F(LeaseTest, PromoteLeavesARetryParkedWhileItsDedupKeyIsActive) {
  QueueSettings settings;
  settings.retry_delay = 0s;
  settings.promote_batch = 2;  // the parked ones fill whole batches: the rest must still move
  auto w1 = make_queue("w1", settings);
  const auto now = at("2025-07-20T14:00:00+00:00");
  for (const char* account : {"A", "B", "C"}) {
    redis().integer(
        {"ZADD", "rebalance_delayed_set", "1", broker_event(std::string("r") + account, account)});
    redis().integer({"SADD", "active_events_set", std::string(account) + ":rebalance"});
  }
  redis().integer({"ZADD", "rebalance_delayed_set", "2", broker_event("rD", "D")});
  redis().integer({"ZADD", "delayed_execution_set", "1", broker_event("mA", "A")});
  auto moved = w1.promote_due(now);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(*moved, 1u);
  EXPECT_EQ(list("rebalance_queue"), std::vector<std::string>{broker_event("rD", "D")});
  EXPECT_EQ(redis().integer({"ZCARD", "rebalance_delayed_set"}), 3);
  EXPECT_EQ(redis().integer({"ZCARD", "delayed_execution_set"}), 1);
  // A's other event finished: its retry (and its market-closed one) may run now, one of them
  // at a time: the first promoted makes the key active again.
  redis().integer({"SREM", "active_events_set", "A:rebalance"});
  moved = w1.promote_due(now);
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(*moved, 1u);
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "A:rebalance"}), 1);
  EXPECT_EQ(redis().integer({"ZCARD", "rebalance_delayed_set"}) +
                redis().integer({"ZCARD", "delayed_execution_set"}),
            3);
}

}  // namespace
}  // namespace ep::redis_queue
