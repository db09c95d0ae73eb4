// The wire spelling of ibsim's messages: what the Gateway captures in shared/tws-captures show
// (INDEX.md section 4.2), checked on the encoded fields, not only after a round trip.
#include "sim/messages.hpp"

#include <gtest/gtest.h>

#include "sim/market_data.hpp"

namespace ep::sim {
namespace {

const TimePoint kNow = std::chrono::system_clock::now();

SymbolSpec spy() {
  SymbolSpec spec;
  spec.symbol = "SPY";
  spec.con_id = 756733;
  spec.price = 500;
  spec.bid = 499.95;
  spec.ask = 500.05;
  spec.close = 498;
  spec.long_name = "SPDR S&P 500 ETF TRUST";
  return spec;
}

TEST(SimMessages, CommissionReportHasMaxDoubleYieldAndEmptyRedemptionDate) {
  Fill fill;
  fill.exec_id = "00001000.67fe667b.01.01";
  fill.commission = 1.0;
  const tws::Fields opening = tws::encode(commission_message(fill), 178);
  EXPECT_EQ(opening, (tws::Fields{"59", "1", fill.exec_id, "1.0", "USD", "1.7976931348623157E308",
                                  "1.7976931348623157E308", ""}));
  fill.realized_pnl = 12.5;
  EXPECT_EQ(tws::encode(commission_message(fill), 178)[5], "12.5");
}

TEST(SimMessages, PositionAndPortfolioSpellStocksLikeTheGateway) {
  const tws::Fields position =
      tws::encode(position_message("DU1", spy(), PositionState{100, 450.25, 0}), 178);
  ASSERT_EQ(position.size(), 16u);
  EXPECT_EQ(position[7], "0.0");    // strike
  EXPECT_EQ(position[8], "");       // right
  EXPECT_EQ(position[10], "ARCA");  // exchange = primary exchange
  EXPECT_EQ(position[14], "100");
  const tws::Fields portfolio =
      tws::encode(portfolio_message("DU1", spy(), PositionState{100, 450.25, 0}), 178);
  ASSERT_EQ(portfolio.size(), 20u);
  EXPECT_EQ(portfolio[7], "0");  // right "0", as the 2026 capture shows
  EXPECT_EQ(portfolio[9], "ARCA");
}

TEST(SimMessages, OpenOrderOfAMarketOrderCarriesTwsDefaults) {
  Order order;
  order.request.client_id = 7;
  order.request.order_id = 3;
  order.request.account = "DU1";
  order.request.symbol = "SPY";
  order.request.action = "BUY";
  order.request.quantity = 10;
  order.request.order_type = "MKT";
  order.perm_id = 1000000001;
  const tws::Fields at178 = tws::encode(open_order_message(order, spy()), 178);
  const tws::Fields at176 = tws::encode(open_order_message(order, spy()), 176);
  EXPECT_EQ(at178.size(), 135u);  // with the 8-field delta-neutral block ("None")
  EXPECT_EQ(at176.size(), 136u);  // faProfile
  EXPECT_EQ(at178[7], "?");
  EXPECT_EQ(at178[16], "0.0");  // lmtPrice of a MKT order
  auto what_if =
      tws::encode(what_if_message(order.request, spy(), WhatIfResult{1, 1, 2, 3, 3, 4, 1.5}), 178);
  EXPECT_EQ(what_if.size(), 135u);
}

TEST(SimMessages, ContractDetailsCarryHoursAndWholeShareSizes) {
  const tws::Fields fields = tws::encode(contract_details_message(9, spy(), kNow), 178);
  ASSERT_EQ(fields.size(), 40u);
  EXPECT_EQ(fields[25], "America/New_York");
  EXPECT_EQ(fields[26].size(), 7 * 27 + 6);  // 7 sessions "YYYYMMDD:0000-YYYYMMDD:0000"
  EXPECT_EQ(fields[37], "1");
}

TEST(SimMarketData, PermissionsPickTheKindOrRefuse) {
  SymbolSpec spec = spy();
  spec.market_data = {false, false, true};
  auto live = answer_market_data(1, spec, 1, kNow);
  ASSERT_TRUE(live.refusal);
  EXPECT_EQ(live.refusal->code, 354);
  auto delayed = answer_market_data(2, spec, 3, kNow);
  ASSERT_FALSE(delayed.refusal);
  ASSERT_TRUE(delayed.notice);
  EXPECT_EQ(delayed.notice->code, 10167);
  EXPECT_EQ(delayed.market_data_type, 3);
  EXPECT_EQ(std::get<tws::TickPrice>(delayed.ticks[1]).tick_type, 66);
  spec.market_data = {false, true, false};
  EXPECT_EQ(answer_market_data(3, spec, 2, kNow).market_data_type, 2);
  EXPECT_EQ(answer_market_data(4, spec, 3, kNow).refusal->code, 10168);
  spec.market_data = {true, false, false};
  auto real = answer_market_data(5, spec, 3, kNow);  // live wins whatever was asked
  EXPECT_EQ(real.market_data_type, 1);
  EXPECT_FALSE(real.notice);
  EXPECT_EQ(std::get<tws::TickPrice>(real.ticks[1]).price, 499.95);
}

TEST(SimMarketData, HistoricalBarsEndAtTheCurrentPrice) {
  tws::ReqHistoricalData request;
  request.req_id = 4;
  request.duration = "2 W";
  request.bar_size = "1 day";
  auto bars = historical_bars(request, spy(), kNow);
  ASSERT_TRUE(bars.ok());
  EXPECT_EQ(bars->bars.size(), 14u);
  EXPECT_EQ(bars->bars.back().close, 500);
  EXPECT_EQ(bars->bars.back().date.size(), 8u);
  request.bar_size = "5 mins";
  request.duration = "3600 S";
  request.format_date = 2;
  auto intraday = historical_bars(request, spy(), kNow);
  ASSERT_TRUE(intraday.ok());
  EXPECT_EQ(intraday->bars.size(), 12u);
  request.duration = "soon";
  EXPECT_FALSE(historical_bars(request, spy(), kNow).ok());
}

}  // namespace
}  // namespace ep::sim
