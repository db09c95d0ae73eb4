#include "sim/paper_broker.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

namespace ep::sim {
namespace {

// Friday 2026-11-27 15:00 UTC = 10:00 New York: QQQ (regular hours) is open.
const TimePoint kNow = date::sys_days{date::year{2026} / 11 / 27} + std::chrono::hours{15};

Scenario load() {
  auto scenario =
      load_scenario_file(std::string(EP_SOURCE_DIR) + "/tests/data/ibsim/basic.yaml", kNow);
  EXPECT_TRUE(scenario.ok()) << (scenario.ok() ? "" : scenario.error().message);
  return *scenario;
}

OrderRequest market(int order_id, const std::string& action, double quantity,
                    const std::string& symbol = "SPY") {
  OrderRequest request;
  request.client_id = 7;
  request.order_id = order_id;
  request.action = action;
  request.quantity = quantity;
  request.order_type = "MKT";
  request.symbol = symbol;
  request.order_ref = "ref-" + std::to_string(order_id);
  return request;
}

TEST(PaperBroker, StartsFromTheScenario) {
  PaperBroker broker(load());
  const AccountValues values = broker.values("DU1000001");
  EXPECT_DOUBLE_EQ(values.cash, 100000);
  EXPECT_DOUBLE_EQ(values.stock_value, 100 * 500.0 + 50 * 92.0);
  EXPECT_DOUBLE_EQ(values.net_liquidation, 100000 + 50000 + 4600);
  EXPECT_EQ(broker.next_order_id(7), 1);
}

TEST(PaperBroker, BuyFillsAtTheAskInChunksWithCommissionInCashAndAverageCost) {
  PaperBroker broker(load());
  auto outcome = broker.place(market(1, "BUY", 1000, "TLT"), kNow);
  ASSERT_EQ(outcome.kind, PlaceOutcome::Kind::kAccepted) << outcome.rejection.message;
  EXPECT_EQ(broker.next_order_id(7), 2);
  EXPECT_EQ(broker.next_order_id(8), 1);  // ids are per client id
  auto first = broker.execute({7, 1}, 100, kNow);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->side, "BOT");
  EXPECT_DOUBLE_EQ(first->price, 92.02);
  EXPECT_DOUBLE_EQ(first->commission, 1.0);  // 100 x 0.005 = 0.5, raised to the minimum
  EXPECT_EQ(broker.order({7, 1})->status, OrderStatus::kPreSubmitted);
  auto second = broker.execute({7, 1}, 5000, kNow);
  ASSERT_TRUE(second);
  EXPECT_DOUBLE_EQ(second->shares, 900);
  EXPECT_DOUBLE_EQ(second->cum_qty, 1000);
  EXPECT_DOUBLE_EQ(second->commission, 4.0);  // 1000 x 0.005 = 5.0 in total
  EXPECT_NE(first->exec_id, second->exec_id);
  EXPECT_EQ(broker.order({7, 1})->status, OrderStatus::kFilled);
  EXPECT_DOUBLE_EQ(broker.order({7, 1})->avg_fill_price, 92.02);
  EXPECT_FALSE(broker.execute({7, 1}, 1, kNow));

