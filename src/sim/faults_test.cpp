#include "sim/faults.hpp"

#include <gtest/gtest.h>

namespace ep::sim {
namespace {

TEST(Faults, MergeAppliesKnownKeysAndRejectsOthers) {
  FaultPlan base;
  auto plan = merge_faults(base, {{"close_after_messages", 5},
                                  {"close_at_step", "after_first_sell_fill"},
                                  {"snapshot_end_delay_ms", 200},
                                  {"stall_orders", 2},
                                  {"stall_symbol", "SPY"}});
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->close_after_messages, 5);
  EXPECT_EQ(plan->close_at_step, "after_first_sell_fill");
  EXPECT_EQ(plan->snapshot_end_delay_ms, 200);
  EXPECT_EQ(plan->stall_orders, 2);
  EXPECT_EQ(plan->pacing_max_per_second, 50);
  EXPECT_FALSE(plan->pacing_per_gateway);
  auto per_gateway = merge_faults(base, {{"pacing_per_gateway", true}});
  ASSERT_TRUE(per_gateway.ok());
  EXPECT_TRUE(per_gateway->pacing_per_gateway);
  EXPECT_EQ(to_json(*per_gateway)["pacing_per_gateway"], true);
  EXPECT_FALSE(merge_faults(base, {{"pacing_per_gateway", "yes"}}).ok());
  EXPECT_FALSE(merge_faults(base, {{"explode", true}}).ok());
  EXPECT_FALSE(merge_faults(base, {{"close_at_step", "whenever"}}).ok());
  EXPECT_FALSE(merge_faults(base, {{"connectivity_restore_code", 1100}}).ok());
  EXPECT_FALSE(merge_faults(base, nlohmann::json::array()).ok());
  auto cleared = merge_faults(*plan, {{"close_after_messages", nullptr}});
  ASSERT_TRUE(cleared.ok());
  EXPECT_FALSE(cleared->close_after_messages.has_value());
  EXPECT_EQ(to_json(*plan)["close_at_step"], "after_first_sell_fill");
}

TEST(Faults, AQuoteGapIsAPercentOfOneSymbol) {
  auto plan = merge_faults(FaultPlan{}, {{"gap_percent", 5}, {"gap_symbol", "TLT"}});
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_DOUBLE_EQ(plan->gap_percent, 5);
  EXPECT_EQ(plan->gap_symbol, "TLT");
  EXPECT_EQ(to_json(*plan)["gap_percent"], 5.0);
  EXPECT_FALSE(merge_faults(FaultPlan{}, {{"gap_percent", "5"}}).ok());
  EXPECT_FALSE(merge_faults(FaultPlan{}, {{"gap_percent", -60}}).ok());
}

TEST(Faults, StepMatching) {
  EXPECT_TRUE(step_matches(kStepAfterFirstFill, kStepAfterFirstSellFill));
  EXPECT_TRUE(step_matches(kStepAfterFirstSellFill, kStepAfterFirstSellFill));
  EXPECT_FALSE(step_matches(kStepAfterFirstSellFill, kStepAfterFirstBuyFill));
}

TEST(Faults, PacingWarnsOncePerSecondAndDisconnectsWhenSustained) {
  PacingMeter meter;
  SteadyTime t0{};
  using ms = std::chrono::milliseconds;
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(meter.on_message(t0 + ms{i}, 50, 3), PacingMeter::Verdict::kOk);
  EXPECT_EQ(meter.on_message(t0 + ms{60}, 50, 3), PacingMeter::Verdict::kExceeded);
  EXPECT_EQ(meter.on_message(t0 + ms{61}, 50, 3), PacingMeter::Verdict::kOk);  // once per window
  // Second violating second.
  PacingMeter::Verdict last = PacingMeter::Verdict::kOk;
  for (int i = 0; i < 51; ++i) last = meter.on_message(t0 + ms{1000 + i}, 50, 3);
  EXPECT_EQ(last, PacingMeter::Verdict::kExceeded);
  for (int i = 0; i < 51; ++i) last = meter.on_message(t0 + ms{2000 + i}, 50, 3);
  EXPECT_EQ(last, PacingMeter::Verdict::kDisconnect);
}

TEST(Faults, PacingQuietSecondResetsTheRun) {
  PacingMeter meter;
  SteadyTime t0{};
  using ms = std::chrono::milliseconds;
  PacingMeter::Verdict last = PacingMeter::Verdict::kOk;
  for (int round : {0, 1, 5, 6}) {
    for (int i = 0; i < 51; ++i) last = meter.on_message(t0 + ms{round * 1000 + i}, 50, 3);
  }
  EXPECT_EQ(last, PacingMeter::Verdict::kExceeded);  // rounds 5 and 6 are only two in a row
  EXPECT_EQ(meter.on_message(t0 + ms{9000}, 0, 3), PacingMeter::Verdict::kOk);
}

}  // namespace
}  // namespace ep::sim
