// openOrder (docs/tws-wire-protocol.md §7.8): the order, its contract and its state (status,
// what-if margins, commission). 135 fields at 177/178 as TWS sends it (deltaNeutralOrderType "None"
// brings the 8-field block), one more (faProfile) at 176.
#pragma once

#include "tws/contract_layout.hpp"
#include "tws/layout_io.hpp"
#include "tws/messages_in.hpp"
#include "tws/order_layout.hpp"

namespace ep::tws::detail {

template <class Io, class S>
void order_state_block(Io& io, S& s) {
  io(s.init_margin_before, "initMarginBefore");
  io(s.maint_margin_before, "maintMarginBefore");
  io(s.equity_with_loan_before, "equityWithLoanBefore");
  io(s.init_margin_change, "initMarginChange");
  io(s.maint_margin_change, "maintMarginChange");
  io(s.equity_with_loan_change, "equityWithLoanChange");
  io(s.init_margin_after, "initMarginAfter");
  io(s.maint_margin_after, "maintMarginAfter");
  io(s.equity_with_loan_after, "equityWithLoanAfter");
  io(s.commission, "commission");
  io(s.min_commission, "minCommission");
  io(s.max_commission, "maxCommission");
  io(s.commission_currency, "commissionCurrency");
  io(s.warning_text, "warningText");
}

template <class Io, class M>
requires Is<M, OpenOrder>
void layout(Io& io, M& m) {
  auto& c = m.contract;
  auto& o = m.order;
  io.reserve(144);
  io(o.order_id, "orderId");  // no version field at >= 145
  contract_block(io, c, Exchanges::kExchangeOnly);
  order_head(io, o);
  io(o.client_id, "clientId");
  io(o.perm_id, "permId");
  io(o.outside_rth, "outsideRth");
  io(o.hidden, "hidden");
  io(o.discretionary_amt, "discretionaryAmt");
  io(o.good_after_time, "goodAfterTime");
  io(o.shares_allocation, "sharesAllocation");
  fa_block(io, o);
  reported_rule_block(io, o);
  io(o.auction_strategy, "auctionStrategy");
  stock_range_block(io, o);
  io.unset_int_max(o.display_size, "displaySize");
  io(o.block_order, "blockOrder");
  io(o.sweep_to_fill, "sweepToFill");
  io(o.all_or_none, "allOrNone");
  io(o.min_qty, "minQty");
  io(o.oca_type, "ocaType");
  io(o.e_trade_only, "eTradeOnly");
  io(o.firm_quote_only, "firmQuoteOnly");
  io(o.nbbo_price_cap, "nbboPriceCap");
  io(o.parent_id, "parentId");
  io(o.trigger_method, "triggerMethod");
  volatility_head(io, o);
  delta_neutral_order_full(io, o);
  volatility_tail(io, o);
  io(o.basis_points, "basisPoints");
  io(o.basis_points_type, "basisPointsType");
  io(o.combo_legs_descrip, "comboLegsDescrip");
  combo_order_block(io, c, o);
  scale_block(io, o, /*tws_style=*/true);
  hedge_block(io, o);
  io(o.opt_out_smart_routing, "optOutSmartRouting");
  clearing_and_algo(io, o, c);
  io(o.solicited, "solicited");
  io(o.what_if, "whatIf");
  io(m.state.status, "status");
  order_state_block(io, m.state);
  randomize_peg_and_conditions(io, o);
  io(o.adjusted_order_type, "adjustedOrderType");
  io.java_max(o.trigger_price, "triggerPrice");
  reported_trail_repeat(io, o);
  io.java_max(o.adjusted_stop_price, "adjustedStopPrice");
  io.java_max(o.adjusted_stop_limit_price, "adjustedStopLimitPrice");
  io.java_max(o.adjusted_trailing_amount, "adjustedTrailingAmount");
  io(o.adjustable_trailing_unit, "adjustableTrailingUnit");
  io(o.soft_dollar_tier_name, "softDollarTier.name");
  io(o.soft_dollar_tier_value, "softDollarTier.value");
  io(o.soft_dollar_tier_display_name, "softDollarTier.displayName");
  io(o.cash_qty, "cashQty");
  hedge_to_cancel_parent_block(io, o);
  reported_peg_tail(io, o);
}

}  // namespace ep::tws::detail
