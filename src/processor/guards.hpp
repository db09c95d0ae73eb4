// Money-safety guards (README "Safety"): checks that stop a broken input or a wrong setting before
// any order. Each returns an error whose kind decides the event's fate: kInvalidInput dead-letters
// (a retry cannot fix it), kUnavailable / kRejected retry later with the reason. Pure; any
// thread.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/allocation_source.hpp"
#include "core/domain.hpp"
#include "core/result.hpp"
#include "processor/event.hpp"
#include "processor/settings.hpp"

namespace ep::processor {

inline constexpr double kMaxAllocationSum = 1.01;  // above: leverage, refused
inline constexpr double kMinAllocationSum = 0.99;  // below: warning, the rest stays cash

// Empty list, a weight outside [0, 1] or not a number, a duplicate symbol, or a sum above
// 1.01 -> kUnavailable (retry later with the reason). Otherwise the warnings to record
// (a sum below 0.99, and the source's own warnings).
core::Result<std::vector<std::string>> check_allocations(const core::AllocationAnswer& answer);

// The event's account must be the one of its account_config and one the gateway manages;
// otherwise kInvalidInput.
core::Result<void> check_account(const Event& event, std::span<const std::string> managed);

// Over a cap -> kRejected naming the order or the turnover, with the plan's JSON appended.
core::Result<void> check_size_caps(const core::Plan& plan, core::Money net_liquidation,
                                   const SizeCaps& caps);

// paper: every managed account id starts with "D"; live: none does. The error names the mode
// and the offending accounts. For the app to call once at start, before any event.
core::Result<void> check_trading_mode(std::string_view mode,
                                      std::span<const std::string> managed_accounts);

}  // namespace ep::processor
