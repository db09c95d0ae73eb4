#include "core/planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace ep::core {
namespace {

std::optional<Price> price_of(const PlanInput& input, const Symbol& symbol) {
  auto it = input.prices.find(symbol);
  if (it == input.prices.end() || !std::isfinite(it->second) || it->second <= 0) {
    return std::nullopt;
  }
  return it->second;
}

std::map<Symbol, Shares> holdings(const std::vector<Position>& positions) {
  std::map<Symbol, Shares> held;
  for (const auto& position : positions) held[position.symbol] += position.shares;
  return held;
}

SkippedOrder no_price(const Symbol& symbol) {
  return {std::nullopt, symbol, 0, 0, fmt::format("no price for {}", symbol)};
}

// Moves orders worth less than the minimum trade value from `orders` to `skipped`.
void drop_small(std::vector<OrderIntent>& orders, Money minimum,
                std::vector<SkippedOrder>& skipped) {
  if (minimum <= 0) return;
  std::erase_if(orders, [&](const OrderIntent& order) {
    if (order.estimated_value >= minimum) return false;
    skipped.push_back({order.side, order.symbol, order.quantity, order.estimated_value,
                       fmt::format("worth {:.2f}, below the minimum trade value {:.2f}",
                                   order.estimated_value, minimum)});
    return true;
  });
}

}  // namespace

Shares round_half_even(double value) { return static_cast<Shares>(std::nearbyint(value)); }

Plan make_plan(const PlanInput& input, const PlannerOptions& options) {
  Plan plan;
  const Money reserve = input.account_value * input.cash_reserve_percent / 100.0;
  plan.investable = input.account_value * (1.0 - input.cash_reserve_percent / 100.0);

  const auto held = holdings(input.positions);
  std::set<Symbol> targeted;
  std::vector<OrderIntent> buys;

  for (const auto& target : input.allocations) {
    targeted.insert(target.symbol);
    const auto price = price_of(input, target.symbol);
    if (!price) {
      plan.skipped.push_back(no_price(target.symbol));
      continue;
    }
    const auto it = held.find(target.symbol);
    const Shares current = it == held.end() ? 0 : it->second;
    const double diff = plan.investable * target.weight / *price - static_cast<double>(current);
    if (std::fabs(diff) <= 0.5) continue;
    const Shares quantity = round_half_even(diff);
    const Shares size = quantity < 0 ? -quantity : quantity;
    OrderIntent order{quantity < 0 ? Side::kSell : Side::kBuy, target.symbol, size,
                      static_cast<double>(size) * *price};
    (order.side == Side::kSell ? plan.sells : buys).push_back(std::move(order));
  }

  // Held symbols the strategy no longer wants are sold in full, after the targeted sells.
  for (const auto& [symbol, shares] : held) {
    if (targeted.contains(symbol) || shares == 0) continue;
    if (shares < 0) {
      plan.skipped.push_back({Side::kBuy, symbol, -shares, 0,
                              fmt::format("short position of {} {} is not traded", -shares,
                                          symbol)});
      continue;
    }
    const auto price = price_of(input, symbol);
    if (!price) {
      plan.skipped.push_back(no_price(symbol));
      continue;
    }
    plan.sells.push_back({Side::kSell, symbol, shares, static_cast<double>(shares) * *price});
  }

  drop_small(plan.sells, options.min_trade_value, plan.skipped);
  drop_small(buys, options.min_trade_value, plan.skipped);

  Money proceeds = 0;
  for (const auto& sell : plan.sells) proceeds += sell.estimated_value;
  plan.buy_budget = input.cash + proceeds - reserve;

  plan.buy_candidates = buys;
  auto selection = select_buys(std::move(buys), plan.buy_budget, options);
  plan.buys = std::move(selection.buys);
  plan.skipped.insert(plan.skipped.end(), selection.skipped.begin(), selection.skipped.end());
  return plan;
}

BuySelection select_buys(std::vector<OrderIntent> candidates, Money budget,
                         const PlannerOptions& options) {
  BuySelection out;
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const OrderIntent& a, const OrderIntent& b) {
                     return a.estimated_value > b.estimated_value;
                   });
  Money committed = 0;
  for (auto& buy : candidates) {
    if (committed + buy.estimated_value <= budget) {
      committed += buy.estimated_value;
      out.buys.push_back(std::move(buy));
      continue;
    }
    const Money left = budget - committed;
    const Price price = buy.estimated_value / static_cast<double>(buy.quantity);
    const auto fitting = left > 0 ? static_cast<Shares>(std::floor(left / price)) : Shares{0};
    if (options.buy_what_fits && fitting > 0) {
      const Money value = static_cast<double>(fitting) * price;
      committed += value;
      out.skipped.push_back({Side::kBuy, buy.symbol, buy.quantity - fitting,
                             buy.estimated_value - value,
                             fmt::format("bought {} of {} shares: needs {:.2f}, {:.2f} left after "
                                         "the reserve",
                                         fitting, buy.quantity, buy.estimated_value, left)});
      out.buys.push_back({Side::kBuy, buy.symbol, fitting, value});
      continue;
    }
    out.skipped.push_back({Side::kBuy, buy.symbol, buy.quantity, buy.estimated_value,
                           fmt::format("needs {:.2f}, {:.2f} left after the reserve",
                                       buy.estimated_value, left)});
  }
  return out;
}

}  // namespace ep::core
