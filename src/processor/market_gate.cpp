#include "processor/market_gate.hpp"

#include <fmt/format.h>

#include "processor/market_hours.hpp"

namespace ep::processor {

core::Result<MarketGate> check_market_hours(std::span<const core::ContractInfo> contracts,
                                            core::Timestamp now, bool extended_hours) {
  MarketGate gate;
  bool reopen_known = true;
  for (const auto& contract : contracts) {
    const auto& text = extended_hours ? contract.trading_hours : contract.liquid_hours;
    auto hours = TradingHours::parse(text, contract.time_zone);
    if (!hours) {
      return core::unavailable(fmt::format("{} hours of {}: {}",
                                           extended_hours ? "trading" : "liquid", contract.symbol,
                                           hours.error().message));
    }
    if (hours->is_open(now)) continue;
    gate.closed.push_back(contract.symbol);
    const auto next = hours->next_open(now);
    if (!next) {
      reopen_known = false;
    } else if (!gate.reopen_at || *next > *gate.reopen_at) {
      gate.reopen_at = next;
    }
  }
  if (!reopen_known) gate.reopen_at.reset();
  return gate;
}

}  // namespace ep::processor
