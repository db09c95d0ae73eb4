// Market data answers of ibsim (docs/tws-wire-protocol.md §12, §7.6): which data kind a reqMktData
// gets given the symbol's permitted kinds and the client's reqMarketDataType (live, frozen, delayed
// with 10167, or 354/10168 when nothing fits), the ticks that carry it (live ids or the delayed
// twins 66/67/68/72-76/88), and historical daily or intraday bars ending at the current price. Pure
// functions; called on the server's I/O thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sim/scenario.hpp"
#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"

namespace ep::sim {

struct MarketDataAnswer {
  std::optional<tws::ErrorMessage> refusal;  // 354 / 10168: nothing else follows
  std::optional<tws::ErrorMessage> notice;   // 10167 before delayed data
  int market_data_type = 1;                  // 1 live, 2 frozen, 3 delayed, 4 delayed-frozen
  std::vector<tws::Incoming> ticks;          // tickReqParams, then prices, sizes, timestamp
};

// requested_type: the session's last reqMarketDataType (1..4).
MarketDataAnswer answer_market_data(int req_id, const SymbolSpec& spec, int requested_type,
                                    TimePoint now);

// Bid, ask and last after a price move, for streaming subscriptions of that type.
std::vector<tws::Incoming> price_update_ticks(int req_id, const SymbolSpec& spec,
                                              int market_data_type);

// Bars for a reqHistoricalData; the last bar closes at the current price, the one before at
// the previous close. Bad duration or bar size -> kInvalidInput (sent as error 321).
core::Result<tws::HistoricalData> historical_bars(const tws::ReqHistoricalData& request,
                                                  const SymbolSpec& spec, TimePoint now);

}  // namespace ep::sim
