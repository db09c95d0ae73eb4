#include "tests/support/fake_broker.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace ep::test {

namespace {
// Regular sessions of the week of FakeClock's default start (Mon 2024-07-22 .. Sun 07-28).
constexpr const char* kDefaultHours =
    "20240722:0930-20240722:1600;20240723:0930-20240723:1600;20240724:0930-20240724:1600;"
    "20240725:0930-20240725:1600;20240726:0930-20240726:1600;20240727:CLOSED;20240728:CLOSED";

std::string join(std::span<const core::Symbol> symbols) {
  std::string out;
  for (const auto& symbol : symbols) out += (out.empty() ? "" : ",") + symbol;
  return out;
}
}  // namespace

FakeBroker::FakeBroker() : default_hours_(kDefaultHours) {}

// ---------------------------------------------------------------- scripting

void FakeBroker::set_account(const std::string& account, core::Money cash,
                             std::vector<std::pair<core::Symbol, core::Quantity>> positions) {
  std::lock_guard lock(mutex_);
  Account& entry = accounts_[account];
  entry.cash = cash;
  entry.positions.clear();
  for (auto& [symbol, shares] : positions) entry.positions[symbol] += shares;
}

void FakeBroker::set_managed_accounts(std::vector<std::string> accounts) {
  std::lock_guard lock(mutex_);
  managed_ = std::move(accounts);
}

void FakeBroker::set_net_liquidation(const std::string& account, core::Money value) {
  std::lock_guard lock(mutex_);
  accounts_[account].net_liquidation = value;
}

void FakeBroker::set_reported_cash_offset(const std::string& account, core::Money offset) {
  std::lock_guard lock(mutex_);
  accounts_[account].reported_cash_offset = offset;
}

void FakeBroker::set_price(const core::Symbol& symbol, core::Price price) {
  std::lock_guard lock(mutex_);
  prices_.insert_or_assign(symbol, core::Result<core::Price>(price));
}

void FakeBroker::set_price_error(const core::Symbol& symbol, core::Error error) {
  std::lock_guard lock(mutex_);
  prices_.insert_or_assign(symbol, core::Result<core::Price>(std::move(error)));
}

void FakeBroker::set_contract(core::ContractInfo info) {
  std::lock_guard lock(mutex_);
  const auto symbol = info.symbol;
  contracts_.insert_or_assign(symbol, core::Result<core::ContractInfo>(std::move(info)));
}

void FakeBroker::set_contract_error(const core::Symbol& symbol, core::Error error) {
  std::lock_guard lock(mutex_);
  contracts_.insert_or_assign(symbol, core::Result<core::ContractInfo>(std::move(error)));
}

void FakeBroker::set_default_hours(std::string hours, std::string time_zone) {
  std::lock_guard lock(mutex_);
  default_hours_ = std::move(hours);
  default_time_zone_ = std::move(time_zone);
}

void FakeBroker::add_reported_position(const std::string& account, core::Position position) {
  std::lock_guard lock(mutex_);
  accounts_[account].reported_only.push_back(std::move(position));
}

void FakeBroker::set_cash_account(const std::string& account) {
  std::lock_guard lock(mutex_);
  accounts_[account].cash_account = true;
}

void FakeBroker::move_price_after_sells(const core::Symbol& symbol, core::Price price) {
  std::lock_guard lock(mutex_);
  moves_after_sells_[symbol] = price;
}

void FakeBroker::move_price_on_first_order(const core::Symbol& symbol, core::Price price) {
  std::lock_guard lock(mutex_);
  moves_on_first_order_.insert_or_assign(symbol, price);
}

void FakeBroker::set_ask_spread(core::Price spread) {
  std::lock_guard lock(mutex_);
  ask_spread_ = spread;
}

void FakeBroker::accept_what_if(const core::Symbol& symbol) {
  std::lock_guard lock(mutex_);
  what_if_rejections_.erase(symbol);
}

void FakeBroker::reject_what_if(const core::Symbol& symbol, std::string reason) {
  std::lock_guard lock(mutex_);
  what_if_rejections_[symbol] = std::move(reason);
}

void FakeBroker::set_order_script(const core::Symbol& symbol, core::Side side, OrderScript script) {
  std::lock_guard lock(mutex_);
  scripts_[{symbol, side}] = std::move(script);
}

void FakeBroker::set_commission(core::Money per_order) {
  std::lock_guard lock(mutex_);
  commission_ = per_order;
}

