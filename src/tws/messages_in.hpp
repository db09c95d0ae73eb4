// Server -> client messages of our subset (docs/tws-wire-protocol.md §7): one plain struct per
// message, decode_incoming(fields, server_version) for the client and encode(message,
// server_version) for the simulator (the inverse, spelled as TWS spells it: e.g. Java max doubles
// for unset order-state and adjusted-order prices, 2147483647 for unset sizes). Layouts are exact
// at server versions 176, 177 and 178. Pure functions; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "tws/contract.hpp"
#include "tws/field_writer.hpp"
#include "tws/frame.hpp"
#include "tws/order.hpp"

namespace ep::tws {

struct TickPrice {
  int req_id = 0;
  int tick_type = 0;
  double price = 0.0;  // -1 = no quote on this side
  Decimal size;
  int attr_mask = 0;  // 1 canAutoExecute, 2 pastLimit, 4 preOpen
  bool operator==(const TickPrice&) const = default;
};
struct TickSize {
  int req_id = 0;
  int tick_type = 0;
  Decimal size;
  bool operator==(const TickSize&) const = default;
};
struct TickString {
  int req_id = 0;
  int tick_type = 0;
  std::string value;
  bool operator==(const TickString&) const = default;
};
struct TickGeneric {
  int req_id = 0;
  int tick_type = 0;
  double value = 0.0;
  bool operator==(const TickGeneric&) const = default;
};
struct OrderStatus {
  std::int64_t order_id = 0;
  std::string status;
  Decimal filled;
  Decimal remaining;
  double avg_fill_price = 0.0;
  std::int64_t perm_id = 0;
  std::int64_t parent_id = 0;
  double last_fill_price = 0.0;
  int client_id = 0;
  std::string why_held;
  double mkt_cap_price = 0.0;
  bool operator==(const OrderStatus&) const = default;
};
struct ErrorMessage {
  std::int64_t id = -1;  // -1 system, else reqId or orderId
  int code = 0;
  std::string message;
  std::string advanced_order_reject_json;
  bool operator==(const ErrorMessage&) const = default;
};
struct OpenOrder {
  Contract contract;
  Order order;
  OrderState state;
  bool operator==(const OpenOrder&) const = default;
};
struct AccountValue {
  std::string key;
  std::string value;
  std::string currency;
  std::string account;
  bool operator==(const AccountValue&) const = default;
};
struct PortfolioValue {
  Contract contract;  // primary_exchange is filled, exchange is not on the wire
  Decimal position;
  double market_price = 0.0;
  double market_value = 0.0;
  double average_cost = 0.0;
  double unrealized_pnl = 0.0;
  double realized_pnl = 0.0;
  std::string account;
  bool operator==(const PortfolioValue&) const = default;
};
struct AccountUpdateTime {
  std::string time;  // "HH:mm"
  bool operator==(const AccountUpdateTime&) const = default;
};
struct NextValidId {
  std::int64_t order_id = 0;
  bool operator==(const NextValidId&) const = default;
};
// contractDetails (10): one match of a reqContractDetails.
struct ContractDetails {
  int req_id = 0;
  Contract contract;
  std::string market_name;
  double min_tick = 0.0;
  std::string order_types;      // comma list
  std::string valid_exchanges;  // comma list
  int price_magnifier = 0;
  int under_con_id = 0;
  std::string long_name;  // may hold \uXXXX escapes, kept as sent
  std::string contract_month;
  std::string industry;
  std::string category;
  std::string subcategory;
  std::string time_zone_id;
  std::string trading_hours;  // "YYYYMMDD:HHMM-YYYYMMDD:HHMM;..." (may start with ';')
  std::string liquid_hours;
  std::string ev_rule;
  std::optional<double> ev_multiplier;
  TagValues sec_ids;  // (type, value), e.g. ("ISIN", "US0378331005")
  int agg_group = 0;
  std::string under_symbol;
  std::string under_sec_type;
  std::string market_rule_ids;
  std::string real_expiration_date;
  std::string stock_type;
  Decimal min_size;
  Decimal size_increment;
  Decimal suggested_size_increment;
  bool operator==(const ContractDetails&) const = default;
};
struct ExecDetails {
  int req_id = -1;  // -1 for live fills
  Contract contract;
  Execution execution;
  bool operator==(const ExecDetails&) const = default;
};
struct ManagedAccounts {
  std::vector<std::string> accounts;  // the comma list, empty entries dropped
  bool operator==(const ManagedAccounts&) const = default;
};
struct Bar {
  std::string date;  // "yyyyMMdd", "yyyyMMdd HH:mm:ss zone" or epoch seconds
  double open = 0.0;
  double high = 0.0;
  double low = 0.0;
  double close = 0.0;
  Decimal volume;
  Decimal wap;
  int bar_count = 0;
  bool operator==(const Bar&) const = default;
};
struct HistoricalData {
  int req_id = 0;
  std::string start_date;
  std::string end_date;
  std::vector<Bar> bars;
  bool operator==(const HistoricalData&) const = default;
};
struct HistoricalDataUpdate {
  int req_id = 0;
  Bar bar;  // wire order: barCount, date, open, close, high, low, wap, volume
  bool operator==(const HistoricalDataUpdate&) const = default;
};
struct CurrentTime {
  std::int64_t epoch_seconds = 0;
  bool operator==(const CurrentTime&) const = default;
};
struct ContractDetailsEnd {
  int req_id = 0;
  bool operator==(const ContractDetailsEnd&) const = default;
};
struct OpenOrderEnd {
  bool operator==(const OpenOrderEnd&) const = default;
};
struct AccountDownloadEnd {
  std::string account;
  bool operator==(const AccountDownloadEnd&) const = default;
};
struct ExecDetailsEnd {
  int req_id = 0;
  bool operator==(const ExecDetailsEnd&) const = default;
};
struct TickSnapshotEnd {
  int req_id = 0;
  bool operator==(const TickSnapshotEnd&) const = default;
};
struct MarketDataType {
  int req_id = 0;
  int market_data_type = 1;
  bool operator==(const MarketDataType&) const = default;
};
struct CommissionReport {
  std::string exec_id;
  double commission = 0.0;
  std::string currency;
  std::optional<double> realized_pnl;  // unset on opening fills
  std::optional<double> yield;
  std::string yield_redemption_date;  // empty on the wire
  bool operator==(const CommissionReport&) const = default;
};
struct Position {
  std::string account;
  Contract contract;  // exchange holds the primary exchange for stocks
  Decimal position;
  double avg_cost = 0.0;
  bool operator==(const Position&) const = default;
};
struct PositionEnd {
  bool operator==(const PositionEnd&) const = default;
};
struct AccountSummary {
  int req_id = 0;
  std::string account;
  std::string tag;
  std::string value;
  std::string currency;
  bool operator==(const AccountSummary&) const = default;
};
struct AccountSummaryEnd {
  int req_id = 0;
  bool operator==(const AccountSummaryEnd&) const = default;
};
struct PositionMulti {
  int req_id = 0;
  std::string account;
  Contract contract;
  Decimal position;
  double avg_cost = 0.0;
  std::string model_code;
  bool operator==(const PositionMulti&) const = default;
};
struct PositionMultiEnd {
  int req_id = 0;
  bool operator==(const PositionMultiEnd&) const = default;
};
struct AccountUpdateMulti {
  int req_id = 0;
  std::string account;
  std::string model_code;
  std::string key;
  std::string value;
  std::string currency;
  bool operator==(const AccountUpdateMulti&) const = default;
};
struct AccountUpdateMultiEnd {
  int req_id = 0;
  bool operator==(const AccountUpdateMultiEnd&) const = default;
};
struct TickReqParams {
  int req_id = 0;
  double min_tick = 0.0;
  std::string bbo_exchange;
  int snapshot_permissions = 0;
  bool operator==(const TickReqParams&) const = default;
};
struct OrderBound {
  std::int64_t perm_id = 0;
  int api_client_id = 0;
  std::int64_t api_order_id = 0;
  bool operator==(const OrderBound&) const = default;
};
struct CompletedOrder {
  Contract contract;
  Order order;       // no order_id/client_id on the wire
  OrderState state;  // status, completed_time, completed_status
  bool operator==(const CompletedOrder&) const = default;
};
struct CompletedOrdersEnd {
  bool operator==(const CompletedOrdersEnd&) const = default;
};

Fields encode(const TickPrice& m, int server_version);
Fields encode(const TickSize& m, int server_version);
Fields encode(const TickString& m, int server_version);
Fields encode(const TickGeneric& m, int server_version);
Fields encode(const OrderStatus& m, int server_version);
Fields encode(const ErrorMessage& m, int server_version);
Fields encode(const OpenOrder& m, int server_version);
Fields encode(const AccountValue& m, int server_version);
Fields encode(const PortfolioValue& m, int server_version);
Fields encode(const AccountUpdateTime& m, int server_version);
Fields encode(const NextValidId& m, int server_version);
Fields encode(const ContractDetails& m, int server_version);
Fields encode(const ExecDetails& m, int server_version);
Fields encode(const ManagedAccounts& m, int server_version);
Fields encode(const HistoricalData& m, int server_version);
Fields encode(const HistoricalDataUpdate& m, int server_version);
Fields encode(const CurrentTime& m, int server_version);
Fields encode(const ContractDetailsEnd& m, int server_version);
Fields encode(const OpenOrderEnd& m, int server_version);
Fields encode(const AccountDownloadEnd& m, int server_version);
Fields encode(const ExecDetailsEnd& m, int server_version);
Fields encode(const TickSnapshotEnd& m, int server_version);
Fields encode(const MarketDataType& m, int server_version);
Fields encode(const CommissionReport& m, int server_version);
Fields encode(const Position& m, int server_version);
Fields encode(const PositionEnd& m, int server_version);
Fields encode(const AccountSummary& m, int server_version);
Fields encode(const AccountSummaryEnd& m, int server_version);
Fields encode(const PositionMulti& m, int server_version);
Fields encode(const PositionMultiEnd& m, int server_version);
Fields encode(const AccountUpdateMulti& m, int server_version);
Fields encode(const AccountUpdateMultiEnd& m, int server_version);
Fields encode(const TickReqParams& m, int server_version);
Fields encode(const OrderBound& m, int server_version);
Fields encode(const CompletedOrder& m, int server_version);
Fields encode(const CompletedOrdersEnd& m, int server_version);

using Incoming =
    std::variant<TickPrice, TickSize, TickString, TickGeneric, OrderStatus, ErrorMessage, OpenOrder,
                 AccountValue, PortfolioValue, AccountUpdateTime, NextValidId, ContractDetails,
                 ExecDetails, ManagedAccounts, HistoricalData, HistoricalDataUpdate, CurrentTime,
                 ContractDetailsEnd, OpenOrderEnd, AccountDownloadEnd, ExecDetailsEnd,
                 TickSnapshotEnd, MarketDataType, CommissionReport, Position, PositionEnd,
                 AccountSummary, AccountSummaryEnd, PositionMulti, PositionMultiEnd,
                 AccountUpdateMulti, AccountUpdateMultiEnd, TickReqParams, OrderBound,
                 CompletedOrder, CompletedOrdersEnd>;

Fields encode(const Incoming& message, int server_version);

// The client's parser: unknown id -> kInvalidInput "unknown message id N"; missing fields,
// non-numeric numbers, impossible counts or extra fields -> kInvalidInput naming the message
// and the field. Never reads out of bounds.
core::Result<Incoming> decode_incoming(const Fields& fields, int server_version);

// The message id of a decoded/encodable message.
int message_id(const Incoming& message);

}  // namespace ep::tws
