// What ibsim answers about orders already placed (docs/tws-wire-protocol.md §6.5, §6.6): open
// orders (this client's, or every client's), executions under a filter and completed orders,
// each ended by its end marker even when the list is empty. Read-only over the paper broker;
// placing, filling and cancelling is the OrderLifecycle's job.
#pragma once

#include <optional>

#include "sim/paper_broker.hpp"
#include "sim/session.hpp"
#include "tws/messages_out.hpp"

namespace ep::sim {

// openOrder then orderStatus: how TWS reports an order's current state.
void send_order_state(Session& s, const PaperBroker& broker, const Order& order);

class OrderQueries {
 public:
  explicit OrderQueries(const PaperBroker& broker) : broker_(broker) {}

  void handle(Session& s, const tws::ReqOpenOrders& m);
  void handle(Session& s, const tws::ReqAllOpenOrders& m);
  void handle(Session& s, const tws::ReqAutoOpenOrders& m);
  void handle(Session& s, const tws::ReqExecutions& m);
  void handle(Session& s, const tws::ReqCompletedOrders& m);

 private:
  // The open orders of `only_client` (every client's when nullopt), then openOrderEnd.
  void send_open_orders(Session& s, std::optional<int> only_client) const;

  const PaperBroker& broker_;
};

}  // namespace ep::sim