void FakeBroker::add_open_order(core::OpenOrder order) {
  std::lock_guard lock(mutex_);
  if (order.order_id == 0) order.order_id = next_order_id_++;
  open_orders_.push_back(std::move(order));
}

void FakeBroker::add_open_order_on_first_order(core::OpenOrder order) {
  std::lock_guard lock(mutex_);
  appears_on_first_order_ = std::move(order);
}

void FakeBroker::add_execution(core::Execution execution) {
  std::lock_guard lock(mutex_);
  executions_.push_back(std::move(execution));
}

void FakeBroker::set_fill_working_on_wait(bool fill) {
  std::lock_guard lock(mutex_);
  fill_working_on_wait_ = fill;
}

void FakeBroker::set_cancel_without_effect(bool ignored) {
  std::lock_guard lock(mutex_);
  cancel_without_effect_ = ignored;
}

void FakeBroker::set_fill_on_cancel(bool fill) {
  std::lock_guard lock(mutex_);
  fill_on_cancel_ = fill;
}

void FakeBroker::fail_call(const std::string& name, core::Error error) {
  std::lock_guard lock(mutex_);
  failing_calls_.insert_or_assign(name, std::move(error));
}

// ---------------------------------------------------------------- inspection

std::vector<BrokerCall> FakeBroker::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

std::vector<std::string> FakeBroker::call_names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& call : calls_) names.push_back(call.name);
  return names;
}

std::vector<core::OrderRequest> FakeBroker::placed() const {
  std::lock_guard lock(mutex_);
  return placed_;
}

std::vector<core::OrderRequest> FakeBroker::what_ifs() const {
  std::lock_guard lock(mutex_);
  return what_ifs_;
}

std::vector<core::OpenOrder> FakeBroker::open_orders_now() const {
  std::lock_guard lock(mutex_);
  return open_orders_;
}

core::Quantity FakeBroker::shares(const std::string& account, const core::Symbol& symbol) const {
  std::lock_guard lock(mutex_);
  const auto account_it = accounts_.find(account);
  if (account_it == accounts_.end()) return 0;
  const auto it = account_it->second.positions.find(symbol);
  return it == account_it->second.positions.end() ? 0 : it->second;
}

core::Money FakeBroker::cash(const std::string& account) const {
  std::lock_guard lock(mutex_);
  const auto it = accounts_.find(account);
  return it == accounts_.end() ? 0 : it->second.cash;
}

core::Money FakeBroker::net_liquidation(const std::string& account) const {
  std::lock_guard lock(mutex_);
  return net_liquidation_locked(account);
}

// ---------------------------------------------------------------- helpers

std::optional<core::Error> FakeBroker::record_call(std::string name, std::string detail,
                                                   core::Deadline deadline) {
  calls_.push_back({name, std::move(detail), deadline});
  const auto it = failing_calls_.find(name);
  if (it == failing_calls_.end()) return std::nullopt;
  return it->second;
}

core::Money FakeBroker::net_liquidation_locked(const std::string& account) const {
  const auto it = accounts_.find(account);
  if (it == accounts_.end()) return 0;
  if (it->second.net_liquidation) return *it->second.net_liquidation;
  core::Money value = it->second.cash;
  for (const auto& [symbol, shares] : it->second.positions) {
    const auto price = prices_.find(symbol);
    if (price != prices_.end() && price->second.ok()) {
      value += static_cast<double>(shares) * price->second.value();
    }
  }
  return value;
}

std::optional<std::string> FakeBroker::cash_refusal_locked(const core::OrderRequest& order) const {
  const auto account = accounts_.find(order.account);
  if (order.side != core::Side::kBuy || account == accounts_.end() ||
      !account->second.cash_account) {
    return std::nullopt;
  }
  const auto price = prices_.find(order.symbol);
  if (price == prices_.end() || !price->second.ok()) return std::nullopt;
  const core::Money cost =
      static_cast<double>(order.quantity) * (price->second.value() + ask_spread_);
  if (cost <= account->second.cash) return std::nullopt;
  return "YOUR AVAILABLE CASH [" + std::to_string(account->second.cash) +
         " USD] MUST EXCEED THE ORDER COST (fake)";
}

