// Contract and market-data requests (docs/tws-wire-protocol.md §6.2-6.4): reqContractDetails,
// reqMktData, cancelMktData, reqMarketDataType, reqHistoricalData.
#pragma once

#include "tws/contract_layout.hpp"
#include "tws/layout_io.hpp"
#include "tws/messages_out.hpp"

namespace ep::tws::detail {

template <class Io, class M>
requires Is<M, ReqContractDetails>
void layout(Io& io, M& m) {
  io.version(8);
  io(m.req_id, "reqId");
  contract_block(io, m.contract, Exchanges::kBoth);
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
  contract_block(io, m.contract, Exchanges::kBoth);
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
  contract_block(io, m.contract, Exchanges::kBoth);
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

}  // namespace ep::tws::detail
