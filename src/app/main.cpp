// event-processor: the service (`run`), its what-if planner (`plan`) and the operator commands
// (`enqueue`, `check`; README "Operator commands").
#include <CLI/CLI.hpp>
#include <iostream>

#include "app/build_version.hpp"
#include "app/check_command.hpp"
#include "app/enqueue_command.hpp"
#include "app/plan_command.hpp"
#include "app/service.hpp"
#include "app/signals.hpp"
#include "config/config.hpp"
#include "core/commands.hpp"
#include "logging/log.hpp"

namespace {

int run(const std::string& config_path) {
  // Before any thread exists, so every thread inherits the blocked mask (signals.hpp).
  ep::app::block_shutdown_signals();
  auto config = ep::config::load_config(
      ep::config::process_environment(),
      config_path.empty() ? std::nullopt : std::optional<std::string>(config_path));
  if (!config) {
    std::cerr << "event-processor: configuration error: " << config.error().message << "\n";
    return 2;
  }
  const auto format =
      config->logging.format == "text" ? ep::log::Format::kText : ep::log::Format::kJson;
  if (!ep::log::setup(config->logging.level, "event-processor", format)) {
    std::cerr << "event-processor: configuration error: unknown log level " << config->logging.level
              << "\n";
    return 2;
  }
  return ep::app::run_service(*config);
}

// "run, plan, ...": the subcommands, for the message on a mistyped or missing one.
std::string subcommand_names(CLI::App& cli) {
  std::string names;
  for (const auto* sub : cli.get_subcommands([](CLI::App*) { return true; })) {
    if (!names.empty()) names += ", ";
    names += sub->get_name();
  }
  return names;
}

// CLI11 says "The following argument was not expected: rnu" for a mistyped subcommand; an
// operator needs the valid names instead.
bool is_unknown_subcommand(CLI::App& cli, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return false;
  for (const auto* sub : cli.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->check_name(argv[1])) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Event Processor: rebalances IBKR accounts from queued events"};
  cli.require_subcommand(1);
  cli.set_version_flag("--version",
                       std::string("event-processor ") + std::string(ep::app::build_version()));

  auto* run_cmd = cli.add_subcommand("run",
                                     "Run the service (configuration from the environment "
                                     "and config.yaml)");
  std::string config_path;
  run_cmd->add_option("--config", config_path, "config.yaml path (default: $CONFIG_FILE)");

  auto* plan = cli.add_subcommand("plan", "Print the orders a rebalance would place (JSON)");
  std::string input_path;
  ep::core::PlannerOptions options;
  plan->add_option("--input", input_path, "Snapshot JSON file, or - for stdin")->required();
  plan->add_flag("--buy-what-fits", options.buy_what_fits,
                 "Buy the shares that fit instead of skipping a buy that does not fit whole");
  plan->add_option("--min-trade-value", options.min_trade_value,
                   "Leave out trades worth less than this many dollars");
  plan->add_option("--drift-band-percent", options.drift_band_percent,
                   "Leave a symbol alone while its weight is within this many percentage points "
                   "of its target (liquidations are always traded)")
      ->check(CLI::Range(0.0, 100.0));

  auto* enqueue = cli.add_subcommand(
      "enqueue", "Put one event on rebalance_queue as the event broker does (prints its id)");
  std::string enqueue_config;
  ep::app::EnqueueRequest request;
  enqueue->add_option("--config", enqueue_config, "config.yaml path (default: $CONFIG_FILE)");
  enqueue->add_option("--account", request.account_id, "Account id, e.g. DU123456")->required();
  const std::string exec_help = "Command: " + ep::core::command_names();
  enqueue->add_option("--exec", request.exec, exec_help)->required();
  enqueue->add_option("--strategy", request.strategy,
                      "Strategy (notification_channel); required for rebalance and "
                      "print-rebalance");
  enqueue->add_option("--reserve", request.reserve_percent,
                      "Cash reserve in percent (cash_reserve_percentage, default 1)");

  auto* check = cli.add_subcommand(
      "check",
      "Check the configuration, Redis, the gateway, the allocation API and the trading "
      "mode (one line each; exit code 0 when all pass)");
  ep::app::CheckRequest check_request;
  int check_timeout_s = 10;
  check->add_option("--config", check_request.config_path,
                    "config.yaml path (default: $CONFIG_FILE)");
  check->add_option("--strategy", check_request.strategy,
                    "Strategy to fetch once from the allocation API (none: that check is skipped)");
  check->add_option("--timeout", check_timeout_s, "Seconds each gateway or API check may take")
      ->check(CLI::Range(1, 300));

  if (is_unknown_subcommand(cli, argc, argv)) {
    std::cerr << "event-processor: unknown command '" << argv[1]
              << "'; valid commands: " << subcommand_names(cli) << "\n";
    return 2;
  }
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    if (code != 0 && cli.get_subcommands().empty()) {
      std::cerr << "valid commands: " << subcommand_names(cli) << "\n";
    }
    return code == 0 ? 0 : 2;
  }
  if (*run_cmd) return run(config_path);
  if (*plan) return ep::app::run_plan_command(input_path, options, std::cout, std::cerr);
  // The operator commands report on stdout/stderr themselves; the adapters' log lines would
  // only interleave with that.
  if (*enqueue || *check) ep::log::setup("CRITICAL");
  if (*enqueue) return ep::app::run_enqueue_command(enqueue_config, request, std::cout, std::cerr);
  if (*check) {
    check_request.timeout = std::chrono::seconds{check_timeout_s};
    return ep::app::run_check_command(check_request, std::cout);
  }
  return 2;
}
