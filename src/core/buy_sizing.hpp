// The buys, sized a second time once the sells have filled: from fresh quotes and the cash that
// really arrived, so a buy never needs money the account does not have yet (a cash account's
// buys live on its sells' proceeds). Pure: no I/O, no clock. Any thread.
#pragma once

#include <map>
#include <vector>

#include "core/domain.hpp"
#include "core/planner.hpp"

namespace ep::core {

// IB's fixed pricing by default: per share, with a minimum and a cap per order (percent of the
// trade value). An estimate: the broker charges what it charges, the plan only must not
// promise money that the commission eats.
struct CommissionModel {
  Money per_share = 0.005;
  Money minimum = 1.0;
  double maximum_percent = 1.0;
  Money estimate(Shares shares, Price price) const;
};

struct FreshQuote {
  Price price = 0;  // what targets are computed with (last, else mid, else close)
  Price ask = 0;    // what a buy costs; 0 = unknown, the price is used
};

struct BuySizingInput {
  Money investable = 0;                 // from the plan: account value - reserve
  Money budget = 0;                     // cash that arrived - reserve
  std::vector<OrderIntent> planned;     // the plan's buys (never grown: caps were checked on them)
  std::map<Symbol, Quantity> held;      // holdings after the sells
  std::map<Symbol, FreshQuote> quotes;  // a missing quote keeps the plan's price
  CommissionModel commission;
};

// Largest buy first: each is sized again to its target at the fresh price (never above the
// planned quantity); a buy that no longer fits at the ask plus its commission is cut to the
// whole shares that do, or skipped with the reason.
BuySelection size_buys(const BuySizingInput& input);

}  // namespace ep::core
