// The all-or-none market-hours gate of a rebalance: every symbol's session must be open, else
// the event waits for the latest of the closed symbols' next opens. Liquid hours normally,
// trading hours with extended hours on. Pure; any thread.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/broker.hpp"
#include "core/result.hpp"

namespace ep::processor {

struct MarketGate {
  std::vector<std::string> closed;           // symbols outside their session now
  std::optional<core::Timestamp> reopen_at;  // latest next open among them; none if unknown
  bool open() const { return closed.empty(); }
};

// kUnavailable naming the symbol when its hours string cannot be read.
core::Result<MarketGate> check_market_hours(std::span<const core::ContractInfo> contracts,
                                            core::Timestamp now, bool extended_hours);

}  // namespace ep::processor
