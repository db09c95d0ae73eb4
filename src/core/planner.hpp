// The rebalance planner: a pure function from an account snapshot, prices and target weights
// to the orders that move the account towards the targets. No I/O, no clock; same input, same
// plan. Its defaults reproduce the original service's rules (docs/compatibility.md
// §5); the options improve on them and are off by default.
#pragma once

#include <map>
#include <vector>

#include "core/domain.hpp"

namespace ep::core {

// Every member has an initializer, so an input can be written with designated initializers
// naming only what it sets.
struct PlanInput {
  Money account_value = 0;            // NetLiquidation
  Money cash = 0;                     // cash before the sells
  double cash_reserve_percent = 1.0;  // percent of the account value kept as cash
  std::vector<Position> positions{};  // tradable ones (see tradable_holdings), shares decimal
  std::map<Symbol, Price> prices{};   // a missing, zero, negative or NaN price means "no price"
  std::vector<TargetAllocation> allocations{};  // in the strategy's order
  // Sides an earlier attempt of the same event already traded per symbol: the plan never
  // trades such a symbol the other way (a price move must not turn a sell into a rebuy).
  std::map<Symbol, Side> traded_earlier{};
};

struct PlannerOptions {
  // Buy the whole shares that still fit instead of skipping a buy that does not fit whole.
  bool buy_what_fits = false;
  // Leave out trades worth less than this many dollars (0 = trade everything over 0.5 shares).
  Money min_trade_value = 0;
  // Leave a symbol alone while its weight is within this many percentage points of its target
  // (both as a share of the account value; 0 = off). A liquidation (a held symbol the strategy
  // no longer wants, or a target of 0) is always traded. README, "The planner".
  double drift_band_percent = 0;
};

Plan make_plan(const PlanInput& input, const PlannerOptions& options = {});

// The cash kept aside, computed once: investable is always account_value - reserve_of(...).
Money reserve_of(Money account_value, double cash_reserve_percent);

// The buy step on its own, for when the real cash after the sells is known: takes the buys
// that fit `budget`, largest estimated value first (ties keep the given order), and skips the
// rest with a reason (or buys what fits, with the option).
struct BuySelection {
  std::vector<OrderIntent> buys;
  std::vector<SkippedOrder> skipped;
};
BuySelection select_buys(std::vector<OrderIntent> candidates, Money budget,
                         const PlannerOptions& options = {});

// Amounts compared at cent precision, so a value and a budget that print the same are equal.
bool fits(Money amount, Money budget);

// Python 3's round(): to the nearest integer, halves to the even neighbour (1.5 -> 2, 2.5 -> 2).
Shares round_half_even(double value);

}  // namespace ep::core
