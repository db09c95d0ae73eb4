// What is working and what happened today: open orders of every client id (reqAllOpenOrders
// until openOrderEnd), cancelling an account's open orders with confirmation, and today's
// executions of an account with their commissions (reqExecutions until execDetailsEnd). Runs
// on the calling thread; the open-orders singleton is serialised per connection.
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <vector>

#include "core/broker.hpp"
#include "tws_client/client_config.hpp"
#include "tws_client/session.hpp"
#include "tws_client/wait_progress.hpp"

namespace ep::tws_client {

// One open order as the gateway reported it, with its latest orderStatus if one came.
struct OpenOrderView {
  tws::OpenOrder order;
  std::optional<tws::OrderStatus> status;
};

core::Result<std::vector<OpenOrderView>> collect_open_orders(Session& session, Deadline deadline);

// The views still working, as domain values. An order with an unrecognised action makes the
// whole answer kUnknownOutcome naming it (to_open_order).
core::Result<std::vector<core::OpenOrder>> fetch_open_orders(Session& session, Deadline deadline);

// Until no open order of the account carries one of `order_refs`: looks at the open orders,
// then waits for a final orderStatus of ours or at most `look_interval` (orders of another
// client id tell us nothing), and looks again. Once a look saw them working, a wait cut short
// by the deadline or a lost connection is kUnknownOutcome naming them.
core::Result<void> await_orders_done(Session& session, const std::string& account,
                                     std::span<const std::string> order_refs, Deadline deadline,
                                     std::chrono::milliseconds look_interval,
                                     WaitBoard* board = nullptr);

// cancelOrder for every open order of the account placed by our client id, then waits for
// each confirmation (orderStatus Cancelled/ApiCancelled or error 202; 10147/10148/161 or a
// fill mean it is gone already). Returns how many were cancelled. Unconfirmed cancels at the
// deadline or a lost connection after sending: kUnknownOutcome. Open orders of the account
// that belong to other client ids (or manual TWS orders), and our own whose cancel the gateway
// refused while it still lists them as working, cannot be cancelled from here: kRejected
// naming each (symbol, order id, placing client id), our client id and the operator's fix,
// after our own were cancelled.
// `only`: cancel just these order ids of ours (an id no longer open is skipped); every other
// open order of the account is left alone and not reported.
core::Result<std::size_t> cancel_account_orders(
    Session& session, const std::string& account, Deadline deadline,
    std::optional<std::span<const std::int64_t>> only = std::nullopt);

// An execution with an unrecognised side makes the answer kUnknownOutcome naming it.
core::Result<std::vector<core::Execution>> fetch_executions(Session& session,
                                                            const ClientConfig& config,
                                                            const std::string& account,
                                                            Deadline deadline);

}  // namespace ep::tws_client
