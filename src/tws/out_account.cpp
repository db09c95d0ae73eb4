// Simple requests (docs/tws-wire-protocol.md §6.1): session, account, positions, executions and
// order lists.
#include "tws/contract_layout.hpp"
#include "tws/layout_io.hpp"
#include "tws/message_ids.hpp"
#include "tws/out_requests.hpp"

namespace ep::tws {
namespace detail {

template <class Io, class M>
requires Is<M, StartApi>
void layout(Io& io, M& m) {
  io.version(2);
  io(m.client_id, "clientId");
  io(m.optional_capabilities, "optionalCapabilities");
}
// Requests that are just an id and version 1.
template <class Io, class M>
requires(Is<M, ReqCurrentTime> || Is<M, ReqManagedAccts> || Is<M, ReqPositions> ||
         Is<M, CancelPositions> || Is<M, ReqOpenOrders> || Is<M, ReqAllOpenOrders> ||
         Is<M, ReqGlobalCancel>) void layout(Io& io, M& /*m*/) {
  io.version(1);
}
template <class Io, class M>
requires Is<M, ReqIds>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.num_ids, "numIds");
}
template <class Io, class M>
requires Is<M, ReqAccountUpdates>
void layout(Io& io, M& m) {
  io.version(2);
  io(m.subscribe, "subscribe");
  io(m.account, "acctCode");
}
template <class Io, class M>
requires Is<M, ReqAccountSummary>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.req_id, "reqId");
  io(m.group, "groupName");
  io(m.tags, "tags");
}
// Cancels that carry version 1 and a request id.
template <class Io, class M>
requires(Is<M, CancelAccountSummary> || Is<M, CancelHistoricalData> ||
         Is<M, CancelAccountUpdatesMulti>) void layout(Io& io, M& m) {
  io.version(1);
  io(m.req_id, "reqId");
}
template <class Io, class M>
requires Is<M, ReqAutoOpenOrders>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.auto_bind, "autoBind");
}
template <class Io, class M>
requires Is<M, ReqExecutions>
void layout(Io& io, M& m) {
  io.version(3);
  io(m.req_id, "reqId");
  io(m.filter.client_id, "clientId");
  io(m.filter.account, "acctCode");
  io(m.filter.time, "time");
  io(m.filter.symbol, "symbol");
  io(m.filter.sec_type, "secType");
  io(m.filter.exchange, "exchange");
  io(m.filter.side, "side");
}
template <class Io, class M>
requires Is<M, ReqCompletedOrders>
void layout(Io& io, M& m) {
  io(m.api_only, "apiOnly");  // no version field
}
template <class Io, class M>
requires Is<M, ReqAccountUpdatesMulti>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.req_id, "reqId");
  io(m.account, "account");
  io(m.model_code, "modelCode");
  io(m.ledger_and_nlv, "ledgerAndNLV");
}
template <class Io, class M>
requires Is<M, ReqPositionsMulti>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.req_id, "reqId");
  io(m.account, "account");
  io(m.model_code, "modelCode");
}

namespace {
template <class M>
core::Result<Request> as_request(const Fields& fields, std::string_view name, int version) {
  auto m = read_message<M>(fields, name, version);
  if (!m) return m.error();
  return Request(std::move(m).value());
}
}  // namespace

