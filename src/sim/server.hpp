// ibsim's TWS listener: binds 127.0.0.1:<port> (0 = any free port), runs the Hub and every
// connection on one I/O thread of its own, and offers the control operations to other threads
// (each runs on the I/O thread and waits for it, up to a few seconds). Create with start();
// destroy (or stop()) from the thread that created it.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/result.hpp"
#include "sim/scenario.hpp"

namespace ep::sim {

struct ServerOptions {
  std::string scenario_path;  // reloaded by reset (relative hours re-resolved); may be empty
  std::string ledger_path;    // overrides the scenario's ledger path when non-empty
  int port = 0;
};

class Server {
 public:
  static core::Result<std::unique_ptr<Server>> start(const ServerOptions& options,
                                                     Scenario scenario);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const;
  std::string ledger_path() const;
  void stop();

  nlohmann::json state();
  nlohmann::json ledger();
  nlohmann::json faults();
  core::Result<nlohmann::json> apply_faults(const nlohmann::json& json);
  core::Result<void> reset();
  core::Result<void> move_prices(const nlohmann::json& json);

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ep::sim
