// Internal to the codec: the layouts of every request (one header per family of
// docs/tws-wire-protocol.md §6, and the short ones shared with incoming messages), for the
// translation units that instantiate the encoders and decoders of all of them (out_encode.cpp,
// out_decode.cpp).
#pragma once

#include "tws/out_account_layout.hpp"
#include "tws/out_market_data_layout.hpp"
#include "tws/out_orders_layout.hpp"
#include "tws/short_layouts.hpp"
