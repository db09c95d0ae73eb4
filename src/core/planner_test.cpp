#include "core/planner.hpp"

#include <gtest/gtest.h>

namespace ep::core {
namespace {

// The example of the foundation issue, computed by hand:
// investable = 100000 x 0.99 = 99000; SPY target 59400 / 450.12 = 131.96 shares, held 150,
// diff -18.04 -> SELL 18 (8102.16). TLT 39600 / 91.3 = 433.73 -> BUY 434 (39624.20).
// budget = 32482 + 8102.16 - 1000 = 39584.16 < 39624.20 -> TLT skipped whole.
PlanInput issue_example() {
  PlanInput in{.account_value = 100000.0,
               .cash = 32482.0,
               .cash_reserve_percent = 1.0,
               .positions = {{"SPY", 150}},
               .prices = {{"SPY", 450.12}, {"TLT", 91.3}},
               .allocations = {{"SPY", 0.6}, {"TLT", 0.4}}};
  return in;
}

TEST(Planner, IssueExampleSellsSpyAndSkipsTlt) {
  const Plan plan = make_plan(issue_example());
  EXPECT_DOUBLE_EQ(plan.investable, 99000.0);
  ASSERT_EQ(plan.sells.size(), 1u);
  EXPECT_EQ(plan.sells[0].symbol, "SPY");
  EXPECT_EQ(plan.sells[0].side, Side::kSell);
  EXPECT_EQ(plan.sells[0].quantity, 18);
  EXPECT_NEAR(plan.sells[0].estimated_value, 8102.16, 1e-6);
  EXPECT_TRUE(plan.buys.empty());
  ASSERT_EQ(plan.skipped.size(), 1u);
  EXPECT_EQ(plan.skipped[0].symbol, "TLT");
  EXPECT_EQ(plan.skipped[0].quantity, 434);
  EXPECT_EQ(plan.skipped[0].reason, "needs 39624.20, 39584.16 left after the reserve");
  EXPECT_NEAR(plan.buy_budget, 39584.16, 1e-6);
}

TEST(Planner, BuyWhatFitsOptionBuysTheSharesThatFit) {
  const Plan plan = make_plan(issue_example(), {.buy_what_fits = true});
  ASSERT_EQ(plan.buys.size(), 1u);
  EXPECT_EQ(plan.buys[0].quantity, 433);  // floor(39584.16 / 91.3) = 433
  EXPECT_NEAR(plan.buys[0].estimated_value, 433 * 91.3, 1e-6);
}

TEST(Planner, AllCashBuysEveryTarget) {
  PlanInput in{.account_value = 10000,
               .cash = 10000,
               .cash_reserve_percent = 0,
               .prices = {{"AAA", 100}, {"BBB", 50}},
               .allocations = {{"AAA", 0.5}, {"BBB", 0.5}}};
  const Plan plan = make_plan(in);
  EXPECT_TRUE(plan.sells.empty());
  ASSERT_EQ(plan.buys.size(), 2u);
  // 5000/100 = 50 AAA and 5000/50 = 100 BBB, equal values keep allocation order.
  EXPECT_EQ(plan.buys[0].symbol, "AAA");
  EXPECT_EQ(plan.buys[0].quantity, 50);
  EXPECT_EQ(plan.buys[1].symbol, "BBB");
  EXPECT_EQ(plan.buys[1].quantity, 100);
  EXPECT_DOUBLE_EQ(plan.buy_budget, 10000);
}

TEST(Planner, UntargetedHoldingIsSoldInFullAfterTargetedSells) {
  PlanInput in{.account_value = 10000,
               .cash = 0,
               .cash_reserve_percent = 0,
               .positions = {{"ZZZ", 10}, {"AAA", 100}, {"OLD", 20}},
               .prices = {{"AAA", 50}, {"OLD", 100}, {"ZZZ", 150}},
               .allocations = {{"AAA", 0.25}}};  // 2500 / 50 = 50 shares, held 100 -> sell 50
  const Plan plan = make_plan(in);
  ASSERT_EQ(plan.sells.size(), 3u);
  EXPECT_EQ(plan.sells[0].symbol, "AAA");
  EXPECT_EQ(plan.sells[0].quantity, 50);
  EXPECT_EQ(plan.sells[1].symbol, "OLD");  // liquidations in symbol order
  EXPECT_EQ(plan.sells[1].quantity, 20);
  EXPECT_EQ(plan.sells[2].symbol, "ZZZ");
  EXPECT_EQ(plan.sells[2].quantity, 10);
  EXPECT_DOUBLE_EQ(plan.buy_budget, 2500 + 2000 + 1500);
}

TEST(Planner, ZeroTargetSellsWholeHolding) {
  PlanInput in{.account_value = 5000,
               .cash = 0,
               .positions = {{"AAA", 37}},
               .prices = {{"AAA", 100}},
               .allocations = {{"AAA", 0.0}}};
  const Plan plan = make_plan(in);
  ASSERT_EQ(plan.sells.size(), 1u);
  EXPECT_EQ(plan.sells[0].quantity, 37);
}

// Price 100, reserve 0: target shares = account_value x weight / 100.
Plan single(double account_value, Quantity held, double weight = 1.0) {
  PlanInput in{.account_value = account_value,
               .cash = 1e6,  // ample: these cases are about the share count, not the budget
               .cash_reserve_percent = 0,
               .prices = {{"AAA", 100}},
               .allocations = {{"AAA", weight}}};
  if (held) in.positions = {{"AAA", held}};
  return make_plan(in);
}

TEST(Planner, HalfShareBoundaryIsNotTraded) {
  // target 10.5 shares, held 10: |diff| = 0.5 is not > 0.5.
  const Plan at = single(1050, 10);
  EXPECT_TRUE(at.buys.empty());
  EXPECT_TRUE(at.sells.empty());
  EXPECT_TRUE(at.skipped.empty());
  // target 10.51: diff 0.51 > 0.5 -> round(0.51) = 1 share.
  const Plan above = single(1051, 10);
  ASSERT_EQ(above.buys.size(), 1u);
  EXPECT_EQ(above.buys[0].quantity, 1);
  // target 9.49, held 10: diff -0.51 -> sell 1.
  const Plan below = single(949, 10);
  ASSERT_EQ(below.sells.size(), 1u);
  EXPECT_EQ(below.sells[0].quantity, 1);
  // target 9.5, held 10: diff -0.5 -> nothing.
  EXPECT_TRUE(single(950, 10).sells.empty());
}

TEST(Planner, HalvesRoundToEven) {
  EXPECT_EQ(round_half_even(1.5), 2);
  EXPECT_EQ(round_half_even(2.5), 2);
  EXPECT_EQ(round_half_even(-2.5), -2);
  EXPECT_EQ(round_half_even(3.5), 4);
  EXPECT_EQ(round_half_even(2.51), 3);
  // target 12.5 shares from 0 -> 12 (half to even), 13.5 -> 14.
  auto only_quantity = [](const std::vector<OrderIntent>& orders) {
    return orders.size() == 1 ? orders[0].quantity : Shares{-1};
  };
  EXPECT_EQ(only_quantity(single(1250, 0).buys), 12);
  EXPECT_EQ(only_quantity(single(1350, 0).buys), 14);
  // diff -1.5 from held 10 (target 8.5) -> sell 2; diff -2.5 (target 7.5) -> sell 2.
  EXPECT_EQ(only_quantity(single(850, 10).sells), 2);
  EXPECT_EQ(only_quantity(single(750, 10).sells), 2);
}

TEST(Planner, ReserveZeroAndTenPercent) {
  PlanInput in{.account_value = 10000,
               .cash = 10000,
               .cash_reserve_percent = 0,
               .prices = {{"AAA", 10}},
               .allocations = {{"AAA", 1.0}}};
  Plan zero = make_plan(in);
  EXPECT_DOUBLE_EQ(zero.investable, 10000);
  ASSERT_EQ(zero.buys.size(), 1u);
  EXPECT_EQ(zero.buys[0].quantity, 1000);
  in.cash_reserve_percent = 10;
  Plan ten = make_plan(in);
  EXPECT_DOUBLE_EQ(ten.investable, 9000);
  EXPECT_DOUBLE_EQ(ten.buy_budget, 9000);
  ASSERT_EQ(ten.buys.size(), 1u);
  EXPECT_EQ(ten.buys[0].quantity, 900);
}

TEST(Planner, DefaultReserveIsOnePercent) {
  EXPECT_DOUBLE_EQ(PlanInput{}.cash_reserve_percent, 1.0);
}

TEST(Planner, MissingPriceIsSkippedNeverTraded) {
  PlanInput in{.account_value = 10000,
               .cash = 5000,
               .cash_reserve_percent = 0,
               .positions = {{"GONE", 10}},
               .prices = {{"AAA", 100}, {"BAD", 0.0}},
               .allocations = {{"AAA", 0.5}, {"NOPX", 0.25}, {"BAD", 0.25}}};
  const Plan plan = make_plan(in);
  ASSERT_EQ(plan.buys.size(), 1u);
  EXPECT_EQ(plan.buys[0].symbol, "AAA");
  EXPECT_TRUE(plan.sells.empty());  // GONE has no price: not sold
  ASSERT_EQ(plan.skipped.size(), 3u);
  EXPECT_EQ(plan.skipped[0].symbol, "NOPX");
  EXPECT_EQ(plan.skipped[0].reason, "no price for NOPX");
  EXPECT_FALSE(plan.skipped[0].side.has_value());
  EXPECT_EQ(plan.skipped[1].symbol, "BAD");
  EXPECT_EQ(plan.skipped[2].symbol, "GONE");
}

// 10000 all in cash, no reserve, AAA and BBB at 10: only the two weights differ.
PlanInput cash_into_two(double aaa_weight, double bbb_weight) {
  return {.account_value = 10000,
          .cash = 10000,
          .cash_reserve_percent = 0,
          .prices = {{"AAA", 10}, {"BBB", 10}},
          .allocations = {{"AAA", aaa_weight}, {"BBB", bbb_weight}}};
}

TEST(Planner, AllocationsSummingTo098LeaveCash) {
  const Plan plan = make_plan(cash_into_two(0.49, 0.49));
  ASSERT_EQ(plan.buys.size(), 2u);
  EXPECT_EQ(plan.buys[0].quantity, 490);
  EXPECT_EQ(plan.buys[1].quantity, 490);
}

TEST(Planner, AllocationsSummingTo101SkipTheBuyThatNoLongerFits) {
  const Plan plan = make_plan(cash_into_two(0.51, 0.50));
  // AAA 5100 fits (budget 10000); BBB 5000 would need 5000 with 4900 left.
  ASSERT_EQ(plan.buys.size(), 1u);
  EXPECT_EQ(plan.buys[0].symbol, "AAA");
  ASSERT_EQ(plan.skipped.size(), 1u);
  EXPECT_EQ(plan.skipped[0].reason, "needs 5000.00, 4900.00 left after the reserve");
}

TEST(Planner, BudgetTooSmallForLargestBuyButEnoughForASmallerOne) {
  PlanInput in{.account_value = 10000,
               .cash = 3000,
               .cash_reserve_percent = 0,
               .positions = {{"HELD", 70}},
               .prices = {{"BIG", 10}, {"SMALL", 10}, {"HELD", 100}},
               .allocations = {{"SMALL", 0.2}, {"BIG", 0.4}, {"HELD", 0.4}}};
  // HELD target 40 of 70 -> sell 30 (3000); budget 3000 + 3000 = 6000.
  // BIG 4000 (400 sh) fits first; SMALL 2000 (200 sh) fits too: 6000 in all.
  Plan plan = make_plan(in);
  ASSERT_EQ(plan.buys.size(), 2u);
  EXPECT_EQ(plan.buys[0].symbol, "BIG");
  EXPECT_EQ(plan.buys[1].symbol, "SMALL");
  // With less cash, BIG no longer fits but SMALL does.
  in.cash = 0;  // budget 3000
  plan = make_plan(in);
  ASSERT_EQ(plan.buys.size(), 1u);
  EXPECT_EQ(plan.buys[0].symbol, "SMALL");
  ASSERT_EQ(plan.skipped.size(), 1u);
  EXPECT_EQ(plan.skipped[0].symbol, "BIG");
  EXPECT_EQ(plan.skipped[0].reason, "needs 4000.00, 3000.00 left after the reserve");
}

TEST(Planner, MinimumTradeValueOptionDropsSmallTrades) {
  const PlanInput in = cash_into_two(0.99, 0.01);  // BBB is 100 dollars
  EXPECT_EQ(make_plan(in).buys.size(), 2u);
  const Plan plan = make_plan(in, {.min_trade_value = 500});
  ASSERT_EQ(plan.buys.size(), 1u);
  ASSERT_EQ(plan.skipped.size(), 1u);
  EXPECT_EQ(plan.skipped[0].symbol, "BBB");
}

// Drift band: account 10000, no reserve, price 10; AAA's target is 5000 (500 shares).
PlanInput drift_example(Quantity aaa_held) {
  PlanInput in{.account_value = 10000,
               .cash = 10000 - aaa_held * 10,
               .cash_reserve_percent = 0,
               .positions = {{"AAA", aaa_held}},
               .prices = {{"AAA", 10}},
               .allocations = {{"AAA", 0.5}}};
  return in;
}

TEST(Planner, DriftExactlyOnTheBandIsNotTraded) {
  // 495 held = 4950, 50 dollars = 0.5 points from the target: on the band, left alone.
  const Plan plan = make_plan(drift_example(495), {.drift_band_percent = 0.5});
  EXPECT_TRUE(plan.buys.empty());
  ASSERT_EQ(plan.skipped.size(), 1u);
  EXPECT_EQ(plan.skipped[0].symbol, "AAA");
  EXPECT_EQ(plan.skipped[0].side, Side::kBuy);
  EXPECT_EQ(plan.skipped[0].quantity, 5);
  EXPECT_EQ(plan.skipped[0].reason,
            "drift 0.50 percentage point(s) from the target, within the band 0.50");
  // Without the band the same input buys the 5 shares (the original's rule).
  ASSERT_EQ(make_plan(drift_example(495)).buys.size(), 1u);
}

TEST(Planner, DriftJustOutsideTheBandIsTraded) {
  const Plan plan = make_plan(drift_example(494), {.drift_band_percent = 0.5});  // 0.6 points
  ASSERT_EQ(plan.buys.size(), 1u);
  EXPECT_EQ(plan.buys[0].quantity, 6);
  EXPECT_TRUE(plan.skipped.empty());
}

TEST(Planner, DriftBandAppliesToSellsToo) {
  // 504 held: 0.4 points above the target, a sell of 4 left alone; 506: 0.6 points, sold.
  PlanInput in = drift_example(504);
  EXPECT_TRUE(make_plan(in, {.drift_band_percent = 0.5}).sells.empty());
  in = drift_example(506);
  const Plan plan = make_plan(in, {.drift_band_percent = 0.5});
  ASSERT_EQ(plan.sells.size(), 1u);
  EXPECT_EQ(plan.sells[0].quantity, 6);
}

TEST(Planner, DriftBandKeepsANewSmallTargetOut) {
  PlanInput in = drift_example(0);
  in.prices["BBB"] = 10;
  in.allocations = {{"AAA", 0.5}, {"BBB", 0.004}};  // BBB: 40 dollars = 0.4 points
  const Plan plan = make_plan(in, {.drift_band_percent = 0.5});
  ASSERT_EQ(plan.buys.size(), 1u);
  EXPECT_EQ(plan.buys[0].symbol, "AAA");
  ASSERT_EQ(plan.skipped.size(), 1u);
  EXPECT_EQ(plan.skipped[0].symbol, "BBB");
}

TEST(Planner, ALiquidationIsTradedWhateverTheBand) {
  // OLD is 0.3 points of the account and no longer wanted; ZERO has a target of 0: both are
  // sold in full even with a band far wider than their weight.
  PlanInput in = drift_example(500);
  in.cash = 4940;
  in.positions = {{"AAA", 500}, {"OLD", 3}, {"ZERO", 3}};
  in.prices = {{"AAA", 10}, {"OLD", 10}, {"ZERO", 10}};
  in.allocations = {{"AAA", 0.5}, {"ZERO", 0}};
  const Plan plan = make_plan(in, {.drift_band_percent = 5});
  ASSERT_EQ(plan.sells.size(), 2u);
  EXPECT_EQ(plan.sells[0].symbol, "ZERO");
  EXPECT_EQ(plan.sells[0].quantity, 3);
  EXPECT_EQ(plan.sells[1].symbol, "OLD");
  EXPECT_EQ(plan.sells[1].quantity, 3);
}

bool same(const OrderIntent& a, const OrderIntent& b) {
  return a.side == b.side && a.symbol == b.symbol && a.quantity == b.quantity &&
         a.estimated_value == b.estimated_value;
}

TEST(Planner, IdenticalInputGivesIdenticalPlan) {
  PlanInput in = issue_example();
  in.positions.push_back({"OLD", 5});
  in.prices["OLD"] = 20;
  in.cash = 90000;
  const Plan a = make_plan(in);
  const Plan b = make_plan(in);
  ASSERT_EQ(a.sells.size(), b.sells.size());
  ASSERT_EQ(a.buys.size(), b.buys.size());
  for (size_t i = 0; i < a.sells.size(); ++i) EXPECT_TRUE(same(a.sells[i], b.sells[i]));
  for (size_t i = 0; i < a.buys.size(); ++i) EXPECT_TRUE(same(a.buys[i], b.buys[i]));
  EXPECT_EQ(a.buy_budget, b.buy_budget);
}

}  // namespace
}  // namespace ep::core

