// Market data, historical data and contract messages (docs/tws-wire-protocol.md §7.1, §7.3, §7.4,
// §7.6): ticks, tickSnapshotEnd, marketDataType, tickReqParams, historicalData(+Update),
// contractDetails(+End).
#include "tws/contract_layout.hpp"
#include "tws/in_messages.hpp"
#include "tws/layout_io.hpp"
#include "tws/message_ids.hpp"

namespace ep::tws {
namespace detail {

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
requires(Is<M, TickSnapshotEnd> || Is<M, ContractDetailsEnd>) void layout(Io& io, M& m) {
  io.version(1);
  io(m.req_id, "reqId");
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

FamilyResult decode_market_data_message(int id, const Fields& f, int v, Incoming& out,
                                        core::Error& error) {
  switch (id) {
    case in_id::kTickPrice:
      return read_into<TickPrice>(f, "tickPrice", v, out, error);
    case in_id::kTickSize:
      return read_into<TickSize>(f, "tickSize", v, out, error);
    case in_id::kTickString:
      return read_into<TickString>(f, "tickString", v, out, error);
    case in_id::kTickGeneric:
      return read_into<TickGeneric>(f, "tickGeneric", v, out, error);
    case in_id::kTickSnapshotEnd:
      return read_into<TickSnapshotEnd>(f, "tickSnapshotEnd", v, out, error);
    case in_id::kMarketDataType:
      return read_into<MarketDataType>(f, "marketDataType", v, out, error);
    case in_id::kTickReqParams:
      return read_into<TickReqParams>(f, "tickReqParams", v, out, error);
    case in_id::kHistoricalData:
      return read_into<HistoricalData>(f, "historicalData", v, out, error);
    case in_id::kHistoricalDataUpdate:
      return read_into<HistoricalDataUpdate>(f, "historicalDataUpdate", v, out, error);
    case in_id::kContractDetails:
      return read_into<ContractDetails>(f, "contractDetails", v, out, error);
    case in_id::kContractDetailsEnd:
      return read_into<ContractDetailsEnd>(f, "contractDetailsEnd", v, out, error);
    default:
      return FamilyResult::kNotMine;
  }
}

}  // namespace detail

#define EP_TWS_ENCODE(Type, id)             \
  Fields encode(const Type& m, int v) {     \
    return detail::write_message(id, m, v); \
  }
EP_TWS_ENCODE(TickPrice, in_id::kTickPrice)
EP_TWS_ENCODE(TickSize, in_id::kTickSize)
EP_TWS_ENCODE(TickString, in_id::kTickString)
EP_TWS_ENCODE(TickGeneric, in_id::kTickGeneric)
EP_TWS_ENCODE(TickSnapshotEnd, in_id::kTickSnapshotEnd)
EP_TWS_ENCODE(MarketDataType, in_id::kMarketDataType)
EP_TWS_ENCODE(TickReqParams, in_id::kTickReqParams)
EP_TWS_ENCODE(HistoricalData, in_id::kHistoricalData)
EP_TWS_ENCODE(HistoricalDataUpdate, in_id::kHistoricalDataUpdate)
EP_TWS_ENCODE(ContractDetails, in_id::kContractDetails)
EP_TWS_ENCODE(ContractDetailsEnd, in_id::kContractDetailsEnd)
#undef EP_TWS_ENCODE

}  // namespace ep::tws
