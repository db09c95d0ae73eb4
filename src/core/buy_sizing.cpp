#include "core/buy_sizing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ep::core {

Money CommissionModel::estimate(Shares shares, Price price) const {
  if (shares <= 0) return 0;
  const Money value = static_cast<double>(shares) * price;
  Money fee = std::max(static_cast<double>(shares) * per_share, minimum);
  if (maximum_percent > 0) fee = std::min(fee, value * maximum_percent / 100.0);
  return std::max(fee, Money{0});
}

namespace {

// What `shares` of a buy cost at `ask`, commission included.
Money cost(const CommissionModel& commission, Shares shares, Price ask) {
  return static_cast<double>(shares) * ask + commission.estimate(shares, ask);
}

// The most whole shares whose cost fits `left`.
Shares most_that_fit(const CommissionModel& commission, Money left, Price ask, Shares at_most) {
  if (left <= 0 || ask <= 0) return 0;
  auto shares = std::min(at_most, static_cast<Shares>(std::floor(left / ask)));
  while (shares > 0 && !fits(cost(commission, shares, ask), left)) --shares;
  return std::max<Shares>(shares, 0);
}

}  // namespace

BuySelection size_buys(const BuySizingInput& input) {
  BuySelection out;
  std::vector<OrderIntent> planned = input.planned;
  std::stable_sort(planned.begin(), planned.end(), [](const OrderIntent& a, const OrderIntent& b) {
    return a.estimated_value > b.estimated_value;
  });
  Money left = input.budget;
  for (const auto& buy : planned) {
    if (buy.quantity <= 0) continue;
    const Price planned_price = buy.estimated_value / static_cast<double>(buy.quantity);
    const auto quote = input.quotes.find(buy.symbol);
    const Price price = quote != input.quotes.end() && quote->second.price > 0 ? quote->second.price
                                                                               : planned_price;
    const Price ask = quote != input.quotes.end() && quote->second.ask > 0
                          ? std::max(quote->second.ask, price)
                          : price;
    const auto held = input.held.find(buy.symbol);
    const Quantity current = held == input.held.end() ? 0 : held->second;

    Shares wanted = buy.quantity;
    if (buy.weight > 0) {
      const double diff = input.investable * buy.weight / price - current;
      wanted = std::min(buy.quantity, diff > 0.5 ? round_half_even(diff) : Shares{0});
    }
    if (wanted <= 0) {
      out.skipped.push_back({Side::kBuy, buy.symbol, buy.quantity, 0,
                             fmt::format("on target at the fresh price {:.2f}", price)});
      continue;
    }
    if (wanted < buy.quantity) {
      out.skipped.push_back({Side::kBuy, buy.symbol, buy.quantity - wanted,
                             static_cast<double>(buy.quantity - wanted) * price,
                             fmt::format("{} of {} share(s) still wanted at the fresh price {:.2f}",
                                         wanted, buy.quantity, price)});
    }
    const Money needed = cost(input.commission, wanted, ask);
    if (fits(needed, left)) {
      left -= needed;
      out.buys.push_back(
          {Side::kBuy, buy.symbol, wanted, static_cast<double>(wanted) * ask, buy.weight});
      continue;
    }
    const Shares fitting = most_that_fit(input.commission, left, ask, wanted);
    const std::string why = fmt::format(
        "{} share(s) need {:.2f} at the ask {:.2f} with commission, {:.2f} left after the "
        "reserve",
        wanted, needed, ask, left);
    if (fitting == 0) {
      out.skipped.push_back({Side::kBuy, buy.symbol, wanted, needed, why});
      continue;
    }
    out.skipped.push_back({Side::kBuy, buy.symbol, wanted - fitting,
                           static_cast<double>(wanted - fitting) * ask,
                           fmt::format("bought {} of them: {}", fitting, why)});
    left -= cost(input.commission, fitting, ask);
    out.buys.push_back(
        {Side::kBuy, buy.symbol, fitting, static_cast<double>(fitting) * ask, buy.weight});
  }
  return out;
}

}  // namespace ep::core
