// The read-mostly commands: print-positions, print-equity, print-orders and cancel-orders.
// Each asks the broker once (with a deadline from the settings) and returns its result as
// JSON, or the broker's error. Processor thread.
#pragma once

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "processor/command.hpp"

namespace ep::processor {

// {"account_id", "positions": [{symbol, shares, average_cost, market_value}]}
core::Result<nlohmann::json> print_positions(const CommandContext& context);
// {"account_id", "net_liquidation", "cash"}
core::Result<nlohmann::json> print_equity(const CommandContext& context);
// {"account_id", "open_orders": [...]} — only the event's account
core::Result<nlohmann::json> print_orders(const CommandContext& context);
// {"account_id", "cancelled": n} — waits for the confirmations (cancel_timeout)
core::Result<nlohmann::json> cancel_orders(const CommandContext& context);

}  // namespace ep::processor
