#include "redis_queue/redis_queue_inspector.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "redis_queue/redis_event_queue.hpp"
#include "redis_queue/testing/redis_test_fixture.hpp"

namespace ep::redis_queue {
namespace {

using namespace std::chrono_literals;
using core::EventLocation;
using nlohmann::json;

class RedisQueueInspectorTest : public RedisFixture {
 protected:
  RedisQueueInspector inspector_{options()};
  const core::Timestamp now_ = at("2025-07-20T14:00:00.123456+00:00");

  // One event in every location; the queue holds q-old (oldest) and q-new.
  void fill_everything() {
    redis().integer(
        {"LPUSH", "rebalance_queue",
         broker_event("q-old", "A1", "rebalance", 1, "2025-07-20T13:59:00.123456+00:00"),
         broker_event("q-new", "A2", "print-positions", 3)});
    redis().integer(
        {"SADD", "active_events_set", "A1:rebalance", "A2:print-positions", "A6:rebalance"});
    std::string delayed = broker_event("d1", "A3", "rebalance", 2);
    delayed.insert(delayed.size() - 1, ", \"last_error\": \"HTTP 500\"");
    redis().integer({"ZADD", "rebalance_delayed_set", "1753019000", delayed});
    redis().integer({"ZADD", "delayed_execution_set", "1753104600", broker_event("m1", "A4")});
    redis().integer({"LPUSH", "rebalance_dead_letter",
                     json{{"event", broker_event("x1", "A5")},
                          {"reason", "unknown command"},
                          {"failed_at", "2025-07-20T13:00:00.000000+00:00"},
                          {"event_id", "x1"},
                          {"account_id", "A5"}}
                         .dump()});
    redis().integer({"LPUSH", "rebalance_processing:w9", broker_event("p1", "A6")});
  }

  // What the inspector lists at `where` (at most `limit`); a failure of the test, and nothing,
  // when the listing fails.
  std::vector<core::EventView> listed(EventLocation where, std::size_t limit = 100) {
    auto views = inspector_.list(where, limit);
    EXPECT_TRUE(views.ok()) << views.error().message;
    return views.ok() ? *views : std::vector<core::EventView>{};
  }
  static std::vector<std::string> ids(const std::vector<core::EventView>& views) {
    std::vector<std::string> out;
    for (const auto& view : views) out.push_back(view.event_id);
    return out;
  }
};

TEST_F(RedisQueueInspectorTest, CountsOfAnEmptyRedis) {
  ASSERT_TRUE(inspector_.ping().ok());
  auto counts = inspector_.counts(now_);
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(counts->queue_length, 0);
  EXPECT_EQ(counts->active_events_count, 0);
  EXPECT_FALSE(counts->oldest_event_age_seconds.has_value());
  EXPECT_EQ(counts->events_with_retries, 0);
  EXPECT_TRUE(counts->retry_distribution.empty());
}

TEST_F(RedisQueueInspectorTest, CountsEveryLocationAndTheRetryStatistics) {
  fill_everything();
  auto counts = inspector_.counts(now_);
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(counts->queue_length, 2);
  EXPECT_EQ(counts->active_events_count, 3);
  EXPECT_EQ(counts->delayed_events_count, 1);
  EXPECT_EQ(counts->market_closed_count, 1);
  EXPECT_EQ(counts->dead_letter_count, 1);
  EXPECT_EQ(counts->processing_count, 1);
  ASSERT_TRUE(counts->oldest_event_age_seconds.has_value());
  EXPECT_NEAR(*counts->oldest_event_age_seconds, 60.0, 1e-6);  // q-old, created a minute ago
  EXPECT_EQ(counts->events_with_retries, 2);                   // q-new (3) and d1 (2)
  EXPECT_EQ(counts->max_retry_count, 3);
  EXPECT_EQ(counts->retry_distribution,
            (std::map<std::int64_t, std::int64_t>{{1, 1}, {2, 1}, {3, 1}}));
}

TEST_F(RedisQueueInspectorTest, OldestAgeIsNullWhenCreatedAtIsUnreadable) {
  redis().integer(
      {"LPUSH", "rebalance_queue", broker_event("e1", "A1", "rebalance", 1, "yesterday")});
  auto counts = inspector_.counts(now_);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->queue_length, 1);
  EXPECT_FALSE(counts->oldest_event_age_seconds.has_value());
}

TEST_F(RedisQueueInspectorTest, ListsEachLocation) {
  fill_everything();
  const auto active = listed(EventLocation::kActive);
  ASSERT_EQ(active.size(), 2u);
  EXPECT_EQ(active[0].event_id, "q-old");  // oldest first
  EXPECT_EQ(active[1].exec_command, "print-positions");
  EXPECT_EQ(active[1].times_queued, 3);
  EXPECT_EQ(ids(listed(EventLocation::kActive, 1)), std::vector<std::string>{"q-old"});
  EXPECT_TRUE(listed(EventLocation::kActive, 0).empty());

  const auto delayed = listed(EventLocation::kDelayed);
  ASSERT_EQ(delayed.size(), 1u);
  EXPECT_EQ(delayed[0].score, 1753019000.0);
  EXPECT_EQ(delayed[0].reason, "HTTP 500");
  EXPECT_EQ(delayed[0].location, EventLocation::kDelayed);

  const auto market = listed(EventLocation::kMarketClosed);
  ASSERT_EQ(market.size(), 1u);
  EXPECT_EQ(market[0].event_id, "m1");
  EXPECT_EQ(market[0].score, 1753104600.0);

  const auto dead = listed(EventLocation::kDead);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].event_id, "x1");
  EXPECT_EQ(dead[0].reason, "unknown command");
  EXPECT_EQ(dead[0].payload, broker_event("x1", "A5"));

  EXPECT_EQ(ids(listed(EventLocation::kProcessing)), std::vector<std::string>{"p1"});
}

