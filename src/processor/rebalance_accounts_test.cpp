// The rebalance on accounts as they are: a cash account whose buys live on the sells' cash,
// prices that move while the sells fill, foreign listings and fractional holdings of a target
// symbol, orders by conId, replacement symbols. Same fake world as rebalance_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "processor/testing/test_world.hpp"

namespace ep::processor {
namespace {

using ::testing::HasSubstr;

using testing::event_json;
using testing::kAccount;
using testing::World;

// A rotation: a cash account whose money sits in a symbol that
// leaves the strategy. Its buys can only be paid by its sells.
TEST(Rebalance, RotationInACashAccountBuysWithTheSellsCashInOneAttempt) {
  World world;
  world.broker.set_account(kAccount, 100, {{"OLD", 1000}});
  world.broker.set_cash_account(kAccount);
  world.broker.set_price("OLD", 40);
  world.broker.set_ask_spread(0.01);
  world.allocations.set("etf", {{"SPY", 0.5}, {"TLT", 0.5}});
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_EQ(world.broker.shares(kAccount, "OLD"), 0);
  const double nav = world.broker.net_liquidation(kAccount);
  EXPECT_NEAR(world.broker.shares(kAccount, "SPY") * 450, nav * 0.99 * 0.5, 450);
  EXPECT_NEAR(world.broker.shares(kAccount, "TLT") * 100, nav * 0.99 * 0.5, 100);
  EXPECT_GE(world.broker.cash(kAccount), nav * 0.01 - 1e-6);
  const auto placed = world.broker.placed();
  ASSERT_EQ(placed.size(), 3u);
  EXPECT_EQ(placed[0].order_ref, "ep:e1:sell:OLD");
}

// The account is read before the plan and after the sells; the read between the reconcile and
// the plan is left out only when the reconcile proves nothing traded the account meanwhile.
TEST(Rebalance, AccountIsNotReadAgainWhenTheReconcileFindsNothing) {
  World world;
  world.broker.set_account(kAccount, 100, {{"OLD", 1000}});
  world.broker.set_price("OLD", 40);
  world.allocations.set("etf", {{"SPY", 0.5}, {"TLT", 0.5}});
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_EQ(world.calls("account_snapshot"), 2);
  EXPECT_EQ(world.broker.placed().size(), 3u);
}

TEST(Rebalance, AnExecutionOfTheAccountTodayMeansTheAccountIsReadAgain) {
  World world;
  world.broker.set_account(kAccount, 100, {{"OLD", 1000}});
  world.broker.set_price("OLD", 40);
  world.allocations.set("etf", {{"SPY", 0.5}, {"TLT", 0.5}});
  // Another order of the account filled today (not this event's): it may have filled after
  // the first read, so the plan starts from a read taken after the reconcile.
  world.broker.add_execution(
      {"x1", 5, kAccount, "OLD", core::Side::kSell, 10, 40, 1, "manual", "20260713 10:00:00"});
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_EQ(world.calls("account_snapshot"), 3);
  const auto result = nlohmann::json::parse(decision.outcome.result);
  EXPECT_TRUE(result["reconcile"]["earlier_fills"].empty());
}

class PriceMoveDuringTheSells : public ::testing::TestWithParam<double> {};

TEST_P(PriceMoveDuringTheSells, NeverLeavesCashBelowTheReserveNorTradesBack) {
  World world;
  world.broker.set_account(kAccount, 100, {{"OLD", 1000}, {"TLT", 50}});
  world.broker.set_cash_account(kAccount);
  world.broker.set_price("OLD", 40);
  world.broker.set_ask_spread(0.02);
  world.allocations.set("etf", {{"SPY", 0.5}, {"TLT", 0.5}});
  const double rise = GetParam();
  world.broker.move_price_after_sells("SPY", 450 * (1 + rise));
  world.broker.move_price_after_sells("TLT", 100 * (1 + rise));
  const auto first = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(first.action, QueueAction::kFinish) << first.outcome.error;
  const double nav = world.broker.net_liquidation(kAccount);
  EXPECT_GE(world.broker.cash(kAccount), nav * 0.01 * 0.98)  // the reserve of the plan's NAV
      << "cash " << world.broker.cash(kAccount) << " nav " << nav;
  const auto before = world.broker.placed().size();

  // A later rebalance at the moved prices may top up, but never sells what was just bought.
  const auto second = world.handle(event_json("e2", "rebalance"));
  ASSERT_EQ(second.action, QueueAction::kFinish) << second.outcome.error;
  const auto placed = world.broker.placed();
  for (std::size_t i = before; i < placed.size(); ++i) {
    EXPECT_EQ(placed[i].side, core::Side::kBuy) << placed[i].order_ref;
  }
}

INSTANTIATE_TEST_SUITE_P(Rebalance, PriceMoveDuringTheSells, ::testing::Values(0.03, 0.08));

TEST(Rebalance, AForeignListingOfATargetSymbolIsLeftAloneWithAWarning) {
  World world;
  world.broker.add_reported_position(kAccount, {"SPY", 40, 500, 20000, 999001, "CAD"});
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 132);  // bought as if nothing else was held
  for (const auto& order : world.broker.placed()) EXPECT_EQ(order.side, core::Side::kBuy);
  const auto result = nlohmann::json::parse(decision.outcome.result);
  EXPECT_THAT(result["warnings"].dump(), HasSubstr("40 SPY in CAD (conId 999001) left alone"))
      << result.dump(2);
}

TEST(Rebalance, FractionalHoldingIsSoldInWholeSharesAndTheRestReported) {
  World world;
  world.broker.set_account(kAccount, 50000, {{"GLD", 30.6}});
  world.broker.set_price("GLD", 200);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_NEAR(world.broker.shares(kAccount, "GLD"), 0.6, 1e-9);
  const auto result = nlohmann::json::parse(decision.outcome.result);
  EXPECT_THAT(result["warnings"].dump(), HasSubstr("0.6 share(s) of GLD stay")) << result.dump(2);
  for (const auto& order : world.broker.placed()) {
    if (order.symbol == "GLD") {
      EXPECT_EQ(order.quantity, 30);
    }
  }
}

TEST(Rebalance, OrdersGoOutAsTheResolvedContract) {
  World world;
  world.broker.set_account(kAccount, 50000, {{"TLT", 800}});
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  for (const auto& order : world.broker.placed()) EXPECT_NE(order.con_id, 0) << order.symbol;
}

TEST(Rebalance, AReplacedSymbolIsBoughtAsItsReplacementAndTheHeldOriginalKept) {
  World world;
  world.broker.set_account(kAccount, 100000, {{"SPY", 100}});
  world.broker.set_price("VOO", 400);
  world.settings.replacements = {{"SPY", "VOO", 1.0, false}};
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 100);  // left alone: no sell_original
  EXPECT_GT(world.broker.shares(kAccount, "VOO"), 0);
  for (const auto& order : world.broker.placed()) EXPECT_NE(order.symbol, "SPY");
  const auto result = nlohmann::json::parse(decision.outcome.result);
  EXPECT_EQ(result["replacements"][0]["original"], "SPY");
  EXPECT_EQ(result["replacements"][0]["replacement"], "VOO");
  EXPECT_THAT(result["warnings"].dump(), HasSubstr("100 SPY held and replaced in the strategy"));
}

