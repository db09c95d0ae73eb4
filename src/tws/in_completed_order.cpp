// completedOrder (docs/tws-protocol.md §7.9): like openOrder without orderId, clientId, blockOrder,
// optOutSmartRouting, basisPoints and the margin block; a 4-field delta-neutral block; 100
// fields at 177/178 as TWS sends it, one more (faProfile) at 176.
#include "tws/contract_layout.hpp"
#include "tws/in_messages.hpp"
#include "tws/layout_io.hpp"
#include "tws/message_ids.hpp"
#include "tws/order_layout.hpp"

namespace ep::tws {
namespace detail {

template <class Io, class M> requires Is<M, CompletedOrder>
void layout(Io& io, M& m) {
  auto& c = m.contract;
  auto& o = m.order;
  io.reserve(112);
  contract_block11(io, c);
  io(o.action, "action");
  io(o.total_quantity, "totalQuantity");
  io(o.order_type, "orderType");
  io(o.lmt_price, "lmtPrice");
  io(o.aux_price, "auxPrice");
  io(o.tif, "tif");
  io(o.oca_group, "ocaGroup");
  io(o.account, "account");
  io(o.open_close, "openClose");
  io(o.origin, "origin");
  io(o.order_ref, "orderRef");
  io(o.perm_id, "permId");
  io(o.outside_rth, "outsideRth");
  io(o.hidden, "hidden");
  io(o.discretionary_amt, "discretionaryAmt");
  io(o.good_after_time, "goodAfterTime");
  io(o.fa_group, "faGroup");
  io(o.fa_method, "faMethod");
  io(o.fa_percentage, "faPercentage");
  if (io.server_version() < kVersionFaProfileDesupport) io(o.fa_profile, "faProfile");
  io(o.model_code, "modelCode");
  io(o.good_till_date, "goodTillDate");
  io(o.rule80a, "rule80A");
  io(o.percent_offset, "percentOffset");
  io(o.settling_firm, "settlingFirm");
  io(o.short_sale_slot, "shortSaleSlot");
  io(o.designated_location, "designatedLocation");
  io(o.exempt_code, "exemptCode");
  io(o.starting_price, "startingPrice");
  io(o.stock_ref_price, "stockRefPrice");
  io(o.delta, "delta");
  io(o.stock_range_lower, "stockRangeLower");
  io(o.stock_range_upper, "stockRangeUpper");
  io.unset_int_max(o.display_size, "displaySize");
  io(o.sweep_to_fill, "sweepToFill");
  io(o.all_or_none, "allOrNone");
  io(o.min_qty, "minQty");
  io(o.oca_type, "ocaType");
  io(o.trigger_method, "triggerMethod");
  io(o.volatility, "volatility");
  io(o.volatility_type, "volatilityType");
  io(o.delta_neutral_order_type, "deltaNeutralOrderType");
  io(o.delta_neutral_aux_price, "deltaNeutralAuxPrice");
  if (!o.delta_neutral_order_type.empty()) {
    io(o.delta_neutral_con_id, "deltaNeutralConId");
    io(o.delta_neutral_short_sale, "deltaNeutralShortSale");
    io(o.delta_neutral_short_sale_slot, "deltaNeutralShortSaleSlot");
    io(o.delta_neutral_designated_location, "deltaNeutralDesignatedLocation");
  }
  io(o.continuous_update, "continuousUpdate");
  io(o.reference_price_type, "referencePriceType");
  io(o.trail_stop_price, "trailStopPrice");
  io(o.trailing_percent, "trailingPercent");
  io(o.combo_legs_descrip, "comboLegsDescrip");
  combo_legs_full(io, c);
  order_combo_leg_prices(io, o);
  tag_value_pairs(io, o.smart_combo_routing_params, "smartComboRoutingParamsCount");
  scale_block(io, o, /*tws_style=*/true);
  hedge_block(io, o);
  io(o.clearing_account, "clearingAccount");
  io(o.clearing_intent, "clearingIntent");
  io(o.not_held, "notHeld");
  delta_neutral_contract(io, c);
  io(o.algo_strategy, "algoStrategy");
  if (!o.algo_strategy.empty()) tag_value_pairs(io, o.algo_params, "algoParamsCount");
  io(o.solicited, "solicited");
  io(m.state.status, "status");
  io(o.randomize_size, "randomizeSize");
  io(o.randomize_price, "randomizePrice");
  peg_bench_block(io, o);
  order_conditions(io, o);
  std::optional<double> trail_stop_again = o.trail_stop_price;  // repeated; a set value wins
  io.java_max(trail_stop_again, "trailStopPrice(2)");
  if constexpr (Io::kReading) {
    if (trail_stop_again) o.trail_stop_price = trail_stop_again;
  }
  io.java_max(o.lmt_price_offset, "lmtPriceOffset");
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
  io(o.min_trade_qty, "minTradeQty");
  io(o.min_compete_size, "minCompeteSize");
  io(o.compete_against_best_offset, "competeAgainstBestOffset");
  io(o.mid_offset_at_whole, "midOffsetAtWhole");
  io(o.mid_offset_at_half, "midOffsetAtHalf");
}

FamilyResult decode_completed_order_message(int id, const Fields& f, int v, Incoming& out,
                                   core::Error& error) {
  if (id != in_id::kCompletedOrder) return FamilyResult::kNotMine;
  return read_into<CompletedOrder>(f, "completedOrder", v, out, error);
}

}  // namespace detail

Fields encode(const CompletedOrder& m, int v) {
  return detail::write_message(in_id::kCompletedOrder, m, v);
}

}  // namespace ep::tws
