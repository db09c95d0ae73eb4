// ibsim: a paper broker that speaks the server side of the TWS protocol (examples/ibsim/README.md).
//   ibsim --scenario FILE --port N --control-port M [--ledger FILE] [--log-level LEVEL]
// Port 0 picks a free port; the first stdout line is {"port": P, "control_port": C}. Both
// listen on 127.0.0.1 only. Stops on SIGINT/SIGTERM.
#include <CLI/CLI.hpp>

#include <pthread.h>
#include <csignal>
#include <iostream>

#include "logging/log.hpp"
#include "sim/control_http.hpp"
#include "sim/scenario.hpp"
#include "sim/server.hpp"

int main(int argc, char** argv) {
  CLI::App app{"ibsim: a paper broker speaking the TWS API protocol (server versions 176..178)"};
  std::string scenario_path;
  std::string ledger_path;
  std::string log_level = "INFO";
  int port = 4004;
  int control_port = 0;
  app.add_option("--scenario", scenario_path, "scenario YAML file")->required();
  app.add_option("--port", port, "TWS API port on 127.0.0.1 (0 = any free port)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--control-port", control_port,
                 "control HTTP port on 127.0.0.1 (0 = any free port)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--ledger", ledger_path, "ledger file (JSON lines); overrides the scenario's");
  app.add_option("--log-level", log_level, "DEBUG, INFO, WARNING, ERROR");
  CLI11_PARSE(app, argc, argv);

  if (!ep::log::setup(log_level, "ibsim")) {
    std::cerr << "ibsim: unknown log level '" << log_level << "'\n";
    return 2;
  }
  auto scenario = ep::sim::load_scenario_file(scenario_path, std::chrono::system_clock::now());
  if (!scenario) {
    std::cerr << "ibsim: " << scenario.error().message << "\n";
    return 2;
  }

  // Signals are taken by sigwait below; block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  ep::sim::ServerOptions options{scenario_path, ledger_path, port};
  auto server = ep::sim::Server::start(options, *scenario);
  if (!server) {
    std::cerr << "ibsim: " << server.error().message << "\n";
    return 1;
  }
  auto control = ep::sim::ControlServer::start(**server, control_port);
  if (!control) {
    std::cerr << "ibsim: " << control.error().message << "\n";
    return 1;
  }
  // Exactly the shape examples/ibsim/README.md shows, keys in this order.
  std::cout << "{\"port\": " << (*server)->port() << ", \"control_port\": " << (*control)->port()
            << "}" << std::endl;
  ep::log::info("ibsim: listening", {{"port", (*server)->port()},
                                     {"control_port", (*control)->port()},
                                     {"scenario", scenario_path},
                                     {"ledger", (*server)->ledger_path()}});
  int received = 0;
  sigwait(&signals, &received);
  ep::log::info("ibsim: stopping", {{"signal", received}});
  (*control)->stop();
  (*server)->stop();
  return 0;
}
