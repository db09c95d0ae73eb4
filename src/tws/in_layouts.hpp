// Internal to the codec: the layouts of every incoming message (one header per family of
// docs/tws-wire-protocol.md §7, and the short ones shared with requests), for the translation
// units that instantiate the encoders and decoders of all of them (in_encode.cpp, in_decode.cpp).
#pragma once

#include "tws/in_account_layout.hpp"
#include "tws/in_completed_order_layout.hpp"
#include "tws/in_market_data_layout.hpp"
#include "tws/in_open_order_layout.hpp"
#include "tws/in_orders_layout.hpp"
#include "tws/short_layouts.hpp"