TEST_F(RedisQueueInspectorTest, ListsAMalformedDeadLetterWhole) {
  redis().integer({"LPUSH", "rebalance_dead_letter",
                   json{{"event", "{broken"},
                        {"reason", "malformed JSON"},
                        {"event_id", "b1"},
                        {"account_id", ""}}
                       .dump()});
  auto dead = inspector_.list(EventLocation::kDead, 10);
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].payload, "{broken");
  EXPECT_EQ((*dead)[0].event_id, "b1");
  auto found = inspector_.find("b1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->location, EventLocation::kDead);
}

TEST_F(RedisQueueInspectorTest, FindsAnEventWhereverItIs) {
  fill_everything();
  const std::vector<std::pair<std::string, EventLocation>> expected{
      {"q-new", EventLocation::kActive},
      {"d1", EventLocation::kDelayed},
      {"m1", EventLocation::kMarketClosed},
      {"x1", EventLocation::kDead},
      {"p1", EventLocation::kProcessing}};
  for (const auto& [id, location] : expected) {
    auto found = inspector_.find(id);
    ASSERT_TRUE(found.ok()) << found.error().message;
    ASSERT_TRUE(found->has_value()) << id;
    EXPECT_EQ((*found)->location, location) << id;
  }
  EXPECT_FALSE(inspector_.find("nope")->has_value());
  EXPECT_FALSE(inspector_.find("")->has_value());
}

TEST_F(RedisQueueInspectorTest, RemovesFromTheQueueWithItsDedupKey) {
  fill_everything();
  auto removed = inspector_.remove("q-old");
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_TRUE(*removed);
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_queue"}), 1);
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "A1:rebalance"}), 0);
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "A2:print-positions"}), 1);
  EXPECT_FALSE(*inspector_.remove("q-old"));
}

