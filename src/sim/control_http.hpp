// ibsim's control endpoint (examples/ibsim/README.md): a small HTTP server on
// 127.0.0.1:<port> (0 = any free port) where tests and the demo read the truth and steer it:
//   GET  /state   accounts {cash, net_liquidation, positions}, orders, what_if_checks, fills,
//                 prices, connected client ids, faults
//   GET  /ledger  the ledger lines (orders, what-if checks, status changes, fills)
//   GET  /faults  the fault plan;  POST /faults  merge a JSON fault plan (src/sim/faults.hpp)
//   POST /reset   back to the scenario;  POST /prices  {"SPY": 501.5} or {"SPY": {price, bid, ask,
//   close}} GET  /health  {"status": "ok"}
// Runs its own threads (cpp-httplib); start() returns once it listens. Stop before the Server.
#pragma once

#include <memory>
#include <string>

#include "core/result.hpp"
#include "sim/server.hpp"

namespace ep::sim {

class ControlServer {
 public:
  static core::Result<std::unique_ptr<ControlServer>> start(Server& server, int port);
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  int port() const;
  void stop();

 private:
  struct Impl;
  explicit ControlServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ep::sim
