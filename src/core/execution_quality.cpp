#include "core/execution_quality.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ep::core {
namespace {

bool usable(Price price) {
  return std::isfinite(price) && price > 0;
}

// The tick as an integer number of hundred-thousandths, so rounding to it is exact for the
// ticks stocks have (0.01, 0.005, 0.0001).
constexpr double kTickScale = 1e5;

}  // namespace

Price side_quote(Side side, const PlannedQuote& quote) {
  const Price wanted = side == Side::kBuy ? quote.ask : quote.bid;
  return usable(wanted) ? wanted : quote.price;
}

std::optional<Slippage> slippage_of(Side side, const PlannedQuote& quote, Shares filled,
                                    Price average) {
  const Price reference = side_quote(side, quote);
  if (filled <= 0 || !usable(average) || !usable(reference)) return std::nullopt;
  // Positive when it cost us: paid above the reference, or sold below it.
  const double sign = side == Side::kBuy ? 1.0 : -1.0;
  Slippage out;
  out.reference = reference;
  // "+ 0.0" turns the -0.0 of a sell filled at its quote into 0.
  out.vs_quote_bp = sign * (average - reference) / reference * 10000.0 + 0.0;
  if (usable(quote.last))
    out.vs_last_bp = sign * (average - quote.last) / quote.last * 10000.0 + 0.0;
  out.cost = sign * (average - reference) * static_cast<double>(filled) + 0.0;
  return out;
}

ExecutionCost execution_cost(std::span<const OrderOutcome> orders) {
  ExecutionCost out;
  for (const auto& order : orders) {
    if (order.filled > 0 && usable(order.average_price)) {
      out.traded_value += static_cast<double>(order.filled) * order.average_price;
    }
    out.commissions += order.commission;
    if (order.slippage) out.slippage += order.slippage->cost;
  }
  out.total = out.slippage + out.commissions;
  if (out.traded_value > 0) out.fraction_of_traded = out.total / out.traded_value;
  return out;
}

Price collar_limit(Side side, Price quote, double collar_percent, Price tick) {
  const auto ticks = std::llround((tick > 0 ? tick : 0.01) * kTickScale);
  const double raw = side == Side::kBuy ? quote * (1 + collar_percent / 100.0)
                                        : quote * (1 - collar_percent / 100.0);
  // Whole ticks: down for a buy, up for a sell (a hair of tolerance so an exact multiple
  // computed in binary floating point stays where it is).
  const double in_ticks = raw * kTickScale / static_cast<double>(ticks);
  const double whole =
      side == Side::kBuy ? std::floor(in_ticks + 1e-6) : std::ceil(in_ticks - 1e-6);
  return whole * static_cast<double>(ticks) / kTickScale;
}

bool beyond_limit(Side side, Price quote, Price limit) {
  if (!usable(quote)) return false;
  return side == Side::kBuy ? quote > limit + 1e-9 : quote < limit - 1e-9;
}

std::optional<std::string> gap_beyond_collar(Side side, const Symbol& symbol, Price then, Price now,
                                             double collar_percent) {
  if (!usable(then) || !usable(now)) return std::nullopt;
  const double moved = (now - then) / then * 100.0;  // + up, - down
  const double against = side == Side::kBuy ? moved : -moved;
  if (std::llround(against * 10000) <= std::llround(collar_percent * 10000)) return std::nullopt;
  return fmt::format("{} {} {:.2f} is {:.2f}% {} {:.2f}, beyond the {:.2f}% collar: not chased",
                     symbol, side == Side::kBuy ? "ask" : "bid", now, std::fabs(moved),
                     moved > 0 ? "above" : "below", then, collar_percent);
}

}  // namespace ep::core
