// Placing one batch of legs (the sells, or the buys) and following them to their end. Market
// orders go out as the original sends them. Marketable limit orders are priced from the quote
// each leg was sized on, plus or minus the collar, on the contract's tick; a leg still working
// after the re-price time is cancelled (confirmed), settled from today's executions and placed
// again for its rest from a fresh quote, at most N times; then its rest is left to the next
// attempt with the reason (or sent as market when the operator allows it). A quote beyond the
// collar is never chased. Every outcome carries the quote its leg was planned on and its
// slippage. README, "Limit orders" and "Slippage". Processor thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/broker.hpp"
#include "core/result.hpp"
#include "processor/command.hpp"
#include "processor/rebalance_steps.hpp"

namespace ep::processor {

struct PricedLegs {
  std::vector<core::OrderRequest> requests;  // LMT with their limit, or MKT as given
  std::vector<std::string> gaps;             // legs not placed: the quote gapped since the plan
};

// With LMT: each request priced at its side's quote in `sized_on` plus or minus the collar. A
// leg whose quote in `sized_on` lies beyond the collar from the plan's (`plan`, when the legs
// were sized on fresher quotes) is left out with the reason. With MKT: the requests as given.
PricedLegs price_legs(const Settings& settings, std::vector<core::OrderRequest> requests,
                      const PriceStep& sized_on, const PriceStep* plan,
                      const std::vector<core::ContractInfo>& contracts);

// The limit a buy may cost per share under the settings (its ask with the collar, on the tick):
// buys are sized against it so a limit order never needs more cash than was counted.
core::Price buy_cost_ceiling(const Settings& settings, core::Price ask, core::Price tick);

struct LegsRun {
  std::vector<core::OrderOutcome>
      orders;                            // every order placed, in order (a re-priced leg: several)
  std::vector<core::OrderOutcome> legs;  // the last order of each leg, to judge the batch by
  std::optional<core::Error> stopped;    // a leg left to the next attempt, with the reason
  nlohmann::json limit_steps = nlohmann::json::array();  // placements and re-prices, in order
};

// Places `priced` (after the caller confirmed the lease and checked the what-ifs) and follows
// every leg to its end. `sized_on`: the quotes the legs were planned on (their age, slippage
// and re-pricing); `contracts`: their ticks and what to read fresh quotes for.
LegsRun run_legs(const CommandContext& context, const std::vector<core::OrderRequest>& priced,
                 const PriceStep& sized_on, const std::vector<core::ContractInfo>& contracts);

}  // namespace ep::processor
