// A scriptable core::Broker for processor tests, with no socket. It keeps accounts (cash and
// positions), contract infos (with trading hours), prices or errors per symbol, what-if
// rejections, and how each order ends per symbol and side. Fills move its positions and cash,
// and become today's executions, so a rebalance really converges and a second attempt sees
// what the first one did. Every call and every placed order is recorded. Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/broker.hpp"

namespace ep::test {

// How an order for one symbol and side ends.
struct OrderScript {
  core::OrderState state = core::OrderState::kFilled;
  double fill_fraction = 1.0;        // share of the quantity that fills (rounded down)
  std::optional<core::Price> price;  // fill price; default: the symbol's current price
  std::string error;                 // the broker's words when not filled
  bool leave_working = false;        // the unfilled rest stays an open order
  bool report_commission = true;     // false: cash is charged, the outcome says 0 (late report)
  bool first_order_only = false;     // applies to the first order of the symbol and side only
};

// An order that ends in `state` after filling `fill_fraction` of its quantity.
inline OrderScript order_ends(core::OrderState state, double fill_fraction,
                              std::string error = {}) {
  OrderScript script;
  script.state = state;
  script.fill_fraction = fill_fraction;
  script.error = std::move(error);
  return script;
}

struct BrokerCall {
  std::string name;    // e.g. "account_snapshot"
  std::string detail;  // e.g. the account, or the symbols joined by ','
  core::Deadline deadline;
};

class FakeBroker final : public core::Broker {
 public:
  FakeBroker();

  // --- scripting ---
  void set_account(const std::string& account, core::Money cash,
                   std::vector<std::pair<core::Symbol, core::Quantity>> positions);
  // A position reported as it is (another currency, another conId) and never traded.
  void add_reported_position(const std::string& account, core::Position position);
  // A cash account: the what-if of a buy is refused when it costs more than the cash held.
  void set_cash_account(const std::string& account);
  // The market moves while the sells execute: after the first sell fills, `symbol` is priced
  // `price` (and its quotes follow).
  void move_price_after_sells(const core::Symbol& symbol, core::Price price);
  // The market moves the moment the first order for `symbol` is placed, before it can fill (a
  // limit order priced on the old quote then rests). A limit order fills at the moved price
  // only while that is within its limit; else it stays working (kUnknown, an open order).
  void move_price_on_first_order(const core::Symbol& symbol, core::Price price);
  // Quotes carry an ask this much above the price (0: no ask in the quote).
  void set_ask_spread(core::Price spread);
  void set_managed_accounts(std::vector<std::string> accounts);
  // NetLiquidation is cash + shares x price unless overridden here.
  void set_net_liquidation(const std::string& account, core::Money value);
  // Reported cash differs from the real cash by `offset` (a stale or lagging account value).
  void set_reported_cash_offset(const std::string& account, core::Money offset);
  void set_price(const core::Symbol& symbol, core::Price price);
  void set_price_error(const core::Symbol& symbol, core::Error error);
  void set_contract(core::ContractInfo info);
  void set_contract_error(const core::Symbol& symbol, core::Error error);
  // Hours used for symbols without an explicit contract (both trading and liquid hours).
  void set_default_hours(std::string hours, std::string time_zone = "US/Eastern");
  void reject_what_if(const core::Symbol& symbol, std::string reason);
  void accept_what_if(const core::Symbol& symbol);
  void set_order_script(const core::Symbol& symbol, core::Side side, OrderScript script);
  void set_commission(core::Money per_order);
  void add_open_order(core::OpenOrder order);
  // An order someone else places (a manual TWS order) appears the moment the first order of
  // this rebalance is placed.
  void add_open_order_on_first_order(core::OpenOrder order);
  void add_execution(core::Execution execution);
  void fail_call(const std::string& name, core::Error error);  // every call of `name` fails
  // A cancel races with the market: open orders fill completely before the cancel lands.
  void set_fill_on_cancel(bool fill);
  // Cancels are confirmed but the orders stay open (another client id's, or a lost cancel).
  void set_cancel_without_effect(bool ignored);
  // Working orders awaited with await_orders_done fill (else they are still working then).
  void set_fill_working_on_wait(bool fill);

