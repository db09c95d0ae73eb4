#include "processor/dispatch.hpp"

#include <exception>

#include "processor/guards.hpp"
#include "processor/print_commands.hpp"
#include "processor/rebalance.hpp"

namespace ep::processor {

namespace {

using PrintCommand = core::Result<nlohmann::json> (*)(const CommandContext&);

CommandOutcome run_print(const CommandContext& context, PrintCommand command) {
  CommandOutcome out;
  // Every command touches one account: it must be one the gateway manages.
  auto managed = context.ports.broker.managed_accounts(context.request_deadline());
  if (!managed) {
    out.error = managed.error();
    return out;
  }
  if (auto guard = check_account(context.event, managed.value()); !guard) {
    out.error = guard.error();
    return out;
  }
  auto result = command(context);
  if (result) {
    out.result = std::move(result.value());
  } else {
    out.error = result.error();
  }
  return out;
}

CommandOutcome run_unguarded(const CommandContext& context) {
  switch (context.event.kind) {  // no default: a new row of core::kCommands needs a case here
    case core::CommandKind::kRebalance:
      return run_rebalance(context, context.settings.dry_run);
    case core::CommandKind::kPrintRebalance:
      return run_rebalance(context, /*dry_run=*/true);
    case core::CommandKind::kPrintPositions:
      return run_print(context, &print_positions);
    case core::CommandKind::kPrintEquity:
      return run_print(context, &print_equity);
    case core::CommandKind::kPrintOrders:
      return run_print(context, &print_orders);
    case core::CommandKind::kCancelOrders:
      return run_print(context, &cancel_orders);
  }
  CommandOutcome out;
  out.error = core::internal_error("no handler for command '" + context.event.command + "'");
  return out;
}

}  // namespace

CommandOutcome run_command(const CommandContext& context) {
  try {
    return run_unguarded(context);
  } catch (const std::exception& error) {
    CommandOutcome out;
    out.error = core::internal_error(std::string("command threw: ") + error.what());
    return out;
  }
}

}  // namespace ep::processor
