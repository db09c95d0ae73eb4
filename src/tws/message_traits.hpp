// What the wire says about each message, in one place: every message struct carries
//   static constexpr MessageTraits kTraits{5, "openOrder", Direction::kIncoming};
// (docs/tws-wire-protocol.md §5). The id tables, message_id() and the decoders' dispatch are
// derived from these traits and the alternatives of the Incoming and Request variants, so there
// is no list of ids to keep in step with the variants. Compile-time only; any thread.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <variant>

namespace ep::tws {

enum class Direction {
  kRequest,   // client -> server (docs/tws-wire-protocol.md §6)
  kIncoming,  // server -> client (docs/tws-wire-protocol.md §7)
};

struct MessageTraits {
  int id = 0;             // the first field of the frame
  std::string_view name;  // IB's name, used in decode errors ("openOrder: ...")
  Direction direction = Direction::kIncoming;
};

// A message type M is one of the alternatives of the variant V.
template <class M, class V>
inline constexpr bool kIsAlternative = false;
template <class M, class... Ms>
inline constexpr bool kIsAlternative<M, std::variant<Ms...>> = (std::is_same_v<M, Ms> || ...);
template <class M, class V>
concept AlternativeOf = kIsAlternative<M, V>;

// The compile-time facts of a message variant, read from its alternatives' traits.
template <class V>
struct VariantTraits;
template <class... Ms>
struct VariantTraits<std::variant<Ms...>> {
  // kIdOfAlternative[i] is the id of the i-th alternative (message_id() by index).
  static constexpr std::array<int, sizeof...(Ms)> kIdOfAlternative{Ms::kTraits.id...};
  static constexpr int kMaxId = std::max({Ms::kTraits.id...});

  static constexpr bool ids_unique() {
    for (std::size_t i = 0; i < kIdOfAlternative.size(); ++i) {
      for (std::size_t j = i + 1; j < kIdOfAlternative.size(); ++j) {
        if (kIdOfAlternative[i] == kIdOfAlternative[j]) return false;
      }
    }
    return true;
  }
  static constexpr bool all_of_direction(Direction direction) {
    return ((Ms::kTraits.direction == direction) && ...);
  }
  // Ids index the decoders' table, so they must be small and not negative.
  static constexpr bool ids_in_table_range() {
    return ((Ms::kTraits.id >= 0 && Ms::kTraits.id <= 1000) && ...);
  }
};

// What the codec needs of a message variant: ids unique, all of one direction, small enough to
// index the decoders' table. Checked right below each variant (static_assert).
template <class V, Direction kDirection>
concept MessageVariant = VariantTraits<V>::ids_unique() &&
    VariantTraits<V>::all_of_direction(kDirection) && VariantTraits<V>::ids_in_table_range();

namespace detail {
// One const pointer per alternative of V: how encode(const M&) reaches the layouts (defined
// where they are) without copying the message into the variant.
template <class V>
struct AlternativePointerOf;
template <class... Ms>
struct AlternativePointerOf<std::variant<Ms...>> {
  using type = std::variant<const Ms*...>;
};
template <class V>
using AlternativePointer = typename AlternativePointerOf<V>::type;
}  // namespace detail

}  // namespace ep::tws
