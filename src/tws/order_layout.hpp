// Internal to the codec: order blocks shared by the placeOrder, openOrder and completedOrder
// layouts (see layout_io.hpp): runs of fields the messages share, and the conditional
// delta-neutral, scale, PEG BENCH and condition blocks. A conditional block appears on the wire
// only under its condition, read from values already walked.
#pragma once

#include <cmath>
#include <optional>

#include "tws/contract_layout.hpp"
#include "tws/layout_io.hpp"
#include "tws/order.hpp"
#include "tws/server_versions.hpp"

namespace ep::tws::detail {

// The 11 fields that open every order layout (placeOrder, openOrder, completedOrder) after the
// contract: what, how many, how priced, for how long and whose.
template <class Io, class O>
void order_head(Io& io, O& o) {
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
}

// Financial-adviser allocation: faProfile only below server version 177.
template <class Io, class O>
void fa_block(Io& io, O& o) {
  io(o.fa_group, "faGroup");
  io(o.fa_method, "faMethod");
  io(o.fa_percentage, "faPercentage");
  if (io.server_version() < kVersionFaProfileDesupport) io(o.fa_profile, "faProfile");
}

// The order's regulatory and routing fields as TWS reports them (openOrder, completedOrder).
template <class Io, class O>
void reported_rule_block(Io& io, O& o) {
  io(o.model_code, "modelCode");
  io(o.good_till_date, "goodTillDate");
  io(o.rule80a, "rule80A");
  io(o.percent_offset, "percentOffset");
  io(o.settling_firm, "settlingFirm");
  io(o.short_sale_slot, "shortSaleSlot");
  io(o.designated_location, "designatedLocation");
  io(o.exempt_code, "exemptCode");
}

// BOX auction and option stock-range fields, in every order layout.
template <class Io, class O>
void stock_range_block(Io& io, O& o) {
  io(o.starting_price, "startingPrice");
  io(o.stock_ref_price, "stockRefPrice");
  io(o.delta, "delta");
  io(o.stock_range_lower, "stockRangeLower");
  io(o.stock_range_upper, "stockRangeUpper");
}

// Volatility order fields up to the delta-neutral order type and aux price; the delta-neutral
// fields that follow differ by message.
template <class Io, class O>
void volatility_head(Io& io, O& o) {
  io(o.volatility, "volatility");
  io(o.volatility_type, "volatilityType");
  io(o.delta_neutral_order_type, "deltaNeutralOrderType");
  io(o.delta_neutral_aux_price, "deltaNeutralAuxPrice");
}

// After the delta-neutral fields, in every order layout.
template <class Io, class O>
void volatility_tail(Io& io, O& o) {
  io(o.continuous_update, "continuousUpdate");
  io(o.reference_price_type, "referencePriceType");
  io(o.trail_stop_price, "trailStopPrice");
  io(o.trailing_percent, "trailingPercent");
}

// Clearing, the delta-neutral contract and the algo with its parameters, in every order layout.
template <class Io, class O, class C>
void clearing_and_algo(Io& io, O& o, C& c) {
  io(o.clearing_account, "clearingAccount");
  io(o.clearing_intent, "clearingIntent");
  io(o.not_held, "notHeld");
  delta_neutral_contract(io, c);
  io(o.algo_strategy, "algoStrategy");
  if (!o.algo_strategy.empty()) tag_value_pairs(io, o.algo_params, "algoParamsCount");
}

// TWS repeats trailStopPrice after the conditions (max double when unset; a set value wins),
// then lmtPriceOffset (openOrder, completedOrder).
template <class Io, class O>
void reported_trail_repeat(Io& io, O& o) {
  std::optional<double> trail_stop_again = o.trail_stop_price;
  io.java_max(trail_stop_again, "trailStopPrice(2)");
  if constexpr (Io::kReading) {
    if (trail_stop_again) o.trail_stop_price = trail_stop_again;
  }
  io.java_max(o.lmt_price_offset, "lmtPriceOffset");
}

// dontUseAutoPriceForHedge to autoCancelParent, as placeOrder sends and openOrder reports them.
template <class Io, class O>
void hedge_to_cancel_parent_block(Io& io, O& o) {
  io(o.dont_use_auto_price_for_hedge, "dontUseAutoPriceForHedge");
  io(o.is_oms_container, "isOmsContainer");
  io(o.discretionary_up_to_limit_price, "discretionaryUpToLimitPrice");
  io(o.use_price_mgmt_algo, "usePriceMgmtAlgo");
  io(o.duration, "duration");
  io(o.post_to_ats, "postToAts");
  io(o.auto_cancel_parent, "autoCancelParent");
}

// The last five fields of openOrder and completedOrder (server version 170 and up).
template <class Io, class O>
void reported_peg_tail(Io& io, O& o) {
  io(o.min_trade_qty, "minTradeQty");
  io(o.min_compete_size, "minCompeteSize");
  io(o.compete_against_best_offset, "competeAgainstBestOffset");
  io(o.mid_offset_at_whole, "midOffsetAtWhole");
  io(o.mid_offset_at_half, "midOffsetAtHalf");
}

// Fields per condition after the type code, conjunction included (IB's OrderCondition
// classes): price 6, time 3, margin 3, execution 4, volume 5, percent change 5.
inline int condition_field_count(int type) {
  switch (type) {
    case 1:
      return 6;
    case 3:
      return 3;
    case 4:
      return 3;
    case 5:
      return 4;
    case 6:
      return 5;
    case 7:
      return 5;
    default:
      return -1;
  }
}

template <class Io, class O>
void order_conditions(Io& io, O& o) {
  const std::size_t n = io.count(o.conditions, "conditionsCount");
  for (std::size_t i = 0; i < n && io.ok(); ++i) {
    auto& condition = o.conditions[i];
    io(condition.type, "condition.type");
    [[maybe_unused]] const int count = condition_field_count(condition.type);
    if constexpr (Io::kReading) {
      if (count < 0) {
        io.fail("condition.type", "is an unknown order condition type");
        return;
      }
      condition.fields.resize(static_cast<std::size_t>(count));
    }
    for (auto& field : condition.fields) io(field, "condition.field");
  }
  if (n > 0) {
    io(o.conditions_ignore_rth, "conditionsIgnoreRth");
    io(o.conditions_cancel_order, "conditionsCancelOrder");
  }
}

// The 8 delta-neutral fields of placeOrder/openOrder, present when the order type is non-empty.
template <class Io, class O>
void delta_neutral_order_full(Io& io, O& o) {
  if (o.delta_neutral_order_type.empty()) return;
  io(o.delta_neutral_con_id, "deltaNeutralConId");
  io(o.delta_neutral_settling_firm, "deltaNeutralSettlingFirm");
  io(o.delta_neutral_clearing_account, "deltaNeutralClearingAccount");
  io(o.delta_neutral_clearing_intent, "deltaNeutralClearingIntent");
  io(o.delta_neutral_open_close, "deltaNeutralOpenClose");
  io(o.delta_neutral_short_sale, "deltaNeutralShortSale");
  io(o.delta_neutral_short_sale_slot, "deltaNeutralShortSaleSlot");
  io(o.delta_neutral_designated_location, "deltaNeutralDesignatedLocation");
}

// scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement and, when the increment is set
// and positive, the 7 scale fields. TWS spells the unset sizes 2147483647 (tws_style).
template <class Io, class O>
void scale_block(Io& io, O& o, bool tws_style) {
  if (tws_style) {
    io.unset_int_max(o.scale_init_level_size, "scaleInitLevelSize");
    io.unset_int_max(o.scale_subs_level_size, "scaleSubsLevelSize");
  } else {
    io(o.scale_init_level_size, "scaleInitLevelSize");
    io(o.scale_subs_level_size, "scaleSubsLevelSize");
  }
  io(o.scale_price_increment, "scalePriceIncrement");
  if (o.scale_price_increment && *o.scale_price_increment > 0.0) {
    io(o.scale_price_adjust_value, "scalePriceAdjustValue");
    io(o.scale_price_adjust_interval, "scalePriceAdjustInterval");
    io(o.scale_profit_offset, "scaleProfitOffset");
    io(o.scale_auto_reset, "scaleAutoReset");
    io(o.scale_init_position, "scaleInitPosition");
    io(o.scale_init_fill_qty, "scaleInitFillQty");
    io(o.scale_random_percent, "scaleRandomPercent");
  }
}

inline bool is_peg_bench(const std::string& order_type) {
  return order_type == "PEG BENCH" || order_type == "PEGBENCH";
}

template <class Io, class O>
void peg_bench_block(Io& io, O& o) {
  if (!is_peg_bench(o.order_type)) return;
  io(o.reference_contract_id, "referenceContractId");
  io(o.is_pegged_change_amount_decrease, "isPeggedChangeAmountDecrease");
  io(o.pegged_change_amount, "peggedChangeAmount");
  io(o.reference_change_amount, "referenceChangeAmount");
  io(o.reference_exchange_id, "referenceExchangeId");
}

template <class Io, class O>
void hedge_block(Io& io, O& o) {
  io(o.hedge_type, "hedgeType");
  if (!o.hedge_type.empty()) io(o.hedge_param, "hedgeParam");
}

// A combo order's legs (full form), then its per-leg prices (a count, then one optional price
// per leg) and its smart-combo-routing parameters.
template <class Io, class C, class O>
void combo_order_block(Io& io, C& c, O& o) {
  combo_legs(io, c, /*with_order_fields=*/true);
  io.count(o.order_combo_leg_prices, "orderComboLegsCount");
  for (auto& price : o.order_combo_leg_prices) io(price, "orderComboLeg.price");
  tag_value_pairs(io, o.smart_combo_routing_params, "smartComboRoutingParamsCount");
}

// randomizeSize, randomizePrice, the PEG BENCH block and the conditions, in every order layout.
template <class Io, class O>
void randomize_peg_and_conditions(Io& io, O& o) {
  io(o.randomize_size, "randomizeSize");
  io(o.randomize_price, "randomizePrice");
  peg_bench_block(io, o);
  order_conditions(io, o);
}

}  // namespace ep::tws::detail
