// The rules that decide what reaches the operator: each trigger, its dedupe and the rate limit.
#include "notify/alert_policy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ep::notify {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

const core::Deadline kT0 = core::Deadline{} + 1000h;
const core::Timestamp kWall = core::Timestamp{} + 20000h;

core::OutcomeRecord outcome(std::string event_id,
                            core::OutcomeStatus status = core::OutcomeStatus::kDeadLetter) {
  core::OutcomeRecord record;
  record.event_id = std::move(event_id);
  record.account_id = "DU1";
  record.command = "rebalance";
  record.status = status;
  record.error = "invalid_input: account guard: account DU1 is not managed";
  record.finished_at = kWall;
  return record;
}

TEST(AlertPolicyTest, DeadLetterCarriesTheEventAndItsReason) {
  AlertPolicy policy({});
  const auto triggered = policy.dead_lettered(outcome("e-1"), kT0);
  ASSERT_TRUE(triggered.send);
  const auto& n = *triggered.send;
  EXPECT_EQ(n.kind, NotificationKind::kDeadLetter);
  EXPECT_EQ(n.severity, Severity::kCritical);
  EXPECT_EQ(n.event_id, "e-1");
  EXPECT_EQ(n.account_id, "DU1");
  EXPECT_EQ(n.command, "rebalance");
  EXPECT_THAT(n.reason, HasSubstr("not managed"));
  EXPECT_THAT(n.message, HasSubstr("Event e-1 (rebalance, account DU1)"));
  EXPECT_EQ(n.timestamp, kWall);
}

TEST(AlertPolicyTest, TheSameEventIsReportedDeadOnce) {
  AlertPolicy policy({});
  EXPECT_TRUE(policy.dead_lettered(outcome("e-1"), kT0).send);
  const auto again = policy.dead_lettered(outcome("e-1"), kT0 + 1s);
  EXPECT_FALSE(again.send);
  EXPECT_FALSE(again.held_back);
  EXPECT_TRUE(policy.dead_lettered(outcome("e-2"), kT0 + 2s).send);
}

TEST(AlertPolicyTest, AnEventWithoutIdsIsStillReported) {
  AlertPolicy policy({});
  core::OutcomeRecord malformed;
  malformed.error = "invalid_input: event is not JSON";
  const auto first = policy.dead_lettered(malformed, kT0);
  ASSERT_TRUE(first.send);
  EXPECT_THAT(first.send->message, HasSubstr("An event that could not be read"));
  EXPECT_TRUE(policy.dead_lettered(malformed, kT0).send);  // no id: no dedupe, rate limit only
}

TEST(AlertPolicyTest, ForgetsTheOldestIdsBeyondItsMemory) {
  AlertPolicy policy({.remembered_events = 2});
  EXPECT_TRUE(policy.dead_lettered(outcome("a"), kT0).send);
  EXPECT_TRUE(policy.dead_lettered(outcome("b"), kT0).send);
  EXPECT_TRUE(policy.dead_lettered(outcome("c"), kT0).send);
  EXPECT_TRUE(policy.dead_lettered(outcome("a"), kT0).send);  // forgotten
  EXPECT_FALSE(policy.dead_lettered(outcome("c"), kT0).send);
}

TEST(AlertPolicyTest, RetryIsReportedOnceWhenItCrossesTheThreshold) {
  const AlertPolicyOptions options{.retry_threshold = 3};
  AlertPolicy policy(options);
  const auto record = outcome("e-9", core::OutcomeStatus::kRetry);
  std::vector<std::int64_t> reported;
  for (std::int64_t times_queued = 1; times_queued <= 8; ++times_queued) {
    const auto triggered = policy.retried(record, times_queued, kT0);
    if (triggered.send) reported.push_back(times_queued);
  }
  EXPECT_EQ(reported, std::vector<std::int64_t>{4});
  const auto n = AlertPolicy(options).retried(record, 4, kT0).send;
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NotificationKind::kRetryThreshold);
  EXPECT_EQ(n->severity, Severity::kWarning);
  EXPECT_THAT(n->message, HasSubstr("failed 4 times"));
  EXPECT_THAT(n->message, HasSubstr("more than 3 retries"));
}

TEST(AlertPolicyTest, ThresholdZeroReportsTheFirstRetry) {
  AlertPolicy policy({.retry_threshold = 0});
  EXPECT_TRUE(policy.retried(outcome("e", core::OutcomeStatus::kRetry), 1, kT0).send);
  EXPECT_FALSE(policy.retried(outcome("e", core::OutcomeStatus::kRetry), 2, kT0).send);
  EXPECT_FALSE(
      policy.retried(outcome("e", core::OutcomeStatus::kRetry), 0, kT0).send);  // unknown count
}

