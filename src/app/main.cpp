// event-processor: the service (`run`) and its what-if planner (`plan`).
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/plan_command.hpp"

int main(int argc, char** argv) {
  CLI::App cli{"Event Processor: rebalances IBKR accounts from queued events"};
  cli.require_subcommand(1);

  auto* plan = cli.add_subcommand("plan", "Print the orders a rebalance would place (JSON)");
  std::string input_path;
  ep::core::PlannerOptions options;
  plan->add_option("--input", input_path, "Snapshot JSON file, or - for stdin")->required();
  plan->add_flag("--buy-what-fits", options.buy_what_fits,
                 "Buy the shares that fit instead of skipping a buy that does not fit whole");
  plan->add_option("--min-trade-value", options.min_trade_value,
                   "Leave out trades worth less than this many dollars");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*plan) return ep::app::run_plan_command(input_path, options, std::cout, std::cerr);
  return 2;
}
