// Internal to the codec: the contract blocks shared by several layouts (see layout_io.hpp).
#pragma once

#include "tws/contract.hpp"
#include "tws/layout_io.hpp"

namespace ep::tws::detail {

// Which exchange fields a message's contract block carries: requests send both, position,
// openOrder, completedOrder and execDetails the exchange only, portfolioValue the primary only.
enum class Exchanges { kBoth, kExchangeOnly, kPrimaryOnly };

// conId, symbol, secType, lastTradeDateOrContractMonth, strike, right, multiplier, exchange,
// primaryExchange, currency, localSymbol, tradingClass (docs/tws-wire-protocol.md §2.5).
template <class Io, class C>
void contract_block(Io& io, C& c, Exchanges exchanges) {
  io(c.con_id, "conId");
  io(c.symbol, "symbol");
  io(c.sec_type, "secType");
  io(c.last_trade_date, "lastTradeDateOrContractMonth");
  io(c.strike, "strike");
  io(c.right, "right");
  io(c.multiplier, "multiplier");
  if (exchanges != Exchanges::kPrimaryOnly) io(c.exchange, "exchange");
  if (exchanges != Exchanges::kExchangeOnly) io(c.primary_exchange, "primaryExchange");
  io(c.currency, "currency");
  io(c.local_symbol, "localSymbol");
  io(c.trading_class, "tradingClass");
}

// Combo legs, count first: conId, ratio, action, exchange per leg, and with the order fields
// (placeOrder, openOrder, completedOrder) openClose, shortSaleSlot, designatedLocation, exemptCode.
template <class Io, class C>
void combo_legs(Io& io, C& c, bool with_order_fields) {
  io.count(c.combo_legs, "comboLegsCount");
  for (auto& leg : c.combo_legs) {
    io(leg.con_id, "comboLeg.conId");
    io(leg.ratio, "comboLeg.ratio");
    io(leg.action, "comboLeg.action");
    io(leg.exchange, "comboLeg.exchange");
    if (!with_order_fields) continue;
    io(leg.open_close, "comboLeg.openClose");
    io(leg.short_sale_slot, "comboLeg.shortSaleSlot");
    io(leg.designated_location, "comboLeg.designatedLocation");
    io(leg.exempt_code, "comboLeg.exemptCode");
  }
}

// The legs as reqMktData and reqHistoricalData send them: only for BAG contracts.
template <class Io, class C>
void combo_legs_short(Io& io, C& c) {
  if (c.sec_type == "BAG") combo_legs(io, c, /*with_order_fields=*/false);
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