std::optional<core::Result<Request>> decode_simple_request(int id, const Fields& f, int v) {
  switch (id) {
    case out_id::kStartApi:
      return as_request<StartApi>(f, "startApi", v);
    case out_id::kReqCurrentTime:
      return as_request<ReqCurrentTime>(f, "reqCurrentTime", v);
    case out_id::kReqIds:
      return as_request<ReqIds>(f, "reqIds", v);
    case out_id::kReqManagedAccts:
      return as_request<ReqManagedAccts>(f, "reqManagedAccts", v);
    case out_id::kReqAccountUpdates:
      return as_request<ReqAccountUpdates>(f, "reqAccountUpdates", v);
    case out_id::kReqAccountSummary:
      return as_request<ReqAccountSummary>(f, "reqAccountSummary", v);
    case out_id::kCancelAccountSummary:
      return as_request<CancelAccountSummary>(f, "cancelAccountSummary", v);
    case out_id::kReqPositions:
      return as_request<ReqPositions>(f, "reqPositions", v);
    case out_id::kCancelPositions:
      return as_request<CancelPositions>(f, "cancelPositions", v);
    case out_id::kCancelHistoricalData:
      return as_request<CancelHistoricalData>(f, "cancelHistoricalData", v);
    case out_id::kReqOpenOrders:
      return as_request<ReqOpenOrders>(f, "reqOpenOrders", v);
    case out_id::kReqAllOpenOrders:
      return as_request<ReqAllOpenOrders>(f, "reqAllOpenOrders", v);
    case out_id::kReqAutoOpenOrders:
      return as_request<ReqAutoOpenOrders>(f, "reqAutoOpenOrders", v);
    case out_id::kReqExecutions:
      return as_request<ReqExecutions>(f, "reqExecutions", v);
    case out_id::kReqCompletedOrders:
      return as_request<ReqCompletedOrders>(f, "reqCompletedOrders", v);
    case out_id::kReqGlobalCancel:
      return as_request<ReqGlobalCancel>(f, "reqGlobalCancel", v);
    case out_id::kReqAccountUpdatesMulti:
      return as_request<ReqAccountUpdatesMulti>(f, "reqAccountUpdatesMulti", v);
    case out_id::kCancelAccountUpdatesMulti:
      return as_request<CancelAccountUpdatesMulti>(f, "cancelAccountUpdatesMulti", v);
    case out_id::kReqPositionsMulti:
      return as_request<ReqPositionsMulti>(f, "reqPositionsMulti", v);
    default:
      return std::nullopt;
  }
}

}  // namespace detail

Fields encode(const StartApi& m, int v) {
  return detail::write_message(out_id::kStartApi, m, v);
}
Fields encode(const ReqCurrentTime& m, int v) {
  return detail::write_message(out_id::kReqCurrentTime, m, v);
}
Fields encode(const ReqIds& m, int v) {
  return detail::write_message(out_id::kReqIds, m, v);
}
Fields encode(const ReqManagedAccts& m, int v) {
  return detail::write_message(out_id::kReqManagedAccts, m, v);
}
Fields encode(const ReqAccountUpdates& m, int v) {
  return detail::write_message(out_id::kReqAccountUpdates, m, v);
}
Fields encode(const ReqAccountSummary& m, int v) {
  return detail::write_message(out_id::kReqAccountSummary, m, v);
}
Fields encode(const CancelAccountSummary& m, int v) {
  return detail::write_message(out_id::kCancelAccountSummary, m, v);
}
Fields encode(const ReqPositions& m, int v) {
  return detail::write_message(out_id::kReqPositions, m, v);
}
Fields encode(const CancelPositions& m, int v) {
  return detail::write_message(out_id::kCancelPositions, m, v);
}
Fields encode(const CancelHistoricalData& m, int v) {
  return detail::write_message(out_id::kCancelHistoricalData, m, v);
}
Fields encode(const ReqOpenOrders& m, int v) {
  return detail::write_message(out_id::kReqOpenOrders, m, v);
}
Fields encode(const ReqAllOpenOrders& m, int v) {
  return detail::write_message(out_id::kReqAllOpenOrders, m, v);
}
Fields encode(const ReqAutoOpenOrders& m, int v) {
  return detail::write_message(out_id::kReqAutoOpenOrders, m, v);
}
Fields encode(const ReqExecutions& m, int v) {
  return detail::write_message(out_id::kReqExecutions, m, v);
}
Fields encode(const ReqCompletedOrders& m, int v) {
  return detail::write_message(out_id::kReqCompletedOrders, m, v);
}
Fields encode(const ReqGlobalCancel& m, int v) {
  return detail::write_message(out_id::kReqGlobalCancel, m, v);
}
Fields encode(const ReqAccountUpdatesMulti& m, int v) {
  return detail::write_message(out_id::kReqAccountUpdatesMulti, m, v);
}
Fields encode(const CancelAccountUpdatesMulti& m, int v) {
  return detail::write_message(out_id::kCancelAccountUpdatesMulti, m, v);
}
Fields encode(const ReqPositionsMulti& m, int v) {
  return detail::write_message(out_id::kReqPositionsMulti, m, v);
}

}  // namespace ep::tws
