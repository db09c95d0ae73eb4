#include "processor/guards.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "processor/json_views.hpp"

namespace ep::processor {

core::Result<std::vector<std::string>> check_allocations(const core::AllocationAnswer& answer) {
  if (answer.allocations.empty()) {
    return core::unavailable(
        "allocation guard: the strategy answered an empty allocation list; refusing to sell "
        "the whole account");
  }
  std::set<core::Symbol> seen;
  double sum = 0;
  for (const auto& target : answer.allocations) {
    if (target.symbol.empty()) {
      return core::unavailable("allocation guard: an allocation has an empty symbol");
    }
    if (!std::isfinite(target.weight) || target.weight < 0 || target.weight > 1) {
      return core::unavailable(fmt::format("allocation guard: weight {} of {} is outside [0, 1]",
                                           target.weight, target.symbol));
    }
    if (!seen.insert(target.symbol).second) {
      return core::unavailable(
          fmt::format("allocation guard: {} appears more than once", target.symbol));
    }
    sum += target.weight;
  }
  if (sum > kMaxAllocationSum) {
    return core::unavailable(
        fmt::format("allocation guard: allocations sum to {:.4f}, above {} (leverage is refused)",
                    sum, kMaxAllocationSum));
  }
  std::vector<std::string> warnings = answer.warnings;
  if (sum < kMinAllocationSum) {
    warnings.push_back(fmt::format("allocations sum to {:.4f}, below {}: the rest stays cash", sum,
                                   kMinAllocationSum));
  }
  return warnings;
}

core::Result<void> check_account(const Event& event, std::span<const std::string> managed) {
  if (event.account_config && event.account_config->account_id != event.account_id) {
    return core::invalid_input(fmt::format(
        "account guard: event account_id {} differs from data.account_config.account_id {}",
        event.account_id, event.account_config->account_id));
  }
  if (std::find(managed.begin(), managed.end(), event.account_id) == managed.end()) {
    return core::invalid_input(
        fmt::format("account guard: account {} is not managed by this gateway (managed: {})",
                    event.account_id, fmt::join(managed, ", ")));
  }
  return core::success();
}

core::Result<void> check_size_caps(const core::Plan& plan, core::Money net_liquidation,
                                   const SizeCaps& caps) {
  if (caps.max_order_percent <= 0 && caps.max_turnover_percent <= 0) return core::success();
  auto over = [&](std::string what) {
    return core::rejected(
        fmt::format("size guard: {}; the plan is not executed: {}", what,
                    to_json(plan).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  };
  if (net_liquidation <= 0) return over("net liquidation is not positive");
  core::Money turnover = 0;
  for (const auto* orders : {&plan.sells, &plan.buys}) {
    for (const auto& order : *orders) {
      turnover += order.estimated_value;
      const double percent = order.estimated_value / net_liquidation * 100.0;
      if (caps.max_order_percent > 0 && percent > caps.max_order_percent) {
        return over(fmt::format("{} {} {} is {:.2f}% of net liquidation, over the {}% cap",
                                core::to_string(order.side), order.quantity, order.symbol, percent,
                                caps.max_order_percent));
      }
    }
  }
  const double turnover_percent = turnover / net_liquidation * 100.0;
  if (caps.max_turnover_percent > 0 && turnover_percent > caps.max_turnover_percent) {
    return over(fmt::format("turnover {:.2f} is {:.2f}% of net liquidation, over the {}% cap",
                            turnover, turnover_percent, caps.max_turnover_percent));
  }
  return core::success();
}

core::Result<void> check_trading_mode(std::string_view mode,
                                      std::span<const std::string> managed_accounts) {
  if (mode != "paper" && mode != "live") {
    return core::invalid_input(
        fmt::format("trading mode guard: TRADING_MODE must be paper or live, got '{}'", mode));
  }
  if (managed_accounts.empty()) {
    return core::invalid_input("trading mode guard: the gateway manages no account");
  }
  const bool paper = mode == "paper";
  std::vector<std::string> wrong;
  for (const auto& account : managed_accounts) {
    if (account.starts_with("D") != paper) wrong.push_back(account);
  }
  if (wrong.empty()) return core::success();
  return core::invalid_input(fmt::format(
      "trading mode guard: TRADING_MODE={} but the gateway manages {} account(s) {}; refusing "
      "to process events",
      mode, paper ? "live" : "paper", fmt::join(wrong, ", ")));
}

}  // namespace ep::processor
