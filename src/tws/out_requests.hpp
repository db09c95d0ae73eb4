// Internal to the codec: per-family request decoders used by decode_request (out_decode.cpp).
// Each returns nullopt when the id is not of its family.
#pragma once

#include <optional>

#include "tws/messages_out.hpp"

namespace ep::tws::detail {

std::optional<core::Result<Request>> decode_simple_request(int id, const Fields& fields,
                                                           int server_version);
std::optional<core::Result<Request>> decode_market_data_request(int id, const Fields& fields,
                                                                int server_version);
std::optional<core::Result<Request>> decode_order_request(int id, const Fields& fields,
                                                          int server_version);

}  // namespace ep::tws::detail
