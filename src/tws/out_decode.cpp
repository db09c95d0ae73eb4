// decode_request: dispatch on the id to the request families; encode(Request) by visiting.
#include <fmt/format.h>
#include <charconv>

#include "tws/field_reader.hpp"
#include "tws/messages_out.hpp"
#include "tws/out_requests.hpp"

namespace ep::tws {

Fields encode(const Request& request, int server_version) {
  return std::visit([server_version](const auto& m) { return encode(m, server_version); }, request);
}

core::Result<Request> decode_request(const Fields& fields, int server_version) {
  if (fields.empty()) return core::invalid_input("request: empty message");
  const auto id = parse_int64(fields[0]);
  if (!id || *id < 0 || *id > 100000) {
    return core::invalid_input(
        fmt::format("request: message id is not a number: '{}'", fields[0].substr(0, 20)));
  }
  const int message_id = static_cast<int>(*id);
  using FamilyDecoder = std::optional<core::Result<Request>> (*)(int, const Fields&, int);
  for (FamilyDecoder family : {&detail::decode_simple_request, &detail::decode_market_data_request,
                               &detail::decode_order_request}) {
    if (auto r = family(message_id, fields, server_version)) return std::move(*r);
  }
  return core::invalid_input(fmt::format("unknown request id {}", message_id));
}

}  // namespace ep::tws
