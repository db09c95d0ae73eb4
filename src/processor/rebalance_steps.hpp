// The read-only steps of a rebalance, one function each, in workflow order: allocations with
// their guards, the account snapshot, contract details, and prices. Each returns what the
// next step needs or the error that decides the event's fate. Processor thread; every broker
// call carries a deadline from the settings.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/broker.hpp"
#include "core/buy_sizing.hpp"
#include "core/result.hpp"
#include "processor/command.hpp"

namespace ep::processor {

struct AllocationStep {
  std::vector<core::TargetAllocation> allocations;
  std::vector<std::string> warnings;
};

// Any failure of the source is a retry (kUnavailable) whatever its kind, since a later answer
// may be good; the allocation guards apply after a good answer.
core::Result<AllocationStep> fetch_allocations(const CommandContext& context);

// Account guard: account_config matches and the gateway manages the account (kInvalidInput).
core::Result<void> guard_account(const CommandContext& context);

core::Result<core::AccountSnapshot> read_account(const CommandContext& context);

struct ContractStep {
  std::vector<core::ContractInfo> contracts;  // targets (allocation order), then held, resolved
  std::vector<std::string> unresolved_held;   // held symbols the broker could not resolve
  std::map<core::Symbol, std::int64_t> con_ids() const;  // symbol -> resolved conId
};

// Contract details for the targets and the held USD symbols (other currencies are never
// traded, so never resolved); a target that cannot be resolved is
// a retry (never sell the account because a symbol is unknown).
core::Result<ContractStep> resolve_contracts(const CommandContext& context,
                                             const std::vector<core::TargetAllocation>& targets,
                                             const core::AccountSnapshot& snapshot);

struct PriceStep {
  std::map<core::Symbol, core::Price> prices;
  std::map<core::Symbol, core::FreshQuote> quotes;    // price and ask, for sizing the buys
  nlohmann::json sources = nlohmann::json::object();  // symbol -> live/frozen/delayed/...
  std::map<core::Symbol, core::Quote> read;           // the quotes as the broker gave them
  core::Deadline read_at{};                           // when they were read (their age)
};

// Prices for every contract; a target without a price after the broker's fallback chain is a
// retry. Held symbols without a price stay in the plan's skipped list.
core::Result<PriceStep> read_prices(const CommandContext& context,
                                    const std::vector<core::ContractInfo>& contracts,
                                    const std::vector<core::TargetAllocation>& targets);

}  // namespace ep::processor
