#include "processor/guards.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace ep::processor {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

core::AllocationAnswer answer(std::vector<core::TargetAllocation> allocations) {
  return {"s", std::move(allocations), {}};
}

TEST(CheckAllocations, PassesAGoodListAndWarnsBelowOne) {
  auto good = check_allocations(answer({{"SPY", 0.6}, {"TLT", 0.405}}));
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(good->empty());
  auto low = check_allocations(answer({{"SPY", 0.5}}));
  ASSERT_TRUE(low.ok());
  ASSERT_EQ(low->size(), 1u);
  EXPECT_THAT(low->front(), HasSubstr("0.5000"));
}

TEST(CheckAllocations, RefusesEmptyLeveragedAndMalformedLists) {
  const std::vector<std::vector<core::TargetAllocation>> bad = {
      {},          {{"SPY", 0.6}, {"TLT", 0.42}}, {{"SPY", -0.1}}, {{"SPY", std::nan("")}},
      {{"", 0.5}}, {{"SPY", 0.3}, {"SPY", 0.3}}};
  for (const auto& allocations : bad) {
    auto checked = check_allocations(answer(allocations));
    ASSERT_FALSE(checked.ok()) << allocations.size();
    EXPECT_EQ(checked.error().kind, core::ErrorKind::kUnavailable);
    EXPECT_THAT(checked.error().message, HasSubstr("allocation guard"));
  }
}

TEST(CheckTradingMode, PaperNeedsDemoAccountsAndLiveNeedsRealOnes) {
  const std::vector<std::string> paper = {"DU111", "DF222"};
  const std::vector<std::string> live = {"U333"};
  const std::vector<std::string> mixed = {"DU111", "U333"};
  EXPECT_TRUE(check_trading_mode("paper", paper).ok());
  EXPECT_TRUE(check_trading_mode("live", live).ok());
  auto wrong = check_trading_mode("paper", mixed);
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.error().message, HasSubstr("TRADING_MODE=paper"));
  EXPECT_THAT(wrong.error().message, HasSubstr("U333"));
  EXPECT_THAT(wrong.error().message, Not(HasSubstr("DU111")));
  auto live_on_paper = check_trading_mode("live", paper);
  ASSERT_FALSE(live_on_paper.ok());
  EXPECT_THAT(live_on_paper.error().message, HasSubstr("DU111, DF222"));
  EXPECT_FALSE(check_trading_mode("demo", paper).ok());
  EXPECT_FALSE(check_trading_mode("paper", {}).ok());
}

TEST(CheckSizeCaps, OffByDefault) {
  core::Plan plan;
  plan.buys = {{core::Side::kBuy, "SPY", 100, 1e9}};
  EXPECT_TRUE(check_size_caps(plan, 1000, {}).ok());
  auto capped = check_size_caps(plan, 1000, {10, 0});
  ASSERT_FALSE(capped.ok());
  EXPECT_EQ(capped.error().kind, core::ErrorKind::kRejected);
}

}  // namespace
}  // namespace ep::processor