TEST_F(RedisQueueInspectorTest, RemovesFromTheParkedSetsAndTheDeadLetters) {
  fill_everything();
  // A newer event of the same account and command is queued: its key must survive.
  redis().integer({"SADD", "active_events_set", "A3:rebalance"});
  for (const char* id : {"d1", "m1", "x1"}) {
    auto removed = inspector_.remove(id);
    ASSERT_TRUE(removed.ok()) << removed.error().message;
    EXPECT_TRUE(*removed) << id;
    EXPECT_FALSE(inspector_.find(id)->has_value()) << id;
  }
  EXPECT_EQ(redis().integer({"ZCARD", "rebalance_delayed_set"}), 0);
  EXPECT_EQ(redis().integer({"ZCARD", "delayed_execution_set"}), 0);
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_dead_letter"}), 0);
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "A3:rebalance"}), 1);
  // In flight: not removable.
  EXPECT_FALSE(*inspector_.remove("p1"));
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_processing:w9"}), 1);
}

TEST_F(RedisQueueInspectorTest, RemovingADeadLetterReleasesAKeyLeftBehindUnlessACopyNeedsIt) {
  const auto dead = [](const std::string& id) {
    return json{{"event", broker_event(id, "A7")},
                {"reason", "invalid_input: x"},
                {"failed_at", "2025-07-20T13:00:00.000000+00:00"},
                {"event_id", id},
                {"account_id", "A7"}}
        .dump();
  };
  redis().integer({"SADD", "active_events_set", "A7:rebalance"});  // left behind
  // A copy waiting in the queue needs the key.
  redis().integer({"LPUSH", "rebalance_dead_letter", dead("x1")});
  redis().integer({"LPUSH", "rebalance_queue", broker_event("q7", "A7")});
  ASSERT_TRUE(*inspector_.remove("x1"));
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "A7:rebalance"}), 1);
  // So does one running in a processing list.
  redis().integer({"DEL", "rebalance_queue"});
  redis().integer({"LPUSH", "rebalance_processing:w5", broker_event("p7", "A7")});
  redis().integer({"LPUSH", "rebalance_dead_letter", dead("x2")});
  ASSERT_TRUE(*inspector_.remove("x2"));
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "A7:rebalance"}), 1);
  // A parked copy or another command of the account does not: the key goes.
  redis().integer({"DEL", "rebalance_processing:w5"});
  redis().integer({"ZADD", "rebalance_delayed_set", "1", broker_event("d7", "A7")});
  redis().integer({"LPUSH", "rebalance_queue", broker_event("o7", "A7", "print-positions")});
  redis().integer({"LPUSH", "rebalance_dead_letter", dead("x3")});
  ASSERT_TRUE(*inspector_.remove("x3"));
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "A7:rebalance"}), 0);
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_dead_letter"}), 0);
  EXPECT_FALSE(*inspector_.remove("x3"));
}

TEST_F(RedisQueueInspectorTest, EnqueuesLikeTheBrokerWithDeduplication) {
  auto first = inspector_.enqueue("DU1", "print-positions", R"({"note": "x"})", now_);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->status, core::EnqueueStatus::kEnqueued);
  EXPECT_FALSE(first->event_id.empty());
  const auto stored = json::parse(redis().str({"LINDEX", "rebalance_queue", "0"}));
  EXPECT_EQ(stored["event_id"], first->event_id);
  EXPECT_EQ(stored["data"]["exec"], "print-positions");
  EXPECT_EQ(stored["data"]["note"], "x");
  EXPECT_EQ(stored["created_at"], "2025-07-20T14:00:00.123456+00:00");
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "DU1:print-positions"}), 1);

  auto second = inspector_.enqueue("DU1", "print-positions", "{}", now_);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->status, core::EnqueueStatus::kDuplicate);
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_queue"}), 1);

  for (auto bad :
       {inspector_.enqueue("", "rebalance", "{}", now_), inspector_.enqueue("DU1", "", "{}", now_),
        inspector_.enqueue("DU2", "rebalance", "[1]", now_)}) {
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().kind, core::ErrorKind::kInvalidInput);
  }
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_queue"}), 1);
}

