// Internal to the codec: encode and decode for a whole message variant (Incoming or Request),
// generated from the traits of its alternatives (message_traits.hpp): the decoder for an id is
// one look-up in a table built at compile time, the encoder writes M::kTraits.id and runs M's
// layout. Include it after the layouts of every alternative (in_layouts.hpp, out_layouts.hpp):
// a missing layout is a compile error here, not a runtime "unknown id".
#pragma once

#include <fmt/format.h>
#include <array>
#include <string_view>
#include <variant>

#include "core/result.hpp"
#include "tws/field_reader.hpp"
#include "tws/layout_io.hpp"
#include "tws/message_traits.hpp"

namespace ep::tws::detail {

// The id, then layout(io, m) (found by argument-dependent lookup in ep::tws::detail).
template <class M>
Fields write_message(const M& m, int server_version) {
  LayoutWriter writer(server_version);
  writer(M::kTraits.id);
  layout(writer, m);
  return writer.take();
}

// Decodes fields (fields[0], the id, already dispatched on) as M, in place in `out` (no
// intermediate copy of the large order structs); every field must be consumed.
template <class V, class M>
bool read_into(const Fields& fields, int server_version, V& out, core::Error& error) {
  M& m = out.template emplace<M>();
  LayoutReader reader(fields, M::kTraits.name, server_version);
  layout(reader, m);
  reader.expect_end();
  if (reader.ok()) return true;
  error = reader.error();
  return false;
}

template <class V>
struct DecoderTable;
template <class... Ms>
struct DecoderTable<std::variant<Ms...>> {
  using Decoder = bool (*)(const Fields&, int, std::variant<Ms...>&, core::Error&);
  // Indexed by id; null where no alternative has that id.
  static constexpr std::array<Decoder, VariantTraits<std::variant<Ms...>>::kMaxId + 1> kById = [] {
    std::array<Decoder, VariantTraits<std::variant<Ms...>>::kMaxId + 1> table{};
    ((table[Ms::kTraits.id] = &read_into<std::variant<Ms...>, Ms>), ...);
    return table;
  }();
};

// Unknown id -> "unknown message id N" (incoming) or "unknown request id N"; see
// decode_incoming and decode_request.
template <class V>
core::Result<V> decode_variant(const Fields& fields, int server_version) {
  constexpr bool kIncoming =
      std::variant_alternative_t<0, V>::kTraits.direction == Direction::kIncoming;
  constexpr std::string_view kWhat = kIncoming ? "incoming" : "request";
  if (fields.empty()) return core::invalid_input(fmt::format("{}: empty message", kWhat));
  const auto id = parse_int64(fields[0]);
  if (!id || *id < 0 || *id > 100000) {
    return core::invalid_input(
        fmt::format("{}: message id is not a number: '{}'", kWhat, fields[0].substr(0, 20)));
  }
  const auto& decoders = DecoderTable<V>::kById;
  const auto index = static_cast<std::size_t>(*id);
  if (index >= decoders.size() || decoders[index] == nullptr) {
    return core::invalid_input(
        fmt::format("unknown {} id {}", kIncoming ? "message" : "request", *id));
  }
  V message;
  core::Error error;
  if (!decoders[index](fields, server_version, message, error)) return error;
  return message;
}

template <class V>
Fields encode_variant(const V& message, int server_version) {
  return std::visit([server_version](const auto& m) { return write_message(m, server_version); },
                    message);
}

template <class V>
Fields encode_pointed(const AlternativePointer<V>& message, int server_version) {
  return std::visit([server_version](const auto* m) { return write_message(*m, server_version); },
                    message);
}

}  // namespace ep::tws::detail
