// The paper broker behind ibsim: accounts (cash, positions with IB-style average cost), symbol
// prices, orders bound to the client id that placed them, what-if checks and fills with
// commission. Pure logic: no sockets, no clock reads (every call takes `now`), no timers (the
// server decides when an order moves on). Not thread-safe: owned by the server's I/O thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario.hpp"

namespace ep::sim {

enum class OrderStatus {
  kPreSubmitted,
  kSubmitted,
  kPendingCancel,
  kCancelled,
  kFilled,
  kInactive
};
const char* to_string(OrderStatus status);  // IB spelling: "PreSubmitted", ...
bool is_open(OrderStatus status);           // PreSubmitted, Submitted, PendingCancel

struct OrderRequest {
  int client_id = 0;
  int order_id = 0;
  std::string account;  // empty = the scenario's first account
  std::string symbol;
  std::int64_t con_id = 0;  // 0 = look up by symbol
  std::string action;       // BUY / SELL
  double quantity = 0;
  std::string order_type;  // MKT / LMT
  std::optional<double> lmt_price;
  std::string tif = "DAY";
  std::string order_ref;
  bool outside_rth = false;
  bool what_if = false;
};

using OrderKey = std::pair<int, int>;  // (client id, order id)

struct Order {
  OrderRequest request;  // account and symbol resolved
  std::int64_t perm_id = 0;
  OrderStatus status = OrderStatus::kPreSubmitted;
  double filled = 0;
  double avg_fill_price = 0;
  double last_fill_price = 0;
  double commission_paid = 0;
  std::string completed_status;  // e.g. "Cancelled by Trader"
  TimePoint placed_at{};
  TimePoint completed_at{};
  double remaining() const { return request.quantity - filled; }
  OrderKey key() const { return {request.client_id, request.order_id}; }
};

struct Fill {
  std::string exec_id;
  int client_id = 0;
  int order_id = 0;
  std::int64_t perm_id = 0;
  std::string account;
  std::string symbol;
  std::int64_t con_id = 0;
  std::string side;  // BOT / SLD
  double shares = 0;
  double price = 0;
  double cum_qty = 0;
  double avg_price = 0;
  double commission = 0;
  std::optional<double> realized_pnl;  // set on closing (selling) fills
  std::string order_ref;
  TimePoint time{};
};

// Numbers of a what-if answer (docs/tws-wire-protocol.md §10), all in USD.
struct WhatIfResult {
  double init_margin_before = 0, maint_margin_before = 0, equity_with_loan_before = 0;
  double init_margin_after = 0, maint_margin_after = 0, equity_with_loan_after = 0;
  double commission = 0;
};

struct WhatIfCheck {
  OrderRequest request;
  bool accepted = false;
  std::string reason;  // when rejected
  WhatIfResult result;
  TimePoint at{};
};

struct Rejection {
  int code = 0;  // TWS error code: 103, 200, 201, 321, 434
  std::string message;
};

struct PlaceOutcome {
  enum class Kind { kAccepted, kRejected, kWhatIf };
  Kind kind = Kind::kRejected;
  Rejection rejection;                  // kRejected, and a rejected what-if (code 201)
  std::optional<WhatIfResult> what_if;  // kWhatIf when accepted
};

struct PositionState {
  double quantity = 0;
  double avg_cost = 0;
  double realized_pnl = 0;
};

struct AccountState {
  std::string id;
  std::string account_type;
  double cash = 0;
  double realized_pnl = 0;
  std::map<std::string, PositionState> positions;  // by symbol; kept at 0 once traded
};

// Derived account numbers (cash account: margin = 100% of the position value).
struct AccountValues {
  double cash = 0;
  double stock_value = 0;  // signed sum of quantity x last price
  double gross_value = 0;  // sum of |quantity x last price|
  double net_liquidation = 0;
  double unrealized_pnl = 0;
  double realized_pnl = 0;
};

class PaperBroker {
 public:
  explicit PaperBroker(Scenario scenario);
  void reset(Scenario scenario);  // back to the scenario; per-client order ids are kept

  const Scenario& scenario() const { return scenario_; }
  const std::vector<AccountState>& accounts() const { return accounts_; }
  const AccountState* account(const std::string& id) const;
  const SymbolSpec* symbol(const std::string& name) const { return find_symbol(scenario_, name); }
  const SymbolSpec* resolve(std::int64_t con_id, const std::string& symbol) const;
  AccountValues values(const std::string& account_id) const;

  const std::vector<Order>& orders() const { return orders_; }
  const Order* order(OrderKey key) const;
  const std::vector<Fill>& fills() const { return fills_; }
  const std::vector<WhatIfCheck>& what_ifs() const { return what_ifs_; }

  // nextValidId for a client id: above every order id it used, never below first_order_id.
  int next_order_id(int client_id) const;

  PlaceOutcome place(const OrderRequest& request, TimePoint now);
  void set_status(OrderKey key, OrderStatus status);
  // Cancels an open order of this client: nullopt on success, else 10147 / 10148.
  std::optional<Rejection> cancel(OrderKey key, TimePoint now, const std::string& why);
  // Executes up to `max_shares` of an open order at the current bid/ask; nullopt when the order
  // is not open or (LMT) not marketable now. Completes the order when nothing remains.
  std::optional<Fill> execute(OrderKey key, double max_shares, TimePoint now);

  // Moves a symbol's prices; false for an unknown symbol or a non-positive price.
  bool set_prices(const std::string& symbol, double price, std::optional<double> bid,
                  std::optional<double> ask, std::optional<double> close);

  double commission_for(double total_shares) const;

 private:
  AccountState* mutable_account(const std::string& id);
  std::optional<Rejection> validate(OrderRequest& request, const SymbolSpec*& spec, TimePoint now,
                                    bool check_hours, bool reserve_open_orders) const;
  double fill_price(const SymbolSpec& spec, const OrderRequest& request) const;

  Scenario scenario_;
  std::vector<AccountState> accounts_;
  std::vector<Order> orders_;
  std::map<OrderKey, std::size_t> order_index_;
  std::vector<Fill> fills_;
  std::vector<WhatIfCheck> what_ifs_;
  std::map<int, int> max_order_id_;  // per client id, survives reset
  std::map<int, int> max_seen_id_;   // what-if ids too: only for nextValidId
  std::int64_t next_perm_id_ = 1'000'000'001;
  std::uint32_t next_exec_ = 0x1000;
};

}  // namespace ep::sim
