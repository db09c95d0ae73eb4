// Orders: what-if previews and real market orders, many at once. Order ids come from the
// session's counter (nextValidId, incremented locally). A placed order is followed until a
// terminal state, or reported kUnknown at the deadline or when the connection drops after it
// was sent (never "failed": the caller must reconcile before sending again). Runs on the
// calling thread.
#pragma once

#include <span>
#include <vector>

#include "core/broker.hpp"
#include "tws_client/client_config.hpp"
#include "tws_client/session.hpp"
#include "tws_client/wait_progress.hpp"

namespace ep::tws_client {

// placeOrder whatIf=1 for each order; the answer is an openOrder with margins and commission.
// A refusal is kRejected with TWS's words; no answer by the deadline is kUnavailable (a
// preview never creates an order).
std::vector<core::Result<core::WhatIfResult>> run_what_if(
    Session& session, std::span<const core::OrderRequest> orders, Deadline deadline);

// `board` (may be null) shows what the wait for fills and commissions waits on.
std::vector<core::OrderOutcome> run_orders(Session& session, const ClientConfig& config,
                                           std::span<const core::OrderRequest> orders,
                                           Deadline deadline, WaitBoard* board = nullptr);

}  // namespace ep::tws_client
