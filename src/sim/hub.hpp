// ibsim's gateway: it owns the paper broker, the ledger and the parts that each answer one kind
// of request, and routes every decoded request of a connection to the part that answers it,
// after the scenario's response delay (docs/tws-wire-protocol.md §8: every answer ends with its
// end marker). Itself it only handles what concerns the connection as a whole: startApi (client
// id in use -> 326 and close; managed accounts, next id and the farm notices) and the time.
//   ClientRegistry           the connections, and which one holds each client id
//   AccountSubscriptions     accounts, positions, summaries; pushes after fills and resets
//   MarketDataSubscriptions  contract details, quotes and streams, historical bars
//   OrderLifecycle           placing, the timed lifecycle, fills and cancels
//   OrderQueries             open orders, executions, completed orders
//   ActiveFaults             the fault plan in force and its one-shot faults
//   RequestCounters          requests and pacing errors per client, for GET /state
//   GatewayControl           the control endpoint's operations
// Threading: the Hub, its parts and every Session run on Server's one I/O thread (timers
// included; the control endpoint's calls are posted into it), so nothing here takes a lock.
#pragma once

#include <asio.hpp>

#include <memory>
#include <string>

#include "core/result.hpp"
#include "sim/account_subscriptions.hpp"
#include "sim/active_faults.hpp"
#include "sim/client_registry.hpp"
#include "sim/gateway_control.hpp"
#include "sim/ledger.hpp"
#include "sim/market_data_subscriptions.hpp"
#include "sim/order_lifecycle.hpp"
#include "sim/order_queries.hpp"
#include "sim/paper_broker.hpp"
#include "sim/request_counters.hpp"
#include "sim/scenario.hpp"
#include "sim/scheduler.hpp"
#include "sim/session.hpp"
#include "tws/messages_out.hpp"

namespace ep::sim {

class Hub {
 public:
  // `scenario_path` is reloaded by POST /reset (may be empty); `ledger_override`, when not
  // empty, replaces the scenario's ledger path.
  Hub(asio::io_context& io, Scenario scenario, std::string scenario_path,
      const std::string& ledger_override);
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  core::Result<void> open_ledger() { return ledger_.open(ledger_file_); }
  const std::string& ledger_path() const { return ledger_.path(); }

  // For the acceptor: a restart fault refuses connections for a while.
  bool refusing_connections() const { return faults_.refusing_connections(); }
  void add_session(std::shared_ptr<Session> session);
  void close_all(const std::string& reason) { clients_.close_all(reason); }

  // For each Session.
  void on_closed(Session& session);
  void on_request(Session& session, const tws::Request& request);
  void count_pacing_error() { counters_.count_pacing_error(); }
  const FaultPlan& fault_plan() const { return faults_.plan(); }
  PacingMeter& gateway_pacing() { return faults_.gateway_pacing(); }

  // The control endpoint's operations (GET /state, POST /faults, /reset, /prices, ...).
  GatewayControl& control() { return control_; }

 private:
  void dispatch(Session& s, const tws::Request& request);
  // Hands a request to the one part that answers it (the time it answers itself).
  template <class Request>
  void answer(Session& s, const Request& m);
  void start_api(Session& s, const tws::StartApi& m);

  // Declared in the order they are built: each part gets references to those above it.
  Scheduler scheduler_;
  std::string ledger_file_;
  PaperBroker broker_;
  Ledger ledger_;
  ActiveFaults faults_;
  ClientRegistry clients_;
  RequestCounters counters_;
  AccountSubscriptions accounts_;
  MarketDataSubscriptions market_data_;
  OrderQueries order_queries_;
  OrderLifecycle orders_;
  GatewayControl control_;
};

}  // namespace ep::sim
