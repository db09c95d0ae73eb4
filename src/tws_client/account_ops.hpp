// Account questions to the gateway: the managed accounts and one account's snapshot (net
// liquidation, cash, positions). Runs on the calling thread against a live Session.
//
// The snapshot uses reqAccountUpdates rather than reqAccountSummary + reqPositions: one
// subscription delivers NetLiquidation, TotalCashValue and AvailableFunds per currency AND
// every position with its average cost and market value (reqPositions has no market value),
// and it ends with accountDownloadEnd; we unsubscribe right after. It is a per-connection
// singleton (asking for another account replaces it, notice 2100), so calls are serialised.
#pragma once

#include <string>

#include "core/broker.hpp"
#include "tws_client/session.hpp"

namespace ep::tws_client {

core::Result<core::AccountSnapshot> fetch_account_snapshot(Session& session,
                                                           const std::string& account,
                                                           Deadline deadline);

}  // namespace ep::tws_client
