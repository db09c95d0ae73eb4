// Marketable limit orders and slippage on the fake broker (README, "Limit orders", "Slippage"):
// prices at the collar on the tick, a re-price after a move, a partial fill then a re-price, a
// gap that stops a buy, the last re-price, a working limit leg of an earlier attempt, and a
// re-price that leaves an order placed by hand alone.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "processor/testing/test_world.hpp"

namespace ep::processor {
namespace {

using ::testing::HasSubstr;

using test::OrderScript;
using testing::event_json;
using testing::kAccount;
using testing::World;

struct LimitWorld : World {
  LimitWorld() {
    broker.set_ask_spread(0.01);  // SPY 449.99/450.01, TLT 99.99/100.01
    settings.order_type = core::OrderType::kLimit;
    settings.limit_collar_percent = 0.5;
    settings.limit_max_reprices = 2;
  }
  std::vector<core::OrderRequest> placed_for(const std::string& symbol) const {
    std::vector<core::OrderRequest> out;
    for (const auto& order : broker.placed()) {
      if (order.symbol == symbol) out.push_back(order);
    }
    return out;
  }
};

TEST(LimitOrders, BuysGoOutAtTheAskPlusTheCollarOnTheTickAndCarryTheirQuote) {
  LimitWorld world;
  const std::vector<core::Symbol> symbols{"TLT"};
  auto tlt = world.broker.contract_details(symbols, core::Deadline::max())[0].value();
  tlt.min_tick = 0.05;  // from the contract details: TLT's limit goes on a 5-cent tick
  world.broker.set_contract(tlt);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  const auto spy = world.placed_for("SPY");
  const auto tlt_orders = world.placed_for("TLT");
  ASSERT_EQ(spy.size(), 1u);
  ASSERT_EQ(tlt_orders.size(), 1u);
  EXPECT_EQ(spy[0].order_type, core::OrderType::kLimit);
  EXPECT_DOUBLE_EQ(spy[0].limit_price, 452.26);        // 450.01 x 1.005 = 452.26005
  EXPECT_DOUBLE_EQ(tlt_orders[0].limit_price, 100.5);  // 100.51005 down to the 0.05 tick
  // Sized at the limit: the reserve holds even if every buy paid its limit.
  const double worst = static_cast<double>(spy[0].quantity) * spy[0].limit_price +
                       static_cast<double>(tlt_orders[0].quantity) * tlt_orders[0].limit_price;
  EXPECT_LE(worst + 2.0, 100000 - 1000 + 0.01);
  // Every order carries its planned quote and its slippage (filled at the ask: 0 bp).
  ASSERT_EQ(decision.outcome.orders.size(), 2u);
  for (const auto& order : decision.outcome.orders) {
    ASSERT_TRUE(order.planned_quote) << order.request.symbol;
    ASSERT_TRUE(order.slippage) << order.request.symbol;
    EXPECT_NEAR(order.slippage->vs_quote_bp, 0, 1e-9);
    ASSERT_TRUE(order.slippage->vs_last_bp);
    EXPECT_GT(*order.slippage->vs_last_bp, 0);  // the ask is above the last
  }
  EXPECT_DOUBLE_EQ(decision.outcome.orders[0].planned_quote->ask, 450.01);
  EXPECT_DOUBLE_EQ(decision.outcome.orders[0].planned_quote->last, 450);
  const auto result = nlohmann::json::parse(decision.outcome.result);
  EXPECT_NEAR(result["execution_cost"]["commissions"].get<double>(), 2.0, 1e-9);
  EXPECT_GT(result["execution_cost"]["traded_value"].get<double>(), 90000);
}

TEST(LimitOrders, MarketOrdersStayTheDefaultAndAreMeasuredToo) {
  World world;
  world.broker.set_ask_spread(0.01);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  for (const auto& order : world.broker.placed()) {
    EXPECT_EQ(order.order_type, core::OrderType::kMarket);
  }
  ASSERT_FALSE(decision.outcome.orders.empty());
  EXPECT_TRUE(decision.outcome.orders[0].slippage);
}

TEST(LimitOrders, ARestingBuyIsCancelledAndRepricedFromAFreshQuote) {
  LimitWorld world;
  // SPY's ask jumps to 452.51 as the buy arrives: above its limit 452.26, within a collar of it.
  world.broker.move_price_on_first_order("SPY", 452.5);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  const auto spy = world.placed_for("SPY");
  ASSERT_EQ(spy.size(), 2u);
  EXPECT_DOUBLE_EQ(spy[0].limit_price, 452.26);
  EXPECT_DOUBLE_EQ(spy[1].limit_price, 454.77);  // 452.51 x 1.005 = 454.77255
  EXPECT_EQ(spy[1].order_ref, spy[0].order_ref);
  // The buy was sized at its first limit; at the higher one the cash counted for it pays one
  // share less (132 x 452.26 = 59,698.32; / 454.77 = 131.3), so the reserve still holds.
  EXPECT_EQ(spy[0].quantity, 132);
  EXPECT_EQ(spy[1].quantity, 131);
  EXPECT_LE(static_cast<double>(spy[1].quantity) * spy[1].limit_price,
            static_cast<double>(spy[0].quantity) * spy[0].limit_price);
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), spy[1].quantity);
  EXPECT_EQ(world.calls("cancel_orders"), 1);
  EXPECT_EQ(world.calls("executions_today"), 2);  // reconcile, then the settle
  // The replaced order is in the record (cancelled, nothing filled), then the fill; the fill's
  // slippage is against the quote the leg was planned on.
  std::vector<core::OrderOutcome> spy_outcomes;
  for (const auto& order : decision.outcome.orders) {
    if (order.request.symbol == "SPY") spy_outcomes.push_back(order);
  }
  ASSERT_EQ(spy_outcomes.size(), 2u);
  EXPECT_EQ(spy_outcomes[0].state, core::OrderState::kCancelled);
  EXPECT_EQ(spy_outcomes[1].state, core::OrderState::kFilled);
  ASSERT_TRUE(spy_outcomes[1].slippage);
  EXPECT_NEAR(spy_outcomes[1].slippage->vs_quote_bp, (452.51 - 450.01) / 450.01 * 1e4, 1e-6);
}

