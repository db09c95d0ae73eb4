// decode_incoming: the id picks the decoder from the table generated from Incoming's
// alternatives (variant_codec.hpp).
#include "tws/in_layouts.hpp"
#include "tws/messages_in.hpp"
#include "tws/variant_codec.hpp"

namespace ep::tws {

core::Result<Incoming> decode_incoming(const Fields& fields, int server_version) {
  return detail::decode_variant<Incoming>(fields, server_version);
}

}  // namespace ep::tws