core::OrderOutcome FakeBroker::execute_locked(const core::OrderRequest& request) {
  core::OrderOutcome outcome;
  outcome.request = request;
  outcome.order_id = next_order_id_++;
  const int seen = orders_seen_[{request.symbol, request.side}]++;
  if (const auto move = moves_on_first_order_.find(request.symbol);
      move != moves_on_first_order_.end()) {
    prices_.insert_or_assign(request.symbol, move->second);
    moves_on_first_order_.erase(move);
  }
  const auto script_it = scripts_.find({request.symbol, request.side});
  const OrderScript script =
      script_it == scripts_.end() || (script_it->second.first_order_only && seen > 0)
          ? OrderScript{}
          : script_it->second;

  std::optional<core::Price> price = script.price;
  if (!price) {
    const auto it = prices_.find(request.symbol);
    if (it != prices_.end() && it->second.ok()) {
      // A market order fills at the ask (buy) or the bid (sell).
      price = it->second.value() + (request.side == core::Side::kBuy ? ask_spread_ : -ask_spread_);
    }
  }
  const bool buy = request.side == core::Side::kBuy;
  if (price && request.order_type == core::OrderType::kLimit &&
      (buy ? *price > request.limit_price + 1e-9 : *price < request.limit_price - 1e-9)) {
    // Not marketable: the limit order rests, unfilled.
    open_orders_.push_back({outcome.order_id, 0, request.account, request.symbol, request.side,
                            request.quantity, 0, "Submitted", request.order_ref});
    outcome.state = core::OrderState::kUnknown;
    outcome.error = "still working at the deadline (fake)";
    return outcome;
  }
  if (!price || script.state == core::OrderState::kRejected ||
      script.state == core::OrderState::kInactive) {
    outcome.state = price ? script.state : core::OrderState::kRejected;
    outcome.error = script.error.empty() ? "no market data (fake)" : script.error;
    return outcome;
  }

  const core::Shares filled =
      script.state == core::OrderState::kFilled
          ? request.quantity
          : static_cast<core::Shares>(
                std::floor(static_cast<double>(request.quantity) * script.fill_fraction));
  if (filled > 0) {
    auto fill = fill_locked(request.account, request.symbol, request.side, filled, *price,
                            request.order_ref, outcome.order_id);
    if (script.state != core::OrderState::kUnknown) {
      outcome.filled = filled;
      outcome.average_price = *price;
      outcome.commission = script.report_commission ? commission_ : 0.0;
      if (!script.report_commission) fill.commission = 0;
      outcome.fills.push_back(std::move(fill));
    }
  }
  if (request.side == core::Side::kSell && filled > 0) {
    for (const auto& [symbol, moved] : moves_after_sells_) prices_.insert_or_assign(symbol, moved);
  }
  if (script.leave_working && filled < request.quantity) {
    open_orders_.push_back({outcome.order_id, 0, request.account, request.symbol, request.side,
                            request.quantity, filled, "Submitted", request.order_ref});
  }
  outcome.state = script.state;
  outcome.error = script.error;
  return outcome;
}

core::Fill FakeBroker::fill_locked(const std::string& account_id, const core::Symbol& symbol,
                                   core::Side side, core::Shares shares, core::Price price,
                                   const std::string& order_ref, std::int64_t order_id) {
  Account& account = accounts_[account_id];
  const core::Money value = static_cast<double>(shares) * price;
  const bool buy = side == core::Side::kBuy;
  account.positions[symbol] += static_cast<double>(buy ? shares : -shares);
  account.cash += (buy ? -value : value) - commission_;
  core::Fill fill{"fake-exec-" + std::to_string(next_exec_id_++), shares, price, commission_, ""};
  executions_.push_back({fill.exec_id, order_id, account_id, symbol, side, shares, price,
                         commission_, order_ref, ""});
  return fill;
}

// ---------------------------------------------------------------- core::Broker

core::Result<std::vector<std::string>> FakeBroker::managed_accounts(core::Deadline deadline) {
  std::lock_guard lock(mutex_);
  if (auto error = record_call("managed_accounts", "", deadline)) return *error;
  if (managed_) return *managed_;
  std::vector<std::string> accounts;
  for (const auto& [id, account] : accounts_) accounts.push_back(id);
  return accounts;
}

