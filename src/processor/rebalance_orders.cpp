#include "processor/rebalance_orders.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include "processor/order_ref.hpp"

namespace ep::processor {

std::vector<core::OrderRequest> to_requests(const Event& event, const Settings& settings,
                                            std::span<const core::OrderIntent> intents,
                                            const std::map<core::Symbol, std::int64_t>& con_ids) {
  std::vector<core::OrderRequest> requests;
  for (const auto& intent : intents) {
    core::OrderRequest request;
    request.account = event.account_id;
    request.symbol = intent.symbol;
    request.side = intent.side;
    request.quantity = intent.quantity;
    request.time_in_force = settings.time_in_force;
    request.outside_rth = settings.extended_hours;
    request.order_ref = order_ref(event.event_id, intent.side, intent.symbol);
    const auto con_id = con_ids.find(intent.symbol);
    request.con_id = con_id == con_ids.end() ? 0 : con_id->second;
    requests.push_back(std::move(request));
  }
  return requests;
}

core::Result<void> judge_what_if(std::span<const core::OrderRequest> orders,
                                 std::span<const core::Result<core::WhatIfResult>> answers) {
  if (answers.size() != orders.size()) {
    return core::internal_error(fmt::format("broker answered {} what-if checks for {} orders",
                                            answers.size(), orders.size()));
  }
  std::vector<std::string> refused;
  std::optional<core::Error> other;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    if (answers[i].ok()) continue;
    const auto& error = answers[i].error();
    if (error.kind == core::ErrorKind::kRejected) {
      refused.push_back(fmt::format("{} {} {}: {}", core::to_string(orders[i].side),
                                    orders[i].quantity, orders[i].symbol, error.message));
    } else if (!other) {
      other = core::Error{error.kind,
                          fmt::format("what-if of {} {}: {}", core::to_string(orders[i].side),
                                      orders[i].symbol, error.message)};
    }
  }
  if (!refused.empty()) {
    return core::rejected(fmt::format("what-if rejected {} order(s), none placed: {}",
                                      refused.size(), fmt::join(refused, "; ")));
  }
  if (other) return *other;
  return core::success();
}

core::Result<void> judge_outcomes(std::span<const core::OrderOutcome> outcomes,
                                  std::string_view leg) {
  std::vector<std::string> unknown;
  std::vector<std::string> failed;
  for (const auto& outcome : outcomes) {
    const auto& request = outcome.request;
    if (outcome.state == core::OrderState::kUnknown) {
      unknown.push_back(request.symbol);
    } else if (outcome.state != core::OrderState::kFilled) {
      failed.push_back(fmt::format("{} {} ended {} after {} of {} filled{}{}", request.symbol, leg,
                                   core::to_string(outcome.state), outcome.filled, request.quantity,
                                   outcome.error.empty() ? "" : ": ", outcome.error));
    }
  }
  if (!unknown.empty()) {
    return core::unknown_outcome(fmt::format(
        "the outcome of the {} order(s) {} is unknown; the next attempt reconciles before "
        "placing anything",
        leg, fmt::join(unknown, ", ")));
  }
  if (!failed.empty()) {
    return core::rejected(fmt::format("{}{}", fmt::join(failed, "; "),
                                      leg == "sell" ? "; the buys did not run" : ""));
  }
  return core::success();
}

CashForBuys cash_for_buys(core::Money cash_before, std::span<const core::OrderOutcome> sells,
                          std::optional<core::Money> reported, core::Money reserve) {
  CashForBuys cash;
  cash.before = cash_before;
  for (const auto& sell : sells) {
    cash.proceeds += static_cast<double>(sell.filled) * sell.average_price;
    cash.commissions += sell.commission;
  }
  cash.computed = cash.before + cash.proceeds - cash.commissions;
  cash.reported = reported;
  cash.used = reported ? std::min(cash.computed, *reported) : cash.computed;
  cash.reserve = reserve;
  cash.budget = cash.used - cash.reserve;
  return cash;
}

bool legs_still_planned(std::span<const core::OpenOrder> working, const core::Plan& plan) {
  auto planned = [&](const core::OpenOrder& order) {
    // Only an order live at the exchange is worth waiting for; one the broker still holds
    // (PreSubmitted, PendingSubmit) may be stuck, and a replacement is the way out.
    if (order.status != "Submitted" && order.filled == 0) return false;
    const auto& legs = order.side == core::Side::kSell ? plan.sells : plan.buys;
    return std::any_of(legs.begin(), legs.end(), [&](const core::OrderIntent& leg) {
      const core::Shares rest = order.quantity - order.filled;
      const auto tolerance = std::max<core::Shares>(1, leg.quantity / 50);
      return leg.symbol == order.symbol && rest > 0 && std::llabs(rest - leg.quantity) <= tolerance;
    });
  };
  return std::all_of(working.begin(), working.end(), planned);
}

nlohmann::json to_json(const CashForBuys& cash) {
  return {{"before", cash.before},
          {"sell_proceeds", cash.proceeds},
          {"sell_commissions", cash.commissions},
          {"computed", cash.computed},
          {"reported", cash.reported ? nlohmann::json(*cash.reported) : nlohmann::json(nullptr)},
          {"used", cash.used},
          {"reserve", cash.reserve},
          {"buy_budget", cash.budget}};
}

}  // namespace ep::processor
