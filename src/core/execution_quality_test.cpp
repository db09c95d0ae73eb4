#include "core/execution_quality.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ep::core {
namespace {

PlannedQuote quote(Price bid, Price ask, Price last) {
  PlannedQuote q;
  q.bid = bid;
  q.ask = ask;
  q.last = last;
  q.price = last;
  return q;
}

TEST(Slippage, BuyAboveTheAskCostsPositiveBasisPoints) {
  // The TLT buy sent at an ask of 90.01 that filled at 94.51.
  const auto s = slippage_of(Side::kBuy, quote(89.99, 90.01, 90.00), 100, 94.51);
  ASSERT_TRUE(s);
  EXPECT_DOUBLE_EQ(s->reference, 90.01);
  EXPECT_NEAR(s->vs_quote_bp, 499.94, 0.01);
  ASSERT_TRUE(s->vs_last_bp);
  EXPECT_NEAR(*s->vs_last_bp, 501.11, 0.01);
  EXPECT_NEAR(s->cost, 450.0, 1e-6);
}

TEST(Slippage, SellBelowTheBidCostsAndAboveItSaves) {
  auto s = slippage_of(Side::kSell, quote(100.00, 100.02, 100.01), 10, 99.90);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->vs_quote_bp, 10.0, 1e-9);
  EXPECT_NEAR(s->cost, 1.0, 1e-9);
  s = slippage_of(Side::kSell, quote(100.00, 100.02, 100.01), 10, 100.05);
  ASSERT_TRUE(s);
  EXPECT_LT(s->vs_quote_bp, 0);
  EXPECT_NEAR(s->cost, -0.5, 1e-9);
}

TEST(Slippage, ASellAtItsBidIsZeroNotMinusZero) {
  const auto s = slippage_of(Side::kSell, quote(100, 100.02, 100.01), 10, 100);
  ASSERT_TRUE(s);
  EXPECT_FALSE(std::signbit(s->vs_quote_bp));
  EXPECT_FALSE(std::signbit(s->cost));
}

TEST(Slippage, NoneWithoutAFillAndThePriceStandsInForAMissingSide) {
  EXPECT_FALSE(slippage_of(Side::kBuy, quote(1, 2, 1.5), 0, 2));
  PlannedQuote close_only;
  close_only.price = 50;
  const auto s = slippage_of(Side::kBuy, close_only, 1, 50.5);
  ASSERT_TRUE(s);
  EXPECT_DOUBLE_EQ(s->reference, 50);
  EXPECT_FALSE(s->vs_last_bp);
}

TEST(Slippage, ExecutionCostSumsSlippageAndCommissions) {
  std::vector<OrderOutcome> orders(2);
  orders[0].request.side = Side::kSell;
  orders[0].filled = 10;
  orders[0].average_price = 99.9;
  orders[0].commission = 1;
  orders[0].slippage = slippage_of(Side::kSell, quote(100, 100.02, 100.01), 10, 99.9);
  orders[1].request.side = Side::kBuy;
  orders[1].filled = 5;
  orders[1].average_price = 200.2;
  orders[1].commission = 1;
  orders[1].slippage = slippage_of(Side::kBuy, quote(199.98, 200, 199.99), 5, 200.2);
  const auto cost = execution_cost(orders);
  EXPECT_NEAR(cost.slippage, 1.0 + 1.0, 1e-9);
  EXPECT_NEAR(cost.commissions, 2, 1e-9);
  EXPECT_NEAR(cost.total, 4, 1e-9);
  EXPECT_NEAR(cost.traded_value, 999 + 1001, 1e-9);
  EXPECT_NEAR(cost.fraction_of_traded, 4.0 / 2000.0, 1e-12);
}

TEST(LimitPrice, BuyAtAskPlusCollarRoundedDownToTheTick) {
  EXPECT_DOUBLE_EQ(collar_limit(Side::kBuy, 90.01, 0.5, 0.01), 90.46);    // 90.46005
  EXPECT_DOUBLE_EQ(collar_limit(Side::kBuy, 600.01, 0.5, 0.01), 603.01);  // 603.01005
  EXPECT_DOUBLE_EQ(collar_limit(Side::kBuy, 100, 1, 0.05), 101.0);        // exact: kept
  EXPECT_DOUBLE_EQ(collar_limit(Side::kBuy, 100, 1.03, 0.05), 101.0);     // 101.03 -> down
}

TEST(LimitPrice, SellAtBidMinusCollarRoundedUpToTheTick) {
  EXPECT_DOUBLE_EQ(collar_limit(Side::kSell, 89.99, 0.5, 0.01), 89.55);  // 89.54005 -> up
  EXPECT_DOUBLE_EQ(collar_limit(Side::kSell, 100, 1.03, 0.05), 99.0);    // 98.97 -> 99.00
  EXPECT_DOUBLE_EQ(collar_limit(Side::kSell, 1.2345, 0, 0.0001), 1.2345);
  EXPECT_DOUBLE_EQ(collar_limit(Side::kSell, 10, 0.5, 0), 9.95);  // no tick reported: a cent
}

TEST(LimitPrice, BeyondTheLimitAndGapsBeyondTheCollar) {
  EXPECT_TRUE(beyond_limit(Side::kBuy, 90.47, 90.46));
  EXPECT_FALSE(beyond_limit(Side::kBuy, 90.46, 90.46));
  EXPECT_TRUE(beyond_limit(Side::kSell, 89.54, 89.55));
  EXPECT_FALSE(beyond_limit(Side::kSell, 0, 89.55));  // no quote: not known to be beyond
  EXPECT_FALSE(gap_beyond_collar(Side::kBuy, "TLT", 100, 100.5, 0.5));  // exactly the collar
  const auto gap = gap_beyond_collar(Side::kBuy, "TLT", 90.01, 94.51, 0.5);
  ASSERT_TRUE(gap);
  EXPECT_EQ(*gap, "TLT ask 94.51 is 5.00% above 90.01, beyond the 0.50% collar: not chased");
  EXPECT_FALSE(gap_beyond_collar(Side::kBuy, "TLT", 90, 80, 0.5));  // down is good for a buy
  EXPECT_TRUE(gap_beyond_collar(Side::kSell, "TLT", 90, 80, 0.5));
}

}  // namespace
}  // namespace ep::core
