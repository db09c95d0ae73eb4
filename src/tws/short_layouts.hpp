// Internal to the codec: the layouts of the messages of both directions whose body is a version
// 1 and at most a request id (end markers, cancels, list requests; docs/tws-wire-protocol.md
// §6.1, §7): one definition per wire shape.
#pragma once

#include "tws/layout_io.hpp"
#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"

namespace ep::tws::detail {

template <class Io, class M>
requires IsOneOf<M, PositionEnd, OpenOrderEnd, ReqCurrentTime, ReqManagedAccts, ReqPositions,
                 CancelPositions, ReqOpenOrders, ReqAllOpenOrders, ReqGlobalCancel>
void layout(Io& io, M& /*m*/) {
  io.version(1);
}

template <class Io, class M>
requires IsOneOf<M, TickSnapshotEnd, ContractDetailsEnd, ExecDetailsEnd, AccountSummaryEnd,
                 PositionMultiEnd, AccountUpdateMultiEnd, CancelAccountSummary,
                 CancelHistoricalData, CancelAccountUpdatesMulti>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.req_id, "reqId");
}

}  // namespace ep::tws::detail
