// The rebalance and print-rebalance commands: the workflow of README "Commands" with the
// guards of README "Safety" (see rebalance.cpp for the order of the steps and why). A dry run
// computes the full plan from real prices and cash and places, cancels and checks nothing.
// Processor thread.
#pragma once

#include "processor/command.hpp"

namespace ep::processor {

// Requires context.event.account_config (parse_event guarantees it for both commands).
CommandOutcome run_rebalance(const CommandContext& context, bool dry_run);

}  // namespace ep::processor
