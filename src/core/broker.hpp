// The Broker port: everything a command needs from IB Gateway, in domain terms. Implemented by
// tws_client (over the TWS socket protocol) and by fakes in tests/support. Every call takes a
// deadline and never blocks past it. Implementations must be safe to call from the processor
// thread while their own reader thread runs; one call at a time per caller is enough.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/result.hpp"

namespace ep::core {

struct ContractInfo {
  Symbol symbol;
  std::int64_t con_id = 0;
  std::string primary_exchange;
  std::string time_zone;      // IANA-ish id as IB sends it, e.g. "US/Eastern"
  std::string trading_hours;  // "YYYYMMDD:HHMM-YYYYMMDD:HHMM;YYYYMMDD:CLOSED;..."
  std::string liquid_hours;   // same format, regular session only
  Price min_tick = 0;         // the smallest price step of a limit order; 0 when not reported
};

enum class PriceSource { kLive, kFrozen, kDelayed, kHistoricalClose };
std::string_view to_string(PriceSource source);

struct Quote {
  Symbol symbol;
  Price price = 0;  // last trade, else the bid/ask midpoint, else the previous close
  PriceSource source = PriceSource::kLive;
  Price bid = 0;   // 0 when the snapshot had none
  Price ask = 0;   // 0 when the snapshot had none; a buy costs the ask
  Price last = 0;  // the last trade; 0 when the snapshot had none (price is then mid or close)
};

// MKT (the default, as the original) or a marketable limit order priced from a quote with a
// collar (README, "Limit orders").
enum class OrderType { kMarket, kLimit };
std::string_view to_string(OrderType type);  // "MKT" / "LMT"

struct OrderRequest {
  std::string account;
  Symbol symbol;
  Side side = Side::kBuy;
  Shares quantity = 0;
  std::string time_in_force = "DAY";  // DAY or GTC
  bool outside_rth = false;
  std::string order_ref;    // names the event and the leg, e.g. "ep:<event_id>:sell:SPY"
  std::int64_t con_id = 0;  // the contract to trade (a held position's own); 0 = by symbol
  OrderType order_type = OrderType::kMarket;
  Price limit_price = 0;  // with kLimit only, already on the contract's tick
};

struct WhatIfResult {
  Symbol symbol;
  Money init_margin_change = 0;
  Money maint_margin_change = 0;
  Money equity_with_loan_change = 0;
  Money init_margin_after = 0;
  Money maint_margin_after = 0;
  Money commission = 0;
  std::string warning;
};

enum class OrderState {
  kFilled,     // completely filled
  kCancelled,  // Cancelled or ApiCancelled (possibly partly filled)
  kInactive,   // accepted but not working (IB's Inactive)
  kRejected,   // refused with an error before working
  kUnknown,    // deadline passed or connection lost after sending: reconcile, never resend
};
std::string_view to_string(OrderState state);

struct Fill {
  std::string exec_id;
  Shares shares = 0;
  Price price = 0;
  Money commission = 0;
  std::string time;
};

// The quote an order was planned on, as the outcome record shows it (README, "Slippage").
struct PlannedQuote {
  Price bid = 0;
  Price ask = 0;
  Price last = 0;
  Price price = 0;  // what the plan used: last, else mid, else close
  PriceSource source = PriceSource::kLive;
  std::int64_t age_ms = 0;  // from the quote's read to the order's placement
};

// How far an order's average fill was from its planned quote. Positive = worse for us (a buy
// above the ask, a sell below the bid); bp = basis points of the reference price.
struct Slippage {
  Price reference = 0;  // the side's quote: ask for a buy, bid for a sell
  double vs_quote_bp = 0;
  std::optional<double> vs_last_bp;  // none when the quote had no last trade
  Money cost = 0;                    // dollars paid over the reference (negative = saved)
};

struct OrderOutcome {
  OrderRequest request;
  std::int64_t order_id = 0;
  OrderState state = OrderState::kUnknown;
  Shares filled = 0;
  Price average_price = 0;
  Money commission = 0;
  std::vector<Fill> fills;
  std::string error;                          // broker's words when not filled
  std::optional<PlannedQuote> planned_quote;  // set by the rebalance that placed it
  std::optional<Slippage> slippage;           // when it filled any shares and had a quote
};

struct OpenOrder {
  std::int64_t order_id = 0;
  int client_id = 0;
  std::string account;
  Symbol symbol;
  Side side = Side::kBuy;
  Shares quantity = 0;
  Shares filled = 0;
  std::string status;
  std::string order_ref;
};

struct Execution {
  std::string exec_id;
  std::int64_t order_id = 0;
  std::string account;
  Symbol symbol;
  Side side = Side::kBuy;
  Shares shares = 0;
  Price price = 0;
  Money commission = 0;
  std::string order_ref;
  std::string time;
};

// What a broker call is waiting for right now, e.g. "fills of 2 sells", since when and for how
// long at most (the call's deadline). The long waits report it: order fills and working orders.
struct BrokerWait {
  std::string what;
  Timestamp since{};
  std::chrono::milliseconds waited{0};
  std::chrono::milliseconds limit{0};
};
// "fills of 2 sells, 1 s of 60 s"
std::string describe(const BrokerWait& wait);

// What the health endpoint shows of the gateway connection.
struct BrokerStatus {
  enum class State { kConnected, kConnecting, kDown } state = State::kDown;
  std::optional<Timestamp> down_since;
  std::string last_error;
  std::int64_t reconnects = 0;
  std::int64_t pacing_waits = 0;
  std::vector<std::string> managed_accounts;
  std::optional<BrokerWait> waiting;  // none: no call waits on the gateway now
};

class Broker {
 public:
  virtual ~Broker() = default;

