// Which price a market data snapshot yields, and which kind of data it was. Pure rules, no
// I/O: the first valid last trade (tick 4, delayed 68), else the bid/ask midpoint (1/2, delayed
// 66/67), else the previous close (9, delayed 75). Prices <= 0 (TWS's "-1 = no quote") are
// not valid; one for the bid or the ask takes back that side's earlier value. Any thread.
#pragma once

#include <optional>

#include "core/broker.hpp"
#include "tws/messages_in.hpp"

namespace ep::tws_client {

// The kinds tried in order; kHistorical is the reqHistoricalData fallback.
enum class PriceStage { kLive = 1, kFrozen = 2, kDelayed = 3, kHistorical = 4 };

class SnapshotPrices {
 public:
  // Records a tick; true when it is a valid last price (the answer is then known).
  bool add(const tws::TickPrice& tick);
  // marketDataType (58): the kind the gateway really sent (1 live, 2 frozen, 3/4 delayed).
  void set_data_type(int market_data_type) { data_type_ = market_data_type; }
  // 10167 on a live/frozen request: delayed data follows on the same request.
  void mark_delayed() { delayed_ = true; }

  std::optional<core::Price> price() const;
  core::Price bid() const { return bid_.value_or(0); }  // 0 when none came
  core::Price ask() const { return ask_.value_or(0); }
  core::Price last() const { return last_.value_or(0); }
  core::PriceSource source(PriceStage stage) const;

 private:
  std::optional<double> last_, bid_, ask_, close_;
  std::optional<int> data_type_;
  bool delayed_ = false;
};

}  // namespace ep::tws_client
