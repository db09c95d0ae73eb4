#include "sim/paper_broker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ep::sim {
namespace {

double round_to(double value, double scale) {
  return std::round(value * scale) / scale;
}
double money(double value) {
  return round_to(value, 1e6);
}

std::string format_amount(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

bool is_whole(double quantity) {
  return std::floor(quantity) == quantity;
}

}  // namespace

const char* to_string(OrderStatus status) {
  switch (status) {
    case OrderStatus::kPreSubmitted:
      return "PreSubmitted";
    case OrderStatus::kSubmitted:
      return "Submitted";
    case OrderStatus::kPendingCancel:
      return "PendingCancel";
    case OrderStatus::kCancelled:
      return "Cancelled";
    case OrderStatus::kFilled:
      return "Filled";
    case OrderStatus::kInactive:
      return "Inactive";
  }
  return "Inactive";
}

bool is_open(OrderStatus status) {
  return status == OrderStatus::kPreSubmitted || status == OrderStatus::kSubmitted ||
         status == OrderStatus::kPendingCancel;
}

PaperBroker::PaperBroker(Scenario scenario) {
  reset(std::move(scenario));
}

void PaperBroker::reset(Scenario scenario) {
  scenario_ = std::move(scenario);
  accounts_.clear();
  for (const auto& spec : scenario_.accounts) {
    AccountState account;
    account.id = spec.id;
    account.account_type = spec.account_type;
    account.cash = spec.cash;
    for (const auto& position : spec.positions) {
      account.positions[position.symbol] = PositionState{position.quantity, position.avg_cost, 0};
    }
    accounts_.push_back(std::move(account));
  }
  orders_.clear();
  order_index_.clear();
  fills_.clear();
  what_ifs_.clear();
}

const AccountState* PaperBroker::account(const std::string& id) const {
  for (const auto& account : accounts_) {
    if (account.id == id) return &account;
  }
  return nullptr;
}

AccountState* PaperBroker::mutable_account(const std::string& id) {
  return const_cast<AccountState*>(std::as_const(*this).account(id));
}

const SymbolSpec* PaperBroker::resolve(std::int64_t con_id, const std::string& symbol) const {
  // Only USD listings are tradable here; a held foreign listing is never resolved for a trade.
  const SymbolSpec* spec = nullptr;
  if (con_id != 0) {
    spec = find_symbol_by_con_id(scenario_, con_id);
    if (spec != nullptr && !symbol.empty() && symbol != spec->wire_symbol()) spec = nullptr;
  } else {
    spec = find_symbol(scenario_, symbol);
  }
  return spec != nullptr && spec->currency == "USD" ? spec : nullptr;
}

AccountValues PaperBroker::values(const std::string& account_id) const {
  AccountValues out;
  const AccountState* state = account(account_id);
  if (state == nullptr) return out;
  out.cash = state->cash;
  out.realized_pnl = state->realized_pnl;
  for (const auto& [name, position] : state->positions) {
    const SymbolSpec* spec = symbol(name);
    if (spec == nullptr) continue;
    const double value = position.quantity * spec->price;
    out.stock_value += value;
    out.gross_value += std::fabs(value);
    out.unrealized_pnl += value - position.quantity * position.avg_cost;
  }
  out.stock_value = money(out.stock_value);
  out.gross_value = money(out.gross_value);
  out.unrealized_pnl = money(out.unrealized_pnl);
  out.net_liquidation = money(out.cash + out.stock_value);
  return out;
}

const Order* PaperBroker::order(OrderKey key) const {
  auto it = order_index_.find(key);
  return it == order_index_.end() ? nullptr : &orders_[it->second];
}

int PaperBroker::next_order_id(int client_id) const {
  auto it = max_order_id_.find(client_id);
  auto seen = max_seen_id_.find(client_id);
  const int used = std::max(it == max_order_id_.end() ? 0 : it->second,
                            seen == max_seen_id_.end() ? 0 : seen->second);
  return std::max(scenario_.first_order_id, used + 1);
}

double PaperBroker::commission_for(double total_shares) const {
  const auto& latency = scenario_.latency;
  if (total_shares <= 0) return 0;
  return round_to(std::max(latency.commission_min, latency.commission_per_share * total_shares),
                  1e4);
}

double PaperBroker::fill_price(const SymbolSpec& spec, const OrderRequest& request) const {
  return request.action == "BUY" ? spec.ask : spec.bid;
}

std::optional<Rejection> PaperBroker::validate(OrderRequest& request, const SymbolSpec*& spec,
                                               TimePoint now, bool check_hours,
                                               bool reserve_open_orders) const {
  if (request.action != "BUY" && request.action != "SELL") {
    return Rejection{
        321, "Error validating request.-'bH' : cause - Invalid action '" + request.action + "'"};
  }
  if (request.order_type != "MKT" && request.order_type != "LMT") {
    return Rejection{321,
                     "Error validating request.-'bF' : cause - Invalid order type was entered"};
  }
  if (request.order_type == "LMT" && (!request.lmt_price || *request.lmt_price <= 0)) {
    return Rejection{
        321, "Error validating request.-'bG' : cause - A limit order needs a positive limit price"};
  }
  spec = resolve(request.con_id, request.symbol);
  if (spec == nullptr)
    return Rejection{200, "No security definition has been found for the request"};
  if (request.order_type == "LMT" && spec->min_tick > 0) {
    const double ticks = *request.lmt_price / spec->min_tick;
    if (std::fabs(ticks - std::round(ticks)) > 1e-6) {
      return Rejection{
          110, "The price does not conform to the minimum price variation for this contract."};
    }
  }
  request.symbol = spec->symbol;
  request.con_id = spec->con_id;
  if (request.quantity <= 0) return Rejection{434, "The order size cannot be zero"};
  if (!is_whole(request.quantity)) {
    return Rejection{
        201, "Order rejected - reason:Fractional quantities are not accepted; order whole shares"};
  }
  if (request.account.empty()) request.account = accounts_.front().id;
  const AccountState* state = account(request.account);
  if (state == nullptr) {
    return Rejection{
        201, "Order rejected - reason:The account " + request.account + " is not managed here"};
  }
  if (check_hours) {
    const bool open = request.outside_rth ? is_open(spec->trading_hours, now, spec->time_zone)
                                          : is_open(spec->liquid_hours, now, spec->time_zone);
    if (!open) {
      return Rejection{
          201, std::string("Order rejected - reason:The market for ") + spec->symbol +
                   " is closed" +
                   (request.outside_rth ? "" : " (regular trading hours; outsideRth not set)")};
    }
  }
  if (request.action == "BUY") {
    double price = request.order_type == "LMT" ? *request.lmt_price : spec->ask;
    double cost = request.quantity * price + commission_for(request.quantity);
    double available = state->cash;
    if (reserve_open_orders) {
      for (const auto& order : orders_) {
        if (is_open(order.status) && order.request.account == state->id &&
            order.request.action == "BUY") {
          const SymbolSpec* other = symbol(order.request.symbol);
          const double other_price = order.request.lmt_price.value_or(other ? other->ask : 0);
          available -= order.remaining() * other_price;
        }
      }
    }
    if (cost > available + 1e-9) {
      return Rejection{201,
                       "Order rejected - reason:YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE "
                       "DESIRED POSITION YOUR AVAILABLE CASH [" +
                           format_amount(available) + " USD] MUST EXCEED THE ORDER COST [" +
                           format_amount(cost) + " USD]"};
    }
  } else {
    auto it = state->positions.find(spec->symbol);
    double held = it == state->positions.end() ? 0 : it->second.quantity;
    if (reserve_open_orders) {
      for (const auto& order : orders_) {
        if (is_open(order.status) && order.request.account == state->id &&
            order.request.action == "SELL" && order.request.symbol == spec->symbol) {
          held -= order.remaining();
        }
      }
    }
    if (request.quantity > held + 1e-9) {
      return Rejection{
          201,
          "Order rejected - reason:YOUR ORDER IS NOT ACCEPTED. SHORT SALES ARE NOT ALLOWED: "
          "THE ORDER SELLS " +
              format_amount(request.quantity) + " " + spec->symbol + " BUT ONLY " +
              format_amount(std::max(held, 0.0)) + " ARE AVAILABLE"};
    }
  }
  return std::nullopt;
}

PlaceOutcome PaperBroker::place(const OrderRequest& original, TimePoint now) {
  OrderRequest request = original;
  const SymbolSpec* spec = nullptr;
  PlaceOutcome outcome;
  if (request.what_if) {
    auto rejection =
        validate(request, spec, now, /*check_hours=*/false, /*reserve_open_orders=*/false);
    WhatIfCheck check{request, !rejection, rejection ? rejection->message : "", {}, now};
    if (rejection) {
      what_ifs_.push_back(check);
      outcome.rejection = *rejection;
      return outcome;
    }
    // A what-if id is never reused by a later nextValidId, though an order may still take it.
    max_seen_id_[request.client_id] = std::max(max_seen_id_[request.client_id], request.order_id);
    const AccountValues before = values(request.account);
    const double signed_qty = request.action == "BUY" ? request.quantity : -request.quantity;
    const AccountState* state = account(request.account);
    auto it = state->positions.find(spec->symbol);
    const double held = it == state->positions.end() ? 0 : it->second.quantity;
    const double gross_after = before.gross_value - std::fabs(held * spec->price) +
                               std::fabs((held + signed_qty) * spec->price);
    WhatIfResult& result = check.result;
    result.commission = commission_for(request.quantity);
    result.init_margin_before = result.maint_margin_before = before.gross_value;
    result.init_margin_after = result.maint_margin_after = money(gross_after);
    result.equity_with_loan_before = before.net_liquidation;
    // Trading at the bid/ask costs the spread against the last price, plus the commission.
    const double spread_cost =
        std::fabs(fill_price(*spec, request) - spec->price) * request.quantity;
    result.equity_with_loan_after = money(before.net_liquidation - spread_cost - result.commission);
    what_ifs_.push_back(check);
    outcome.kind = PlaceOutcome::Kind::kWhatIf;
    outcome.what_if = result;
    return outcome;
  }
  const OrderKey key{request.client_id, request.order_id};
  auto used = max_order_id_.find(request.client_id);
  if (request.order_id <= 0 || order_index_.count(key) != 0 ||
      (used != max_order_id_.end() && request.order_id <= used->second)) {
    outcome.rejection = Rejection{103, "Duplicate order id"};
    return outcome;
  }
  max_order_id_[request.client_id] = request.order_id;
  auto rejection = validate(request, spec, now, /*check_hours=*/true, /*reserve_open_orders=*/true);
  Order order;
  order.request = request;
  if (order.request.account.empty() && !accounts_.empty())
    order.request.account = accounts_.front().id;
  order.perm_id = next_perm_id_++;
  order.placed_at = now;
  if (rejection) {
    order.status = OrderStatus::kInactive;
    order.completed_status = rejection->message;
    order.completed_at = now;
    outcome.rejection = *rejection;
  } else {
    order.status = OrderStatus::kPreSubmitted;
    outcome.kind = PlaceOutcome::Kind::kAccepted;
  }
  order_index_[key] = orders_.size();
  orders_.push_back(std::move(order));
  return outcome;
}

void PaperBroker::set_status(OrderKey key, OrderStatus status) {
  auto it = order_index_.find(key);
  if (it != order_index_.end() && is_open(orders_[it->second].status))
    orders_[it->second].status = status;
}

std::optional<Rejection> PaperBroker::cancel(OrderKey key, TimePoint now, const std::string& why) {
  auto it = order_index_.find(key);
  if (it == order_index_.end()) {
    return Rejection{10147, "OrderId " + std::to_string(key.second) +
                                " that needs to be cancelled is not found."};
  }
  Order& order = orders_[it->second];
  if (!is_open(order.status)) {
    return Rejection{10148, "OrderId " + std::to_string(key.second) +
                                " that needs to be cancelled cannot be cancelled, state: " +
                                to_string(order.status) + "."};
  }
  order.status = OrderStatus::kCancelled;
  order.completed_status = why;
  order.completed_at = now;
  return std::nullopt;
}

std::optional<Fill> PaperBroker::execute(OrderKey key, double max_shares, TimePoint now) {
  auto it = order_index_.find(key);
  if (it == order_index_.end()) return std::nullopt;
  Order& order = orders_[it->second];
  if (order.status != OrderStatus::kPreSubmitted && order.status != OrderStatus::kSubmitted)
    return std::nullopt;
  const SymbolSpec* spec = symbol(order.request.symbol);
  AccountState* state = mutable_account(order.request.account);
  if (spec == nullptr || state == nullptr) return std::nullopt;
  const bool buy = order.request.action == "BUY";
  const double price = fill_price(*spec, order.request);
  if (order.request.order_type == "LMT" && order.request.lmt_price &&
      (buy ? price > *order.request.lmt_price : price < *order.request.lmt_price)) {
    return std::nullopt;  // not marketable: the order rests
  }
  const double shares = std::min(std::floor(max_shares), order.remaining());
  if (shares <= 0) return std::nullopt;

  const double commission =
      round_to(commission_for(order.filled + shares) - order.commission_paid, 1e4);
  PositionState& position = state->positions[spec->symbol];
  Fill fill;
  if (buy) {
    state->cash = money(state->cash - shares * price - commission);
    const double new_quantity = position.quantity + shares;
    position.avg_cost =
        money((position.quantity * position.avg_cost + shares * price + commission) / new_quantity);
    position.quantity = new_quantity;
  } else {
    state->cash = money(state->cash + shares * price - commission);
    const double realized = money((price - position.avg_cost) * shares - commission);
    position.realized_pnl = money(position.realized_pnl + realized);
    state->realized_pnl = money(state->realized_pnl + realized);
    position.quantity -= shares;
    if (position.quantity == 0) position.avg_cost = 0;
    fill.realized_pnl = realized;
  }
  order.avg_fill_price =
      money((order.avg_fill_price * order.filled + price * shares) / (order.filled + shares));
  order.filled += shares;
  order.last_fill_price = price;
  order.commission_paid = round_to(order.commission_paid + commission, 1e4);
  if (order.remaining() <= 0) {
    order.status = OrderStatus::kFilled;
    order.completed_status = "Filled";
    order.completed_at = now;
  }

  const auto epoch =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  char exec_id[40];
  std::snprintf(exec_id, sizeof exec_id, "%08x.%08llx.01.01", next_exec_++,
                static_cast<unsigned long long>(epoch) & 0xffffffffULL);
  fill.exec_id = exec_id;
  fill.client_id = order.request.client_id;
  fill.order_id = order.request.order_id;
  fill.perm_id = order.perm_id;
  fill.account = order.request.account;
  fill.symbol = spec->symbol;
  fill.con_id = spec->con_id;
  fill.side = buy ? "BOT" : "SLD";
  fill.shares = shares;
  fill.price = price;
  fill.cum_qty = order.filled;
  fill.avg_price = order.avg_fill_price;
  fill.commission = commission;
  fill.order_ref = order.request.order_ref;
  fill.time = now;
  fills_.push_back(fill);
  return fill;
}

bool PaperBroker::set_prices(const std::string& name, double price, std::optional<double> bid,
                             std::optional<double> ask, std::optional<double> close) {
  auto it = scenario_.symbols.find(name);
  if (it == scenario_.symbols.end() || price <= 0) return false;
  SymbolSpec& spec = it->second;
  const double half_spread = std::max((spec.ask - spec.bid) / 2, 0.0);
  spec.price = price;
  spec.bid = bid.value_or(money(price - half_spread));
  spec.ask = ask.value_or(money(price + half_spread));
  if (close) spec.close = *close;
  return true;
}

}  // namespace ep::sim
