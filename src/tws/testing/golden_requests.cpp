#include "tws/testing/golden_requests.hpp"

#include "tws/testing/test_samples.hpp"

namespace ep::tws::golden {

std::vector<std::pair<std::string, Request>> requests() {
  const Contract stock = samples::stock();  // Stock AAPL SMART/USD
  // Order 10: BUY 100 AAPL MKT DAY for DU123, ref "ev-42:AAPL", outside RTH, transmitted.
  const PlaceOrder order = samples::market_order();
  PlaceOrder what_if = order;
  what_if.order.order_id = 11;
  what_if.order.what_if = true;
  return {
      {"startApi", StartApi{7, ""}},
      {"reqCurrentTime", ReqCurrentTime{}},
      {"reqIds", ReqIds{1}},
      {"reqManagedAccts", ReqManagedAccts{}},
      {"reqAccountUpdates", ReqAccountUpdates{true, "DU123"}},
      {"reqAccountSummary", ReqAccountSummary{5, "All", "NetLiquidation,TotalCashValue"}},
      {"cancelAccountSummary", CancelAccountSummary{5}},
      {"reqPositions", ReqPositions{}},
      {"cancelPositions", CancelPositions{}},
      {"reqContractDetails", ReqContractDetails{6, stock, false, ""}},
      {"reqMarketDataType", ReqMarketDataType{3}},
      {"reqMktData", ReqMktData{7, stock, "", true, false, {}}},
      {"cancelMktData", CancelMktData{7}},
      {"reqHistoricalData",
       ReqHistoricalData{9, stock, false, "", "1 day", "2 D", true, "TRADES", 1, false, {}}},
      {"placeOrder", order},
      {"placeOrderWhatIf", what_if},
      {"cancelOrder", CancelOrder{10, ""}},
      {"reqOpenOrders", ReqOpenOrders{}},
      {"reqAllOpenOrders", ReqAllOpenOrders{}},
      {"reqAutoOpenOrders", ReqAutoOpenOrders{true}},
      {"reqExecutions", ReqExecutions{13, {}}},
      {"reqCompletedOrders", ReqCompletedOrders{false}},
      {"reqGlobalCancel", ReqGlobalCancel{}},
      {"reqAccountUpdatesMulti", ReqAccountUpdatesMulti{14, "DU123", "", false}},
      {"reqPositionsMulti", ReqPositionsMulti{15, "DU123", ""}},
  };
}

}  // namespace ep::tws::golden
