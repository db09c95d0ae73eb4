#include "core/planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>

namespace ep::core {
namespace {

std::optional<Price> price_of(const PlanInput& input, const Symbol& symbol) {
  auto it = input.prices.find(symbol);
  if (it == input.prices.end() || !std::isfinite(it->second) || it->second <= 0) {
    return std::nullopt;
  }
  return it->second;
}

std::map<Symbol, Quantity> holdings(const std::vector<Position>& positions) {
  std::map<Symbol, Quantity> held;
  for (const auto& position : positions) held[position.symbol] += position.shares;
  return held;
}

// Whole shares of a holding that can be sold: IB's API sells no fractions, so 30.6 held sells
// at most 30 (the original truncates the same way).
Shares whole_held(Quantity held) {
  return held > 0 ? static_cast<Shares>(std::floor(held + 1e-9)) : Shares{0};
}

// The fractional rest of a holding sold in full, in words for the outcome record; none when the
// holding is whole.
std::optional<std::string> fractional_rest(const Symbol& symbol, Quantity held) {
  const Quantity rest = held - static_cast<double>(whole_held(held));
  if (rest < 1e-9) return std::nullopt;
  return fmt::format("{:.4g} share(s) of {} stay: IB's API cannot sell a fraction", rest, symbol);
}

// The opposite of what an earlier attempt of this event did to the symbol, if it was.
std::optional<std::string> round_trip(const PlanInput& input, const Symbol& symbol, Side side) {
  const auto it = input.traded_earlier.find(symbol);
  if (it == input.traded_earlier.end() || it->second == side) return std::nullopt;
  return fmt::format("{} earlier by this event: not {} back",
                     it->second == Side::kSell ? "sold" : "bought",
                     side == Side::kSell ? "sold" : "bought");
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

// How far a symbol's weight is from its target, in percentage points of the account value.
double drift_points(Money held_value, Money target_value, Money account_value) {
  return std::fabs(held_value - target_value) / account_value * 100.0;
}

// Whether a drift lies within the band. Compared at a hundredth of a basis point, so a drift
// that prints as the band (0.5 of 0.5) counts as inside it whatever the rounding of the inputs.
bool within_band(double drift, double band) {
  return std::llround(drift * 10000) <= std::llround(band * 10000);
}

}  // namespace

Shares round_half_even(double value) {
  return static_cast<Shares>(std::nearbyint(value));
}

Money reserve_of(Money account_value, double cash_reserve_percent) {
  return account_value * cash_reserve_percent / 100.0;
}

bool fits(Money amount, Money budget) {
  return std::llround(amount * 100) <= std::llround(budget * 100);
}

Plan make_plan(const PlanInput& input, const PlannerOptions& options) {
  Plan plan;
  plan.reserve = reserve_of(input.account_value, input.cash_reserve_percent);
  plan.investable = input.account_value - plan.reserve;

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
    const Quantity current = it == held.end() ? 0 : it->second;
    const double diff = plan.investable * target.weight / *price - current;
    if (std::fabs(diff) <= 0.5) continue;
    const Side side = diff < 0 ? Side::kSell : Side::kBuy;
    Shares size = round_half_even(std::fabs(diff));
    if (side == Side::kSell) {
      size = std::min(size, whole_held(current));  // never more than the whole shares held
      if (size == 0) continue;
    }
    if (auto why = round_trip(input, target.symbol, side)) {
      plan.skipped.push_back({side, target.symbol, size, static_cast<double>(size) * *price, *why});
      continue;
    }
    if (options.drift_band_percent > 0 && target.weight > 0 && input.account_value > 0) {
      const double drift =
          drift_points(current * *price, plan.investable * target.weight, input.account_value);
      if (within_band(drift, options.drift_band_percent)) {
        plan.skipped.push_back(
            {side, target.symbol, size, static_cast<double>(size) * *price,
             fmt::format("drift {:.2f} percentage point(s) from the target, within the band "
                         "{:.2f}",
                         drift, options.drift_band_percent)});
        continue;
      }
    }
    OrderIntent order{side, target.symbol, size, static_cast<double>(size) * *price, target.weight};
    (side == Side::kSell ? plan.sells : buys).push_back(std::move(order));
  }

  // Held symbols the strategy no longer wants are sold in full (the whole shares of them),
  // after the targeted sells.
  for (const auto& [symbol, shares] : held) {
    if (targeted.contains(symbol) || shares == 0) continue;
    if (shares < 0) {
      plan.skipped.push_back(
          {Side::kBuy, symbol, whole_held(-shares), 0,
           fmt::format("short position of {:.4g} {} is not traded", -shares, symbol)});
      continue;
    }
    const Shares whole = whole_held(shares);
    if (auto rest = fractional_rest(symbol, shares)) plan.warnings.push_back(*rest);
    if (whole == 0) continue;
    const auto price = price_of(input, symbol);
    if (!price) {
      plan.skipped.push_back(no_price(symbol));
      continue;
    }
    if (auto why = round_trip(input, symbol, Side::kSell)) {
      plan.skipped.push_back(
          {Side::kSell, symbol, whole, static_cast<double>(whole) * *price, *why});
      continue;
    }
    plan.sells.push_back({Side::kSell, symbol, whole, static_cast<double>(whole) * *price, 0});
  }

  drop_small(plan.sells, options.min_trade_value, plan.skipped);
  drop_small(buys, options.min_trade_value, plan.skipped);

  Money proceeds = 0;
  for (const auto& sell : plan.sells) proceeds += sell.estimated_value;
  plan.buy_budget = input.cash + proceeds - plan.reserve;

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
    if (fits(committed + buy.estimated_value, budget)) {
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
      out.buys.push_back({Side::kBuy, buy.symbol, fitting, value, buy.weight});
      continue;
    }
    out.skipped.push_back(
        {Side::kBuy, buy.symbol, buy.quantity, buy.estimated_value,
         fmt::format("needs {:.2f}, {:.2f} left after the reserve", buy.estimated_value, left)});
  }
  return out;
}

}  // namespace ep::core
