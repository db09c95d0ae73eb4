// RedisQueueInspector with a backlog: pages of every location, counts that do not read the
// events (asserted with Redis's own command statistics), the retry summary, and searches by id
// deep in large lists and sorted sets.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "redis_queue/redis_queue_inspector.hpp"
#include "redis_queue/testing/redis_test_fixture.hpp"

namespace ep::redis_queue {
namespace {

using namespace std::chrono_literals;
using core::EventLocation;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

std::string id_of(std::size_t i) {
  return "e" + std::to_string(i);
}

class InspectorLargeQueueTest : public RedisFixture {
 protected:
  const core::Timestamp now_ = at("2025-07-20T14:00:00.123456+00:00");

  // LPUSHes e0..e{n-1} (e0 first: the oldest); every 10th was queued 3 times.
  void fill_queue(std::size_t n) {
    std::vector<std::string> args{"LPUSH", "rebalance_queue"};
    for (std::size_t i = 0; i < n; ++i) {
      args.push_back(broker_event(
          id_of(i), "A" + std::to_string(i), "rebalance", i % 10 == 0 ? 3 : 1,
          i == 0 ? "2025-07-20T13:59:00.123456+00:00" : "2025-07-20T13:59:30.123456+00:00"));
    }
    redis().integer(args);
  }
  // d0..d{n-1} parked at scores 1000 + i, each queued twice.
  void fill_delayed(std::size_t n) {
    std::vector<std::string> args{"ZADD", "rebalance_delayed_set"};
    for (std::size_t i = 0; i < n; ++i) {
      args.push_back(std::to_string(1000 + i));
      args.push_back(
          broker_event("d" + std::to_string(i), "B" + std::to_string(i), "rebalance", 2));
    }
    redis().integer(args);
  }
  // x0..x{n-1}, x{n-1} the newest.
  void fill_dead(std::size_t n) {
    std::vector<std::string> args{"LPUSH", "rebalance_dead_letter"};
    for (std::size_t i = 0; i < n; ++i) {
      const std::string id = "x" + std::to_string(i);
      args.push_back(json{
          {"event", broker_event(id, "C1")},
          {"reason", "unknown command"},
          {"event_id", id},
          {"account_id",
           "C1"}}.dump());
    }
    redis().integer(args);
  }

  // Calls of a Redis command since the last CONFIG RESETSTAT (INFO commandstats).
  std::int64_t calls_of(const std::string& command) {
    const std::string stats = redis().str({"INFO", "commandstats"});
    const std::string marker = "cmdstat_" + command + ":calls=";
    const auto at_marker = stats.find(marker);
    if (at_marker == std::string::npos) return 0;
    return std::stoll(stats.substr(at_marker + marker.size()));
  }

  // The events with retries in the inspector's counts now; -1 and a failure of the test when
  // the counts fail.
  std::int64_t events_with_retries(RedisQueueInspector& inspector) {
    auto counts = inspector.counts(now_);
    EXPECT_TRUE(counts.ok()) << counts.error().message;
    return counts.ok() ? counts->events_with_retries : -1;
  }

  static std::vector<std::string> ids(const std::vector<core::EventView>& views) {
    std::vector<std::string> out;
    for (const auto& view : views) out.push_back(view.event_id);
    return out;
  }
};

TEST_F(InspectorLargeQueueTest, PagesEveryLocationInItsOrder) {
  RedisQueueInspector inspector(options());
  fill_queue(25);
  fill_delayed(12);
  fill_dead(7);
  redis().integer({"LPUSH", "rebalance_history", "r1", "r2", "r3", "r4", "r5"});

  auto queue = inspector.list_page(EventLocation::kActive, {10, 3});
  ASSERT_TRUE(queue.ok()) << queue.error().message;
  EXPECT_EQ(ids(*queue), (std::vector<std::string>{"e10", "e11", "e12"}));  // oldest first
  EXPECT_EQ(ids(*inspector.list_page(EventLocation::kActive, {23, 100})),
            (std::vector<std::string>{"e23", "e24"}));
  EXPECT_TRUE(inspector.list_page(EventLocation::kActive, {25, 100})->empty());
  EXPECT_TRUE(inspector.list_page(EventLocation::kActive, {1'000'000, 100})->empty());

  auto delayed = inspector.list_page(EventLocation::kDelayed, {5, 2});
  ASSERT_TRUE(delayed.ok());
  EXPECT_EQ(ids(*delayed), (std::vector<std::string>{"d5", "d6"}));  // by score
  EXPECT_EQ((*delayed)[0].score, 1005.0);

  auto dead = inspector.list_page(EventLocation::kDead, {1, 2});
  ASSERT_TRUE(dead.ok());
  EXPECT_EQ(ids(*dead), (std::vector<std::string>{"x5", "x4"}));  // newest first
  EXPECT_EQ((*dead)[0].reason, "unknown command");

  EXPECT_EQ(*inspector.history_page({1, 2}), (std::vector<std::string>{"r4", "r3"}));
  EXPECT_EQ(*inspector.history_page({4, 10}), (std::vector<std::string>{"r1"}));
  EXPECT_TRUE(inspector.history_page({5, 10})->empty());
}

TEST_F(InspectorLargeQueueTest, CountsOfALargeQueueReadNoEventAfterTheSummary) {
  // Above 100 events the retry statistics come from a summary kept for an hour here.
  RedisQueueInspector inspector(options(), 4, RetrySummarySettings{100, 1h});
  fill_queue(5000);
  fill_delayed(1500);
  redis().integer({"SADD", "active_events_set", "A1:rebalance", "A2:rebalance"});

  auto first = inspector.counts(now_);  // waits for the first summary
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->queue_length, 5000);
  EXPECT_EQ(first->delayed_events_count, 1500);
  EXPECT_EQ(first->events_with_retries, 500 + 1500);
  EXPECT_EQ(first->max_retry_count, 3);
  EXPECT_EQ(first->retry_distribution,
            (std::map<std::int64_t, std::int64_t>{{1, 4500}, {2, 1500}, {3, 500}}));
  ASSERT_TRUE(first->oldest_event_age_seconds.has_value());
  EXPECT_NEAR(*first->oldest_event_age_seconds, 60.0, 1e-6);  // e0, at the consuming end