TEST(Rebalance, AHeldOriginalIsSoldForItsReplacementWhenTheEntrySaysSo) {
  World world;
  world.broker.set_account(kAccount, 50000, {{"SPY", 100}});
  world.broker.set_price("VOO", 400);
  world.settings.replacements = {{"SPY", "VOO", 1.0, true}};
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 0);
  // 95000 investable x 0.6 / 400 = 142.5 shares of VOO; the sell came first.
  EXPECT_GE(world.broker.shares(kAccount, "VOO"), 140);
  const auto placed = world.broker.placed();
  ASSERT_FALSE(placed.empty());
  EXPECT_EQ(placed[0].order_ref, "ep:e1:sell:SPY");
}

TEST(Rebalance, AScaleThatLiftsTheTargetsAboveTheWholeAccountIsRefusedBeforeAnyOrder) {
  World world;
  world.broker.set_price("VOO", 400);
  world.settings.replacements = {{"SPY", "VOO", 1.5, false}};  // 0.6 x 1.5 + 0.4 = 1.3
  const auto decision = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_THAT(decision.outcome.error,
              HasSubstr("target weights sum to 1.3000 after the replacements' scales"));
  EXPECT_TRUE(world.broker.placed().empty());
}

}  // namespace
}  // namespace ep::processor
