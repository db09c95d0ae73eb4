// JSON for the `plan` command: reads a snapshot (account value, cash, positions, prices,
// allocations) with strict validation, and writes the plan. Pure functions, any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/planner.hpp"
#include "core/result.hpp"

namespace ep::app {

// Errors are kInvalidInput with one line naming the offending field.
core::Result<core::PlanInput> parse_plan_input(std::string_view json_text);

// {"orders": [{symbol, side, quantity, value}], "skipped": [{... , reason}], "investable": x,
// "buy_budget": y}: the order keys of the rebalance result and the history records.
std::string plan_to_json(const core::Plan& plan);

}  // namespace ep::app
