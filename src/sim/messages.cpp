#include "sim/messages.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace ep::sim {
namespace {

constexpr const char* kOrderTypes =
    "ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AVGCOST,BASKET,BENCHPX,COND,CONDORDER,DARKONLY,DARKPOLL,"
    "DAY,DEACT,DEACTDIS,DEACTEOD,DIS,GAT,GTC,GTD,GTT,HID,IBKRATS,ICE,IMB,IOC,LIT,LMT,LOC,MIT,MKT,"
    "MOC,MTL,NGCOMB,NODARK,NONALGO,OCA,OPG,OPGREROUT,PEGBENCH,POSTONLY,PREOPGRTH,REL,RPI,RTH,"
    "SCALE,SCALEODD,SCALERST,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,SWEEP,TRAIL,TRAILLIT,TRAILLMT,"
    "TRAILMIT,WHATIF";
constexpr const char* kValidExchanges =
    "SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,NASDAQ,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,EDGX,FOXRIVER,"
    "PEARL,NYSENAT,LTSE,MEMX,IBEOS,OVERNIGHT,TPLUS0,PSX";

std::string amount(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

tws::Order base_order(const OrderRequest& request) {
  tws::Order o;
  o.order_id = request.order_id;
  o.client_id = request.client_id;
  o.action = request.action;
  o.total_quantity = tws::Decimal::of(request.quantity);
  o.order_type = request.order_type;
  o.lmt_price = request.lmt_price.value_or(0.0);
  o.aux_price = 0.0;
  o.tif = request.tif.empty() ? "DAY" : request.tif;
  o.account = request.account;
  o.order_ref = request.order_ref;
  o.outside_rth = request.outside_rth;
  o.what_if = request.what_if;
  // What TWS puts in the fields a plain API order leaves alone (docs/tws-wire-protocol.md §7.8,
  // captures).
  o.display_size = std::nullopt;  // 2147483647 on the wire
  o.oca_type = 3;
  o.volatility_type = 0;
  o.delta_neutral_order_type = "None";
  o.delta_neutral_open_close = "?";
  o.reference_price_type = 0;
  o.clearing_intent = "IB";
  o.adjusted_order_type = "None";
  o.dont_use_auto_price_for_hedge = true;
  o.cash_qty = 0.0;
  o.use_price_mgmt_algo = false;
  return o;
}

tws::OrderState unset_state(const char* status) {
  tws::OrderState s;
  s.status = status;
  const std::string unset(tws::kJavaMaxDouble);
  s.init_margin_before = s.maint_margin_before = s.equity_with_loan_before = unset;
  s.init_margin_change = s.maint_margin_change = s.equity_with_loan_change = unset;
  s.init_margin_after = s.maint_margin_after = s.equity_with_loan_after = unset;
  return s;
}

}  // namespace

std::string format_exchange_time(TimePoint at, const std::string& zone) {
  try {
    const date::time_zone* tz = date::locate_zone(zone);
    auto local = tz->to_local(date::floor<std::chrono::seconds>(at));
    return date::format("%Y%m%d %H:%M:%S", local) + " " + zone;
  } catch (const std::exception&) {
    return date::format("%Y%m%d %H:%M:%S", date::floor<std::chrono::seconds>(at)) + " UTC";
  }
}

std::string format_account_time(TimePoint at) {
  const date::time_zone* tz = date::locate_zone("America/New_York");
  return date::format("%H:%M", tz->to_local(date::floor<std::chrono::minutes>(at)));
}

bool is_usd_stock(const tws::Contract& contract) {
  return (contract.sec_type.empty() || contract.sec_type == "STK") &&
         (contract.currency.empty() || contract.currency == "USD");
}

tws::Contract stock_contract(const SymbolSpec& spec) {
  tws::Contract c;
  c.con_id = spec.con_id;
  c.symbol = spec.wire_symbol();
  c.sec_type = "STK";
  c.exchange = "SMART";
  c.primary_exchange = spec.primary_exchange;
  c.currency = spec.currency;
  c.local_symbol = spec.wire_symbol();
  c.trading_class = spec.wire_symbol();
  return c;
}

namespace {

// The contract of an openOrder, what-if answer or completedOrder: IB Gateway sends right "?"
// there.
tws::Contract order_contract(const SymbolSpec& spec) {
  tws::Contract c = stock_contract(spec);
  c.right = "?";
  return c;
}

}  // namespace

tws::OpenOrder open_order_message(const Order& order, const SymbolSpec& spec) {
  tws::OpenOrder m;
  m.contract = order_contract(spec);
  m.order = base_order(order.request);
  m.order.perm_id = order.perm_id;
  m.order.shares_allocation = std::to_string(order.perm_id) + ".1/" + order.request.account + "/" +
                              tws::format_decimal(order.request.quantity);
  m.state = unset_state(to_string(order.status));
  if (order.status == OrderStatus::kFilled) {
    m.state.commission = order.commission_paid;
    m.state.commission_currency = "USD";
  }
  return m;
}

tws::OrderStatus order_status_message(const Order& order, const char* status_override) {
  tws::OrderStatus m;
  m.order_id = order.request.order_id;
  m.status = status_override != nullptr ? status_override : to_string(order.status);
  m.filled = tws::Decimal::of(order.filled);
  m.remaining = tws::Decimal::of(order.status == OrderStatus::kCancelled ||
                                         order.status == OrderStatus::kInactive
                                     ? 0.0
                                     : order.remaining());
  m.avg_fill_price = order.avg_fill_price;
  m.perm_id = order.perm_id;
  m.last_fill_price = order.last_fill_price;
  m.client_id = order.request.client_id;
  return m;
}

tws::OpenOrder what_if_message(const OrderRequest& request, const SymbolSpec& spec,
                               const WhatIfResult& r) {
  tws::OpenOrder m;
  m.contract = order_contract(spec);
  m.order = base_order(request);
  m.order.what_if = true;
  m.state.status = "PreSubmitted";
  m.state.init_margin_before = amount(r.init_margin_before);
  m.state.maint_margin_before = amount(r.maint_margin_before);
  m.state.equity_with_loan_before = amount(r.equity_with_loan_before);
  m.state.init_margin_change = amount(r.init_margin_after - r.init_margin_before);
  m.state.maint_margin_change = amount(r.maint_margin_after - r.maint_margin_before);
  m.state.equity_with_loan_change = amount(r.equity_with_loan_after - r.equity_with_loan_before);
  m.state.init_margin_after = amount(r.init_margin_after);
  m.state.maint_margin_after = amount(r.maint_margin_after);
  m.state.equity_with_loan_after = amount(r.equity_with_loan_after);
  m.state.commission = r.commission;
  m.state.min_commission = r.commission;
  m.state.max_commission = r.commission;
  m.state.commission_currency = "USD";
  return m;
}

tws::CompletedOrder completed_order_message(const Order& order, const SymbolSpec& spec) {
  tws::CompletedOrder m;
  m.contract = order_contract(spec);
  m.order = base_order(order.request);
  m.order.order_id = 0;
  m.order.perm_id = order.perm_id;
  m.order.filled_quantity = tws::Decimal::of(order.filled);
  m.order.ref_futures_con_id = std::nullopt;
  m.order.shareholder = "Not an insider or substantial shareholder";
  m.state.status = to_string(order.status);
  m.state.completed_time = format_exchange_time(order.completed_at, spec.time_zone);
  m.state.completed_status = order.completed_status;
  return m;
}

tws::ExecDetails exec_details_message(const Fill& fill, const SymbolSpec& spec, int req_id) {
  tws::ExecDetails m;
  m.req_id = req_id;
  m.contract = stock_contract(spec);
  m.contract.exchange = spec.primary_exchange;
  m.contract.primary_exchange.clear();  // not on the wire
  tws::Execution& e = m.execution;
  e.order_id = fill.order_id;
  e.exec_id = fill.exec_id;
  e.time = format_exchange_time(fill.time, spec.time_zone);
  e.acct_number = fill.account;
  e.exchange = spec.primary_exchange;
  e.side = fill.side;
  e.shares = tws::Decimal::of(fill.shares);
  e.price = fill.price;
  e.perm_id = fill.perm_id;
  e.client_id = fill.client_id;
  e.cum_qty = tws::Decimal::of(fill.cum_qty);
  e.avg_price = fill.avg_price;
  e.order_ref = fill.order_ref;
  e.last_liquidity = 2;  // removed liquidity: a market order takes the quote
  return m;
}

tws::CommissionReport commission_message(const Fill& fill) {
  tws::CommissionReport m;
  m.exec_id = fill.exec_id;
  m.commission = fill.commission;
  m.currency = "USD";
  m.realized_pnl = fill.realized_pnl;  // unset (max double) on opening fills
  m.yield = std::nullopt;
  m.yield_redemption_date = "";
  return m;
}

tws::ContractDetails contract_details_message(int req_id, const SymbolSpec& spec, TimePoint now) {
  tws::ContractDetails m;
  m.req_id = req_id;
  m.contract = stock_contract(spec);
  m.market_name = spec.symbol;
  m.min_tick = spec.min_tick;
  m.order_types = kOrderTypes;
  m.valid_exchanges = kValidExchanges;
  m.price_magnifier = 1;
  m.under_con_id = 0;
  m.long_name = spec.long_name;
  m.time_zone_id = spec.time_zone;
  m.trading_hours = session_string(spec.trading_hours, now, spec.time_zone);
  m.liquid_hours = session_string(spec.liquid_hours, now, spec.time_zone);
  m.agg_group = 1;
  m.market_rule_ids = "26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26";
  m.stock_type = spec.stock_type;
  m.min_size = tws::Decimal::of(1);  // ibsim takes whole shares only
  m.size_increment = tws::Decimal::of(1);
  m.suggested_size_increment = tws::Decimal::of(100);
  return m;
}

tws::Position position_message(const std::string& account, const SymbolSpec& spec,
                               const PositionState& position) {
  tws::Position m;
  m.account = account;
  m.contract = stock_contract(spec);
  m.contract.exchange = spec.primary_exchange;  // position's exchange field is the primary one
  m.contract.primary_exchange.clear();
  m.position = tws::Decimal::of(position.quantity);
  m.avg_cost = position.avg_cost;
  return m;
}

tws::PortfolioValue portfolio_message(const std::string& account, const SymbolSpec& spec,
                                      const PositionState& position) {
  tws::PortfolioValue m;
  m.contract = stock_contract(spec);
  m.contract.right = "0";  // as the 2026 Gateway capture shows for stocks
  m.position = tws::Decimal::of(position.quantity);
  m.market_price = spec.price;
  m.market_value = std::round(position.quantity * spec.price * 100) / 100;
  m.average_cost = position.avg_cost;
  m.unrealized_pnl = std::round((position.quantity * (spec.price - position.avg_cost)) * 100) / 100;
  m.realized_pnl = position.realized_pnl;
  m.account = account;
  return m;
}

std::vector<KeyValue> account_update_rows(const PaperBroker& broker, const std::string& account) {
  const AccountState* state = broker.account(account);
  if (state == nullptr) return {};
  const AccountValues v = broker.values(account);
  // A cash account: the margin requirement is the whole position value.
  return {
      {"AccountCode", account, ""},
      {"AccountReady", "true", ""},
      {"AccountType", state->account_type, ""},
      {"AccruedCash", amount(0), "USD"},
      {"AvailableFunds", amount(v.cash), "USD"},
      {"BuyingPower", amount(v.cash), "USD"},
      {"CashBalance", amount(v.cash), "USD"},
      {"Currency", "USD", "USD"},
      {"EquityWithLoanValue", amount(v.net_liquidation), "USD"},
      {"ExcessLiquidity", amount(v.cash), "USD"},
      {"FullAvailableFunds", amount(v.cash), "USD"},
      {"FullExcessLiquidity", amount(v.cash), "USD"},
      {"FullInitMarginReq", amount(v.gross_value), "USD"},
      {"FullMaintMarginReq", amount(v.gross_value), "USD"},
      {"GrossPositionValue", amount(v.gross_value), "USD"},
      {"InitMarginReq", amount(v.gross_value), "USD"},
      {"MaintMarginReq", amount(v.gross_value), "USD"},
      {"NetLiquidation", amount(v.net_liquidation), "USD"},
      {"RealizedPnL", amount(v.realized_pnl), "USD"},
      {"SettledCash", amount(v.cash), "USD"},
      {"StockMarketValue", amount(v.stock_value), "USD"},
      {"TotalCashBalance", amount(v.cash), "USD"},
      {"TotalCashValue", amount(v.cash), "USD"},
      {"UnrealizedPnL", amount(v.unrealized_pnl), "USD"},
  };
}

std::vector<KeyValue> account_summary_rows(const PaperBroker& broker, const std::string& account,
                                           const std::string& tags) {
  const AccountState* state = broker.account(account);
  if (state == nullptr) return {};
  const AccountValues v = broker.values(account);
  const double cushion = v.net_liquidation > 0 ? v.cash / v.net_liquidation : 0;
  const double leverage = v.net_liquidation > 0 ? v.gross_value / v.net_liquidation : 0;
  char ratio[32];
  auto known = [&](const std::string& tag) -> std::optional<KeyValue> {
    if (tag == "AccountType") return KeyValue{tag, state->account_type, ""};
    if (tag == "NetLiquidation" || tag == "EquityWithLoanValue" ||
        tag == "PreviousDayEquityWithLoanValue" || tag == "RegTEquity") {
      return KeyValue{tag, amount(v.net_liquidation), "USD"};
    }
    if (tag == "TotalCashValue" || tag == "SettledCash" || tag == "BuyingPower" ||
        tag == "AvailableFunds" || tag == "ExcessLiquidity" || tag == "FullAvailableFunds" ||
        tag == "FullExcessLiquidity" || tag == "LookAheadAvailableFunds" ||
        tag == "LookAheadExcessLiquidity" || tag == "SMA") {
      return KeyValue{tag, amount(v.cash), "USD"};
    }
    if (tag == "GrossPositionValue" || tag == "InitMarginReq" || tag == "MaintMarginReq" ||
        tag == "RegTMargin" || tag == "FullInitMarginReq" || tag == "FullMaintMarginReq" ||
        tag == "LookAheadInitMarginReq" || tag == "LookAheadMaintMarginReq") {
      return KeyValue{tag, amount(v.gross_value), "USD"};
    }
    if (tag == "AccruedCash") return KeyValue{tag, amount(0), "USD"};
    if (tag == "Cushion") {
      std::snprintf(ratio, sizeof ratio, "%.6f", cushion);
      return KeyValue{tag, ratio, ""};
    }
    if (tag == "Leverage") {
      std::snprintf(ratio, sizeof ratio, "%.2f", leverage);
      return KeyValue{tag, ratio, ""};
    }
    if (tag == "DayTradesRemaining" || tag.rfind("DayTradesRemainingT+", 0) == 0)
      return KeyValue{tag, "-1", ""};
    if (tag == "HighestSeverity") return KeyValue{tag, "0", ""};
    if (tag == "LookAheadNextChange") return KeyValue{tag, "0", ""};
    return std::nullopt;
  };
  std::vector<KeyValue> rows;
  std::stringstream list(tags);
  std::string tag;
  while (std::getline(list, tag, ',')) {
    if (tag == "$LEDGER" || tag == "$LEDGER:ALL" || tag == "$LEDGER:USD") {
      rows.push_back({"Currency", "USD", "USD"});
      rows.push_back({"CashBalance", amount(v.cash), "USD"});
      rows.push_back({"TotalCashBalance", amount(v.cash), "USD"});
      rows.push_back({"StockMarketValue", amount(v.stock_value), "USD"});
      rows.push_back({"NetLiquidationByCurrency", amount(v.net_liquidation), "USD"});
      rows.push_back({"UnrealizedPnL", amount(v.unrealized_pnl), "USD"});
      rows.push_back({"RealizedPnL", amount(v.realized_pnl), "USD"});
      rows.push_back({"ExchangeRate", "1.00", "USD"});
      continue;
    }
    if (auto row = known(tag)) rows.push_back(*row);
  }
  return rows;
}

namespace {

template <std::size_t I>
using RequestAt = std::variant_alternative_t<I, tws::Request>;

// In the order of the tws::Request alternatives; the asserts catch a reordered variant.
constexpr std::array<std::string_view, 26> kRequestNames = {"startApi",
                                                            "reqCurrentTime",
                                                            "reqIds",
                                                            "reqManagedAccts",
                                                            "reqAccountUpdates",
                                                            "reqAccountSummary",
                                                            "cancelAccountSummary",
                                                            "reqPositions",
                                                            "cancelPositions",
                                                            "reqContractDetails",
                                                            "reqMarketDataType",
                                                            "reqMktData",
                                                            "cancelMktData",
                                                            "reqHistoricalData",
                                                            "cancelHistoricalData",
                                                            "placeOrder",
                                                            "cancelOrder",
                                                            "reqOpenOrders",
                                                            "reqAllOpenOrders",
                                                            "reqAutoOpenOrders",
                                                            "reqExecutions",
                                                            "reqCompletedOrders",
                                                            "reqGlobalCancel",
                                                            "reqAccountUpdatesMulti",
                                                            "cancelAccountUpdatesMulti",
                                                            "reqPositionsMulti"};
static_assert(std::variant_size_v<tws::Request> == kRequestNames.size());
static_assert(std::is_same_v<RequestAt<0>, tws::StartApi> &&
              std::is_same_v<RequestAt<4>, tws::ReqAccountUpdates> &&
              std::is_same_v<RequestAt<9>, tws::ReqContractDetails> &&
              std::is_same_v<RequestAt<11>, tws::ReqMktData> &&
              std::is_same_v<RequestAt<15>, tws::PlaceOrder> &&
              std::is_same_v<RequestAt<18>, tws::ReqAllOpenOrders> &&
              std::is_same_v<RequestAt<20>, tws::ReqExecutions> &&
              std::is_same_v<RequestAt<25>, tws::ReqPositionsMulti>);

}  // namespace

std::string_view request_name(const tws::Request& request) {
  return kRequestNames[request.index()];
}

}  // namespace ep::sim
