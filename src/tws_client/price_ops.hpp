// Prices for many stocks at once. Each symbol walks the kinds of market data in order: a live
// snapshot (reqMarketDataType 1), then frozen (2), then delayed (3), then the last daily close
// from reqHistoricalData (1 day bars over 2 D, TRADES). A symbol moves to the next kind only
// when the gateway says this kind is not available (354, 10168, 10089, 10197, ...), or the
// snapshot ends / its stage timeout passes without a usable price. 10167 (delayed data
// follows) keeps the request and marks its prices delayed. All symbols fly together; no fixed
// sleeps. Runs on the calling thread.
#pragma once

#include <span>
#include <vector>

#include "core/broker.hpp"
#include "tws_client/client_config.hpp"
#include "tws_client/session.hpp"

namespace ep::tws_client {

std::vector<core::Result<core::Quote>> fetch_prices(Session& session, const ClientConfig& config,
                                                    std::span<const core::ContractInfo> contracts,
                                                    Deadline deadline);

}  // namespace ep::tws_client
