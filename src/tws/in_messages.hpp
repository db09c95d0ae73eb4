// Internal to the codec: per-family decoders of incoming messages used by decode_incoming
// (in_decode.cpp). Each returns nullopt when the id is not of its family.
#pragma once

#include <optional>

#include "tws/messages_in.hpp"

namespace ep::tws::detail {

std::optional<core::Result<Incoming>> decode_account_message(int id, const Fields& fields,
                                                             int server_version);
std::optional<core::Result<Incoming>> decode_market_data_message(int id, const Fields& fields,
                                                                 int server_version);
std::optional<core::Result<Incoming>> decode_order_message(int id, const Fields& fields,
                                                           int server_version);
std::optional<core::Result<Incoming>> decode_open_order_message(int id, const Fields& fields,
                                                                int server_version);
std::optional<core::Result<Incoming>> decode_completed_order_message(int id, const Fields& fields,
                                                                     int server_version);

template <class M>
core::Result<Incoming> as_incoming(core::Result<M> message) {
  if (!message) return message.error();
  return Incoming(std::move(message).value());
}

}  // namespace ep::tws::detail
