// Classification of TWS error/notice codes (docs/tws-wire-protocol.md §11), done once so that every
// operation of the client maps them the same way. Pure; any thread.
#pragma once

#include <string_view>

namespace ep::tws {

enum class ErrorClass {
  kInfo,          // farm status notices and warnings: the request goes on
  kConnectivity,  // the gateway lost or regained IB, or refused our connection
  kPacing,        // we sent too many messages
  kRejection,     // an order or cancel was refused
  kMarketData,    // no (live) market data for the request
  kContract,      // unknown or ambiguous contract
  kOther,
};

ErrorClass classify_error(int code);
std::string_view to_string(ErrorClass error_class);

}  // namespace ep::tws
