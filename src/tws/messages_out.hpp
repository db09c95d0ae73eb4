// Client -> server requests of our subset (docs/tws-wire-protocol.md §6): one plain struct per
// request, encode(request, server_version) -> Fields for the client, and decode_request for the
// simulator (the inverse). Layouts are exact at server versions 176, 177 and 178. Pure
// functions; any thread.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "core/result.hpp"
#include "tws/contract.hpp"
#include "tws/field_writer.hpp"
#include "tws/frame.hpp"
#include "tws/order.hpp"

namespace ep::tws {

struct StartApi {
  int client_id = 0;
  std::string optional_capabilities;
  bool operator==(const StartApi&) const = default;
};
struct ReqCurrentTime {
  bool operator==(const ReqCurrentTime&) const = default;
};
struct ReqIds {
  int num_ids = 1;  // ignored by TWS
  bool operator==(const ReqIds&) const = default;
};
struct ReqManagedAccts {
  bool operator==(const ReqManagedAccts&) const = default;
};
struct ReqAccountUpdates {
  bool subscribe = true;
  std::string account;
  bool operator==(const ReqAccountUpdates&) const = default;
};
struct ReqAccountSummary {
  int req_id = 0;
  std::string group = "All";
  std::string tags;  // comma list, e.g. "NetLiquidation,TotalCashValue"
  bool operator==(const ReqAccountSummary&) const = default;
};
struct CancelAccountSummary {
  int req_id = 0;
  bool operator==(const CancelAccountSummary&) const = default;
};
struct ReqPositions {
  bool operator==(const ReqPositions&) const = default;
};
struct CancelPositions {
  bool operator==(const CancelPositions&) const = default;
};
struct ReqContractDetails {
  int req_id = 0;
  Contract contract;  // sec_id_type/sec_id are sent too
  bool include_expired = false;
  std::string issuer_id;
  bool operator==(const ReqContractDetails&) const = default;
};
struct ReqMarketDataType {
  int market_data_type = 1;  // 1 live, 2 frozen, 3 delayed, 4 delayed-frozen
  bool operator==(const ReqMarketDataType&) const = default;
};
struct ReqMktData {
  int req_id = 0;
  Contract contract;  // combo legs (BAG) and delta_neutral are sent when present
  std::string generic_tick_list;
  bool snapshot = false;
  bool regulatory_snapshot = false;
  TagValues options;
  bool operator==(const ReqMktData&) const = default;
};
struct CancelMktData {
  int req_id = 0;
  bool operator==(const CancelMktData&) const = default;
};
struct ReqHistoricalData {
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
  int req_id = 0;
  bool operator==(const CancelHistoricalData&) const = default;
};
struct PlaceOrder {
  Contract contract;
  Order order;  // order.order_id is the id on the wire
  bool operator==(const PlaceOrder&) const = default;
};
struct CancelOrder {
  std::int64_t order_id = 0;
  std::string manual_order_cancel_time;
  bool operator==(const CancelOrder&) const = default;
};
struct ReqOpenOrders {
  bool operator==(const ReqOpenOrders&) const = default;
};
struct ReqAllOpenOrders {
  bool operator==(const ReqAllOpenOrders&) const = default;
};
struct ReqAutoOpenOrders {
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
  int req_id = 0;
  ExecutionFilter filter;
  bool operator==(const ReqExecutions&) const = default;
};
struct ReqCompletedOrders {
  bool api_only = false;
  bool operator==(const ReqCompletedOrders&) const = default;
};
struct ReqGlobalCancel {
  bool operator==(const ReqGlobalCancel&) const = default;
};
struct ReqAccountUpdatesMulti {
  int req_id = 0;
  std::string account;
  std::string model_code;
  bool ledger_and_nlv = false;
  bool operator==(const ReqAccountUpdatesMulti&) const = default;
};
struct CancelAccountUpdatesMulti {
  int req_id = 0;
  bool operator==(const CancelAccountUpdatesMulti&) const = default;
};
struct ReqPositionsMulti {
  int req_id = 0;
  std::string account;
  std::string model_code;
  bool operator==(const ReqPositionsMulti&) const = default;
};

Fields encode(const StartApi& m, int server_version);
Fields encode(const ReqCurrentTime& m, int server_version);
Fields encode(const ReqIds& m, int server_version);
Fields encode(const ReqManagedAccts& m, int server_version);
Fields encode(const ReqAccountUpdates& m, int server_version);
Fields encode(const ReqAccountSummary& m, int server_version);
Fields encode(const CancelAccountSummary& m, int server_version);
Fields encode(const ReqPositions& m, int server_version);
Fields encode(const CancelPositions& m, int server_version);
Fields encode(const ReqContractDetails& m, int server_version);
Fields encode(const ReqMarketDataType& m, int server_version);
Fields encode(const ReqMktData& m, int server_version);
Fields encode(const CancelMktData& m, int server_version);
Fields encode(const ReqHistoricalData& m, int server_version);
Fields encode(const CancelHistoricalData& m, int server_version);
Fields encode(const PlaceOrder& m, int server_version);
Fields encode(const CancelOrder& m, int server_version);
Fields encode(const ReqOpenOrders& m, int server_version);
Fields encode(const ReqAllOpenOrders& m, int server_version);
Fields encode(const ReqAutoOpenOrders& m, int server_version);
Fields encode(const ReqExecutions& m, int server_version);
Fields encode(const ReqCompletedOrders& m, int server_version);
Fields encode(const ReqGlobalCancel& m, int server_version);
Fields encode(const ReqAccountUpdatesMulti& m, int server_version);
Fields encode(const CancelAccountUpdatesMulti& m, int server_version);
Fields encode(const ReqPositionsMulti& m, int server_version);

using Request = std::variant<
    StartApi, ReqCurrentTime, ReqIds, ReqManagedAccts, ReqAccountUpdates, ReqAccountSummary,
    CancelAccountSummary, ReqPositions, CancelPositions, ReqContractDetails, ReqMarketDataType,
    ReqMktData, CancelMktData, ReqHistoricalData, CancelHistoricalData, PlaceOrder, CancelOrder,
    ReqOpenOrders, ReqAllOpenOrders, ReqAutoOpenOrders, ReqExecutions, ReqCompletedOrders,
    ReqGlobalCancel, ReqAccountUpdatesMulti, CancelAccountUpdatesMulti, ReqPositionsMulti>;

Fields encode(const Request& request, int server_version);

// The simulator's parser: unknown id -> kInvalidInput "unknown request id N"; missing fields,
// non-numeric numbers or extra fields -> kInvalidInput naming the request and the field.
core::Result<Request> decode_request(const Fields& fields, int server_version);

}  // namespace ep::tws
