#include "tws/testing/test_samples.hpp"

namespace ep::tws::samples {

Contract stock(const char* symbol) {
  Contract c;
  c.symbol = symbol;
  return c;
}

Contract combo() {
  Contract c;
  c.con_id = 28812380;
  c.symbol = "SPY";
  c.sec_type = "BAG";
  c.combo_legs = {ComboLeg{810118027, 1, "BUY", "SMART", 0, 0, "", -1},
                  ComboLeg{810118051, 1, "SELL", "SMART", 0, 0, "", -1}};
  return c;
}

PlaceOrder market_order() {
  PlaceOrder m;
  m.contract = stock();
  m.order.order_id = 10;
  m.order.action = "BUY";
  m.order.total_quantity = Decimal::of(100);
  m.order.order_type = "MKT";
  m.order.tif = "DAY";
  m.order.account = "DU123";
  m.order.order_ref = "ev-42:AAPL";
  m.order.outside_rth = true;
  return m;
}

PlaceOrder complex_order() {
  PlaceOrder m;
  m.contract = combo();
  m.contract.delta_neutral = DeltaNeutralContract{12345, 0.5, 101.25};
  Order& o = m.order;
  o.order_id = 77;
  o.action = "SELL";
  o.total_quantity = Decimal::of(2.5);
  o.order_type = "PEG BENCH";
  o.lmt_price = -0.57;
  o.fa_profile = "profile1";  // only travels at 176
  o.order_combo_leg_prices = {1.25, std::nullopt};
  o.smart_combo_routing_params = {{"NonGuaranteed", "1"}};
  o.delta_neutral_order_type = "LMT";
  o.delta_neutral_con_id = 99;
  o.delta_neutral_open_close = "O";
  o.delta_neutral_short_sale = true;
  o.scale_init_level_size = 100;
  o.scale_price_increment = 0.05;
  o.scale_price_adjust_value = 0.01;
  o.scale_price_adjust_interval = 60;
  o.scale_auto_reset = true;
  o.hedge_type = "D";
  o.hedge_param = "0.5";
  o.algo_strategy = "Adaptive";
  o.algo_params = {{"adaptivePriority", "Normal"}};
  o.what_if = true;
  o.order_misc_options = {{"x", "y"}};
  o.reference_contract_id = 756733;
  o.pegged_change_amount = 0.1;
  o.reference_exchange_id = "ARCA";
  o.conditions = {OrderCondition{1, {"a", "1", "150.5", "265598", "SMART", "0"}},
                  OrderCondition{3, {"o", "0", "20250101 10:00:00"}}};
  o.conditions_ignore_rth = true;
  o.trigger_price = 99.5;
  o.cash_qty = 1000.0;
  o.use_price_mgmt_algo = true;
  o.duration = 30;
  return m;
}

OpenOrder open_order_filled() {
  OpenOrder m;
  m.contract = stock();
  m.contract.con_id = 265598;
  m.contract.right = "?";
  m.contract.local_symbol = "AAPL";
  m.contract.trading_class = "NMS";
  m.order = market_order().order;
  m.order.client_id = 100;
  m.order.perm_id = 600745656;
  m.order.lmt_price = 0.0;
  m.order.aux_price = 0.0;
  m.order.display_size = std::nullopt;
  m.order.oca_type = 3;
  m.order.delta_neutral_order_type = "None";
  m.order.delta_neutral_open_close = "?";
  m.order.clearing_intent = "IB";
  m.order.adjusted_order_type = "None";
  m.order.shares_allocation = "600745656.0/DU123/100";
  m.state.status = "Filled";
  m.state.init_margin_before = "1.7976931348623157E308";
  m.state.init_margin_change = "1234.5";
  m.state.commission = 1.0;
  m.state.commission_currency = "USD";
  return m;
}

OpenOrder open_order_complex() {
  OpenOrder m;
  const PlaceOrder p = complex_order();
  m.contract = p.contract;
  m.order = p.order;
  m.order.client_id = 3;
  m.order.order_misc_options.clear();  // placeOrder only
  m.order.basis_points = 1.5;
  m.order.combo_legs_descrip = "810118027|1,810118051|-1";
  m.order.soft_dollar_tier_display_name = "tier";
  m.order.min_compete_size = 100;
  m.order.compete_against_best_offset = 0.02;
  m.state.status = "PreSubmitted";
  m.state.warning_text = "careful";
  return m;
}

CompletedOrder completed_order() {
  CompletedOrder m;
  m.contract = stock();
  m.contract.right = "?";
  m.order.action = "BUY";
  m.order.total_quantity = Decimal::of(1);
  m.order.order_type = "LMT";
  m.order.lmt_price = 100.0;
  m.order.perm_id = 1295810623;
  m.order.delta_neutral_order_type = "None";
  m.order.delta_neutral_con_id = 5;
  m.order.trail_stop_price = 101.0;
  m.order.filled_quantity = Decimal::of(0);
  m.order.shareholder = "Not an insider or substantial shareholder";
  m.order.parent_perm_id = 9223372036854775807;
  m.order.display_size = std::nullopt;
  m.state.status = "Cancelled";
  m.state.completed_time = "20250924 01:21:07 America/New_York";
  m.state.completed_status = "Cancelled by Trader";
  return m;
}

std::vector<Request> all_requests() {
  ReqContractDetails details{6, stock(), false, ""};
  details.contract.sec_id_type = "ISIN";
  details.contract.sec_id = "US0378331005";
  ReqMktData mkt{7, stock(), "233,236", false, true, {{"a", "b"}}};
  ReqMktData combo_mkt{8, combo(), "", true, false, {}};
  combo_mkt.contract.delta_neutral = DeltaNeutralContract{1, 0.25, 3.5};
  ReqHistoricalData hist{9,       stock(), false, "20250722 16:00:00 US/Eastern",
                         "1 day", "2 D",   true,  "TRADES",
                         1,       false,   {}};
  ReqHistoricalData combo_hist{10,    combo(), true, "",   "1 min",     "60 S",
                               false, "BID",   2,    true, {{"k", "v"}}};
  ReqExecutions executions{13, {0, "DU123", "20250722-00:00:00", "AAPL", "STK", "SMART", "BUY"}};
  return {StartApi{7, ""},
          ReqCurrentTime{},
          ReqIds{1},
          ReqManagedAccts{},
          ReqAccountUpdates{true, "DU123"},
          ReqAccountUpdates{false, "DU123"},
          ReqAccountSummary{5, "All", "NetLiquidation,TotalCashValue"},
          CancelAccountSummary{5},
          ReqPositions{},
          CancelPositions{},
          details,
          ReqMarketDataType{3},
          mkt,
          combo_mkt,
          CancelMktData{8},
          hist,
          combo_hist,
          CancelHistoricalData{9},
          market_order(),
          complex_order(),
          CancelOrder{10, ""},
          ReqOpenOrders{},
          ReqAllOpenOrders{},
          ReqAutoOpenOrders{true},
          executions,
          ReqCompletedOrders{false},
          ReqGlobalCancel{},
          ReqAccountUpdatesMulti{14, "DU123", "", false},
          CancelAccountUpdatesMulti{14},
          ReqPositionsMulti{15, "DU123", "model"}};
}

std::vector<Incoming> all_incoming() {
  Contract aapl = stock();
  aapl.con_id = 265598;
  aapl.exchange = "NASDAQ";
  aapl.local_symbol = "AAPL";
  aapl.trading_class = "NMS";
  Contract portfolio_contract = aapl;
  portfolio_contract.exchange = "SMART";  // not on the wire: keeps its default
  portfolio_contract.primary_exchange = "NASDAQ";
  ContractDetails details;
  details.req_id = 9000;
  details.contract = stock();
  details.contract.con_id = 265598;
  details.contract.primary_exchange = "NASDAQ";
  details.market_name = "NMS";
  details.min_tick = 0.01;
  details.order_types = "ACTIVETIM,AD,ADJUST";
  details.long_name = "APPLE INC";
  details.time_zone_id = "US/Eastern";
  details.trading_hours = "20250324:0400-20250324:2000";
  details.sec_ids = {{"ISIN", "US0378331005"}, {"CUSIP", "037833100"}};
  details.agg_group = 1;
  details.stock_type = "COMMON";
  details.min_size = Decimal::of(0.0001);
  details.size_increment = Decimal::of(0.0001);
  details.suggested_size_increment = Decimal::of(100);
  ExecDetails exec;
  exec.req_id = -1;
  exec.contract = aapl;
  exec.execution = Execution{5,
                             "0000e0d5.67fe667b.01.01",
                             "20250415 19:38:31 US/Eastern",
                             "DU123",
                             "IEX",
                             "BOT",
                             Decimal::of(100),
                             201.94,
                             600745656,
                             100,
                             0,
                             Decimal::of(100),
                             201.94,
                             "ref",
                             "",
                             std::nullopt,
                             "",
                             2,
                             true};
  HistoricalData hist{
      17,
      "20250721  16:00:00",
      "20250723  16:00:00",
      {Bar{"20250722", 188.0, 191.0, 187.5, 190.0, Decimal::of(1000000), Decimal::of(189.5), 5000},
       Bar{"20250723", 190.0, 192.0, 189.0, 191.5, Decimal::of(900000), Decimal::of(190.7), 4500}}};
  return {TickPrice{7, 1, 190.1, Decimal::of(300), 1},
          TickSize{7, 8, Decimal::of(1234567)},
          TickString{7, 45, "1753192800"},
          TickGeneric{7, 49, 0.0},
          OrderStatus{10, "Filled", Decimal::of(100), Decimal::of(0), 190.13, 1002, 0, 190.13, 7,
                      "", 0.0},
          ErrorMessage{-1, 2104, "Market data farm connection is OK:usfarm", ""},
          open_order_filled(),
          open_order_complex(),
          AccountValue{"NetLiquidation", "100000.00", "USD", "DU123"},
          PortfolioValue{portfolio_contract, Decimal::of(10), 190.5, 1905.0, 150.25, 402.5, 0.0,
                         "DU123"},
          AccountUpdateTime{"10:05"},
          NextValidId{117},
          details,
          exec,
          ManagedAccounts{{"DU1", "DU2"}},
          hist,
          HistoricalDataUpdate{-10, Bar{"1711637280", 0.6531, 0.6532, 0.6531, 0.6532,
                                        Decimal::of(-1), Decimal::of(-1), -1}},
          CurrentTime{1752606307},
          ContractDetailsEnd{9000},
          OpenOrderEnd{},
          AccountDownloadEnd{"DU123"},
          ExecDetailsEnd{13},
          TickSnapshotEnd{7},
          MarketDataType{7, 3},
          CommissionReport{"0000e0d5.67fe667b.01.01", 1.0, "USD", std::nullopt, std::nullopt, ""},
          CommissionReport{"x", 1.0003, "USD", -68.051912, std::nullopt, ""},
          Position{"DU123", aapl, Decimal::of(10), 150.25},
          PositionEnd{},
          AccountSummary{5, "DU123", "NetLiquidation", "868469.71", "GBP"},
          AccountSummaryEnd{5},
          PositionMulti{15, "DU123", aapl, Decimal::of(1.24115341), 37950.0114333, "model"},
          PositionMultiEnd{15},
          AccountUpdateMulti{14, "DU123", "", "Currency", "EUR", "EUR"},
          AccountUpdateMultiEnd{14},
          TickReqParams{7, 0.01, "9c0001", 4},
          OrderBound{1351823328, 0, 42},
          completed_order(),
          CompletedOrdersEnd{}};
}

}  // namespace ep::tws::samples
