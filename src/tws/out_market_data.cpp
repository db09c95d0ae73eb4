// Contract and market-data requests (docs/tws-wire-protocol.md §6.2-6.4): reqContractDetails,
// reqMktData, cancelMktData, reqMarketDataType, reqHistoricalData.
#include "tws/contract_layout.hpp"
#include "tws/layout_io.hpp"
#include "tws/message_ids.hpp"
#include "tws/out_requests.hpp"

namespace ep::tws {
namespace detail {

template <class Io, class M>
requires Is<M, ReqContractDetails>
void layout(Io& io, M& m) {
  io.version(8);
  io(m.req_id, "reqId");
  contract_block12(io, m.contract);
  io(m.include_expired, "includeExpired");
  io(m.contract.sec_id_type, "secIdType");
  io(m.contract.sec_id, "secId");
  io(m.issuer_id, "issuerId");  // >= 176
}
template <class Io, class M>
requires Is<M, ReqMarketDataType>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.market_data_type, "marketDataType");
}
template <class Io, class M>
requires Is<M, ReqMktData>
void layout(Io& io, M& m) {
  io.version(11);
  io(m.req_id, "reqId");
  contract_block12(io, m.contract);
  combo_legs_short(io, m.contract);
  delta_neutral_contract(io, m.contract);
  io(m.generic_tick_list, "genericTickList");
  io(m.snapshot, "snapshot");
  io(m.regulatory_snapshot, "regulatorySnapshot");
  io(m.options, "mktDataOptions");
}
template <class Io, class M>
requires Is<M, CancelMktData>
void layout(Io& io, M& m) {
  io.version(2);
  io(m.req_id, "reqId");
}
template <class Io, class M>
requires Is<M, ReqHistoricalData>
void layout(Io& io, M& m) {
  // No version field at >= 124; bar size travels before duration.
  io(m.req_id, "reqId");
  contract_block12(io, m.contract);
  io(m.include_expired, "includeExpired");
  io(m.end_date_time, "endDateTime");
  io(m.bar_size, "barSizeSetting");
  io(m.duration, "durationStr");
  io(m.use_rth, "useRTH");
  io(m.what_to_show, "whatToShow");
  io(m.format_date, "formatDate");
  combo_legs_short(io, m.contract);
  io(m.keep_up_to_date, "keepUpToDate");
  io(m.chart_options, "chartOptions");
}

namespace {
template <class M>
core::Result<Request> as_request(const Fields& fields, std::string_view name, int version) {
  auto m = read_message<M>(fields, name, version);
  if (!m) return m.error();
  return Request(std::move(m).value());
}
}  // namespace

std::optional<core::Result<Request>> decode_market_data_request(int id, const Fields& f, int v) {
  switch (id) {
    case out_id::kReqContractDetails:
      return as_request<ReqContractDetails>(f, "reqContractDetails", v);
    case out_id::kReqMarketDataType:
      return as_request<ReqMarketDataType>(f, "reqMarketDataType", v);
    case out_id::kReqMktData:
      return as_request<ReqMktData>(f, "reqMktData", v);
    case out_id::kCancelMktData:
      return as_request<CancelMktData>(f, "cancelMktData", v);
    case out_id::kReqHistoricalData:
      return as_request<ReqHistoricalData>(f, "reqHistoricalData", v);
    default:
      return std::nullopt;
  }
}

}  // namespace detail

Fields encode(const ReqContractDetails& m, int v) {
  return detail::write_message(out_id::kReqContractDetails, m, v);
}
Fields encode(const ReqMarketDataType& m, int v) {
  return detail::write_message(out_id::kReqMarketDataType, m, v);
}
Fields encode(const ReqMktData& m, int v) {
  return detail::write_message(out_id::kReqMktData, m, v);
}
Fields encode(const CancelMktData& m, int v) {
  return detail::write_message(out_id::kCancelMktData, m, v);
}
Fields encode(const ReqHistoricalData& m, int v) {
  return detail::write_message(out_id::kReqHistoricalData, m, v);
}

}  // namespace ep::tws
