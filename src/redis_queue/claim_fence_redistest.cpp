// Redis outages against a real redis-server (docs/queue.md "Fenced claims"): a worker whose
// event was recovered by another records, releases and places nothing more for it; an outcome
// resent after timeouts is written once, also when a frozen Redis runs every copy it was sent;
// other workers' lists are recovered only after Redis answered for the recovery grace, and never
// by a worker Redis does not see alive itself.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "redis_queue/keys.hpp"
#include "redis_queue/lua_scripts.hpp"
#include "redis_queue/redis_event_queue.hpp"
#include "redis_queue/testing/queue_fixture.hpp"

namespace ep::redis_queue {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

QueueSettings no_grace() {
  QueueSettings settings;
  settings.recovery_grace = 0ms;
  return settings;
}

core::OutcomeRecord outcome_for(const std::string& event_id, const std::string& error = "") {
  core::OutcomeRecord record;
  record.event_id = event_id;
  record.account_id = "A";
  record.command = "rebalance";
  record.error = error;
  record.finished_at = *core::parse_iso_time("2025-07-20T14:00:00+00:00");
  return record;
}

class ClaimFenceTest : public QueueFixture {
 protected:
  // w1's liveness key expired (Redis was away longer than the TTL) while w1 is still running.
  void expire_liveness(const std::string& worker) {
    redis().integer({"DEL", keys::worker_liveness(worker)});
  }
};

TEST_F(ClaimFenceTest, AWorkerWhoseEventWasRecoveredRecordsAndPlacesNothingMore) {
  auto w1 = RedisEventQueue(options(), "w1", no_grace());
  auto w2 = RedisEventQueue(options(), "w2", no_grace());
  broker_push(broker_event("e1", "A"));
  const auto event = taken(w1);
  ASSERT_TRUE(w1.confirm_lease("A").ok());
  const std::string claim = redis().str({"GET", "rebalance_claim:w1"});
  EXPECT_EQ(claim, redis().str({"GET", "rebalance_lease:A"}));  // one token for both
  EXPECT_EQ(claim.rfind("w1#", 0), 0u);

  expire_liveness("w1");
  redis().integer({"DEL", "rebalance_lease:A"});  // expired with it
  auto recovered = w2.recover_orphans();
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_EQ(*recovered, 1u);
  EXPECT_EQ(redis().str({"GET", "rebalance_claim:w1"}), "recovered by w2");
  EXPECT_GT(redis().integer({"TTL", "rebalance_claim:w1"}), 0);

  // The fence before orders: refused, whatever the lease says.
  redis().str({"SET", "rebalance_lease:A", claim});
  const auto fence = w1.confirm_lease("A");
  ASSERT_FALSE(fence.ok());
  EXPECT_EQ(fence.error().kind, core::ErrorKind::kClaimLost);
  EXPECT_NE(fence.error().message.find("recovered by w2"), std::string::npos);
  EXPECT_NE(fence.error().message.find("no order was placed"), std::string::npos);
  redis().integer({"DEL", "rebalance_lease:A"});

  // Every outcome of w1 for the event is a no-op: no history, the event stays queued with its
  // dedup key, nothing parked or dead-lettered.
  for (int kind = 0; kind < 3; ++kind) {
    const auto written = kind == 0   ? w1.finish(event, outcome_for("e1"))
                         : kind == 1 ? w1.retry_later(event, outcome_for("e1", "broker down"))
                                     : w1.dead_letter(event, outcome_for("e1", "bad"));
    ASSERT_FALSE(written.ok()) << kind;
    EXPECT_EQ(written.error().kind, core::ErrorKind::kClaimLost);
    EXPECT_NE(written.error().message.find("not recorded"), std::string::npos);
  }
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_history"}), 0);
  EXPECT_EQ(list("rebalance_queue"), std::vector<std::string>{broker_event("e1", "A")});
  EXPECT_EQ(redis().integer({"SISMEMBER", "active_events_set", "A:rebalance"}), 1);
  EXPECT_EQ(redis().integer({"ZCARD", "rebalance_delayed_set"}), 0);
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_dead_letter"}), 0);

  // It runs once, at w2.
  const auto again = taken(w2);
  EXPECT_EQ(again.payload, event.payload);
  ASSERT_TRUE(w2.confirm_lease("A").ok());
  ASSERT_TRUE(w2.finish(again, outcome_for("e1")).ok());
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_history"}), 1);
  EXPECT_EQ(redis().integer({"SCARD", "active_events_set"}), 0);
  EXPECT_EQ(redis().integer({"EXISTS", "rebalance_claim:w2"}), 0);  // released with the outcome
}

TEST_F(ClaimFenceTest, AnOutcomeResentWhileRedisWasFrozenIsWrittenOnce) {
  test::RedisServer own;
  RedisOptions own_options = options();
  own_options.port = own.port();
  own_options.command_timeout = 300ms;
  test::RedisClient client(own.port());
  RedisEventQueue queue(own_options, "w1", no_grace());
  broker_push(client, broker_event("e1", "A"));
  const auto event = taken(queue);

  own.freeze();
  // Each write times out; the copies wait in the frozen server's sockets.
  int timeouts = 0;
  for (int i = 0; i < 3; ++i) {
    if (!queue.finish(event, outcome_for("e1")).ok()) ++timeouts;
  }
  own.thaw();
  EXPECT_EQ(timeouts, 3);
  // The processor resends until one answers: that one finds the outcome written.
  core::Result<void> written = core::internal_error("not tried");
  const auto deadline = Clock::now() + 10s;
  while (!(written = queue.finish(event, outcome_for("e1"))).ok() && Clock::now() < deadline) {
  }
  ASSERT_TRUE(written.ok()) << written.error().message;
  test::RedisClient after(own.port());
  const auto history = after.array({"LRANGE", "rebalance_history", "0", "-1"});
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(json::parse(history[0])["status"], "done");
  EXPECT_EQ(after.integer({"LLEN", "rebalance_processing:w1"}), 0);
  EXPECT_EQ(after.integer({"SCARD", "active_events_set"}), 0);
  // The marker is keyed by the claim (one per take: one per attempt) and names the event.
  const auto markers = after.array({"KEYS", "rebalance_outcome:*"});
  ASSERT_EQ(markers.size(), 1u);
  EXPECT_EQ(markers[0].rfind("rebalance_outcome:w1#", 0), 0u);
  EXPECT_EQ(after.str({"GET", markers[0]}), "e1");
  EXPECT_GT(after.integer({"TTL", markers[0]}), 0);
}

TEST_F(ClaimFenceTest, EachAttemptRecordsItsOwnOutcome) {
  auto w1 = RedisEventQueue(options(), "w1", no_grace());
  broker_push(broker_event("e1", "A"));
  const auto first = taken(w1);
  ASSERT_TRUE(w1.retry_later(first, outcome_for("e1", "broker down")).ok());
  ASSERT_TRUE(w1.promote_due(*core::parse_iso_time("2099-01-01T00:00:00+00:00")).ok());
  const auto second = taken(w1);
  ASSERT_TRUE(w1.finish(second, outcome_for("e1")).ok());
  const auto history = list("rebalance_history");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(json::parse(history[0])["status"], "done");
  EXPECT_EQ(json::parse(history[1])["status"], "retry");
}

TEST_F(ClaimFenceTest, RecoveryWaitsForTheGraceAfterRedisAnswersAgain) {
  test::RedisServer own;
  RedisOptions own_options = options();
  own_options.port = own.port();
  QueueSettings settings;
  settings.recovery_grace = 800ms;
  RedisEventQueue w2(own_options, "w2", settings);
  const auto plant_dead_worker = [&] {
    test::RedisClient client(own.port());
    client.integer({"LPUSH", "rebalance_processing:dead", broker_event("d1")});
    client.integer({"SADD", "rebalance_workers", "dead"});
  };
  const auto recovered_after = [&](Clock::time_point since) {
    const auto deadline = since + 5s;
    while (Clock::now() < deadline) {
      auto moved = w2.recover_orphans();
      if (moved.ok() && *moved > 0) return Clock::now() - since;
    }
    return Clock::duration::max();
  };

  plant_dead_worker();
  const auto first_contact = Clock::now();
  auto early = w2.recover_orphans();
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(*early, 0u);  // the grace counts from the first answer
  const auto waited = recovered_after(first_contact);
  EXPECT_GE(waited, 800ms);
  EXPECT_LT(waited, 3s);

  // An outage (the heartbeat fails): the grace starts again once Redis answers.
  own.stop();
  EXPECT_FALSE(w2.heartbeat().ok());
  own.start();
  plant_dead_worker();
  const auto back = Clock::now();
  const auto waited_again = recovered_after(back);
  EXPECT_GE(waited_again, 800ms);
  EXPECT_LT(waited_again, 3s);
}

TEST_F(ClaimFenceTest, AWorkerThatDoesNotLookAliveItselfRecoversNobody) {
  // As after a freeze longer than the TTL: every liveness key expired at once, and a recovery
  // script that waited in the frozen server runs before its sender re-asserted.
  redis().integer({"LPUSH", "rebalance_processing:w1", "busy"});
  redis().integer({"SADD", "rebalance_workers", "w1"});
  const std::string script(scripts::kRecoverOrphans);
  const auto run = [&] {
    return redis().integer({"EVAL", script, "6", "rebalance_worker:w1", "rebalance_processing:w1",
                            "rebalance_queue", "rebalance_workers", "rebalance_claim:w1",
                            "rebalance_worker:w2", "w1", "", "recovered by w2", "60"});
  };
  EXPECT_EQ(run(), -2);
  EXPECT_EQ(list("rebalance_processing:w1"), std::vector<std::string>{"busy"});
  redis().str({"SET", "rebalance_worker:w2", "x", "EX", "30"});
  EXPECT_EQ(run(), 1);
  EXPECT_EQ(list("rebalance_queue"), std::vector<std::string>{"busy"});
}

TEST_F(ClaimFenceTest, AWorkerBackFromAnOutageReassertsAtOnceAndKeepsItsEvent) {
  // Both workers were away; w1 runs an event. w2 comes back first: its recovery waits for the
  // grace, by which time w1's heartbeat has re-asserted its liveness key.
  QueueSettings settings;
  settings.recovery_grace = 500ms;
  auto w1 = RedisEventQueue(options(), "w1", settings);
  auto w2 = RedisEventQueue(options(), "w2", settings);
  broker_push(broker_event("e1", "A"));
  const auto event = taken(w1);
  expire_liveness("w1");
  const auto start = Clock::now();
  auto moved = w2.recover_orphans();
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(*moved, 0u);
  ASSERT_TRUE(w1.heartbeat().ok());  // w1's supervisor, within its probe period
  while (Clock::now() - start < 700ms) {
    ASSERT_TRUE(w2.recover_orphans().ok());
  }
  EXPECT_EQ(list("rebalance_processing:w1"), std::vector<std::string>{event.payload});
  ASSERT_TRUE(w1.finish(event, outcome_for("e1")).ok());
  EXPECT_EQ(redis().integer({"LLEN", "rebalance_history"}), 1);
}

}  // namespace
}  // namespace ep::redis_queue
