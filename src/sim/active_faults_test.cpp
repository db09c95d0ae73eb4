#include "sim/active_faults.hpp"

#include <gtest/gtest.h>

namespace ep::sim {
namespace {

TEST(ActiveFaults, OneShotFaultsFireOnceAndOnlyForTheirSymbol) {
  auto plan = merge_faults(FaultPlan{}, {{"close_after_messages", 3},
                                         {"close_at_step", "after_first_fill"},
                                         {"gap_percent", 5},
                                         {"gap_symbol", "TLT"},
                                         {"stall_orders", 1},
                                         {"stall_symbol", "SPY"}});
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  ActiveFaults faults(*plan);

  EXPECT_EQ(faults.take_message_budget(), 3);
  EXPECT_EQ(faults.take_message_budget(), std::nullopt);

  EXPECT_FALSE(faults.take_close_at_step(kStepAfterFirstOrder));
  EXPECT_TRUE(faults.take_close_at_step(kStepAfterFirstSellFill));  // any first fill
  EXPECT_FALSE(faults.take_close_at_step(kStepAfterFirstBuyFill));

  EXPECT_EQ(faults.take_gap("SPY"), std::nullopt);
  EXPECT_EQ(faults.take_gap("TLT"), 5.0);
  EXPECT_EQ(faults.take_gap("TLT"), std::nullopt);

  EXPECT_FALSE(faults.take_stall("TLT"));
  EXPECT_TRUE(faults.take_stall("SPY"));
  EXPECT_FALSE(faults.take_stall("SPY"));

  // GET /faults shows them used up.
  EXPECT_TRUE(faults.json()["close_after_messages"].is_null());
  EXPECT_TRUE(faults.json()["close_at_step"].is_null());
  EXPECT_EQ(faults.json()["gap_percent"], 0);
  EXPECT_EQ(faults.json()["stall_orders"], 0);
}

TEST(ActiveFaults, MergeSaysWhatFiresAtOnce) {
  ActiveFaults faults(FaultPlan{});
  EXPECT_FALSE(faults.refusing_connections());

  auto restart = faults.merge({{"refuse_connections_ms", 60'000}});
  ASSERT_TRUE(restart.ok()) << restart.error().message;
  EXPECT_TRUE(restart->restart);
  EXPECT_FALSE(restart->connectivity_lost_ms.has_value());
  EXPECT_TRUE(faults.refusing_connections());
  EXPECT_FALSE(faults.plan().refuse_connections_ms.has_value()) << "a restart fires once";

  auto loss = faults.merge({{"connectivity_lost_ms", 100}, {"connectivity_restore_code", 1101}});
  ASSERT_TRUE(loss.ok()) << loss.error().message;
  EXPECT_FALSE(loss->restart);
  EXPECT_EQ(loss->connectivity_lost_ms, 100);
  EXPECT_EQ(loss->restore_code, 1101);
  EXPECT_FALSE(faults.plan().connectivity_lost_ms.has_value()) << "a loss fires once";

  EXPECT_FALSE(faults.merge({{"stall_orders", -1}}).ok());
  EXPECT_EQ(faults.plan().stall_orders, 0) << "nothing changes on an invalid plan";
}

TEST(ActiveFaults, AScenarioRestartRefusesFromStartButALossNeverFires) {
  FaultPlan scenario;
  scenario.refuse_connections_ms = 60'000;
  scenario.connectivity_lost_ms = 100;
  ActiveFaults faults(scenario);
  EXPECT_TRUE(faults.refusing_connections());
  EXPECT_FALSE(faults.plan().refuse_connections_ms.has_value());
  EXPECT_FALSE(faults.plan().connectivity_lost_ms.has_value());

  // A reset to a plan without a restart leaves the running restart window alone.
  faults.replace(FaultPlan{});
  EXPECT_TRUE(faults.refusing_connections());
  faults.replace(scenario);
  EXPECT_FALSE(faults.plan().refuse_connections_ms.has_value());
  EXPECT_FALSE(faults.plan().connectivity_lost_ms.has_value());
}

}  // namespace
}  // namespace ep::sim
