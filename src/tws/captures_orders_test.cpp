// INDEX.md values for the order and execution captures (server->client).
#include <gtest/gtest.h>

#include "tws/testing/capture_decode.hpp"

namespace ep::tws {
namespace {

TEST(CaptureValues, OpenOrders) {
  for (const char* file : {"rust-ibapi-openOrder_AAPL_MKT_Filled-v173.txt",
                           "rust-ibapi-openOrder_AAPL_MKT_PreSubmitted-v173.txt"}) {
    const auto m = decode_as<OpenOrder>(file, 176);
    EXPECT_EQ(m.order.order_id, 5);
    EXPECT_EQ(m.contract.con_id, 265598);
    EXPECT_EQ(m.contract.symbol, "AAPL");
    EXPECT_EQ(m.contract.right, "?");
    EXPECT_EQ(m.order.action, "BUY");
    EXPECT_EQ(m.order.total_quantity.text, "100");
    EXPECT_EQ(m.order.order_type, "MKT");
    EXPECT_EQ(m.order.lmt_price, 0.0);
    EXPECT_EQ(m.order.aux_price, 0.0);
    EXPECT_EQ(m.order.tif, "DAY");
    EXPECT_EQ(m.order.account, "DU1234567");
    EXPECT_EQ(m.order.client_id, 100);
    EXPECT_EQ(m.order.perm_id, 600745656);
    EXPECT_EQ(m.order.shares_allocation, "600745656.0/DU1234567/100");
    EXPECT_EQ(m.order.delta_neutral_order_type, "None");
    EXPECT_EQ(m.order.delta_neutral_open_close, "?");
    EXPECT_EQ(m.state.init_margin_before, "1.7976931348623157E308");
    EXPECT_EQ(m.state.equity_with_loan_after, "1.7976931348623157E308");
    EXPECT_FALSE(m.state.commission.has_value());
    EXPECT_EQ(m.order.adjusted_order_type, "None");
    EXPECT_FALSE(m.order.trigger_price.has_value());
    EXPECT_FALSE(m.order.adjusted_trailing_amount.has_value());
    EXPECT_TRUE(m.order.dont_use_auto_price_for_hedge);
    EXPECT_EQ(m.order.min_compete_size, 100);
    EXPECT_EQ(m.order.compete_against_best_offset, 0.02);
    EXPECT_FALSE(m.order.display_size.has_value());  // 2147483647
  }
  EXPECT_EQ(decode_as<OpenOrder>("rust-ibapi-openOrder_AAPL_MKT_Filled-v173.txt", 176).state.status,
            "Filled");
  EXPECT_EQ(
      decode_as<OpenOrder>("rust-ibapi-openOrder_AAPL_MKT_PreSubmitted-v173.txt", 176).state.status,
      "PreSubmitted");
  const auto spy = decode_as<OpenOrder>("nautilus-openOrder_SPY_MKT_PendingCancel-v176.txt", 176);
  EXPECT_EQ(spy.order.order_id, 190);
  EXPECT_EQ(spy.contract.con_id, 756733);
  EXPECT_EQ(spy.contract.trading_class, "SPY");
  EXPECT_EQ(spy.order.total_quantity.text, "1000");
  EXPECT_EQ(spy.order.tif, "IOC");
  EXPECT_EQ(spy.order.order_ref, "O-20231203-1921-001-000-2:190");
  EXPECT_EQ(spy.order.client_id, 2);
  EXPECT_EQ(spy.order.perm_id, 1351823328);
  EXPECT_EQ(spy.state.status, "PendingCancel");
  EXPECT_FALSE(spy.order.min_compete_size.has_value());
  EXPECT_FALSE(spy.order.mid_offset_at_half.has_value());
  const auto fut = decode_as<OpenOrder>("pyfutures-openOrder_R_FUT_LMT_Filled-v176.txt", 176);
  EXPECT_EQ(fut.order.order_id, 32);
  EXPECT_EQ(fut.contract.con_id, 623496135);
  EXPECT_EQ(fut.contract.sec_type, "FUT");
  EXPECT_EQ(fut.contract.multiplier, "1000");
  EXPECT_EQ(fut.contract.exchange, "ICEEU");
  EXPECT_EQ(fut.contract.currency, "GBP");
  EXPECT_EQ(fut.contract.local_symbol, "RZ3");
  EXPECT_EQ(fut.order.order_type, "LMT");
  EXPECT_EQ(fut.order.lmt_price, 96.84);
  EXPECT_EQ(fut.order.tif, "GTC");
  EXPECT_EQ(fut.order.order_ref, "32");
  EXPECT_EQ(fut.order.perm_id, 2138440198);
  EXPECT_EQ(fut.state.status, "Filled");
  EXPECT_EQ(fut.state.commission, 1.7);
  EXPECT_EQ(fut.state.commission_currency, "GBP");
  EXPECT_EQ(fut.order.trail_stop_price, 97.84);
}

TEST(CaptureValues, OrderStatus) {
  const auto pre = decode_as<OrderStatus>("rust-ibapi-orderStatus_PreSubmitted-v173.txt", 178);
  EXPECT_EQ(pre.order_id, 5);
  EXPECT_EQ(pre.status, "PreSubmitted");
  EXPECT_DOUBLE_EQ(pre.filled.value, 0.0);
  EXPECT_EQ(pre.remaining.text, "100");
  EXPECT_EQ(pre.perm_id, 600745656);
  EXPECT_EQ(pre.parent_id, 0);
  EXPECT_EQ(pre.client_id, 100);
  EXPECT_EQ(pre.why_held, "");
  EXPECT_EQ(pre.mkt_cap_price, 0.0);
  const auto filled = decode_as<OrderStatus>("rust-ibapi-orderStatus_Filled-v173.txt", 176);
  EXPECT_EQ(filled.status, "Filled");
  EXPECT_EQ(filled.filled.text, "100");
  EXPECT_DOUBLE_EQ(filled.remaining.value, 0.0);
  EXPECT_DOUBLE_EQ(filled.avg_fill_price, 201.94);
  EXPECT_DOUBLE_EQ(filled.last_fill_price, 201.94);
  const auto fx = decode_as<OrderStatus>("nautilus-orderStatus_Filled-v176.txt", 176);
  EXPECT_EQ(fx.order_id, 216);
  EXPECT_EQ(fx.filled.text, "3000");
  EXPECT_DOUBLE_EQ(fx.avg_fill_price, 1.08725);
  EXPECT_EQ(fx.perm_id, 1351823369);
  EXPECT_EQ(fx.client_id, 2);
}

TEST(CaptureValues, Executions) {
  const auto aapl = decode_as<ExecDetails>("rust-ibapi-execDetails_AAPL-v173.txt", 177);
  EXPECT_EQ(aapl.req_id, -1);
  EXPECT_EQ(aapl.execution.order_id, 5);
  EXPECT_EQ(aapl.contract.con_id, 265598);
  EXPECT_EQ(aapl.contract.exchange, "IEX");
  EXPECT_EQ(aapl.execution.exec_id, "0000e0d5.67fe667b.01.01");
  EXPECT_EQ(aapl.execution.time, "20250415  19:38:31");
  EXPECT_EQ(aapl.execution.acct_number, "DU1234567");
  EXPECT_EQ(aapl.execution.exchange, "IEX");
  EXPECT_EQ(aapl.execution.side, "BOT");
  EXPECT_EQ(aapl.execution.shares.text, "100");
  EXPECT_DOUBLE_EQ(aapl.execution.price, 201.94);
  EXPECT_EQ(aapl.execution.perm_id, 600745656);
  EXPECT_EQ(aapl.execution.client_id, 100);
  EXPECT_EQ(aapl.execution.liquidation, 0);
  EXPECT_EQ(aapl.execution.cum_qty.text, "100");
  EXPECT_DOUBLE_EQ(aapl.execution.avg_price, 201.94);
  EXPECT_EQ(aapl.execution.order_ref, "");
  EXPECT_FALSE(aapl.execution.ev_multiplier.has_value());
  EXPECT_EQ(aapl.execution.last_liquidity, 2);
  const auto fx = decode_as<ExecDetails>("nautilus-execDetails_EURUSD-v176.txt", 176);
  EXPECT_EQ(fx.execution.order_id, 215);
  EXPECT_EQ(fx.contract.sec_type, "CASH");
  EXPECT_EQ(fx.execution.time, "20231203 20:15:20 US/Eastern");
  EXPECT_EQ(fx.execution.shares.text, "1000");
  EXPECT_DOUBLE_EQ(fx.execution.price, 1.08735);
  EXPECT_EQ(fx.execution.order_ref, "O-20231204-0115-001-000-3:215");
  EXPECT_EQ(fx.execution.last_liquidity, 2);
  const auto fut = decode_as<ExecDetails>("pyfutures-execDetails_R_FUT-v176.txt", 176);
  EXPECT_EQ(fut.execution.order_id, 32);
  EXPECT_EQ(fut.execution.exec_id, "0000e9b5.6555acb5.01.01");
  EXPECT_EQ(fut.execution.time, "20231116-16:47:50");
  EXPECT_DOUBLE_EQ(fut.execution.price, 96.78);
  EXPECT_EQ(fut.execution.order_ref, "32");
  EXPECT_EQ(fut.execution.last_liquidity, 1);
  const auto gtlb = decode_as<ExecDetails>("ib_ex-execDetails_GTLB-v178.txt", 178);
  EXPECT_EQ(gtlb.req_id, 90001);
  EXPECT_EQ(gtlb.execution.order_id, 0);
  EXPECT_EQ(gtlb.contract.con_id, 520512263);
  EXPECT_EQ(gtlb.contract.exchange, "ISLAND");
  EXPECT_EQ(gtlb.contract.trading_class, "");
  EXPECT_EQ(gtlb.execution.time, "20231204 22:39:34 Europe/Madrid");
  EXPECT_EQ(gtlb.execution.perm_id, 727593489);
  EXPECT_EQ(gtlb.execution.cum_qty.text, "1600");
  EXPECT_DOUBLE_EQ(gtlb.execution.avg_price, 61.496875);
  EXPECT_EQ(gtlb.execution.order_ref, "MktDepth");
  EXPECT_FALSE(gtlb.execution.pending_price_revision);
  EXPECT_EQ(decode_as<ExecDetailsEnd>("ibkr-go-execDetailsEnd-v200.txt", 178).req_id, 3);
}

TEST(CaptureValues, Commissions) {
  const auto open = decode_as<CommissionReport>("nautilus-commissionReport-v176.txt", 176);
  EXPECT_EQ(open.exec_id, "0000e215.656d0002.01.01");
  EXPECT_DOUBLE_EQ(open.commission, 2.5);
  EXPECT_EQ(open.currency, "USD");
  EXPECT_FALSE(open.realized_pnl.has_value());
  EXPECT_FALSE(open.yield.has_value());
  EXPECT_EQ(open.yield_redemption_date, "");
  const auto gbp = decode_as<CommissionReport>("pyfutures-commissionReport_GBP-v176.txt", 178);
  EXPECT_DOUBLE_EQ(gbp.commission, 1.7);
  EXPECT_EQ(gbp.currency, "GBP");
  EXPECT_FALSE(gbp.realized_pnl.has_value());
  const auto close =
      decode_as<CommissionReport>("ibkr-go-commissionReport_closingFill-v200.txt", 178);
  EXPECT_DOUBLE_EQ(close.commission, 1.0003);
  EXPECT_EQ(close.realized_pnl, -68.051912);
  EXPECT_FALSE(close.yield.has_value());
}

TEST(CaptureValues, CompletedOrders) {
  const auto lmt =
      decode_as<CompletedOrder>("rust-ibapi-completedOrder_AAPL_LMT_Cancelled-v173.txt", 176);
  EXPECT_EQ(lmt.contract.con_id, 265598);
  EXPECT_EQ(lmt.contract.right, "?");
  EXPECT_EQ(lmt.order.action, "BUY");
  EXPECT_EQ(lmt.order.total_quantity.text, "1");
  EXPECT_EQ(lmt.order.order_type, "LMT");
  EXPECT_EQ(lmt.order.lmt_price, 100.0);
  EXPECT_EQ(lmt.order.tif, "DAY");
  EXPECT_EQ(lmt.order.account, "DU1236109");
  EXPECT_EQ(lmt.order.perm_id, 1295810623);
  EXPECT_EQ(lmt.order.delta_neutral_order_type, "None");
  EXPECT_EQ(lmt.state.status, "Cancelled");
  EXPECT_EQ(lmt.order.trail_stop_price, 101.0);
  EXPECT_DOUBLE_EQ(lmt.order.filled_quantity.value, 0.0);
  EXPECT_FALSE(lmt.order.ref_futures_con_id.has_value());
  EXPECT_EQ(lmt.order.shareholder, "Not an insider or substantial shareholder");
  EXPECT_EQ(lmt.order.parent_perm_id, 9223372036854775807);
  EXPECT_EQ(lmt.state.completed_time, "20250924 01:21:07 America/New_York");
  EXPECT_EQ(lmt.state.completed_status, "Cancelled by Trader");
  const auto bag =
      decode_as<CompletedOrder>("rust-ibapi-completedOrder_SPY_BAG_Filled-v173.txt", 176);
  EXPECT_EQ(bag.contract.con_id, 28812380);
  EXPECT_EQ(bag.contract.sec_type, "BAG");
  EXPECT_EQ(bag.contract.local_symbol, "28812380");
  EXPECT_EQ(bag.contract.trading_class, "COMB");
  EXPECT_EQ(bag.order.lmt_price, -0.57);
  EXPECT_EQ(bag.order.order_ref, "bpcs");
  EXPECT_EQ(bag.order.combo_legs_descrip, "810118027|1,810118051|-1");
  ASSERT_EQ(bag.contract.combo_legs.size(), 2U);
  EXPECT_EQ(bag.contract.combo_legs[0].con_id, 810118027);
  EXPECT_EQ(bag.contract.combo_legs[0].action, "BUY");
  EXPECT_EQ(bag.contract.combo_legs[1].con_id, 810118051);
  EXPECT_EQ(bag.contract.combo_legs[1].action, "SELL");
  EXPECT_EQ(bag.state.status, "Filled");
  EXPECT_EQ(bag.state.completed_time, "20250922 11:49:07 America/Los_Angeles");
  EXPECT_EQ(bag.state.completed_status, "Filled Size: 1");
  decode_as<CompletedOrdersEnd>("ibkr-go-completedOrdersEnd-v200.txt", 178);
  decode_as<OpenOrderEnd>("ibkr-go-openOrderEnd-v200.txt", 178);
}

}  // namespace
}  // namespace ep::tws
