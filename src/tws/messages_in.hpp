// Server -> client messages of our subset (docs/tws-wire-protocol.md §7): one plain struct per
// message with its traits (id, IB's name; message_traits.hpp), decode_incoming(fields,
// server_version) for the client and encode(message, server_version) for the simulator (the
// inverse, spelled as TWS spells it: e.g. Java max doubles for unset order-state and
// adjusted-order prices, 2147483647 for unset sizes). Layouts are exact at server versions 176,
// 177 and 178. A new message: its struct with kTraits here, its layout in an in_*_layout.hpp,
// its name in Incoming. Pure functions; any thread.
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
#include "tws/message_traits.hpp"
#include "tws/order.hpp"

namespace ep::tws {

struct TickPrice {
  static constexpr MessageTraits kTraits{1, "tickPrice", Direction::kIncoming};
  int req_id = 0;
  int tick_type = 0;
  double price = 0.0;  // -1 = no quote on this side
  Decimal size;
  int attr_mask = 0;  // 1 canAutoExecute, 2 pastLimit, 4 preOpen
  bool operator==(const TickPrice&) const = default;
};
struct TickSize {
  static constexpr MessageTraits kTraits{2, "tickSize", Direction::kIncoming};
  int req_id = 0;
  int tick_type = 0;
  Decimal size;
  bool operator==(const TickSize&) const = default;
};
struct TickString {
  static constexpr MessageTraits kTraits{46, "tickString", Direction::kIncoming};
  int req_id = 0;
  int tick_type = 0;
  std::string value;
  bool operator==(const TickString&) const = default;
};
struct TickGeneric {
  static constexpr MessageTraits kTraits{45, "tickGeneric", Direction::kIncoming};
  int req_id = 0;
  int tick_type = 0;
  double value = 0.0;
  bool operator==(const TickGeneric&) const = default;
};
struct OrderStatus {
  static constexpr MessageTraits kTraits{3, "orderStatus", Direction::kIncoming};
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
  static constexpr MessageTraits kTraits{4, "error", Direction::kIncoming};
  std::int64_t id = -1;  // -1 system, else reqId or orderId
  int code = 0;
  std::string message;
  std::string advanced_order_reject_json;
  bool operator==(const ErrorMessage&) const = default;
};
struct OpenOrder {
  static constexpr MessageTraits kTraits{5, "openOrder", Direction::kIncoming};
  Contract contract;
  Order order;
  OrderState state;
  bool operator==(const OpenOrder&) const = default;
};
struct AccountValue {
  static constexpr MessageTraits kTraits{6, "accountValue", Direction::kIncoming};
  std::string key;
  std::string value;
  std::string currency;
  std::string account;
  bool operator==(const AccountValue&) const = default;
};
struct PortfolioValue {
  static constexpr MessageTraits kTraits{7, "portfolioValue", Direction::kIncoming};
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
  static constexpr MessageTraits kTraits{8, "accountUpdateTime", Direction::kIncoming};
  std::string time;  // "HH:mm"
  bool operator==(const AccountUpdateTime&) const = default;
};
struct NextValidId {
  static constexpr MessageTraits kTraits{9, "nextValidId", Direction::kIncoming};
  std::int64_t order_id = 0;
  bool operator==(const NextValidId&) const = default;
};
// contractDetails (10): one match of a reqContractDetails.
struct ContractDetails {
  static constexpr MessageTraits kTraits{10, "contractDetails", Direction::kIncoming};
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
  static constexpr MessageTraits kTraits{11, "execDetails", Direction::kIncoming};
  int req_id = -1;  // -1 for live fills
  Contract contract;
  Execution execution;
  bool operator==(const ExecDetails&) const = default;
};
struct ManagedAccounts {
  static constexpr MessageTraits kTraits{15, "managedAccounts", Direction::kIncoming};
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
  static constexpr MessageTraits kTraits{17, "historicalData", Direction::kIncoming};
  int req_id = 0;
  std::string start_date;
  std::string end_date;
  std::vector<Bar> bars;
  bool operator==(const HistoricalData&) const = default;
};
struct HistoricalDataUpdate {
  static constexpr MessageTraits kTraits{90, "historicalDataUpdate", Direction::kIncoming};
  int req_id = 0;
  Bar bar;  // wire order: barCount, date, open, close, high, low, wap, volume
  bool operator==(const HistoricalDataUpdate&) const = default;
};
struct CurrentTime {
  static constexpr MessageTraits kTraits{49, "currentTime", Direction::kIncoming};
  std::int64_t epoch_seconds = 0;
  bool operator==(const CurrentTime&) const = default;
};
struct ContractDetailsEnd {
  static constexpr MessageTraits kTraits{52, "contractDetailsEnd", Direction::kIncoming};
  int req_id = 0;
  bool operator==(const ContractDetailsEnd&) const = default;
};
struct OpenOrderEnd {
  static constexpr MessageTraits kTraits{53, "openOrderEnd", Direction::kIncoming};
  bool operator==(const OpenOrderEnd&) const = default;
};
struct AccountDownloadEnd {
  static constexpr MessageTraits kTraits{54, "accountDownloadEnd", Direction::kIncoming};
  std::string account;
  bool operator==(const AccountDownloadEnd&) const = default;
};
struct ExecDetailsEnd {
  static constexpr MessageTraits kTraits{55, "execDetailsEnd", Direction::kIncoming};
  int req_id = 0;
  bool operator==(const ExecDetailsEnd&) const = default;
};
struct TickSnapshotEnd {
  static constexpr MessageTraits kTraits{57, "tickSnapshotEnd", Direction::kIncoming};
  int req_id = 0;
  bool operator==(const TickSnapshotEnd&) const = default;
};
struct MarketDataType {
  static constexpr MessageTraits kTraits{58, "marketDataType", Direction::kIncoming};
  int req_id = 0;
  int market_data_type = 1;
  bool operator==(const MarketDataType&) const = default;
};
struct CommissionReport {
  static constexpr MessageTraits kTraits{59, "commissionReport", Direction::kIncoming};
  std::string exec_id;
  double commission = 0.0;
  std::string currency;
  std::optional<double> realized_pnl;  // unset on opening fills
  std::optional<double> yield;
  std::string yield_redemption_date;  // empty on the wire
  bool operator==(const CommissionReport&) const = default;
};
struct Position {
  static constexpr MessageTraits kTraits{61, "position", Direction::kIncoming};
  std::string account;
  Contract contract;  // exchange holds the primary exchange for stocks
  Decimal position;
  double avg_cost = 0.0;
  bool operator==(const Position&) const = default;
};
struct PositionEnd {
  static constexpr MessageTraits kTraits{62, "positionEnd", Direction::kIncoming};
  bool operator==(const PositionEnd&) const = default;
};
struct AccountSummary {
  static constexpr MessageTraits kTraits{63, "accountSummary", Direction::kIncoming};
  int req_id = 0;
  std::string account;
  std::string tag;
  std::string value;
  std::string currency;
  bool operator==(const AccountSummary&) const = default;
};
struct AccountSummaryEnd {
  static constexpr MessageTraits kTraits{64, "accountSummaryEnd", Direction::kIncoming};
  int req_id = 0;
  bool operator==(const AccountSummaryEnd&) const = default;
};
struct PositionMulti {
  static constexpr MessageTraits kTraits{71, "positionMulti", Direction::kIncoming};
  int req_id = 0;
  std::string account;
  Contract contract;
  Decimal position;
  double avg_cost = 0.0;
  std::string model_code;
  bool operator==(const PositionMulti&) const = default;
};
struct PositionMultiEnd {
  static constexpr MessageTraits kTraits{72, "positionMultiEnd", Direction::kIncoming};
  int req_id = 0;
  bool operator==(const PositionMultiEnd&) const = default;
};
struct AccountUpdateMulti {
  static constexpr MessageTraits kTraits{73, "accountUpdateMulti", Direction::kIncoming};
  int req_id = 0;
  std::string account;
  std::string model_code;
  std::string key;
  std::string value;
  std::string currency;
  bool operator==(const AccountUpdateMulti&) const = default;
};
struct AccountUpdateMultiEnd {
  static constexpr MessageTraits kTraits{74, "accountUpdateMultiEnd", Direction::kIncoming};
  int req_id = 0;
  bool operator==(const AccountUpdateMultiEnd&) const = default;
};
struct TickReqParams {
  static constexpr MessageTraits kTraits{81, "tickReqParams", Direction::kIncoming};
  int req_id = 0;
  double min_tick = 0.0;
  std::string bbo_exchange;
  int snapshot_permissions = 0;
  bool operator==(const TickReqParams&) const = default;
};
struct OrderBound {
  static constexpr MessageTraits kTraits{100, "orderBound", Direction::kIncoming};
  std::int64_t perm_id = 0;
  int api_client_id = 0;
  std::int64_t api_order_id = 0;
  bool operator==(const OrderBound&) const = default;
};
struct CompletedOrder {
  static constexpr MessageTraits kTraits{101, "completedOrder", Direction::kIncoming};
  Contract contract;
  Order order;       // no order_id/client_id on the wire
  OrderState state;  // status, completed_time, completed_status
  bool operator==(const CompletedOrder&) const = default;
};
struct CompletedOrdersEnd {
  static constexpr MessageTraits kTraits{102, "completedOrdersEnd", Direction::kIncoming};
  bool operator==(const CompletedOrdersEnd&) const = default;
};

using Incoming =
    std::variant<TickPrice, TickSize, TickString, TickGeneric, OrderStatus, ErrorMessage, OpenOrder,
                 AccountValue, PortfolioValue, AccountUpdateTime, NextValidId, ContractDetails,
                 ExecDetails, ManagedAccounts, HistoricalData, HistoricalDataUpdate, CurrentTime,
                 ContractDetailsEnd, OpenOrderEnd, AccountDownloadEnd, ExecDetailsEnd,
                 TickSnapshotEnd, MarketDataType, CommissionReport, Position, PositionEnd,
                 AccountSummary, AccountSummaryEnd, PositionMulti, PositionMultiEnd,
                 AccountUpdateMulti, AccountUpdateMultiEnd, TickReqParams, OrderBound,
                 CompletedOrder, CompletedOrdersEnd>;
static_assert(MessageVariant<Incoming, Direction::kIncoming>,
              "an id used twice, a request among them, or an id above 1000");

Fields encode(const Incoming& message, int server_version);

namespace detail {
Fields encode_alternative(const AlternativePointer<Incoming>& message, int server_version);
}  // namespace detail

// The same for one message type, without copying it into an Incoming (the simulator's sender).
template <AlternativeOf<Incoming> M>
Fields encode(const M& message, int server_version) {
  return detail::encode_alternative(
      detail::AlternativePointer<Incoming>(std::in_place_type<const M*>, &message), server_version);
}

// The client's parser: unknown id -> kInvalidInput "unknown message id N"; missing fields,
// non-numeric numbers, impossible counts or extra fields -> kInvalidInput naming the message
// and the field. Never reads out of bounds.
core::Result<Incoming> decode_incoming(const Fields& fields, int server_version);

// The message id of a decoded/encodable message.
inline int message_id(const Incoming& message) {
  return VariantTraits<Incoming>::kIdOfAlternative[message.index()];
}

}  // namespace ep::tws
