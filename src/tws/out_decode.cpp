// decode_request (the simulator's parser): the id picks the decoder from the table generated
// from Request's alternatives (variant_codec.hpp).
#include "tws/messages_out.hpp"
#include "tws/out_layouts.hpp"
#include "tws/variant_codec.hpp"

namespace ep::tws {

core::Result<Request> decode_request(const Fields& fields, int server_version) {
  return detail::decode_variant<Request>(fields, server_version);
}

}  // namespace ep::tws
