// How an order lives in ibsim (docs/tws-wire-protocol.md §9, §10): placeOrder (a what-if check
// or a real order), then PreSubmitted -> Submitted -> execDetails + commissionReport per fill
// -> Filled, each step a timer of the scenario's latency profile; cancels (PendingCancel ->
// Cancelled + 202) and the global cancel; a resting limit order fills when prices move to it.
// Orders are bound to the client id that placed them: their messages go to the connection that
// holds that id now, and they fill while it is away, as at IB. Every order and fill goes to
// the ledger; the order faults (quote gap, stall, close at a step) fire here.
#pragma once

#include <cstdint>
#include <string>

#include "sim/account_subscriptions.hpp"
#include "sim/active_faults.hpp"
#include "sim/client_registry.hpp"
#include "sim/ledger.hpp"
#include "sim/market_data_subscriptions.hpp"
#include "sim/paper_broker.hpp"
#include "sim/scheduler.hpp"
#include "sim/session.hpp"
#include "tws/messages_out.hpp"

namespace ep::sim {

class OrderLifecycle {
 public:
  OrderLifecycle(PaperBroker& broker, Ledger& ledger, const ClientRegistry& clients,
                 ActiveFaults& faults, Scheduler& scheduler, MarketDataSubscriptions& market_data,
                 AccountSubscriptions& accounts);

  void handle(Session& s, const tws::ReqIds& m);
  void handle(Session& s, const tws::PlaceOrder& m);
  void handle(Session& s, const tws::CancelOrder& m);
  void handle(Session& s, const tws::ReqGlobalCancel& m);

  // Prices moved: every resting limit order gets a chance to fill now.
  void retry_resting_orders();
  // The broker was reset: timers already running for earlier orders must do nothing.
  void abandon_running_timers() { ++generation_; }

 private:
  void answer_what_if(Session& s, const OrderRequest& request, const PlaceOutcome& outcome,
                      std::size_t what_ifs_before);
  // Fault gap_percent: moves last, bid and ask of `symbol` by `percent`, to the cent.
  void gap_quotes(const std::string& symbol, double percent);
  void advance_to_submitted(OrderKey key, std::uint64_t generation);
  void fill_chunk(OrderKey key, int chunks_left, std::uint64_t generation);
  void cancel_one(OrderKey key, const std::string& why, bool pending_first);
  // Fault close_at_step: closes the connection holding `client_id` when `step` is the one.
  void reached_step(const std::string& step, int client_id);

  PaperBroker& broker_;
  Ledger& ledger_;
  const ClientRegistry& clients_;
  ActiveFaults& faults_;
  Scheduler& scheduler_;
  MarketDataSubscriptions& market_data_;
  AccountSubscriptions& accounts_;
  // Each timer carries the generation it was started in; a reset starts a new one.
  std::uint64_t generation_ = 1;
};

}  // namespace ep::sim