  const AccountState* account = broker.account("DU1000001");
  EXPECT_NEAR(account->cash, 100000 - 1000 * 92.02 - 5.0, 1e-6);
  const PositionState& tlt = account->positions.at("TLT");
  EXPECT_DOUBLE_EQ(tlt.quantity, 1050);
  EXPECT_NEAR(tlt.avg_cost, (50 * 90.5 + 1000 * 92.02 + 5.0) / 1050, 1e-6);
  EXPECT_NEAR(broker.values("DU1000001").net_liquidation, account->cash + 1050 * 92.0 + 100 * 500.0,
              1e-6);
}

TEST(PaperBroker, CashCheckRejectsABuyBeyondCash) {
  PaperBroker broker(load());
  // 200 x 500.05 = 100010 > 100000
  auto outcome = broker.place(market(1, "BUY", 200), kNow);
  EXPECT_EQ(outcome.kind, PlaceOutcome::Kind::kRejected);
  EXPECT_EQ(outcome.rejection.code, 201);
  EXPECT_NE(outcome.rejection.message.find("CASH"), std::string::npos);
  EXPECT_EQ(broker.order({7, 1})->status, OrderStatus::kInactive);
  // Open buys reserve cash: two 150-share buys do not both fit.
  ASSERT_EQ(broker.place(market(2, "BUY", 150), kNow).kind, PlaceOutcome::Kind::kAccepted);
  EXPECT_EQ(broker.place(market(3, "BUY", 150), kNow).rejection.code, 201);
}

TEST(PaperBroker, SellAtTheBidRealizesPnlAndClosesThePosition) {
  PaperBroker broker(load());
  ASSERT_EQ(broker.place(market(1, "SELL", 50, "TLT"), kNow).kind, PlaceOutcome::Kind::kAccepted);
  auto fill = broker.execute({7, 1}, 50, kNow);
  ASSERT_TRUE(fill);
  EXPECT_EQ(fill->side, "SLD");
  EXPECT_DOUBLE_EQ(fill->price, 91.98);
  ASSERT_TRUE(fill->realized_pnl);
  EXPECT_NEAR(*fill->realized_pnl, (91.98 - 90.5) * 50 - 1.0, 1e-6);
  const AccountState* account = broker.account("DU1000001");
  EXPECT_NEAR(account->cash, 100000 + 50 * 91.98 - 1.0, 1e-6);
  EXPECT_DOUBLE_EQ(account->positions.at("TLT").quantity, 0);
}

TEST(PaperBroker, RejectsOversellFractionsUnknownSymbolsZeroAndDuplicates) {
  PaperBroker broker(load());
  EXPECT_EQ(broker.place(market(1, "SELL", 101), kNow).rejection.code, 201);
  EXPECT_EQ(broker.place(market(2, "BUY", 1.5), kNow).rejection.code, 201);
  EXPECT_EQ(broker.place(market(3, "BUY", 1, "NOPE"), kNow).rejection.code, 200);
  EXPECT_EQ(broker.place(market(4, "BUY", 0), kNow).rejection.code, 434);
  EXPECT_EQ(broker.place(market(4, "BUY", 1), kNow).rejection.code, 103);
  EXPECT_EQ(broker.place(market(2, "BUY", 1), kNow).rejection.code, 103);
  auto stop = market(5, "BUY", 1);
  stop.order_type = "STP";
  EXPECT_EQ(broker.place(stop, kNow).rejection.code, 321);
  // Two sells of 60 exceed the 100 held once the first is open.
  ASSERT_EQ(broker.place(market(6, "SELL", 60), kNow).kind, PlaceOutcome::Kind::kAccepted);
  EXPECT_EQ(broker.place(market(7, "SELL", 60), kNow).rejection.code, 201);
}

TEST(PaperBroker, MarketHoursWithoutOutsideRthReject) {
  PaperBroker broker(load());
  EXPECT_EQ(broker.place(market(1, "BUY", 1, "GLD"), kNow).rejection.code, 201);
  const TimePoint evening = kNow + std::chrono::hours{8};  // 18:00 New York
  auto qqq = market(2, "BUY", 1, "QQQ");
  auto outcome = broker.place(qqq, evening);
  EXPECT_EQ(outcome.rejection.code, 201);
  EXPECT_NE(outcome.rejection.message.find("closed"), std::string::npos);
  qqq.order_id = 3;
  qqq.outside_rth = true;  // 18:00 is inside the 04:00-20:00 trading hours
  EXPECT_EQ(broker.place(qqq, evening).kind, PlaceOutcome::Kind::kAccepted);
  EXPECT_EQ(broker.place(market(4, "BUY", 1, "QQQ"), kNow).kind, PlaceOutcome::Kind::kAccepted);
}

TEST(PaperBroker, WhatIfCreatesNoOrderAndReportsMarginAndCommission) {
  PaperBroker broker(load());
  auto request = market(1, "BUY", 10);
  request.what_if = true;
  auto outcome = broker.place(request, kNow);
  ASSERT_EQ(outcome.kind, PlaceOutcome::Kind::kWhatIf);
  ASSERT_TRUE(outcome.what_if);
  EXPECT_DOUBLE_EQ(outcome.what_if->commission, 1.0);
  EXPECT_DOUBLE_EQ(outcome.what_if->init_margin_before, 54600);
  EXPECT_DOUBLE_EQ(outcome.what_if->init_margin_after, 54600 + 10 * 500.0);
  EXPECT_NEAR(outcome.what_if->equity_with_loan_after, 154600 - 10 * 0.05 - 1.0, 1e-6);
  EXPECT_TRUE(broker.orders().empty());
  EXPECT_EQ(broker.next_order_id(7), 2);  // the what-if id is not handed out again
  ASSERT_EQ(broker.what_ifs().size(), 1u);
  EXPECT_TRUE(broker.what_ifs()[0].accepted);
  EXPECT_DOUBLE_EQ(broker.account("DU1000001")->cash, 100000);

  auto too_big = market(2, "BUY", 1000);
  too_big.what_if = true;
  auto rejected = broker.place(too_big, kNow);
  EXPECT_EQ(rejected.kind, PlaceOutcome::Kind::kRejected);
  EXPECT_EQ(rejected.rejection.code, 201);
  auto oversell = market(3, "SELL", 51, "TLT");
  oversell.what_if = true;
  EXPECT_EQ(broker.place(oversell, kNow).rejection.code, 201);
  EXPECT_EQ(broker.what_ifs().size(), 3u);
  EXPECT_FALSE(broker.what_ifs()[2].accepted);
  // What-if ignores hours (IB answers margin questions while closed).
  auto closed = market(4, "BUY", 1, "GLD");
  closed.what_if = true;
  EXPECT_EQ(broker.place(closed, kNow).kind, PlaceOutcome::Kind::kWhatIf);
}

TEST(PaperBroker, LimitOrdersRestUntilMarketableAndCancel) {
  PaperBroker broker(load());
  auto limit = market(1, "BUY", 10);
  limit.order_type = "LMT";
  limit.lmt_price = 400;
  ASSERT_EQ(broker.place(limit, kNow).kind, PlaceOutcome::Kind::kAccepted);
  EXPECT_FALSE(broker.execute({7, 1}, 10, kNow));
  EXPECT_FALSE(broker.cancel({7, 1}, kNow, "Cancelled by Trader").has_value());
  EXPECT_EQ(broker.order({7, 1})->status, OrderStatus::kCancelled);
  EXPECT_EQ(broker.cancel({7, 1}, kNow, "again")->code, 10148);
  EXPECT_EQ(broker.cancel({7, 99}, kNow, "none")->code, 10147);
  EXPECT_EQ(broker.cancel({8, 1}, kNow, "other client")->code, 10147);

  limit.order_id = 2;
  ASSERT_EQ(broker.place(limit, kNow).kind, PlaceOutcome::Kind::kAccepted);
  ASSERT_TRUE(broker.set_prices("SPY", 399, std::nullopt, std::nullopt, std::nullopt));
  auto fill = broker.execute({7, 2}, 10, kNow);
  ASSERT_TRUE(fill);
  EXPECT_DOUBLE_EQ(fill->price, 399.05);  // the spread is kept around the new price
  EXPECT_FALSE(broker.set_prices("NOPE", 1, std::nullopt, std::nullopt, std::nullopt));
}

TEST(PaperBroker, ALimitPriceOffTheMinimumTickIsRejected) {
  PaperBroker broker(load());
  auto limit = market(1, "BUY", 1);
  limit.order_type = "LMT";
  limit.lmt_price = 400.005;  // SPY's tick is a cent
  const auto refused = broker.place(limit, kNow);
  ASSERT_EQ(refused.kind, PlaceOutcome::Kind::kRejected);
  EXPECT_EQ(refused.rejection.code, 110);
  limit.order_id = 2;
  limit.lmt_price = 400.01;
  EXPECT_EQ(broker.place(limit, kNow).kind, PlaceOutcome::Kind::kAccepted);
}

TEST(PaperBroker, ResetRestoresTheScenarioButKeepsOrderIds) {
  Scenario scenario = load();
  PaperBroker broker(scenario);
  ASSERT_EQ(broker.place(market(5, "BUY", 1), kNow).kind, PlaceOutcome::Kind::kAccepted);
  ASSERT_TRUE(broker.execute({7, 5}, 1, kNow));
  broker.reset(scenario);
  EXPECT_DOUBLE_EQ(broker.account("DU1000001")->cash, 100000);
  EXPECT_TRUE(broker.orders().empty());
  EXPECT_TRUE(broker.fills().empty());
  EXPECT_EQ(broker.next_order_id(7), 6);
}

}  // namespace
}  // namespace ep::sim
