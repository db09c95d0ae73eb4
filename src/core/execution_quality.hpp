// Execution quality as pure rules: how far a fill was from the quote it was planned on
// (slippage), what a rebalance's trading cost in all, and the price of a marketable limit order
// (the side's quote plus or minus a collar, on the contract's tick). No I/O, no clock; any
// thread. README, "Slippage" and "Limit orders".
#pragma once

#include <optional>
#include <span>
#include <string>

#include "core/broker.hpp"

namespace ep::core {

// Slippage of `filled` shares at `average` against the planned quote; none when nothing filled
// or the quote has no usable price for the side (ask for a buy, bid for a sell; the plan's
// price stands in for a missing one).
std::optional<Slippage> slippage_of(Side side, const PlannedQuote& quote, Shares filled,
                                    Price average);

// A rebalance's cost: slippage against the side's quote plus commissions, in dollars and as a
// fraction of the traded value (filled shares x average price of every order).
struct ExecutionCost {
  Money slippage = 0;
  Money commissions = 0;
  Money total = 0;
  Money traded_value = 0;
  double fraction_of_traded = 0;  // total / traded_value; 0 when nothing traded
};
ExecutionCost execution_cost(std::span<const OrderOutcome> orders);

// The side's quote an order is priced from: the ask for a buy, the bid for a sell, the plan's
// price when that side is missing.
Price side_quote(Side side, const PlannedQuote& quote);

// A buy at the quote plus the collar rounded down to the tick, a sell at the quote minus the
// collar rounded up: the limit never lies outside the collar. `tick` <= 0 means a cent.
Price collar_limit(Side side, Price quote, double collar_percent, Price tick);

// Whether a quote lies beyond a limit (a buy's ask above it, a sell's bid below it): an order
// at that limit would not fill.
bool beyond_limit(Side side, Price quote, Price limit);

// A reason in words when `now` lies beyond the collar from `then` in the direction that costs
// the side (up for a buy, down for a sell): a gap not to be chased.
std::optional<std::string> gap_beyond_collar(Side side, const Symbol& symbol, Price then, Price now,
                                             double collar_percent);

}  // namespace ep::core