TEST(AlertPolicyTest, TradingModeMismatchOncePerEpisode) {
  AlertPolicy policy({});
  const auto first = policy.trading_mode(false, "TRADING_MODE=paper but U1", kWall, kT0);
  ASSERT_TRUE(first.send);
  EXPECT_EQ(first.send->kind, NotificationKind::kTradingModeMismatch);
  EXPECT_EQ(first.send->reason, "TRADING_MODE=paper but U1");
  EXPECT_FALSE(policy.trading_mode(false, "TRADING_MODE=paper but U1", kWall, kT0 + 10s).send);
  EXPECT_FALSE(policy.trading_mode(false, "other accounts", kWall, kT0 + 20s).send);
  EXPECT_FALSE(policy.trading_mode(true, "", kWall, kT0 + 30s).send);
  EXPECT_TRUE(policy.trading_mode(false, "again", kWall, kT0 + 40s).send);  // a new episode
}

TEST(AlertPolicyTest, GatewayDownOncePerOutageAfterTheThresholdThenRecovered) {
  AlertPolicy policy({.gateway_down_after = 2min});
  EXPECT_FALSE(policy.gateway(true, "", kWall, kT0).send);
  EXPECT_FALSE(policy.gateway(false, "connection refused", kWall, kT0 + 1s).send);
  EXPECT_FALSE(policy.gateway(false, "connection refused", kWall, kT0 + 120s).send);
  const auto down = policy.gateway(false, "connection refused", kWall, kT0 + 121s);
  ASSERT_TRUE(down.send);
  EXPECT_EQ(down.send->kind, NotificationKind::kGatewayDown);
  EXPECT_EQ(down.send->severity, Severity::kCritical);
  EXPECT_EQ(down.send->reason, "connection refused");
  EXPECT_THAT(down.send->message, HasSubstr("unreachable for 2.0 min (threshold 2.0 min)"));
  EXPECT_FALSE(policy.gateway(false, "connection refused", kWall, kT0 + 600s).send);
  const auto back = policy.gateway(true, "", kWall, kT0 + 601s);
  ASSERT_TRUE(back.send);
  EXPECT_EQ(back.send->kind, NotificationKind::kGatewayRecovered);
  EXPECT_EQ(back.send->severity, Severity::kInfo);
  EXPECT_THAT(back.send->message, HasSubstr("after 10.0 min"));
  EXPECT_FALSE(policy.gateway(true, "", kWall, kT0 + 602s).send);
}

TEST(AlertPolicyTest, AShortOutageIsNeitherReportedNorRecovered) {
  AlertPolicy policy({.gateway_down_after = 5min});
  EXPECT_FALSE(policy.gateway(false, "x", kWall, kT0).send);
  EXPECT_FALSE(policy.gateway(false, "x", kWall, kT0 + 4min).send);
  EXPECT_FALSE(policy.gateway(true, "", kWall, kT0 + 290s).send);
  // The next outage counts from its own start.
  EXPECT_FALSE(policy.gateway(false, "x", kWall, kT0 + 6min).send);
  EXPECT_FALSE(policy.gateway(false, "x", kWall, kT0 + 10min).send);
  EXPECT_TRUE(policy.gateway(false, "x", kWall, kT0 + 11min).send);
}

TEST(AlertPolicyTest, AFloodIsCutToTheBurstAndSummarisedWhenTheWindowEnds) {
  AlertPolicy policy({.burst = 3, .window = 10min});
  int sent = 0;
  int held = 0;
  for (int i = 0; i < 10; ++i) {
    const auto triggered = policy.dead_lettered(outcome("e-" + std::to_string(i)), kT0 + 1s * i);
    sent += triggered.send ? 1 : 0;
    if (triggered.held_back) {
      EXPECT_EQ(*triggered.held_back, NotificationKind::kDeadLetter);
      ++held;
    }
  }
  EXPECT_EQ(sent, 3);
  EXPECT_EQ(held, 7);
  // Other kinds have their own budget.
  EXPECT_TRUE(policy.retried(outcome("r", core::OutcomeStatus::kRetry), 6, kT0 + 20s).send);
  EXPECT_TRUE(policy.tick(kWall, kT0 + 9min).empty());
  const auto summaries = policy.tick(kWall, kT0 + 10min);
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].kind, NotificationKind::kSuppressed);
  EXPECT_EQ(summaries[0].reason, "dead_letter");
  EXPECT_THAT(summaries[0].message, HasSubstr("7 more dead_letter notification(s)"));
  EXPECT_TRUE(policy.tick(kWall, kT0 + 11min).empty());
  // A fresh window has the whole burst again.
  EXPECT_TRUE(policy.dead_lettered(outcome("late"), kT0 + 12min).send);
}

TEST(AlertPolicyTest, DurationWords) {
  EXPECT_EQ(duration_words(std::chrono::milliseconds{3000}), "3 s");
  EXPECT_EQ(duration_words(std::chrono::minutes{5}), "5.0 min");
}

}  // namespace
}  // namespace ep::notify
