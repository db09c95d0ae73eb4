#include "core/holdings.hpp"

#include <fmt/format.h>

namespace ep::core {

bool in_usd(const Position& position) {
  return position.currency.empty() || position.currency == "USD";
}

TradableHoldings tradable_holdings(const std::vector<Position>& positions,
                                   const std::map<Symbol, std::int64_t>& traded_con_ids) {
  TradableHoldings out;
  for (const auto& position : positions) {
    if (!in_usd(position)) {
      out.warnings.push_back(
          fmt::format("{:.4g} {} in {} (conId {}) left alone: only USD stocks are traded",
                      position.shares, position.symbol, position.currency, position.con_id));
      continue;
    }
    const auto traded = traded_con_ids.find(position.symbol);
    if (position.con_id != 0 && traded != traded_con_ids.end() && traded->second != 0 &&
        traded->second != position.con_id) {
      out.warnings.push_back(fmt::format(
          "{:.4g} {} (conId {}) left alone: not the SMART/USD contract {} traded for {}",
          position.shares, position.symbol, position.con_id, traded->second, position.symbol));
      continue;
    }
    out.positions.push_back(position);
  }
  return out;
}

}  // namespace ep::core
