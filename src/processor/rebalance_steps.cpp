#include "processor/rebalance_steps.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/holdings.hpp"
#include "processor/guards.hpp"

namespace ep::processor {

namespace {

bool is_target(const std::vector<core::TargetAllocation>& targets, const core::Symbol& symbol) {
  return std::any_of(targets.begin(), targets.end(),
                     [&](const core::TargetAllocation& target) { return target.symbol == symbol; });
}

}  // namespace

std::map<core::Symbol, std::int64_t> ContractStep::con_ids() const {
  std::map<core::Symbol, std::int64_t> out;
  for (const auto& contract : contracts) out[contract.symbol] = contract.con_id;
  return out;
}

core::Result<AllocationStep> fetch_allocations(const CommandContext& context) {
  const auto& strategy = context.event.account_config->strategy;
  auto answer = context.ports.allocations.fetch(strategy);
  if (!answer) {
    return core::unavailable(fmt::format("allocations of {}: {} ({})", strategy,
                                         answer.error().message,
                                         core::to_string(answer.error().kind)));
  }
  auto warnings = check_allocations(answer.value());
  if (!warnings) return warnings.error();
  return AllocationStep{std::move(answer->allocations), std::move(warnings.value())};
}

core::Result<void> guard_account(const CommandContext& context) {
  auto managed = context.ports.broker.managed_accounts(context.request_deadline());
  if (!managed) return managed.error();
  return check_account(context.event, managed.value());
}

core::Result<core::AccountSnapshot> read_account(const CommandContext& context) {
  auto snapshot =
      context.ports.broker.account_snapshot(context.event.account_id, context.request_deadline());
  if (!snapshot) return snapshot.error();
  if (!(snapshot->net_liquidation > 0)) {
    return core::unavailable(fmt::format("account {} reports net liquidation {}; not trading",
                                         context.event.account_id, snapshot->net_liquidation));
  }
  return snapshot;
}

core::Result<ContractStep> resolve_contracts(const CommandContext& context,
                                             const std::vector<core::TargetAllocation>& targets,
                                             const core::AccountSnapshot& snapshot) {
  std::vector<core::Symbol> symbols;
  for (const auto& target : targets) symbols.push_back(target.symbol);
  std::set<core::Symbol> held;  // sorted, so plans and logs are deterministic
  for (const auto& position : snapshot.positions) {
    if (position.shares != 0 && core::in_usd(position) && !is_target(targets, position.symbol)) {
      held.insert(position.symbol);
    }
  }
  symbols.insert(symbols.end(), held.begin(), held.end());

  auto details = context.ports.broker.contract_details(symbols, context.request_deadline());
  if (details.size() != symbols.size()) {
    return core::internal_error(fmt::format("broker answered {} contract details for {} symbols",
                                            details.size(), symbols.size()));
  }
  ContractStep step;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (details[i].ok()) {
      step.contracts.push_back(details[i].value());
      continue;
    }
    if (is_target(targets, symbols[i])) {
      return core::unavailable(
          fmt::format("symbol guard: target {} cannot be resolved by the broker ({}); not trading",
                      symbols[i], details[i].error().message));
    }
    step.unresolved_held.push_back(symbols[i]);
  }
  return step;
}

core::Result<PriceStep> read_prices(const CommandContext& context,
                                    const std::vector<core::ContractInfo>& contracts,
                                    const std::vector<core::TargetAllocation>& targets) {
  auto quotes = context.ports.broker.prices(contracts, context.request_deadline());
  if (quotes.size() != contracts.size()) {
    return core::internal_error(
        fmt::format("broker answered {} prices for {} contracts", quotes.size(), contracts.size()));
  }
  PriceStep step;
  step.read_at = context.ports.clock.monotonic();
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < contracts.size(); ++i) {
    const auto& symbol = contracts[i].symbol;
    const bool usable = quotes[i].ok() && std::isfinite(quotes[i]->price) && quotes[i]->price > 0;
    if (usable) {
      step.prices[symbol] = quotes[i]->price;
      step.quotes[symbol] = {quotes[i]->price, quotes[i]->ask};
      step.sources[symbol] = core::to_string(quotes[i]->source);
      step.read[symbol] = quotes[i].value();
    } else if (is_target(targets, symbol)) {
      missing.push_back(fmt::format(
          "{} ({})", symbol, quotes[i].ok() ? "non-positive price" : quotes[i].error().message));
    }
  }
  if (!missing.empty()) {
    return core::unavailable(fmt::format("price guard: no usable price for target {}; not trading",
                                         fmt::join(missing, ", ")));
  }
  return step;
}

}  // namespace ep::processor
