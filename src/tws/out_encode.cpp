// encode for requests (the client's side): the id from the request's traits, then its layout
// (variant_codec.hpp).
#include "tws/messages_out.hpp"
#include "tws/out_layouts.hpp"
#include "tws/variant_codec.hpp"

namespace ep::tws {

Fields encode(const Request& request, int server_version) {
  return detail::encode_variant(request, server_version);
}

Fields detail::encode_alternative(const AlternativePointer<Request>& request, int server_version) {
  return encode_pointed<Request>(request, server_version);
}

}  // namespace ep::tws
