// How the client reads TWS error messages: the codec's classification (tws/error_codes.hpp)
// mapped once to the core ErrorKinds, plus the few codes whose meaning depends on the request
// (advisories that are not failures, cancel confirmations). Pure functions; any thread.
#pragma once

#include <string>

#include "core/result.hpp"
#include "tws/messages_in.hpp"

namespace ep::tws_client {

// The kind a call reports when an error ends it: connectivity/pacing/market data ->
// unavailable, rejection -> rejected, contract -> invalid input, other -> unavailable.
core::ErrorKind error_kind(int code);

// Notices that never end a request (farm status, order warnings such as 399/404/2109).
bool is_notice(int code);

// "TWS 201: Order rejected - Reason: ..." for logs and Error messages.
std::string describe(const tws::ErrorMessage& message);

// The error as a core::Error of its mapped kind, with `context` ("SPY: ") in front.
core::Error to_error(const tws::ErrorMessage& message, const std::string& context = "");

// Market data: 10167 says delayed data follows on the same request; 10090 says part of the
// data is not subscribed and the rest still flows. Neither ends the request.
bool is_delayed_data_advisory(int code);
bool is_partial_market_data(int code);

// Orders: 202 confirms a cancel; 10147/10148/161 mean the order is already gone or cannot be
// cancelled any more (filled, cancelled).
bool is_cancel_confirmation(int code);
bool is_order_already_gone(int code);

// Codes sent with id -1 about the session itself.
constexpr int kConnectivityLost = 1100;
constexpr int kConnectivityRestoredDataLost = 1101;
constexpr int kConnectivityRestoredDataKept = 1102;
constexpr int kMarketDataFarmBroken = 2103;
constexpr int kClientIdInUse = 326;
constexpr int kNoSecurityDefinition = 200;

}  // namespace ep::tws_client
