// Which positions a rebalance may trade: USD listings of the contract we trade.
#include "core/holdings.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ep::core {
namespace {

using ::testing::HasSubstr;

TEST(TradableHoldings, AForeignListingOfATradedSymbolIsLeftAloneWithAWarning) {
  const std::vector<Position> positions = {
      {"SHOP", 10, 50, 500, 111, "USD"},
      {"SHOP", 25, 70, 1750, 222, "CAD"},
  };
  const auto out = tradable_holdings(positions, {{"SHOP", 111}});
  ASSERT_EQ(out.positions.size(), 1u);
  EXPECT_EQ(out.positions[0].con_id, 111);
  ASSERT_EQ(out.warnings.size(), 1u);
  EXPECT_THAT(out.warnings[0], HasSubstr("25 SHOP in CAD (conId 222) left alone"));
}

TEST(TradableHoldings, AUsdPositionOfAnotherContractIsLeftAlone) {
  const std::vector<Position> positions = {{"ABC", 5, 1, 5, 999, "USD"}};
  const auto out = tradable_holdings(positions, {{"ABC", 123}});
  EXPECT_TRUE(out.positions.empty());
  ASSERT_EQ(out.warnings.size(), 1u);
  EXPECT_THAT(out.warnings[0], HasSubstr("not the SMART/USD contract 123"));
}

TEST(TradableHoldings, UnknownConIdsMatchBySymbol) {
  const std::vector<Position> positions = {{"SPY", 3, 0, 0, 0, "USD"}, {"TLT", 4, 0, 0, 7, ""}};
  const auto out = tradable_holdings(positions, {{"SPY", 756733}});
  EXPECT_EQ(out.positions.size(), 2u);
  EXPECT_TRUE(out.warnings.empty());
}

}  // namespace
}  // namespace ep::core