  redis().str({"CONFIG", "RESETSTAT"});
  redis().integer({"LPUSH", "rebalance_queue", broker_event("late", "Z1", "rebalance", 7)});
  redis().str({"RPOP", "rebalance_queue"});  // e0 taken: e1 is now the oldest
  core::QueueCounts counts;
  for (int i = 0; i < 20; ++i) {
    auto again = inspector.counts(now_);
    ASSERT_TRUE(again.ok()) << again.error().message;
    counts = *again;
  }
  // The lengths and the oldest age are read fresh; the retry statistics are the summary's.
  EXPECT_EQ(counts.queue_length, 5000);
  EXPECT_EQ(counts.active_events_count, 2);
  EXPECT_NEAR(*counts.oldest_event_age_seconds, 30.0, 1e-6);
  EXPECT_EQ(counts.events_with_retries, 2000);
  EXPECT_GT(counts.retry_statistics_age_seconds, 0.0);
  // Not one event was read in bulk: no range command, whatever the queue holds.
  EXPECT_EQ(calls_of("lrange"), 0);
  EXPECT_EQ(calls_of("zrange"), 0);
  EXPECT_EQ(calls_of("zrangebyscore"), 0);
  EXPECT_EQ(calls_of("eval"), 20);
}

TEST_F(InspectorLargeQueueTest, TheSummaryIsCountedAgainOnceOld) {
  // A maximum age of 0: every summary is old by the next answer, which asks for a new one.
  RedisQueueInspector inspector(options(), 4, RetrySummarySettings{10, 0ms});
  fill_queue(200);
  EXPECT_EQ(events_with_retries(inspector), 20);  // waits for the first summary
  const std::uint64_t passes = inspector.retry_summary().passes();
  EXPECT_FALSE(inspector.retry_summary().wait_for_pass_after(passes, Clock::now()));  // none yet
  fill_delayed(30);
  // This answer is the old summary's (a count is never waited for once there is a summary)...
  EXPECT_EQ(events_with_retries(inspector), 20);
  // ...and it started a new count in the background, which sees the parked events.
  ASSERT_TRUE(inspector.retry_summary().wait_for_pass_after(passes, Clock::now() + 10s));
  EXPECT_EQ(events_with_retries(inspector), 50);
}

TEST_F(InspectorLargeQueueTest, ASummaryOfAnEarlierBacklogIsNotServedForALaterOne) {
  RedisQueueInspector inspector(options(), 4, RetrySummarySettings{100, 1h});
  fill_queue(200);
  EXPECT_EQ(events_with_retries(inspector), 20);
  redis().integer({"DEL", "rebalance_queue"});
  EXPECT_EQ(events_with_retries(inspector), 0);  // small: counted
  fill_queue(300);
  EXPECT_EQ(events_with_retries(inspector), 30);  // a new backlog: its own summary, waited for
}

TEST_F(InspectorLargeQueueTest, SmallQueuesAreCountedForEachAnswer) {
  RedisQueueInspector inspector(options(), 4, RetrySummarySettings{100, 1h});
  fill_queue(50);
  EXPECT_EQ(events_with_retries(inspector), 5);
  fill_delayed(10);
  auto counts = inspector.counts(now_);
  EXPECT_EQ(counts->events_with_retries, 15);
  EXPECT_EQ(counts->retry_statistics_age_seconds, 0.0);
}

TEST_F(InspectorLargeQueueTest, FindsRemovesAndRetriesEventsDeepInLargeLocations) {
  RedisQueueInspector inspector(options());
  fill_queue(4500);
  fill_delayed(3000);
  fill_dead(2500);
  for (const auto& [id, location] :
       std::vector<std::pair<std::string, EventLocation>>{{"e3", EventLocation::kActive},
                                                          {"e4321", EventLocation::kActive},
                                                          {"d2999", EventLocation::kDelayed},
                                                          {"x17", EventLocation::kDead}}) {
    auto found = inspector.find(id);
    ASSERT_TRUE(found.ok()) << found.error().message;
    ASSERT_TRUE(found->has_value()) << id;
    EXPECT_EQ((*found)->location, location) << id;
    EXPECT_EQ((*found)->event_id, id);
  }
  EXPECT_EQ((*inspector.find("d2999"))->score, 3999.0);
  EXPECT_FALSE(inspector.find("e4500")->has_value());
  auto shorter = inspector.find("e432");  // e4320..e4329 hold it as text too
  ASSERT_TRUE(shorter.ok() && shorter->has_value());
  EXPECT_EQ((*shorter)->event_id, "e432");

  ASSERT_TRUE(*inspector.remove("e4321"));
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_queue"}), 4499);
  EXPECT_FALSE(inspector.find("e4321")->has_value());
  ASSERT_TRUE(*inspector.retry_now("d1234"));
  EXPECT_EQ(redis().integer({"ZCARD", "rebalance_delayed_set"}), 2999);
  EXPECT_EQ((*inspector.find("d1234"))->location, EventLocation::kActive);
  ASSERT_TRUE(*inspector.remove("x17"));
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_dead_letter"}), 2499);
}

}  // namespace
}  // namespace ep::redis_queue