  // --- inspection ---
  std::vector<BrokerCall> calls() const;
  std::vector<std::string> call_names() const;
  std::vector<core::OrderRequest> placed() const;
  std::vector<core::OrderRequest> what_ifs() const;
  std::vector<core::OpenOrder> open_orders_now() const;
  core::Quantity shares(const std::string& account, const core::Symbol& symbol) const;
  core::Money cash(const std::string& account) const;
  core::Money net_liquidation(const std::string& account) const;

  // --- core::Broker ---
  core::Result<std::vector<std::string>> managed_accounts(core::Deadline deadline) override;
  core::Result<core::AccountSnapshot> account_snapshot(const std::string& account,
                                                       core::Deadline deadline) override;
  std::vector<core::Result<core::ContractInfo>> contract_details(
      std::span<const core::Symbol> symbols, core::Deadline deadline) override;
  std::vector<core::Result<core::Quote>> prices(std::span<const core::ContractInfo> contracts,
                                                core::Deadline deadline) override;
  std::vector<core::Result<core::WhatIfResult>> what_if(std::span<const core::OrderRequest> orders,
                                                        core::Deadline deadline) override;
  std::vector<core::OrderOutcome> place_orders(std::span<const core::OrderRequest> orders,
                                               core::Deadline deadline) override;
  core::Result<std::size_t> cancel_open_orders(const std::string& account,
                                               core::Deadline deadline) override;
  core::Result<std::size_t> cancel_orders(const std::string& account,
                                          std::span<const std::int64_t> order_ids,
                                          core::Deadline deadline) override;
  core::Result<std::vector<core::OpenOrder>> open_orders(core::Deadline deadline) override;
  core::Result<void> await_orders_done(const std::string& account,
                                       std::span<const std::string> order_refs,
                                       core::Deadline deadline) override;
  core::Result<std::vector<core::Execution>> executions_today(const std::string& account,
                                                              core::Deadline deadline) override;
  core::BrokerStatus status() const override;

 private:
  struct Account {
    core::Money cash = 0;
    std::map<core::Symbol, core::Quantity> positions;
    std::optional<core::Money> net_liquidation;
    core::Money reported_cash_offset = 0;
    std::vector<core::Position> reported_only;
    bool cash_account = false;
  };

  // Caller holds the lock for all of these.
  std::optional<core::Error> record_call(std::string name, std::string detail,
                                         core::Deadline deadline);
  core::Money net_liquidation_locked(const std::string& account) const;
  core::OrderOutcome execute_locked(const core::OrderRequest& request);
  // The refusal of a buy's what-if in a cash account that lacks the money, if it is refused.
  std::optional<std::string> cash_refusal_locked(const core::OrderRequest& order) const;
  // Moves shares and cash and records today's execution; returns the fill.
  // Cancels the account's open orders `chosen` picks (filling them first when a cancel races).
  std::size_t cancel_locked(const std::string& account,
                            const std::function<bool(const core::OpenOrder&)>& chosen);
  core::Fill fill_locked(const std::string& account, const core::Symbol& symbol, core::Side side,
                         core::Shares shares, core::Price price, const std::string& order_ref,
                         std::int64_t order_id);

  mutable std::mutex mutex_;
  std::map<std::string, Account> accounts_;
  std::optional<std::vector<std::string>> managed_;
  std::map<core::Symbol, core::Result<core::Price>> prices_;
  std::map<core::Symbol, core::Result<core::ContractInfo>> contracts_;
  std::string default_hours_;
  std::string default_time_zone_ = "US/Eastern";
  std::map<core::Symbol, std::string> what_if_rejections_;
  std::map<std::pair<core::Symbol, core::Side>, OrderScript> scripts_;
  core::Money commission_ = 1.0;
  std::vector<core::OpenOrder> open_orders_;
  std::vector<core::Execution> executions_;
  std::map<std::string, core::Error> failing_calls_;
  std::vector<BrokerCall> calls_;
  std::vector<core::OrderRequest> placed_;
  std::vector<core::OrderRequest> what_ifs_;
  std::int64_t next_order_id_ = 1;
  std::int64_t next_exec_id_ = 1;
  bool fill_on_cancel_ = false;
  bool fill_working_on_wait_ = false;
  bool cancel_without_effect_ = false;
  std::map<core::Symbol, core::Price> moves_after_sells_;
  std::map<core::Symbol, core::Price> moves_on_first_order_;
  std::optional<core::OpenOrder> appears_on_first_order_;
  std::map<std::pair<core::Symbol, core::Side>, int> orders_seen_;
  core::Price ask_spread_ = 0;
};

}  // namespace ep::test
