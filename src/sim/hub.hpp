// The heart of ibsim on its I/O thread: the connected sessions (one per client id; a second
// connection with a client id in use gets error 326 and is closed), the paper broker, the
// ledger and the fault plan. It answers every request of docs/tws-wire-protocol.md §8 with its end
// marker, drives order lifecycles with timers (no sleeping), pushes account, portfolio and
// position updates after fills, and serves the control endpoint's operations. Every member runs
// on the single I/O thread (the control endpoint posts into it).
#pragma once

#include <asio.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/faults.hpp"
#include "sim/ledger.hpp"
#include "sim/paper_broker.hpp"
#include "sim/scenario.hpp"
#include "sim/session.hpp"
#include "tws/messages_out.hpp"

namespace ep::sim {

class Hub {
 public:
  Hub(asio::io_context& io, Scenario scenario, std::string scenario_path,
      std::string ledger_override);

  core::Result<void> open_ledger();
  const std::string& ledger_path() const { return ledger_.path(); }

  // Connections.
  bool refusing_connections() const;
  void add_session(std::shared_ptr<Session> session);
  void on_closed(Session& session);
  void on_request(Session& session, const tws::Request& request);
  // Counts an error 100 (pacing) sent to a client, for GET /state (benchmarks).
  void count_pacing_error() { ++pacing_errors_sent_; }
  const FaultPlan& fault_plan() const { return faults_; }
  // The meter of every client's messages together (fault pacing_per_gateway).
  PacingMeter& gateway_pacing() { return gateway_pacing_; }

  // Control endpoint operations.
  nlohmann::json state() const;
  nlohmann::json ledger_json() const;
  nlohmann::json faults_json() const { return to_json(faults_); }
  core::Result<nlohmann::json> apply_faults(const nlohmann::json& json);
  core::Result<void> reset();
  core::Result<void> move_prices(const nlohmann::json& json);
  void close_all(const std::string& reason);

 private:
  using SessionPtr = std::shared_ptr<Session>;

  // hub.cpp: connection start, routing, timers, faults.
  void dispatch(Session& s, const tws::Request& request);
  void start_api(Session& s, const tws::StartApi& m);
  std::vector<SessionPtr> live_sessions() const;
  Session* owner(int client_id) const;
  void schedule(int delay_ms, std::function<void()> fn);
  void reached_step(const std::string& step, int client_id);
  TimePoint now() const { return std::chrono::system_clock::now(); }

  // hub_account.cpp: accounts, positions, contracts, market data, time and ids.
  void handle(Session& s, const tws::ReqCurrentTime& m);
  void handle(Session& s, const tws::ReqIds& m);
  void handle(Session& s, const tws::ReqManagedAccts& m);
  void handle(Session& s, const tws::ReqAccountUpdates& m);
  void handle(Session& s, const tws::ReqAccountSummary& m);
  void handle(Session& s, const tws::ReqPositions& m);
  void handle(Session& s, const tws::CancelPositions& m);
  void handle(Session& s, const tws::ReqAccountUpdatesMulti& m);
  void handle(Session& s, const tws::ReqPositionsMulti& m);
  void handle(Session& s, const tws::ReqContractDetails& m);
  void handle(Session& s, const tws::ReqMarketDataType& m);
  void handle(Session& s, const tws::ReqMktData& m);
  void handle(Session& s, const tws::CancelMktData& m);
  void handle(Session& s, const tws::ReqHistoricalData& m);
  void send_account_snapshot(Session& s, const std::string& account);
  void push_account(const std::string& account, const std::string& symbol);
  void push_prices(const std::string& symbol);
  std::vector<std::string> account_ids() const;
  const SymbolSpec* lookup(const tws::Contract& contract) const;

  // hub_orders.cpp: orders, executions, cancels and the lifecycle.
  void handle(Session& s, const tws::PlaceOrder& m);
  void handle(Session& s, const tws::CancelOrder& m);
  void handle(Session& s, const tws::ReqOpenOrders& m);
  void handle(Session& s, const tws::ReqAllOpenOrders& m);
  void handle(Session& s, const tws::ReqAutoOpenOrders& m);
  void handle(Session& s, const tws::ReqExecutions& m);
  void handle(Session& s, const tws::ReqCompletedOrders& m);
  void handle(Session& s, const tws::ReqGlobalCancel& m);
  void send_order_state(Session& s, const Order& order);  // openOrder + orderStatus
  void advance_to_submitted(OrderKey key, std::uint64_t generation);
  void fill_chunk(OrderKey key, int chunks_left, std::uint64_t generation);
  void cancel_one(OrderKey key, const std::string& why, bool pending_first);
  void retry_resting_orders();

  asio::io_context& io_;
  Scenario initial_scenario_;
  std::string scenario_path_;
  std::string ledger_override_;
  PaperBroker broker_;
  Ledger ledger_;
  FaultPlan faults_;
  std::chrono::steady_clock::time_point refuse_until_{};
  std::map<std::uint64_t, SessionPtr> sessions_;
  std::uint64_t generation_ = 1;  // bumped by reset: timers of older orders do nothing
  // Requests received per client id (-1: before startApi) and error 100s sent, since start:
  // GET /state shows them so benchmarks can count messages per event. Not cleared by reset.
  std::map<int, std::uint64_t> messages_received_;
  // The same requests by client id and request name (e.g. "reqContractDetails").
  std::map<int, std::map<std::string, std::uint64_t, std::less<>>> messages_received_by_type_;
  std::uint64_t pacing_errors_sent_ = 0;
  PacingMeter gateway_pacing_;
};

}  // namespace ep::sim
