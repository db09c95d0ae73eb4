// encode for incoming messages (the simulator's side): the id from the message's traits, then
// its layout (variant_codec.hpp).
#include "tws/in_layouts.hpp"
#include "tws/messages_in.hpp"
#include "tws/variant_codec.hpp"

namespace ep::tws {

Fields encode(const Incoming& message, int server_version) {
  return detail::encode_variant(message, server_version);
}

Fields detail::encode_alternative(const AlternativePointer<Incoming>& message, int server_version) {
  return encode_pointed<Incoming>(message, server_version);
}

}  // namespace ep::tws
