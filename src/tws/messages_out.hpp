// Client -> server requests of our subset (docs/tws-wire-protocol.md §6): one plain struct per
// request with its traits (id, IB's name; message_traits.hpp), encode(request, server_version)
// -> Fields for the client, and decode_request for the simulator (the inverse). Layouts are
// exact at server versions 176, 177 and 178. A new request: its struct with kTraits here, its
// layout in an out_*_layout.hpp, its name in Request. Pure functions; any thread.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "core/result.hpp"
#include "tws/contract.hpp"
#include "tws/field_writer.hpp"
#include "tws/frame.hpp"
#include "tws/message_traits.hpp"
#include "tws/order.hpp"

namespace ep::tws {

struct StartApi {
  static constexpr MessageTraits kTraits{71, "startApi", Direction::kRequest};
  int client_id = 0;
  std::string optional_capabilities;
  bool operator==(const StartApi&) const = default;
};
struct ReqCurrentTime {
  static constexpr MessageTraits kTraits{49, "reqCurrentTime", Direction::kRequest};
  bool operator==(const ReqCurrentTime&) const = default;
};
struct ReqIds {
  static constexpr MessageTraits kTraits{8, "reqIds", Direction::kRequest};
  int num_ids = 1;  // ignored by TWS
  bool operator==(const ReqIds&) const = default;
};
struct ReqManagedAccts {
  static constexpr MessageTraits kTraits{17, "reqManagedAccts", Direction::kRequest};
  bool operator==(const ReqManagedAccts&) const = default;
};
struct ReqAccountUpdates {
  static constexpr MessageTraits kTraits{6, "reqAccountUpdates", Direction::kRequest};
  bool subscribe = true;
  std::string account;
  bool operator==(const ReqAccountUpdates&) const = default;
};
struct ReqAccountSummary {
  static constexpr MessageTraits kTraits{62, "reqAccountSummary", Direction::kRequest};
  int req_id = 0;
  std::string group = "All";
  std::string tags;  // comma list, e.g. "NetLiquidation,TotalCashValue"
  bool operator==(const ReqAccountSummary&) const = default;
};
struct CancelAccountSummary {
  static constexpr MessageTraits kTraits{63, "cancelAccountSummary", Direction::kRequest};
  int req_id = 0;
  bool operator==(const CancelAccountSummary&) const = default;
};
struct ReqPositions {
  static constexpr MessageTraits kTraits{61, "reqPositions", Direction::kRequest};
  bool operator==(const ReqPositions&) const = default;
};
struct CancelPositions {
  static constexpr MessageTraits kTraits{64, "cancelPositions", Direction::kRequest};
  bool operator==(const CancelPositions&) const = default;
};
struct ReqContractDetails {
  static constexpr MessageTraits kTraits{9, "reqContractDetails", Direction::kRequest};
  int req_id = 0;
  Contract contract;  // sec_id_type/sec_id are sent too
  bool include_expired = false;
  std::string issuer_id;
  bool operator==(const ReqContractDetails&) const = default;
};
struct ReqMarketDataType {
  static constexpr MessageTraits kTraits{59, "reqMarketDataType", Direction::kRequest};
  int market_data_type = 1;  // 1 live, 2 frozen, 3 delayed, 4 delayed-frozen
  bool operator==(const ReqMarketDataType&) const = default;
};
struct ReqMktData {
  static constexpr MessageTraits kTraits{1, "reqMktData", Direction::kRequest};
  int req_id = 0;
  Contract contract;  // combo legs (BAG) and delta_neutral are sent when present
  std::string generic_tick_list;
  bool snapshot = false;
  bool regulatory_snapshot = false;
  TagValues options;
  bool operator==(const ReqMktData&) const = default;
};
struct CancelMktData {
  static constexpr MessageTraits kTraits{2, "cancelMktData", Direction::kRequest};
  int req_id = 0;
  bool operator==(const CancelMktData&) const = default;
};
struct ReqHistoricalData {
  static constexpr MessageTraits kTraits{20, "reqHistoricalData", Direction::kRequest};
  int req_id = 0;
  Contract contract;
  bool include_expired = false;
  std::string end_date_time;  // empty = now
  std::string bar_size = "1 day";
  std::string duration = "1 D";
  bool use_rth = true;
  std::string what_to_show = "TRADES";
  int format_date = 1;
  bool keep_up_to_date = false;
  TagValues chart_options;
  bool operator==(const ReqHistoricalData&) const = default;
};
struct CancelHistoricalData {
  static constexpr MessageTraits kTraits{25, "cancelHistoricalData", Direction::kRequest};
  int req_id = 0;
  bool operator==(const CancelHistoricalData&) const = default;
};
struct PlaceOrder {
  static constexpr MessageTraits kTraits{3, "placeOrder", Direction::kRequest};
  Contract contract;
  Order order;  // order.order_id is the id on the wire
  bool operator==(const PlaceOrder&) const = default;
};
struct CancelOrder {
  static constexpr MessageTraits kTraits{4, "cancelOrder", Direction::kRequest};
  std::int64_t order_id = 0;
  std::string manual_order_cancel_time;
  bool operator==(const CancelOrder&) const = default;
};
struct ReqOpenOrders {
  static constexpr MessageTraits kTraits{5, "reqOpenOrders", Direction::kRequest};
  bool operator==(const ReqOpenOrders&) const = default;
};
struct ReqAllOpenOrders {
  static constexpr MessageTraits kTraits{16, "reqAllOpenOrders", Direction::kRequest};
  bool operator==(const ReqAllOpenOrders&) const = default;
};
struct ReqAutoOpenOrders {
  static constexpr MessageTraits kTraits{15, "reqAutoOpenOrders", Direction::kRequest};
  bool auto_bind = true;
  bool operator==(const ReqAutoOpenOrders&) const = default;
};
struct ExecutionFilter {
  int client_id = 0;  // 0 = all
  std::string account;
  std::string time;  // "yyyyMMdd-HH:mm:ss" or empty
  std::string symbol;
  std::string sec_type;
  std::string exchange;
  std::string side;
  bool operator==(const ExecutionFilter&) const = default;
};
struct ReqExecutions {
  static constexpr MessageTraits kTraits{7, "reqExecutions", Direction::kRequest};
  int req_id = 0;
  ExecutionFilter filter;
  bool operator==(const ReqExecutions&) const = default;
};
struct ReqCompletedOrders {
  static constexpr MessageTraits kTraits{99, "reqCompletedOrders", Direction::kRequest};
  bool api_only = false;
  bool operator==(const ReqCompletedOrders&) const = default;
};
struct ReqGlobalCancel {
  static constexpr MessageTraits kTraits{58, "reqGlobalCancel", Direction::kRequest};
  bool operator==(const ReqGlobalCancel&) const = default;
};
struct ReqAccountUpdatesMulti {
  static constexpr MessageTraits kTraits{76, "reqAccountUpdatesMulti", Direction::kRequest};
  int req_id = 0;
  std::string account;
  std::string model_code;
  bool ledger_and_nlv = false;
  bool operator==(const ReqAccountUpdatesMulti&) const = default;
};
struct CancelAccountUpdatesMulti {
  static constexpr MessageTraits kTraits{77, "cancelAccountUpdatesMulti", Direction::kRequest};
  int req_id = 0;
  bool operator==(const CancelAccountUpdatesMulti&) const = default;
};
struct ReqPositionsMulti {
  static constexpr MessageTraits kTraits{74, "reqPositionsMulti", Direction::kRequest};
  int req_id = 0;
  std::string account;
  std::string model_code;
  bool operator==(const ReqPositionsMulti&) const = default;
};

using Request = std::variant<
    StartApi, ReqCurrentTime, ReqIds, ReqManagedAccts, ReqAccountUpdates, ReqAccountSummary,
    CancelAccountSummary, ReqPositions, CancelPositions, ReqContractDetails, ReqMarketDataType,
    ReqMktData, CancelMktData, ReqHistoricalData, CancelHistoricalData, PlaceOrder, CancelOrder,
    ReqOpenOrders, ReqAllOpenOrders, ReqAutoOpenOrders, ReqExecutions, ReqCompletedOrders,
    ReqGlobalCancel, ReqAccountUpdatesMulti, CancelAccountUpdatesMulti, ReqPositionsMulti>;

static_assert(MessageVariant<Request, Direction::kRequest>,
              "an id used twice, an incoming message among them, or an id above 1000");

Fields encode(const Request& request, int server_version);

namespace detail {
Fields encode_alternative(const AlternativePointer<Request>& request, int server_version);
}  // namespace detail

// The same for one request type, without copying it into a Request (the client's sender).
template <AlternativeOf<Request> M>
Fields encode(const M& request, int server_version) {
  return detail::encode_alternative(
      detail::AlternativePointer<Request>(std::in_place_type<const M*>, &request), server_version);
}

// The simulator's parser: unknown id -> kInvalidInput "unknown request id N"; missing fields,
// non-numeric numbers or extra fields -> kInvalidInput naming the request and the field.
core::Result<Request> decode_request(const Fields& fields, int server_version);

}  // namespace ep::tws
