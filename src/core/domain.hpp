// Domain values of the rebalancer: what an account holds, what a strategy wants, and the orders
// that get from one to the other. Plain values, no I/O; safe to copy across threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ep::core {

using Symbol = std::string;   // an exchange ticker, e.g. "SPY" (SMART/USD stock)
using Shares = std::int64_t;  // whole shares: what an order trades (IB's API takes no fractions)
using Quantity = double;      // a holding as the broker reports it: fractional after a dividend
                              // reinvestment or a transfer (e.g. 30.6 shares)
using Price = double;         // USD per share
using Money = double;         // USD

// Wall-clock time (unix epoch); steady time for deadlines of waits. Deadline is the one deadline
// type of every module (net, the adapters, the processor's waits through the Clock port).
using Timestamp = std::chrono::system_clock::time_point;
using Deadline = std::chrono::steady_clock::time_point;
// "Wait for ever": e.g. reads on a connection whose reader is woken by shutdown().
constexpr Deadline kNoDeadline = Deadline::max();

struct Position {
  Symbol symbol;
  Quantity shares = 0;
  Money average_cost = 0;        // per share, as the broker reports it
  Money market_value = 0;        // 0 when the broker did not say
  std::int64_t con_id = 0;       // IB's contract id; 0 when unknown (e.g. a plan input file)
  std::string currency = "USD";  // the listing's currency; only USD stocks are traded
};

struct AccountSnapshot {
  std::string account_id;
  Money net_liquidation = 0;
  Money cash = 0;  // TotalCashValue in USD (AvailableFunds as a fallback)
  std::vector<Position> positions;
};

struct TargetAllocation {
  Symbol symbol;
  double weight = 0;  // fraction of the investable value, in [0, 1]
};

enum class Side { kBuy, kSell };
std::string_view to_string(Side side);  // "BUY" / "SELL"

struct OrderIntent {
  Side side = Side::kBuy;
  Symbol symbol;
  Shares quantity = 0;
  Money estimated_value = 0;  // quantity x price used by the plan
  double weight = 0;          // the target weight of a buy (sizing again with fresh quotes)
};

// An order the plan considered and did not place, with the reason in words.
struct SkippedOrder {
  std::optional<Side> side;  // unknown when the symbol had no price
  Symbol symbol;
  Shares quantity = 0;
  Money estimated_value = 0;
  std::string reason;
};

struct Plan {
  std::vector<OrderIntent> sells;  // in placement order: allocation order, then liquidations
  std::vector<OrderIntent> buys;   // in placement order: largest estimated value first
  std::vector<OrderIntent> buy_candidates;  // every buy before the budget, allocation order
  std::vector<SkippedOrder> skipped;
  std::vector<std::string> warnings;  // holdings left as they are (fractional rest, ...)
  Money reserve = 0;                  // cash kept: account value x reserve percent, computed once
  Money investable = 0;               // account value - reserve
  Money buy_budget = 0;               // cash after the estimated sell proceeds, minus the reserve
};

// What the broker payload says about the account (data.account_config, docs/compatibility.md §2).
struct AccountConfig {
  std::string account_id;
  std::string strategy;               // notification_channel
  double cash_reserve_percent = 1.0;  // cash_reserve_percentage (or equity_reserve_percentage)
};

}  // namespace ep::core
