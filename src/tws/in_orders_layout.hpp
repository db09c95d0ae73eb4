// Order and execution messages (docs/tws-wire-protocol.md §7.1, §7.7, §7.10): orderStatus,
// execDetails(+End), commissionReport, openOrderEnd, orderBound, completedOrdersEnd.
#pragma once

#include "tws/contract_layout.hpp"
#include "tws/layout_io.hpp"
#include "tws/messages_in.hpp"
#include "tws/server_versions.hpp"

namespace ep::tws::detail {

template <class Io, class M>
requires Is<M, OrderStatus>
void layout(Io& io, M& m) {
  io(m.order_id, "orderId");  // no version field at >= 131
  io(m.status, "status");
  io(m.filled, "filled");
  io(m.remaining, "remaining");
  io(m.avg_fill_price, "avgFillPrice");
  io(m.perm_id, "permId");
  io(m.parent_id, "parentId");
  io(m.last_fill_price, "lastFillPrice");
  io(m.client_id, "clientId");
  io(m.why_held, "whyHeld");
  io(m.mkt_cap_price, "mktCapPrice");
}
template <class Io, class M>
requires Is<M, ExecDetails>
void layout(Io& io, M& m) {
  auto& e = m.execution;
  io(m.req_id, "reqId");  // no version field at >= 136
  io(e.order_id, "orderId");
  contract_block(io, m.contract, Exchanges::kExchangeOnly);
  io(e.exec_id, "execId");
  io(e.time, "time");
  io(e.acct_number, "acctNumber");
  io(e.exchange, "exchange");
  io(e.side, "side");
  io(e.shares, "shares");
  io(e.price, "price");
  io(e.perm_id, "permId");
  io(e.client_id, "clientId");
  io(e.liquidation, "liquidation");
  io(e.cum_qty, "cumQty");
  io(e.avg_price, "avgPrice");
  io(e.order_ref, "orderRef");
  io(e.ev_rule, "evRule");
  io(e.ev_multiplier, "evMultiplier");
  io(e.model_code, "modelCode");
  io(e.last_liquidity, "lastLiquidity");
  if (io.server_version() >= kVersionPendingPriceRevision) {
    io(e.pending_price_revision, "pendingPriceRevision");
  }
}
template <class Io, class M>
requires Is<M, CommissionReport>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.exec_id, "execId");
  io(m.commission, "commission");
  io(m.currency, "currency");
  io.java_max(m.realized_pnl, "realizedPNL");
  io.java_max(m.yield, "yield");
  io(m.yield_redemption_date, "yieldRedemptionDate");
}
template <class Io, class M>
requires Is<M, CompletedOrdersEnd>
void layout(Io& /*io*/, M& /*m*/) {}  // the id only
template <class Io, class M>
requires Is<M, OrderBound>
void layout(Io& io, M& m) {
  io(m.perm_id, "permId");  // no version field
  io(m.api_client_id, "apiClientId");
  io(m.api_order_id, "apiOrderId");
}

}  // namespace ep::tws::detail