core::Result<core::AccountSnapshot> FakeBroker::account_snapshot(const std::string& account,
                                                                 core::Deadline deadline) {
  std::lock_guard lock(mutex_);
  if (auto error = record_call("account_snapshot", account, deadline)) return *error;
  const auto it = accounts_.find(account);
  if (it == accounts_.end()) return core::unavailable("no such account (fake): " + account);
  core::AccountSnapshot snapshot;
  snapshot.account_id = account;
  snapshot.cash = it->second.cash + it->second.reported_cash_offset;
  snapshot.net_liquidation = net_liquidation_locked(account);
  for (const auto& [symbol, shares] : it->second.positions) {
    if (shares == 0) continue;
    core::Position position{symbol, shares, 0, 0};
    const auto price = prices_.find(symbol);
    if (price != prices_.end() && price->second.ok()) {
      position.average_cost = price->second.value();
      position.market_value = static_cast<double>(shares) * price->second.value();
    }
    snapshot.positions.push_back(position);
  }
  for (const auto& position : it->second.reported_only) snapshot.positions.push_back(position);
  return snapshot;
}

std::vector<core::Result<core::ContractInfo>> FakeBroker::contract_details(
    std::span<const core::Symbol> symbols, core::Deadline deadline) {
  std::lock_guard lock(mutex_);
  std::vector<core::Result<core::ContractInfo>> out;
  auto error = record_call("contract_details", join(symbols), deadline);
  for (const auto& symbol : symbols) {
    if (error) {
      out.emplace_back(*error);
      continue;
    }
    const auto it = contracts_.find(symbol);
    if (it != contracts_.end()) {
      out.push_back(it->second);
      continue;
    }
    core::ContractInfo info;
    info.symbol = symbol;
    info.con_id = static_cast<std::int64_t>(std::hash<std::string>{}(symbol) % 1000000);
    info.primary_exchange = "ARCA";
    info.time_zone = default_time_zone_;
    info.trading_hours = default_hours_;
    info.liquid_hours = default_hours_;
    out.emplace_back(std::move(info));
  }
  return out;
}

std::vector<core::Result<core::Quote>> FakeBroker::prices(
    std::span<const core::ContractInfo> contracts, core::Deadline deadline) {
  std::lock_guard lock(mutex_);
  std::vector<core::Symbol> symbols;
  for (const auto& contract : contracts) symbols.push_back(contract.symbol);
  auto error = record_call("prices", join(symbols), deadline);
  std::vector<core::Result<core::Quote>> out;
  for (const auto& symbol : symbols) {
    const auto it = prices_.find(symbol);
    if (error) {
      out.emplace_back(*error);
    } else if (it == prices_.end()) {
      out.emplace_back(core::unavailable("no market data for " + symbol + " (fake)"));
    } else if (!it->second.ok()) {
      out.emplace_back(it->second.error());
    } else {
      const core::Price price = it->second.value();
      out.emplace_back(core::Quote{symbol, price, core::PriceSource::kLive,
                                   ask_spread_ > 0 ? price - ask_spread_ : 0,
                                   ask_spread_ > 0 ? price + ask_spread_ : 0, price});
    }
  }
  return out;
}

std::vector<core::Result<core::WhatIfResult>> FakeBroker::what_if(
    std::span<const core::OrderRequest> orders, core::Deadline deadline) {
  std::lock_guard lock(mutex_);
  std::vector<core::Symbol> symbols;
  for (const auto& order : orders) symbols.push_back(order.symbol);
  auto error = record_call("what_if", join(symbols), deadline);
  std::vector<core::Result<core::WhatIfResult>> out;
  for (const auto& order : orders) {
    what_ifs_.push_back(order);
    const auto it = what_if_rejections_.find(order.symbol);
    if (error) {
      out.emplace_back(*error);
    } else if (it != what_if_rejections_.end()) {
      out.emplace_back(core::rejected(it->second));
    } else if (auto refusal = cash_refusal_locked(order)) {
      out.emplace_back(core::rejected(*refusal));
    } else {
      core::WhatIfResult result;
      result.symbol = order.symbol;
      result.commission = commission_;
      out.emplace_back(std::move(result));
    }
  }
  return out;
}

