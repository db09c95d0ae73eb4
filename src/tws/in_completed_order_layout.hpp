// completedOrder (docs/tws-wire-protocol.md §7.9): like openOrder without orderId, clientId,
// blockOrder, optOutSmartRouting, basisPoints and the margin block; a 4-field delta-neutral block;
// 100 fields at 177/178 as TWS sends it, one more (faProfile) at 176.
#pragma once

#include "tws/contract_layout.hpp"
#include "tws/layout_io.hpp"
#include "tws/messages_in.hpp"
#include "tws/order_layout.hpp"

namespace ep::tws::detail {

template <class Io, class M>
requires Is<M, CompletedOrder>
void layout(Io& io, M& m) {
  auto& c = m.contract;
  auto& o = m.order;
  io.reserve(112);
  contract_block(io, c, Exchanges::kExchangeOnly);
  order_head(io, o);
  io(o.perm_id, "permId");
  io(o.outside_rth, "outsideRth");
  io(o.hidden, "hidden");
  io(o.discretionary_amt, "discretionaryAmt");
  io(o.good_after_time, "goodAfterTime");
  fa_block(io, o);
  reported_rule_block(io, o);
  stock_range_block(io, o);
  io.unset_int_max(o.display_size, "displaySize");
  io(o.sweep_to_fill, "sweepToFill");
  io(o.all_or_none, "allOrNone");
  io(o.min_qty, "minQty");
  io(o.oca_type, "ocaType");
  io(o.trigger_method, "triggerMethod");
  volatility_head(io, o);
  if (!o.delta_neutral_order_type.empty()) {
    io(o.delta_neutral_con_id, "deltaNeutralConId");
    io(o.delta_neutral_short_sale, "deltaNeutralShortSale");
    io(o.delta_neutral_short_sale_slot, "deltaNeutralShortSaleSlot");
    io(o.delta_neutral_designated_location, "deltaNeutralDesignatedLocation");
  }
  volatility_tail(io, o);
  io(o.combo_legs_descrip, "comboLegsDescrip");
  combo_order_block(io, c, o);
  scale_block(io, o, /*tws_style=*/true);
  hedge_block(io, o);
  clearing_and_algo(io, o, c);
  io(o.solicited, "solicited");
  io(m.state.status, "status");
  randomize_peg_and_conditions(io, o);
  reported_trail_repeat(io, o);
  io(o.cash_qty, "cashQty");
  io(o.dont_use_auto_price_for_hedge, "dontUseAutoPriceForHedge");
  io(o.is_oms_container, "isOmsContainer");
  io(o.auto_cancel_date, "autoCancelDate");
  io(o.filled_quantity, "filledQuantity");
  io.unset_int_max(o.ref_futures_con_id, "refFuturesConId");
  io(o.auto_cancel_parent, "autoCancelParent");
  io(o.shareholder, "shareholder");
  io(o.imbalance_only, "imbalanceOnly");
  io(o.route_marketable_to_bbo, "routeMarketableToBbo");
  io(o.parent_perm_id, "parentPermId");
  io(m.state.completed_time, "completedTime");
  io(m.state.completed_status, "completedStatus");
  reported_peg_tail(io, o);
}

}  // namespace ep::tws::detail
