// Internal to the codec: per-family decoders of incoming messages used by decode_incoming
// (in_decode.cpp). Each answers kNotMine when the id is not of its family.
#pragma once

#include <optional>

#include "tws/layout_io.hpp"
#include "tws/messages_in.hpp"

namespace ep::tws::detail {

// What a family decoder did with a message. Decoding goes straight into the caller's
// Incoming (no intermediate copies of the large order structs).
enum class FamilyResult { kNotMine, kDecoded, kFailed };

#define EP_TWS_FAMILY_DECODER(name)                                                  \
  FamilyResult name(int id, const Fields& fields, int server_version, Incoming& out, \
                    core::Error& error)
EP_TWS_FAMILY_DECODER(decode_account_message);
EP_TWS_FAMILY_DECODER(decode_market_data_message);
EP_TWS_FAMILY_DECODER(decode_order_message);
EP_TWS_FAMILY_DECODER(decode_open_order_message);
EP_TWS_FAMILY_DECODER(decode_completed_order_message);
#undef EP_TWS_FAMILY_DECODER

// Decodes fields (fields[0], the id, already dispatched on) as M, in place in `out`.
template <class M>
FamilyResult read_into(const Fields& fields, std::string_view name, int server_version,
                       Incoming& out, core::Error& error) {
  M& m = out.template emplace<M>();
  LayoutReader reader(fields, name, server_version);
  layout(reader, m);
  reader.expect_end();
  if (reader.ok()) return FamilyResult::kDecoded;
  error = reader.error();
  return FamilyResult::kFailed;
}

}  // namespace ep::tws::detail