namespace ep::core {
namespace {

TEST(Planner, SelectBuysWithTheRealCashAfterTheSells) {
  std::vector<OrderIntent> candidates{{Side::kBuy, "A", 10, 1000}, {Side::kBuy, "B", 30, 3000}};
  auto selection = select_buys(candidates, 3500);
  ASSERT_EQ(selection.buys.size(), 1u);
  EXPECT_EQ(selection.buys[0].symbol, "B");
  ASSERT_EQ(selection.skipped.size(), 1u);
  EXPECT_EQ(selection.skipped[0].reason, "needs 1000.00, 500.00 left after the reserve");
  EXPECT_EQ(select_buys(candidates, 4000).buys.size(), 2u);
}

TEST(Planner, PlanKeepsEveryBuyCandidate) {
  PlanInput in{.account_value = 100000.0,
               .cash = 32482.0,
               .positions = {{"SPY", 150}},
               .prices = {{"SPY", 450.12}, {"TLT", 91.3}},
               .allocations = {{"SPY", 0.6}, {"TLT", 0.4}}};
  const Plan plan = make_plan(in);
  ASSERT_EQ(plan.buy_candidates.size(), 1u);
  EXPECT_EQ(plan.buy_candidates[0].symbol, "TLT");
  EXPECT_EQ(plan.buy_candidates[0].quantity, 434);
}

// Account 10000, no reserve: `old_held` shares of OLD at 40 no longer wanted, the rest cash
// for SPY at 100 (weight 0.5).
PlanInput leaving_old(Quantity old_held) {
  return {.account_value = 10000,
          .cash = 10000 - old_held * 40,
          .cash_reserve_percent = 0,
          .positions = {{"OLD", old_held}},
          .prices = {{"OLD", 40}, {"SPY", 100}},
          .allocations = {{"SPY", 0.5}}};
}

TEST(Planner, FractionalHoldingSellsAtMostTheWholeSharesAndWarnsOfTheRest) {
  const Plan plan = make_plan(leaving_old(30.6));  // cash 8776
  ASSERT_EQ(plan.sells.size(), 1u);
  EXPECT_EQ(plan.sells[0].symbol, "OLD");
  EXPECT_EQ(plan.sells[0].quantity, 30);  // never 31: the broker refuses selling more than held
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_EQ(plan.warnings[0], "0.6 share(s) of OLD stay: IB's API cannot sell a fraction");
}

TEST(Planner, DustBelowOneShareIsNotSoldAndDoesNotBlockTheRest) {
  const Plan plan = make_plan(leaving_old(0.6));  // cash 9976
  EXPECT_TRUE(plan.sells.empty());
  ASSERT_EQ(plan.buys.size(), 1u);
  EXPECT_EQ(plan.buys[0].quantity, 50);
  EXPECT_EQ(plan.warnings.size(), 1u);
}

TEST(Planner, ATargetedSellOfAFractionalHoldingIsCappedAtTheWholeShares) {
  PlanInput in{
      .account_value = 1000,
      .cash = 0,
      .cash_reserve_percent = 0,
      .positions = {{"SPY", 10.7}},  // worth 1070 at 100 (the value is stale); target 0 shares
      .prices = {{"SPY", 100}},
      .allocations = {{"SPY", 0.0}}};
  const Plan plan = make_plan(in);
  ASSERT_EQ(plan.sells.size(), 1u);
  EXPECT_EQ(plan.sells[0].quantity, 10);  // round(10.7) = 11 would be refused
}

TEST(Planner, NeverTradesBackWhatAnEarlierAttemptOfTheEventTraded) {
  PlanInput in{.account_value = 100000,
               .cash = 40000,
               .cash_reserve_percent = 0,
               .positions = {{"SPY", 100}},  // SPY fell since the earlier attempt sold some
               .prices = {{"SPY", 450}, {"TLT", 100}},
               .allocations = {{"SPY", 0.6}, {"TLT", 0.4}},
               .traded_earlier = {{"SPY", Side::kSell}}};
  const Plan plan = make_plan(in);
  for (const auto& buy : plan.buys) EXPECT_NE(buy.symbol, "SPY");
  ASSERT_FALSE(plan.skipped.empty());
  EXPECT_EQ(plan.skipped[0].symbol, "SPY");
  EXPECT_EQ(plan.skipped[0].reason, "sold earlier by this event: not bought back");
}

TEST(Planner, ReserveIsComputedOnceAndInvestableIsValueMinusReserve) {
  for (double value : {45962.19 / 0.99, 100000.0, 12345.67, 999999.99}) {
    for (double percent : {0.0, 1.0, 2.5, 10.0}) {
      PlanInput in{.account_value = value, .cash = value, .cash_reserve_percent = percent};
      // A price at which the target is exactly 100 shares worth the whole investable value.
      in.prices = {{"SPY", (value - reserve_of(value, percent)) / 100.0}};
      in.allocations = {{"SPY", 1.0}};
      const Plan plan = make_plan(in);
      EXPECT_EQ(plan.reserve, reserve_of(value, percent));
      EXPECT_EQ(plan.investable, value - plan.reserve);
      EXPECT_EQ(plan.buy_budget, value - plan.reserve);
      // The whole investable value fits its own budget: never "needs X, X left".
      ASSERT_EQ(plan.buys.size(), 1u) << value << " " << percent;
    }
  }
}

TEST(Planner, AmountsThatPrintTheSameFit) {
  EXPECT_TRUE(fits(45962.19 + 1e-9, 45962.19));
  EXPECT_TRUE(fits(45962.186, 45962.19));
  EXPECT_FALSE(fits(45962.20, 45962.19));
}

}  // namespace
}  // namespace ep::core
