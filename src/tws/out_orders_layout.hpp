// Order requests (docs/tws-wire-protocol.md §6.5, §6.6): placeOrder with its complete field list
// (faProfile only below 177), cancelOrder.
#pragma once

#include "tws/contract_layout.hpp"
#include "tws/layout_io.hpp"
#include "tws/messages_out.hpp"
#include "tws/order_layout.hpp"

namespace ep::tws::detail {

template <class Io, class M>
requires Is<M, PlaceOrder>
void layout(Io& io, M& m) {
  auto& c = m.contract;
  auto& o = m.order;
  io.reserve(128);
  io(o.order_id, "orderId");  // no version field at >= 145
  contract_block(io, c, Exchanges::kBoth);
  io(c.sec_id_type, "secIdType");
  io(c.sec_id, "secId");
  order_head(io, o);
  io(o.transmit, "transmit");
  io(o.parent_id, "parentId");
  io(o.block_order, "blockOrder");
  io(o.sweep_to_fill, "sweepToFill");
  io(o.display_size, "displaySize");
  io(o.trigger_method, "triggerMethod");
  io(o.outside_rth, "outsideRth");
  io(o.hidden, "hidden");
  if (c.sec_type == "BAG") combo_order_block(io, c, o);
  std::string shares_allocation;  // deprecated: always sent empty
  io(shares_allocation, "sharesAllocation");
  io(o.discretionary_amt, "discretionaryAmt");
  io(o.good_after_time, "goodAfterTime");
  io(o.good_till_date, "goodTillDate");
  fa_block(io, o);
  io(o.model_code, "modelCode");
  io(o.short_sale_slot, "shortSaleSlot");
  io(o.designated_location, "designatedLocation");
  io(o.exempt_code, "exemptCode");
  io(o.oca_type, "ocaType");
  io(o.rule80a, "rule80A");
  io(o.settling_firm, "settlingFirm");
  io(o.all_or_none, "allOrNone");
  io(o.min_qty, "minQty");
  io(o.percent_offset, "percentOffset");
  io(o.e_trade_only, "eTradeOnly");
  io(o.firm_quote_only, "firmQuoteOnly");
  io(o.nbbo_price_cap, "nbboPriceCap");
  io(o.auction_strategy, "auctionStrategy");
  stock_range_block(io, o);
  io(o.override_percentage_constraints, "overridePercentageConstraints");
  volatility_head(io, o);
  delta_neutral_order_full(io, o);
  volatility_tail(io, o);
  scale_block(io, o, /*tws_style=*/false);
  io(o.scale_table, "scaleTable");
  io(o.active_start_time, "activeStartTime");
  io(o.active_stop_time, "activeStopTime");
  hedge_block(io, o);
  io(o.opt_out_smart_routing, "optOutSmartRouting");
  clearing_and_algo(io, o, c);
  io(o.algo_id, "algoId");
  io(o.what_if, "whatIf");
  io(o.order_misc_options, "orderMiscOptions");
  io(o.solicited, "solicited");
  randomize_peg_and_conditions(io, o);
  io(o.adjusted_order_type, "adjustedOrderType");
  io(o.trigger_price, "triggerPrice");
  io(o.lmt_price_offset, "lmtPriceOffset");
  io(o.adjusted_stop_price, "adjustedStopPrice");
  io(o.adjusted_stop_limit_price, "adjustedStopLimitPrice");
  io(o.adjusted_trailing_amount, "adjustedTrailingAmount");
  io(o.adjustable_trailing_unit, "adjustableTrailingUnit");
  io(o.ext_operator, "extOperator");
  io(o.soft_dollar_tier_name, "softDollarTier.name");
  io(o.soft_dollar_tier_value, "softDollarTier.value");
  io(o.cash_qty, "cashQty");
  io(o.mifid2_decision_maker, "mifid2DecisionMaker");
  io(o.mifid2_decision_algo, "mifid2DecisionAlgo");
  io(o.mifid2_execution_trader, "mifid2ExecutionTrader");
  io(o.mifid2_execution_algo, "mifid2ExecutionAlgo");
  hedge_to_cancel_parent_block(io, o);
  io(o.advanced_error_override, "advancedErrorOverride");
  io(o.manual_order_time, "manualOrderTime");
  // >= 170: a conditional tail (IBKRATS, PEG BEST, PEG MID only).
  if (c.exchange == "IBKRATS") io(o.min_trade_qty, "minTradeQty");
  if (o.order_type == "PEG BEST") {
    io(o.min_compete_size, "minCompeteSize");
    io(o.compete_against_best_offset, "competeAgainstBestOffset");
    // "Up to mid" (an infinite offset) adds the mid offsets; unsupported: our reader maps
    // "Infinity" to unset, so such an order keeps its tail only if both agree.
  } else if (o.order_type == "PEG MID") {
    io(o.mid_offset_at_whole, "midOffsetAtWhole");
    io(o.mid_offset_at_half, "midOffsetAtHalf");
  }
}

template <class Io, class M>
requires Is<M, CancelOrder>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.order_id, "orderId");
  io(m.manual_order_cancel_time, "manualOrderCancelTime");  // 169 <= v < 187
}

}  // namespace ep::tws::detail
