// Market data, historical data and contract messages (docs/tws-wire-protocol.md §7.1, §7.3, §7.4,
// §7.6): ticks, tickSnapshotEnd, marketDataType, tickReqParams, historicalData(+Update),
// contractDetails(+End).
#pragma once

#include "tws/contract_layout.hpp"
#include "tws/layout_io.hpp"
#include "tws/messages_in.hpp"

namespace ep::tws::detail {

template <class Io, class M>
requires Is<M, TickPrice>
void layout(Io& io, M& m) {
  io.version(6);
  io(m.req_id, "reqId");
  io(m.tick_type, "tickType");
  io(m.price, "price");
  io(m.size, "size");
  io(m.attr_mask, "attrMask");
}
template <class Io, class M>
requires Is<M, TickSize>
void layout(Io& io, M& m) {
  io.version(6);
  io(m.req_id, "reqId");
  io(m.tick_type, "tickType");
  io(m.size, "size");
}
template <class Io, class M>
requires(Is<M, TickString> || Is<M, TickGeneric>) void layout(Io& io, M& m) {
  io.version(6);
  io(m.req_id, "reqId");
  io(m.tick_type, "tickType");
  io(m.value, "value");
}
template <class Io, class M>
requires Is<M, MarketDataType>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.req_id, "reqId");
  io(m.market_data_type, "marketDataType");
}
template <class Io, class M>
requires Is<M, TickReqParams>
void layout(Io& io, M& m) {
  io(m.req_id, "reqId");  // no version field
  io(m.min_tick, "minTick");
  io(m.bbo_exchange, "bboExchange");
  io(m.snapshot_permissions, "snapshotPermissions");
}
template <class Io, class M>
requires Is<M, HistoricalData>
void layout(Io& io, M& m) {
  io(m.req_id, "reqId");  // no version field at >= 124
  io(m.start_date, "startDateStr");
  io(m.end_date, "endDateStr");
  io.count(m.bars, "barCount", 8);
  for (auto& bar : m.bars) {
    io(bar.date, "bar.date");
    io(bar.open, "bar.open");
    io(bar.high, "bar.high");
    io(bar.low, "bar.low");
    io(bar.close, "bar.close");
    io(bar.volume, "bar.volume");
    io(bar.wap, "bar.wap");
    io(bar.bar_count, "bar.barCount");
  }
}
template <class Io, class M>
requires Is<M, HistoricalDataUpdate>
void layout(Io& io, M& m) {
  io(m.req_id, "reqId");
  io(m.bar.bar_count, "barCount");
  io(m.bar.date, "date");
  io(m.bar.open, "open");
  io(m.bar.close, "close");  // note the order: open, close, high, low
  io(m.bar.high, "high");
  io(m.bar.low, "low");
  io(m.bar.wap, "wap");
  io(m.bar.volume, "volume");
}
template <class Io, class M>
requires Is<M, ContractDetails>
void layout(Io& io, M& m) {
  auto& c = m.contract;
  io(m.req_id, "reqId");  // no version field at >= 164
  io(c.symbol, "symbol");
  io(c.sec_type, "secType");
  io(c.last_trade_date, "lastTradeDateOrContractMonth");
  io(c.strike, "strike");
  io(c.right, "right");
  io(c.exchange, "exchange");
  io(c.currency, "currency");
  io(c.local_symbol, "localSymbol");
  io(m.market_name, "marketName");
  io(c.trading_class, "tradingClass");
  io(c.con_id, "conId");
  io(m.min_tick, "minTick");
  io(c.multiplier, "multiplier");
  io(m.order_types, "orderTypes");
  io(m.valid_exchanges, "validExchanges");
  io(m.price_magnifier, "priceMagnifier");
  io(m.under_con_id, "underConId");
  io(m.long_name, "longName");
  io(c.primary_exchange, "primaryExchange");
  io(m.contract_month, "contractMonth");
  io(m.industry, "industry");
  io(m.category, "category");
  io(m.subcategory, "subcategory");
  io(m.time_zone_id, "timeZoneId");
  io(m.trading_hours, "tradingHours");
  io(m.liquid_hours, "liquidHours");
  io(m.ev_rule, "evRule");
  io(m.ev_multiplier, "evMultiplier");
  tag_value_pairs(io, m.sec_ids, "secIdListCount");
  io(m.agg_group, "aggGroup");
  io(m.under_symbol, "underSymbol");
  io(m.under_sec_type, "underSecType");
  io(m.market_rule_ids, "marketRuleIds");
  io(m.real_expiration_date, "realExpirationDate");
  io(m.stock_type, "stockType");
  io(m.min_size, "minSize");
  io(m.size_increment, "sizeIncrement");
  io(m.suggested_size_increment, "suggestedSizeIncrement");
}

}  // namespace ep::tws::detail
