// Test-only: sample values for every message of the codec (non-default where it matters), used
// by the round-trip, malformed-input and benchmark code.
#pragma once

#include <vector>

#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"

namespace ep::tws::samples {

Contract stock(const char* symbol = "AAPL");
Contract combo();
PlaceOrder market_order();
PlaceOrder complex_order();  // BAG legs, delta-neutral, scale, algo, conditions, PEG BENCH
OpenOrder open_order_filled();
OpenOrder open_order_complex();
CompletedOrder completed_order();
std::vector<Request> all_requests();
std::vector<Incoming> all_incoming();

}  // namespace ep::tws::samples
