// Internal to the codec: the contract blocks shared by several layouts (see layout_io.hpp).
// The blocks differ per message: requests send 12 fields with both exchanges, positions/orders/
// executions 11 with the exchange only, portfolio 11 with the primary exchange only.
#pragma once

#include "tws/contract.hpp"
#include "tws/layout_io.hpp"

namespace ep::tws::detail {

// conId, symbol, secType, lastTradeDateOrContractMonth, strike, right, multiplier, exchange,
// primaryExchange, currency, localSymbol, tradingClass (docs/tws-wire-protocol.md §2.5).
template <class Io, class C>
void contract_block12(Io& io, C& c) {
  io(c.con_id, "conId");
  io(c.symbol, "symbol");
  io(c.sec_type, "secType");
  io(c.last_trade_date, "lastTradeDateOrContractMonth");
  io(c.strike, "strike");
  io(c.right, "right");
  io(c.multiplier, "multiplier");
  io(c.exchange, "exchange");
  io(c.primary_exchange, "primaryExchange");
  io(c.currency, "currency");
  io(c.local_symbol, "localSymbol");
  io(c.trading_class, "tradingClass");
}

// The same without primaryExchange (position, openOrder, completedOrder, execDetails).
template <class Io, class C>
void contract_block11(Io& io, C& c) {
  io(c.con_id, "conId");
  io(c.symbol, "symbol");
  io(c.sec_type, "secType");
  io(c.last_trade_date, "lastTradeDateOrContractMonth");
  io(c.strike, "strike");
  io(c.right, "right");
  io(c.multiplier, "multiplier");
  io(c.exchange, "exchange");
  io(c.currency, "currency");
  io(c.local_symbol, "localSymbol");
  io(c.trading_class, "tradingClass");
}

// Combo legs as reqMktData and reqHistoricalData send them: count, then conId, ratio, action,
// exchange per leg. Only for BAG contracts.
template <class Io, class C>
void combo_legs_short(Io& io, C& c) {
  if (c.sec_type != "BAG") return;
  io.count(c.combo_legs, "comboLegsCount");
  for (auto& leg : c.combo_legs) {
    io(leg.con_id, "comboLeg.conId");
    io(leg.ratio, "comboLeg.ratio");
    io(leg.action, "comboLeg.action");
    io(leg.exchange, "comboLeg.exchange");
  }
}

// The full 8-field legs of placeOrder/openOrder/completedOrder (count first).
template <class Io, class C>
void combo_legs_full(Io& io, C& c) {
  io.count(c.combo_legs, "comboLegsCount");
  for (auto& leg : c.combo_legs) {
    io(leg.con_id, "comboLeg.conId");
    io(leg.ratio, "comboLeg.ratio");
    io(leg.action, "comboLeg.action");
    io(leg.exchange, "comboLeg.exchange");
    io(leg.open_close, "comboLeg.openClose");
    io(leg.short_sale_slot, "comboLeg.shortSaleSlot");
    io(leg.designated_location, "comboLeg.designatedLocation");
    io(leg.exempt_code, "comboLeg.exemptCode");
  }
}

// A presence flag, then conId, delta, price.
template <class Io, class C>
void delta_neutral_contract(Io& io, C& c) {
  bool present = c.delta_neutral.has_value();
  io(present, "deltaNeutralContractPresent");
  if constexpr (Io::kReading) {
    if (present) c.delta_neutral.emplace();
  }
  if (present && c.delta_neutral) {
    io(c.delta_neutral->con_id, "deltaNeutral.conId");
    io(c.delta_neutral->delta, "deltaNeutral.delta");
    io(c.delta_neutral->price, "deltaNeutral.price");
  }
}

// A count of (tag, value) pairs as separate fields (algo params, smart combo routing).
template <class Io, class T>
void tag_value_pairs(Io& io, T& pairs, const char* name) {
  io.count(pairs, name);
  for (auto& [tag, value] : pairs) {
    io(tag, name);
    io(value, name);
  }
}

}  // namespace ep::tws::detail
