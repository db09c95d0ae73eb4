#include "tws_client/price_selection.hpp"

#include <gtest/gtest.h>

namespace ep::tws_client {
namespace {

tws::TickPrice tick(int type, double price) {
  tws::TickPrice t;
  t.tick_type = type;
  t.price = price;
  return t;
}

TEST(SnapshotPrices, LastWinsOverMidpointAndClose) {
  SnapshotPrices prices;
  EXPECT_FALSE(prices.add(tick(1, 99.0)));
  EXPECT_FALSE(prices.add(tick(2, 101.0)));
  EXPECT_FALSE(prices.add(tick(9, 95.0)));
  EXPECT_DOUBLE_EQ(*prices.price(), 100.0);
  EXPECT_TRUE(prices.add(tick(4, 100.5)));
  EXPECT_DOUBLE_EQ(*prices.price(), 100.5);
  EXPECT_EQ(prices.source(PriceStage::kLive), core::PriceSource::kLive);
}

TEST(SnapshotPrices, InvalidPricesAreIgnoredAndCloseIsTheLastResort) {
  SnapshotPrices prices;
  EXPECT_FALSE(prices.add(tick(4, -1.0)));
  EXPECT_FALSE(prices.add(tick(1, -1.0)));
  EXPECT_FALSE(prices.add(tick(2, 10.0)));  // one side only: no midpoint
  EXPECT_FALSE(prices.price().has_value());
  prices.add(tick(9, 9.5));
  EXPECT_DOUBLE_EQ(*prices.price(), 9.5);
}

TEST(SnapshotPrices, ANoQuoteTickTakesBackThatSideOnly) {
  SnapshotPrices prices;
  prices.add(tick(1, 99.0));
  prices.add(tick(2, 101.0));
  EXPECT_FALSE(prices.add(tick(2, -1.0)));  // the ask is gone
  EXPECT_DOUBLE_EQ(prices.ask(), 0.0);
  EXPECT_DOUBLE_EQ(prices.bid(), 99.0);
  EXPECT_FALSE(prices.price().has_value());  // no midpoint from a stale ask
  prices.add(tick(66, 98.0));
  prices.add(tick(66, 0.0));  // a delayed bid of 0: gone as well
  EXPECT_DOUBLE_EQ(prices.bid(), 0.0);
}

TEST(SnapshotPrices, DelayedTicksAndTypesDecideTheSource) {
  SnapshotPrices delayed;
  EXPECT_TRUE(delayed.add(tick(68, 20.0)));
  EXPECT_EQ(delayed.source(PriceStage::kLive), core::PriceSource::kDelayed);

  SnapshotPrices frozen;
  frozen.set_data_type(2);
  frozen.add(tick(9, 5.0));
  EXPECT_EQ(frozen.source(PriceStage::kLive), core::PriceSource::kFrozen);

  SnapshotPrices advised;
  advised.mark_delayed();
  advised.add(tick(4, 5.0));
  EXPECT_EQ(advised.source(PriceStage::kLive), core::PriceSource::kDelayed);
}

}  // namespace
}  // namespace ep::tws_client