  virtual Result<std::vector<std::string>> managed_accounts(Deadline deadline) = 0;
  virtual Result<AccountSnapshot> account_snapshot(const std::string& account,
                                                   Deadline deadline) = 0;
  // One answer per symbol, in the order asked; requests fly together.
  virtual std::vector<Result<ContractInfo>> contract_details(std::span<const Symbol> symbols,
                                                             Deadline deadline) = 0;
  // Live, then frozen, then delayed market data, then the last historical close.
  virtual std::vector<Result<Quote>> prices(std::span<const ContractInfo> contracts,
                                            Deadline deadline) = 0;
  // A rejection is an Error of kind kRejected carrying the broker's reason.
  virtual std::vector<Result<WhatIfResult>> what_if(std::span<const OrderRequest> orders,
                                                    Deadline deadline) = 0;
  // Places every order, then follows each to a terminal state or the deadline (kUnknown).
  virtual std::vector<OrderOutcome> place_orders(std::span<const OrderRequest> orders,
                                                 Deadline deadline) = 0;
  // Cancels every open order of the account and waits for the confirmations.
  virtual Result<std::size_t> cancel_open_orders(const std::string& account, Deadline deadline) = 0;
  // Cancels these orders of the account (placed by this connection) and waits for their
  // confirmations; an order already done is skipped, and every other open order of the account
  // (a manual TWS order, another client's) is left alone. For re-pricing a rebalance's own legs.
  virtual Result<std::size_t> cancel_orders(const std::string& account,
                                            std::span<const std::int64_t> order_ids,
                                            Deadline deadline) = 0;
  // Open orders of every client id.
  virtual Result<std::vector<OpenOrder>> open_orders(Deadline deadline) = 0;
  // Waits until no open order of the account carries one of `order_refs` (they filled or were
  // cancelled, by whichever client id placed them); kUnknownOutcome when some still work at
  // the deadline. Lets a rebalance wait on a slow leg instead of replacing it.
  virtual Result<void> await_orders_done(const std::string& account,
                                         std::span<const std::string> order_refs,
                                         Deadline deadline) = 0;
  // Today's executions of the account, with their commissions.
  virtual Result<std::vector<Execution>> executions_today(const std::string& account,
                                                          Deadline deadline) = 0;
  virtual BrokerStatus status() const = 0;
};

}  // namespace ep::core
