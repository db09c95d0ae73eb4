// The control endpoint's operations on the running gateway (examples/ibsim/README.md): the
// state and ledger that tests read, the fault plan they steer, a reset to the scenario and
// price moves. Runs on the I/O thread like every other part of the Hub: Server posts each call
// into it and waits for the answer, so a control call never races a session.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/result.hpp"
#include "sim/account_subscriptions.hpp"
#include "sim/active_faults.hpp"
#include "sim/client_registry.hpp"
#include "sim/ledger.hpp"
#include "sim/market_data_subscriptions.hpp"
#include "sim/order_lifecycle.hpp"
#include "sim/paper_broker.hpp"
#include "sim/request_counters.hpp"
#include "sim/scenario.hpp"
#include "sim/scheduler.hpp"

namespace ep::sim {

class GatewayControl {
 public:
  // `scenario_path` (may be empty) is reloaded by reset, so that relative hours ("now+5s")
  // count from the reset; without it reset goes back to `initial_scenario`.
  GatewayControl(Scenario initial_scenario, std::string scenario_path, PaperBroker& broker,
                 Ledger& ledger, ActiveFaults& faults, ClientRegistry& clients,
                 const RequestCounters& counters, AccountSubscriptions& accounts,
                 MarketDataSubscriptions& market_data, OrderLifecycle& orders,
                 Scheduler& scheduler);

  // GET /state: the broker's accounts, orders and fills, connected client ids, request
  // counters and the fault plan.
  nlohmann::json state() const;
  nlohmann::json ledger_json() const;
  nlohmann::json faults_json() const { return faults_.json(); }
  // POST /faults: merges the plan and fires what it asks for at once (restart, connectivity
  // loss); answers the plan in force afterwards.
  core::Result<nlohmann::json> apply_faults(const nlohmann::json& json);
  // POST /reset: accounts, prices, orders and faults back to the scenario; subscribers get the
  // reset accounts. Client ids, order ids already used and the counters stay.
  core::Result<void> reset();
  // POST /prices: {"SPY": 501.5} or {"SPY": {price, bid, ask, close}}; streams tick, resting
  // limit orders that became marketable fill. Nothing moves when any entry is invalid.
  core::Result<void> move_prices(const nlohmann::json& json);

 private:
  // Error 1100 to every client now, then `restore_code` (1101 data lost, 1102 kept) later.
  void lose_connectivity(int lost_ms, int restore_code);

  Scenario initial_scenario_;
  std::string scenario_path_;
  PaperBroker& broker_;
  Ledger& ledger_;
  ActiveFaults& faults_;
  ClientRegistry& clients_;
  const RequestCounters& counters_;
  AccountSubscriptions& accounts_;
  MarketDataSubscriptions& market_data_;
  OrderLifecycle& orders_;
  Scheduler& scheduler_;
};

}  // namespace ep::sim
