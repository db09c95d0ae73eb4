// Which held positions a rebalance may trade. A position is a contract, not a symbol: a
// holding in another currency, or a listing other than the SMART/USD stock the strategy's
// symbol resolves to, would be sold as the US stock if matched by symbol (an unintended short
// of one, a forgotten holding of the other). Such positions are left alone, with a warning in
// the outcome. Pure; any thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/domain.hpp"

namespace ep::core {

struct TradableHoldings {
  std::vector<Position> positions;    // USD positions of the contract we trade for the symbol
  std::vector<std::string> warnings;  // one per position left alone, in words
};

// Positions outside USD are left alone. `traded_con_ids` maps a symbol to the conId of the
// SMART/USD contract it resolved to; a position with another known conId is left alone. A
// position or symbol without a conId (0 or absent) is matched by symbol.
TradableHoldings tradable_holdings(const std::vector<Position>& positions,
                                   const std::map<Symbol, std::int64_t>& traded_con_ids);

// True when the position is a USD listing (the only kind this service trades).
bool in_usd(const Position& position);

}  // namespace ep::core
