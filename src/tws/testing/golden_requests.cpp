#include "tws/testing/golden_requests.hpp"

namespace ep::tws::golden {

std::vector<std::pair<std::string, Request>> requests() {
  Contract stock;  // Stock AAPL SMART/USD
  stock.symbol = "AAPL";
  PlaceOrder order;
  order.contract = stock;
  order.order.order_id = 10;
  order.order.action = "BUY";
  order.order.total_quantity = Decimal::of(100);
  order.order.order_type = "MKT";
  order.order.tif = "DAY";
  order.order.account = "DU123";
  order.order.order_ref = "ev-42:AAPL";
  order.order.outside_rth = true;
  order.order.transmit = true;
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