std::vector<core::OrderOutcome> FakeBroker::place_orders(std::span<const core::OrderRequest> orders,
                                                         core::Deadline deadline) {
  std::lock_guard lock(mutex_);
  std::vector<core::Symbol> symbols;
  for (const auto& order : orders) symbols.push_back(order.symbol);
  auto error = record_call("place_orders", join(symbols), deadline);
  std::vector<core::OrderOutcome> out;
  for (const auto& order : orders) {
    if (error) {  // the connection dropped while sending: nobody knows what arrived
      out.push_back({order, 0, core::OrderState::kUnknown, 0, 0, 0, {}, error->message, {}, {}});
      continue;
    }
    placed_.push_back(order);
    if (appears_on_first_order_) {
      if (appears_on_first_order_->order_id == 0) appears_on_first_order_->order_id = 9000;
      open_orders_.push_back(*std::exchange(appears_on_first_order_, std::nullopt));
    }
    out.push_back(execute_locked(order));
  }
  return out;
}

core::Result<std::size_t> FakeBroker::cancel_open_orders(const std::string& account,
                                                         core::Deadline deadline) {
  std::lock_guard lock(mutex_);
  if (auto error = record_call("cancel_open_orders", account, deadline)) return *error;
  return cancel_locked(account, [](const core::OpenOrder&) { return true; });
}

core::Result<std::size_t> FakeBroker::cancel_orders(const std::string& account,
                                                    std::span<const std::int64_t> order_ids,
                                                    core::Deadline deadline) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> ids;
  for (const auto id : order_ids) ids.push_back(std::to_string(id));
  if (auto error = record_call("cancel_orders", join(ids), deadline)) return *error;
  return cancel_locked(account, [&](const core::OpenOrder& order) {
    return std::find(order_ids.begin(), order_ids.end(), order.order_id) != order_ids.end();
  });
}

std::size_t FakeBroker::cancel_locked(const std::string& account,
                                      const std::function<bool(const core::OpenOrder&)>& chosen) {
  if (cancel_without_effect_) return 0;
  auto cancelled = [&](const core::OpenOrder& order) {
    return order.account == account && chosen(order);
  };
  const auto before = open_orders_.size();
  for (const auto& order : open_orders_) {
    const auto price = prices_.find(order.symbol);
    if (!fill_on_cancel_ || !cancelled(order) || order.quantity <= order.filled ||
        price == prices_.end() || !price->second.ok()) {
      continue;
    }
    (void)fill_locked(account, order.symbol, order.side, order.quantity - order.filled,
                      price->second.value(), order.order_ref, order.order_id);
  }
  std::erase_if(open_orders_, cancelled);
  return before - open_orders_.size();
}

core::Result<void> FakeBroker::await_orders_done(const std::string& account,
                                                 std::span<const std::string> order_refs,
                                                 core::Deadline deadline) {
  std::lock_guard lock(mutex_);
  if (auto error = record_call("await_orders_done", join(order_refs), deadline)) return *error;
  auto awaited = [&](const core::OpenOrder& order) {
    return order.account == account &&
           std::find(order_refs.begin(), order_refs.end(), order.order_ref) != order_refs.end();
  };
  if (!fill_working_on_wait_) {
    const bool working = std::any_of(open_orders_.begin(), open_orders_.end(), awaited);
    if (working) return core::unknown_outcome("still working at the deadline (fake)");
    return core::success();
  }
  for (const auto& order : open_orders_) {
    const auto price = prices_.find(order.symbol);
    if (!awaited(order) || order.quantity <= order.filled || price == prices_.end() ||
        !price->second.ok()) {
      continue;
    }
    (void)fill_locked(account, order.symbol, order.side, order.quantity - order.filled,
                      price->second.value(), order.order_ref, order.order_id);
  }
  std::erase_if(open_orders_, awaited);
  return core::success();
}

core::Result<std::vector<core::OpenOrder>> FakeBroker::open_orders(core::Deadline deadline) {
  std::lock_guard lock(mutex_);
  if (auto error = record_call("open_orders", "", deadline)) return *error;
  return open_orders_;
}

core::Result<std::vector<core::Execution>> FakeBroker::executions_today(const std::string& account,
                                                                        core::Deadline deadline) {
  std::lock_guard lock(mutex_);
  if (auto error = record_call("executions_today", account, deadline)) return *error;
  std::vector<core::Execution> out;
  for (const auto& execution : executions_) {
    if (execution.account == account) out.push_back(execution);
  }
  return out;
}

core::BrokerStatus FakeBroker::status() const {
  std::lock_guard lock(mutex_);
  core::BrokerStatus status;
  status.state = core::BrokerStatus::State::kConnected;
  if (managed_) status.managed_accounts = *managed_;
  return status;
}

}  // namespace ep::test