TEST_F(RedisQueueInspectorTest, AnEnqueuedEventRunsAndReleasesItsKey) {
  RedisEventQueue queue(options(), "w1");
  auto added = inspector_.enqueue("DU1", "print-equity", "{}", now_);
  ASSERT_TRUE(added.ok());
  auto taken = queue.next(100ms);
  ASSERT_TRUE(taken.ok() && taken->has_value());
  core::OutcomeRecord outcome;
  outcome.event_id = added->event_id;
  ASSERT_TRUE(queue.finish(**taken, outcome).ok());
  auto again = inspector_.enqueue("DU1", "print-equity", "{}", now_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, core::EnqueueStatus::kEnqueued);
  auto history = inspector_.history(10);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ(json::parse((*history)[0])["event_id"], added->event_id);
}

TEST_F(RedisQueueInspectorTest, RetryNowSendsParkedAndDeadEventsBack) {
  fill_everything();
  for (const char* id : {"d1", "m1", "x1"}) {
    auto retried = inspector_.retry_now(id);
    ASSERT_TRUE(retried.ok()) << retried.error().message;
    EXPECT_TRUE(*retried) << id;
    auto found = inspector_.find(id);
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->location, EventLocation::kActive) << id;
  }
  // The dead letter's event goes back as it was received, not the record around it.
  EXPECT_EQ(redis().str({"LINDEX", "rebalance_queue", "0"}), broker_event("x1", "A5"));
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "A5:rebalance"}), 1);
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "A3:rebalance"}), 1);
  EXPECT_EQ(redis().integer({"ZCARD", "rebalance_delayed_set"}), 0);
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_dead_letter"}), 0);
  EXPECT_FALSE(*inspector_.retry_now("q-old"));  // already queued
  EXPECT_FALSE(*inspector_.retry_now("nope"));
}

TEST_F(RedisQueueInspectorTest, HistoryNewestFirstWithinTheLimit) {
  redis().integer({"LPUSH", "rebalance_history", "r1", "r2", "r3"});
  EXPECT_EQ(*inspector_.history(2), (std::vector<std::string>{"r3", "r2"}));
  EXPECT_TRUE(inspector_.history(0)->empty());
}

TEST_F(RedisQueueInspectorTest, PauseIsSeenByTheQueue) {
  RedisEventQueue queue(options(), "w1");
  ASSERT_TRUE(inspector_.set_paused(true).ok());
  EXPECT_TRUE(*inspector_.paused());
  EXPECT_TRUE(*queue.paused());
  ASSERT_TRUE(inspector_.set_paused(false).ok());
  EXPECT_FALSE(*queue.paused());
}

TEST_F(RedisQueueInspectorTest, ManyThreadsAtOnce) {
  constexpr int kThreads = 8;
  constexpr int kEach = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto added = inspector_.enqueue("T" + std::to_string(t) + "-" + std::to_string(i),
                                        "print-positions", "{}", now_);
        auto counts = inspector_.counts(now_);
        if (!added.ok() || added->status != core::EnqueueStatus::kEnqueued || !counts.ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_queue"}), kThreads * kEach);
  EXPECT_EQ(redis().integer({"SCARD", "active_events_set"}), kThreads * kEach);
}

TEST_F(RedisQueueInspectorTest, RedisDownIsUnavailable) {
  test::RedisServer own;
  RedisOptions own_options = options();
  own_options.port = own.port();
  RedisQueueInspector inspector(own_options);
  ASSERT_TRUE(inspector.ping().ok());
  own.stop();
  const std::string where = "redis 127.0.0.1:" + std::to_string(own.port());
  auto ping = inspector.ping();
  ASSERT_FALSE(ping.ok());
  EXPECT_EQ(ping.error().kind, core::ErrorKind::kUnavailable);
  auto counts = inspector.counts(now_);
  ASSERT_FALSE(counts.ok());
  EXPECT_EQ(counts.error().message, where + ": Connection refused");
  EXPECT_FALSE(inspector.enqueue("DU1", "rebalance", "{}", now_).ok());
  own.start();
  EXPECT_TRUE(inspector.ping().ok());
}

}  // namespace
}  // namespace ep::redis_queue