TEST(LimitOrders, ARepriceCancelsOnlyItsOwnLegsNotAnOrderPlacedByHand) {
  LimitWorld world;
  world.broker.move_price_on_first_order("SPY", 452.5);  // the SPY buy rests, then is re-priced
  // Someone places an order of the account by hand in TWS while the rebalance runs.
  core::OpenOrder manual;
  manual.client_id = 0;
  manual.account = kAccount;
  manual.symbol = "AAPL";
  manual.quantity = 5;
  manual.status = "Submitted";
  manual.order_ref = "placed by hand";
  world.broker.add_open_order_on_first_order(manual);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  const auto spy = world.placed_for("SPY");
  ASSERT_EQ(spy.size(), 2u);  // cancelled and re-priced as without the manual order
  const auto calls = world.broker.calls();
  const auto cancel = std::find_if(calls.begin(), calls.end(),
                                   [](const auto& call) { return call.name == "cancel_orders"; });
  ASSERT_NE(cancel, calls.end());
  EXPECT_EQ(cancel->detail.find(','), std::string::npos) << cancel->detail;  // one order id
  EXPECT_EQ(world.calls("cancel_open_orders"), 0);
  const auto open = world.broker.open_orders_now();
  ASSERT_EQ(open.size(), 1u);  // the manual order is still working, untouched
  EXPECT_EQ(open[0].order_ref, "placed by hand");
}

TEST(LimitOrders, APartFilledLegIsRepricedForItsRestOnly) {
  LimitWorld world;
  OrderScript half;
  half.state = core::OrderState::kUnknown;  // still working at the re-price time
  half.fill_fraction = 0.5;
  half.leave_working = true;
  half.first_order_only = true;
  world.broker.set_order_script("SPY", core::Side::kBuy, half);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  const auto spy = world.placed_for("SPY");
  ASSERT_EQ(spy.size(), 2u);
  EXPECT_EQ(spy[1].quantity, spy[0].quantity - spy[0].quantity / 2);
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), spy[0].quantity);
  const auto first =
      *std::find_if(decision.outcome.orders.begin(), decision.outcome.orders.end(),
                    [](const core::OrderOutcome& order) { return order.request.symbol == "SPY"; });
  EXPECT_EQ(first.state, core::OrderState::kCancelled);
  EXPECT_EQ(first.filled, spy[0].quantity / 2);  // from today's executions
}

TEST(LimitOrders, AGapBeyondTheCollarSinceThePlanStopsTheBuyWithTheReason) {
  LimitWorld world;
  world.broker.set_account(kAccount, 50000, {{"GLD", 250}});
  world.broker.set_price("GLD", 200);
  world.broker.move_price_after_sells("SPY", 470);  // +4.4% while the sell fills
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_THAT(decision.outcome.error, HasSubstr("BUY SPY not placed: SPY ask 470.01 is 4.44% above "
                                                "450.01, beyond the 0.50% collar"));
  EXPECT_TRUE(world.placed_for("SPY").empty());
  EXPECT_EQ(world.placed_for("TLT").size(), 1u);  // the other buy went out
  // The next attempt plans at the new price and buys SPY, selling nothing back.
  const auto second = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(second.action, QueueAction::kFinish) << second.outcome.error;
  EXPECT_EQ(world.placed_for("SPY").size(), 1u);
  EXPECT_EQ(world.placed_for("GLD").size(), 1u);
}

TEST(LimitOrders, StillWorkingAfterTheLastRepriceIsLeftToTheNextAttempt) {
  LimitWorld world;
  world.settings.limit_max_reprices = 0;
  world.broker.move_price_on_first_order("SPY", 452.5);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_THAT(decision.outcome.error,
              HasSubstr("not filled after 0 re-price(s) within the 0.50% collar "
                        "(BUY SPY 0 of 132 filled at the limit 452.26)"));
  EXPECT_EQ(world.placed_for("SPY").size(), 1u);
  EXPECT_TRUE(world.broker.open_orders_now().empty());  // cancelled, never left working
}

TEST(LimitOrders, TheOperatorMayLetTheRestGoAsMarket) {
  LimitWorld world;
  world.settings.limit_max_reprices = 0;
  world.settings.limit_fallback_market = true;
  world.broker.move_price_on_first_order("SPY", 452.5);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  const auto spy = world.placed_for("SPY");
  ASSERT_EQ(spy.size(), 2u);
  EXPECT_EQ(spy[1].order_type, core::OrderType::kMarket);
  EXPECT_EQ(spy[1].order_ref, spy[0].order_ref);
}

TEST(LimitOrders, AWorkingLimitLegOfAnEarlierAttemptIsCancelledAndPricedAgain) {
  LimitWorld world;
  world.add_earlier_spy_buy(132);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_EQ(world.calls("await_orders_done"), 0);
  EXPECT_EQ(world.calls("cancel_open_orders"), 1);
  EXPECT_EQ(world.placed_for("SPY").size(), 1u);  // one new order, the old one gone
  EXPECT_TRUE(world.broker.open_orders_now().empty());
}

}  // namespace
}  // namespace ep::processor
