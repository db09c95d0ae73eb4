// Processor::run on a thread against the fake queue: outages, pause, housekeeping cadence and
// prompt stops. The loop's backoffs and pause polls wait on the fake clock (virtual time, no
// real waiting); with hold_waits a wait blocks until the test ends it, to show what ends it.
// Waits here are bounded waits for a condition, never fixed sleeps.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "processor/testing/test_world.hpp"

namespace ep::processor {
namespace {

using namespace std::chrono_literals;
using test::QueueOp;
using testing::event_json;
using testing::kAccount;
using testing::World;

TEST(RunLoop, HandlesQueuedEventsAndStops) {
  World world;
  auto processor = world.make_processor();
  world.queue.push(event_json("e1", "rebalance"));
  world.queue.push("{bad");
  std::jthread thread([&](std::stop_token stop) { processor.run(stop); });
  ASSERT_TRUE(world.queue.wait_for_outcomes(2, 5000ms));
  thread.request_stop();
  thread.join();
  const auto outcomes = world.queue.outcomes();
  EXPECT_EQ(outcomes[0].action, QueueOp::kFinish);
  EXPECT_EQ(outcomes[0].outcome.event_id, "e1");
  EXPECT_EQ(outcomes[1].action, QueueOp::kDeadLetter);
  EXPECT_EQ(outcomes[1].payload, "{bad");  // kept whole
  EXPECT_EQ(world.queue.processing(), 0u);
  EXPECT_EQ(processor.status().state, ProcessorState::kStopped);
}

TEST(RunLoop, ParksMarketClosedEventsAtTheNextOpen) {
  World world;
  world.clock.set_now(test::utc(2024, 7, 27, 15, 0));  // Saturday
  world.broker.set_default_hours("20240727:CLOSED;20240728:CLOSED;20240729:0930-20240729:1600");
  auto processor = world.make_processor();
  world.queue.push(event_json("e1", "rebalance"));
  std::jthread thread([&](std::stop_token stop) { processor.run(stop); });
  ASSERT_TRUE(world.queue.wait_for_outcomes(1, 5000ms));
  thread.request_stop();
  thread.join();
  const auto outcome = world.queue.outcomes().at(0);
  EXPECT_EQ(outcome.action, QueueOp::kParkUntil);
  EXPECT_EQ(outcome.park_until, test::utc(2024, 7, 29, 13, 30));  // Monday 09:30 EDT
  EXPECT_EQ(outcome.outcome.status, core::OutcomeStatus::kMarketClosed);
  EXPECT_TRUE(world.broker.placed().empty());
}

TEST(RunLoop, QueueOutageDoesNotLoseOrRerunTheInFlightEvent) {
  World world;
  auto processor = world.make_processor();
  world.queue.push(event_json("e1", "rebalance"));
  world.queue.fail(QueueOp::kFinish, 5);  // the outcome write fails five times
  std::jthread thread([&](std::stop_token stop) { processor.run(stop); });
  ASSERT_TRUE(world.queue.wait_for_outcomes(1, 5000ms));
  thread.request_stop();
  thread.join();
  EXPECT_EQ(world.queue.calls(QueueOp::kFinish), 6);
  EXPECT_EQ(world.queue.outcomes().size(), 1u);
  EXPECT_EQ(world.queue.outcomes()[0].action, QueueOp::kFinish);
  EXPECT_EQ(world.broker.placed().size(), 2u);  // the command ran once
  EXPECT_EQ(world.allocations.fetches().size(), 1u);
  EXPECT_TRUE(processor.status().redis_ok);
  // Five backoffs of the production lengths (250 ms doubling, jittered), in virtual time.
  EXPECT_GE(world.clock.waits(), 5);
  EXPECT_GE(world.clock.waited(), 5 * 125ms);
}

TEST(RunLoop, RedisDownAtEveryStepIsRiddenOut) {
  World world;
  auto processor = world.make_processor();
  world.queue.push(event_json("e1", "print-equity"));
  const QueueOp steps[] = {QueueOp::kRecoverOrphans, QueueOp::kPromoteDue, QueueOp::kPaused,
                           QueueOp::kNext, QueueOp::kFinish};
  for (const auto op : steps) world.queue.fail(op, 2);
  std::jthread thread([&](std::stop_token stop) { processor.run(stop); });
  ASSERT_TRUE(world.queue.wait_for_outcomes(1, 5000ms));
  thread.request_stop();
  thread.join();
  for (const auto op : steps) EXPECT_GE(world.queue.calls(op), 3) << static_cast<int>(op);
  ASSERT_EQ(world.queue.outcomes().size(), 1u);
  EXPECT_EQ(world.queue.outcomes()[0].action, QueueOp::kFinish);
  int snapshots = 0;
  for (const auto& call : world.broker.calls()) snapshots += call.name == "account_snapshot";
  EXPECT_EQ(snapshots, 1);  // the command ran once despite three failed outcome writes
  EXPECT_TRUE(processor.status().redis_ok);
}

TEST(RunLoop, PausedProcessorTakesNoEvent) {
  World world;
  world.queue.set_paused(true);
  world.queue.push(event_json("e1", "rebalance"));
  // The pause poll waits on the clock; held, so virtual time (and the market hours the event
  // is checked against) moves only when the test moves it.
  world.clock.hold_waits(true);
  auto processor = world.make_processor();
  std::jthread thread([&](std::stop_token stop) { processor.run(stop); });
  ASSERT_TRUE(world.clock.wait_for_blocked_wait(5000ms));  // paused: waiting to poll again
  EXPECT_EQ(processor.status().state, ProcessorState::kPaused);
  EXPECT_EQ(world.queue.calls(QueueOp::kPaused), 1);
  EXPECT_EQ(world.queue.calls(QueueOp::kNext), 0);
  EXPECT_EQ(world.queue.pending(), 1u);
  world.queue.set_paused(false);
  world.clock.advance(world.settings.pause_poll);  // the next poll sees the flag gone
  ASSERT_TRUE(world.queue.wait_for_outcomes(1, 5000ms));
  EXPECT_GE(world.queue.calls(QueueOp::kPaused), 2);
  thread.request_stop();
  thread.join();
  EXPECT_EQ(world.queue.outcomes()[0].action, QueueOp::kFinish);
}

TEST(RunLoop, HousekeepingFollowsTheClock) {
  World world;
  world.settings.retry_check_interval = 60s;
  world.settings.orphan_check_interval = 300s;
  auto processor = world.make_processor();
  std::jthread thread([&](std::stop_token stop) { processor.run(stop); });
  ASSERT_TRUE(world.queue.wait_for_calls(QueueOp::kNext, 3, 5000ms));
  EXPECT_EQ(world.queue.calls(QueueOp::kRecoverOrphans), 1);  // at start
  EXPECT_EQ(world.queue.promote_times().size(), 1u);
  world.clock.advance(std::chrono::seconds{61});
  ASSERT_TRUE(world.queue.wait_for_calls(QueueOp::kPromoteDue, 2, 5000ms));
  EXPECT_EQ(world.queue.promote_times()[1], world.clock.now());
  EXPECT_EQ(world.queue.calls(QueueOp::kRecoverOrphans), 1);
  world.clock.advance(std::chrono::seconds{240});
  ASSERT_TRUE(world.queue.wait_for_calls(QueueOp::kRecoverOrphans, 2, 5000ms));
  // Liveness is next()'s and the supervisor's job: the loop adds no round trip of its own.
  EXPECT_EQ(world.queue.calls(QueueOp::kHeartbeat), 0);
  thread.request_stop();
  thread.join();
}

TEST(RunLoop, StopWithTheOutcomeUnwrittenLeavesTheEventInProcessing) {
  World world;
  world.settings.shutdown_grace = 10s;  // virtual: the test does not wait for it
  world.queue.fail(QueueOp::kFinish, 1000000);
  world.queue.push(event_json("e1", "print-equity"));
  world.clock.hold_waits(true);
  auto processor = world.make_processor();
  std::jthread thread([&](std::stop_token stop) { processor.run(stop); });
  ASSERT_TRUE(world.clock.wait_for_blocked_wait(5000ms));  // backing off after a failed write
  EXPECT_FALSE(processor.status().redis_ok);
  const int attempts_before_stop = world.queue.calls(QueueOp::kFinish);
  const auto stopped_at = world.clock.monotonic();
  thread.request_stop();
  world.clock.hold_waits(false);  // the grace runs on virtual time from here
  thread.join();
  // The same write was tried through the whole grace, paced by the backoff, then given up.
  EXPECT_GE(world.clock.monotonic() - stopped_at, 10s);
  EXPECT_LT(world.clock.monotonic() - stopped_at, 12s);
  EXPECT_GT(world.queue.calls(QueueOp::kFinish), attempts_before_stop + 3);
  EXPECT_TRUE(world.queue.outcomes().empty());
  EXPECT_EQ(world.queue.processing(), 1u);                // for orphan recovery after the restart
  EXPECT_EQ(world.queue.calls(QueueOp::kRetryLater), 0);  // the same action, never another
}

TEST(RunLoop, StatusShowsTheEventInFlight) {
  World world;
  std::promise<void> reached;
  std::promise<void> release;
  auto released = release.get_future().share();
  world.allocations.on_fetch([&] {
    reached.set_value();
    released.wait_for(5s);  // bounded: the test releases it right after looking
  });
  world.queue.push(event_json("e7", "rebalance"));
  auto processor = world.make_processor();
  std::jthread thread([&](std::stop_token stop) { processor.run(stop); });
  ASSERT_EQ(reached.get_future().wait_for(5s), std::future_status::ready);
  const auto during = processor.status();
  release.set_value();
  EXPECT_EQ(during.state, ProcessorState::kProcessing);
  ASSERT_TRUE(during.current.has_value());
  EXPECT_EQ(during.current->event_id, "e7");
  EXPECT_EQ(during.current->account_id, kAccount);
  EXPECT_EQ(during.current->command, "rebalance");
  EXPECT_EQ(during.current->started_at, world.clock.now());
  EXPECT_EQ(to_json(during)["current_event"]["started_at"], "2024-07-22T15:00:00.000000+00:00");
  ASSERT_TRUE(world.queue.wait_for_outcomes(1, 5000ms));
  thread.request_stop();
  thread.join();
  EXPECT_FALSE(processor.status().current.has_value());
  EXPECT_EQ(processor.status().handled.at("rebalance:done"), 1);
}

TEST(RunLoop, StopsPromptlyEvenInALongBackoff) {
  World world;
  world.settings.backoff_initial = 60s;
  world.settings.backoff_max = 60s;
  world.queue.fail_all(1000000);
  world.clock.hold_waits(true);  // the backoff wait blocks until something ends it
  auto processor = world.make_processor();
  std::jthread thread([&](std::stop_token stop) { processor.run(stop); });
  ASSERT_TRUE(world.clock.wait_for_blocked_wait(5000ms));
  EXPECT_EQ(processor.status().state, ProcessorState::kBackingOff);
  EXPECT_FALSE(processor.status().redis_ok);
  const auto asked = std::chrono::steady_clock::now();
  thread.request_stop();
  thread.join();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 2s);
}

TEST(RunLoop, ALongBackoffEndsWhenRedisAnswersAgain) {
  World world;
  world.settings.backoff_initial = 60s;
  world.settings.backoff_max = 60s;
  world.queue.fail_all(1);       // the first call fails: a 30-60 s backoff starts
  world.clock.hold_waits(true);  // and blocks: no virtual time passes unless the test says so
  auto processor = world.make_processor();
  world.queue.push(event_json("e1", "rebalance"));
  std::jthread thread([&](std::stop_token stop) { processor.run(stop); });
  ASSERT_TRUE(world.clock.wait_for_blocked_wait(5000ms));
  EXPECT_EQ(processor.status().state, ProcessorState::kBackingOff);
  processor.redis_reachable();  // the service's heartbeat got an answer
  ASSERT_TRUE(world.queue.wait_for_outcomes(1, 5000ms));
  EXPECT_EQ(world.clock.monotonic(), core::Deadline{});  // the backoff did not run out
  thread.request_stop();
  thread.join();
  EXPECT_EQ(world.queue.outcomes()[0].action, QueueOp::kFinish);
}

TEST(RunLoop, AnOutcomeRefusedForALostClaimIsDroppedNotRetried) {
  World world;
  auto processor = world.make_processor();
  world.queue.lose_claim();  // another worker recovered the event while it ran
  world.queue.push(event_json("e1", "rebalance"));
  world.queue.push(event_json("e2", "rebalance"));
  std::jthread thread([&](std::stop_token stop) { processor.run(stop); });
  // Both events are taken in turn: the first one's refused outcome is not retried forever.
  ASSERT_TRUE(world.queue.wait_for_calls(QueueOp::kNext, 3, 5000ms));
  thread.request_stop();
  thread.join();
  EXPECT_TRUE(world.queue.outcomes().empty());  // nothing recorded
  // One outcome attempt per event; the fence before the sells refused every order.
  EXPECT_EQ(world.queue.calls(QueueOp::kRetryLater), 2);
  EXPECT_TRUE(world.broker.placed().empty());
  EXPECT_TRUE(processor.status().redis_ok);
}

}  // namespace
}  // namespace ep::processor
