// Simple requests (docs/tws-wire-protocol.md §6.1): session, account, positions, executions and
// order lists.
#pragma once

#include "tws/contract_layout.hpp"
#include "tws/layout_io.hpp"
#include "tws/messages_out.hpp"

namespace ep::tws::detail {

template <class Io, class M>
requires Is<M, StartApi>
void layout(Io& io, M& m) {
  io.version(2);
  io(m.client_id, "clientId");
  io(m.optional_capabilities, "optionalCapabilities");
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

}  // namespace ep::tws::detail
