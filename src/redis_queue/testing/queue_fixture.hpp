// Test-only: RedisFixture plus what the queue's tests share: RedisEventQueue objects on the
// fixture's server, the broker's push, a look at a list, an outcome record and the four calls
// that end an event. Used by the *_redistest.cpp files of this folder, from the test thread.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "redis_queue/redis_event_queue.hpp"
#include "redis_queue/testing/redis_test_fixture.hpp"

namespace ep::redis_queue {

class QueueFixture : public RedisFixture {
 protected:
  static RedisEventQueue make_queue(const std::string& worker = "w1", QueueSettings settings = {}) {
    return RedisEventQueue(options(), worker, settings);
  }

  // The event next() takes without waiting; a failure of the test when there is none.
  static core::QueuedEvent taken(RedisEventQueue& queue) {
    auto event = queue.next(std::chrono::milliseconds{0});
    EXPECT_TRUE(event.ok() && event->has_value());
    return event.ok() && event->has_value() ? **event : core::QueuedEvent{};
  }

  // What the Python broker does: mark the event active, then LPUSH it.
  static void broker_push(test::RedisClient& client, const std::string& payload) {
    const auto fields = nlohmann::json::parse(payload);
    client.integer({"SADD", "active_events_set",
                    fields["account_id"].get<std::string>() + ":" +
                        fields["data"]["exec"].get<std::string>()});
    client.integer({"LPUSH", "rebalance_queue", payload});
  }
  void broker_push(const std::string& payload) { broker_push(redis(), payload); }

  std::vector<std::string> list(const std::string& key) {
    return redis().array({"LRANGE", key, "0", "-1"});
  }

  static core::OutcomeRecord outcome(const std::string& error = "") {
    core::OutcomeRecord record;
    record.event_id = "e1";
    record.account_id = "DU1";
    record.command = "rebalance";
    record.error = error;
    record.finished_at = at("2025-07-20T14:00:00.250000+00:00");
    return record;
  }

  // `key` lives more than `floor` and at most `ttl`; shortened to a second, one heartbeat of
  // `queue` gives it more than `floor` again.
  void expect_heartbeat_renews(RedisEventQueue& queue, const std::string& key,
                               std::chrono::milliseconds floor, std::chrono::milliseconds ttl) {
    const auto left = redis().integer({"PTTL", key});
    EXPECT_GT(left, floor.count()) << key;
    EXPECT_LE(left, ttl.count()) << key;
    redis().integer({"PEXPIRE", key, "1000"});
    ASSERT_TRUE(queue.heartbeat().ok());
    EXPECT_GT(redis().integer({"PTTL", key}), floor.count()) << key;
  }

  // finish, retry_later, park_until and dead_letter on `queue`: every way an event leaves
  // processing, for the tests that must hold for each of them.
  using Outcome = std::function<core::Result<void>(const core::QueuedEvent&)>;
  static std::vector<Outcome> every_outcome(RedisEventQueue& queue) {
    return {[&queue](const core::QueuedEvent& e) { return queue.finish(e, outcome()); },
            [&queue](const core::QueuedEvent& e) { return queue.retry_later(e, outcome("x")); },
            [&queue](const core::QueuedEvent& e) {
              return queue.park_until(e, at("2030-01-01T00:00:00Z"), outcome("x"));
            },
            [&queue](const core::QueuedEvent& e) { return queue.dead_letter(e, outcome("x")); }};
  }
};

}  // namespace ep::redis_queue
