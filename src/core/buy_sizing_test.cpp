// The second sizing of the buys, after the sells: fresh quotes, the ask, commissions, and the
// cash that really arrived.
#include "core/buy_sizing.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ep::core {
namespace {

using ::testing::HasSubstr;

OrderIntent planned_buy(const Symbol& symbol, Shares quantity, Price price, double weight) {
  return {Side::kBuy, symbol, quantity, static_cast<double>(quantity) * price, weight};
}

// `cash` both investable and to spend (no reserve), the plan's buys and their fresh quotes.
BuySizingInput sizing(Money cash, std::vector<OrderIntent> planned,
                      std::map<Symbol, FreshQuote> quotes) {
  BuySizingInput input;
  input.investable = cash;
  input.budget = cash;
  input.planned = std::move(planned);
  input.quotes = std::move(quotes);
  return input;
}

TEST(CommissionModel, FixedPricingWithMinimumAndCap) {
  CommissionModel model;
  EXPECT_DOUBLE_EQ(model.estimate(100, 50), 1.0);   // 0.50 -> the 1.00 minimum
  EXPECT_DOUBLE_EQ(model.estimate(1000, 50), 5.0);  // 0.005 x 1000
  EXPECT_DOUBLE_EQ(model.estimate(1, 0.5), 0.005);  // capped at 1 % of 0.50
  EXPECT_DOUBLE_EQ(model.estimate(0, 50), 0.0);
}

TEST(SizeBuys, EverythingFitsAtTheAsk) {
  const auto input = sizing(10000, {planned_buy("SPY", 10, 500, 0.5)}, {{"SPY", {500, 500.02}}});
  const auto out = size_buys(input);
  ASSERT_EQ(out.buys.size(), 1u);
  EXPECT_EQ(out.buys[0].quantity, 10);
  EXPECT_TRUE(out.skipped.empty());
}

TEST(SizeBuys, ABuyThatFitsAtTheLastButNotAtTheAskIsResizedNotRefused) {
  // 0 % reserve: 20 x 500 = 10000 fits the 10000 of cash at the last price, not at the ask
  // 500.05 plus the commission.
  const auto input = sizing(10000, {planned_buy("SPY", 20, 500, 1.0)}, {{"SPY", {500, 500.05}}});
  const auto out = size_buys(input);
  ASSERT_EQ(out.buys.size(), 1u);
  EXPECT_EQ(out.buys[0].quantity, 19);
  EXPECT_LE(19 * 500.05 + input.commission.estimate(19, 500.05), input.budget);
  ASSERT_EQ(out.skipped.size(), 1u);
  EXPECT_EQ(out.skipped[0].quantity, 1);
  EXPECT_THAT(out.skipped[0].reason, HasSubstr("bought 19 of them"));
}

TEST(SizeBuys, APriceRiseShrinksTheBuyToItsTargetAndNeverGrowsIt) {
  // TLT +8 %: 5000 / 108 = 46.3 -> 46; IEF -10 %: 5000 / 90 = 55.6, but never above the plan's 50.
  const auto input =
      sizing(10000, {planned_buy("TLT", 50, 100, 0.5), planned_buy("IEF", 50, 100, 0.5)},
             {{"TLT", {108, 108}}, {"IEF", {90, 90}}});
  const auto out = size_buys(input);
  ASSERT_EQ(out.buys.size(), 2u);
  EXPECT_EQ(out.buys[0].symbol, "TLT");
  EXPECT_EQ(out.buys[0].quantity, 46);
  EXPECT_EQ(out.buys[1].symbol, "IEF");
  EXPECT_EQ(out.buys[1].quantity, 50);
}

TEST(SizeBuys, HoldingsAfterTheSellsCount) {
  auto input = sizing(10000, {planned_buy("SPY", 10, 500, 1.0)}, {{"SPY", {500, 500}}});
  input.held["SPY"] = 15.4;  // 20 wanted in all; 4.6 -> 5 more
  const auto out = size_buys(input);
  ASSERT_EQ(out.buys.size(), 1u);
  EXPECT_EQ(out.buys[0].quantity, 5);
}

TEST(SizeBuys, NothingWhenTheCashIsShortOfOneShare) {
  auto input = sizing(10000, {planned_buy("SPY", 10, 500, 0.5)}, {{"SPY", {500, 500}}});
  input.budget = 400;
  const auto out = size_buys(input);
  EXPECT_TRUE(out.buys.empty());
  ASSERT_EQ(out.skipped.size(), 1u);
  EXPECT_THAT(out.skipped[0].reason, HasSubstr("400.00 left after the reserve"));
}

TEST(SizeBuys, TheTotalCostNeverExceedsTheBudget) {
  for (double budget : {0.0, 99.0, 1234.56, 5000.0, 9999.99, 20000.0}) {
    auto input = sizing(20000,
                        {planned_buy("A", 40, 250, 0.5), planned_buy("B", 100, 33.3, 0.17),
                         planned_buy("C", 7, 900, 0.33)},
                        {{"A", {250, 250.1}}, {"B", {33.3, 33.35}}, {"C", {900, 901}}});
    input.budget = budget;
    const auto out = size_buys(input);
    double spent = 0;
    for (const auto& buy : out.buys) {
      const Price ask = input.quotes[buy.symbol].ask;
      spent +=
          static_cast<double>(buy.quantity) * ask + input.commission.estimate(buy.quantity, ask);
    }
    EXPECT_LE(spent, budget + 0.005) << budget;
  }
}

}  // namespace
}  // namespace ep::core
