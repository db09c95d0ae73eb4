#include "core/replacements.hpp"

#include <gtest/gtest.h>

namespace ep::core {
namespace {

TEST(Replacements, TargetsTheReplacementWithItsScale) {
  const auto out = apply_replacements({{"SPY", 0.6}, {"TLT", 0.4}}, {{"SPY", "VOO", 0.5, false}});
  ASSERT_EQ(out.targets.size(), 2u);
  EXPECT_EQ(out.targets[0].symbol, "VOO");
  EXPECT_DOUBLE_EQ(out.targets[0].weight, 0.3);
  EXPECT_EQ(out.targets[1].symbol, "TLT");
  ASSERT_EQ(out.applied.size(), 1u);
  EXPECT_EQ(out.keep_held, (std::set<Symbol>{"SPY"}));  // not sold unless the entry says so
}

TEST(Replacements, AnOriginalMarkedForSaleIsNotKeptAndWeightsMerge) {
  const auto out = apply_replacements({{"SPY", 0.5}, {"VOO", 0.2}}, {{"SPY", "VOO", 1.0, true}});
  ASSERT_EQ(out.targets.size(), 1u);
  EXPECT_EQ(out.targets[0].symbol, "VOO");
  EXPECT_DOUBLE_EQ(out.targets[0].weight, 0.7);
  EXPECT_TRUE(out.keep_held.empty());
}

TEST(Replacements, AnUnusedEntryChangesNothing) {
  const auto out = apply_replacements({{"TLT", 1.0}}, {{"SPY", "VOO", 1.0, false}});
  ASSERT_EQ(out.targets.size(), 1u);
  EXPECT_EQ(out.targets[0].symbol, "TLT");
  EXPECT_TRUE(out.applied.empty());
  EXPECT_TRUE(out.keep_held.empty());
}

TEST(Replacements, ValidationNamesTheProblem) {
  EXPECT_FALSE(validate_replacements({{"SPY", "VOO"}, {"QQQ", "QQQM"}}));
  EXPECT_EQ(*validate_replacements({{"SPY", "VOO"}, {"SPY", "IVV"}}), "SPY is replaced twice");
  EXPECT_EQ(*validate_replacements({{"SPY", "VOO"}, {"VOO", "SPY"}}),
            "SPY -> VOO -> SPY: a replacement is itself replaced (a chain or a cycle)");
  EXPECT_TRUE(validate_replacements({{"A", "B"}, {"B", "C"}}));  // a chain
  EXPECT_EQ(*validate_replacements({{"SPY", "SPY"}}), "SPY is replaced by itself");
  EXPECT_EQ(*validate_replacements({{"SPY", "VOO", 0}}), "SPY: scale must be in (0, 10], got 0");
  EXPECT_EQ(*validate_replacements({{"", "VOO"}}), "a replacement names an empty symbol");
}

}  // namespace
}  // namespace ep::core
