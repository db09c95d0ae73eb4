// The per-message traits are the one source of the ids and names: the checks on a variant's
// ids catch a clash, the decoders and encoders use each message's own id and name, and an id
// between known ones that no message claims is refused as unknown.
#include <gtest/gtest.h>

#include <string>

#include "tws/message_traits.hpp"
#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"
#include "tws/testing/test_samples.hpp"

namespace ep::tws {
namespace {

struct FakeA {
  static constexpr MessageTraits kTraits{3, "a", Direction::kIncoming};
};
struct FakeB {
  static constexpr MessageTraits kTraits{7, "b", Direction::kIncoming};
};
struct FakeClash {
  static constexpr MessageTraits kTraits{3, "clash", Direction::kIncoming};
};
struct FakeRequest {
  static constexpr MessageTraits kTraits{9, "request", Direction::kRequest};
};
struct FakeHuge {
  static constexpr MessageTraits kTraits{5000, "huge", Direction::kIncoming};
};

using Good = VariantTraits<std::variant<FakeA, FakeB>>;
using Clash = VariantTraits<std::variant<FakeA, FakeB, FakeClash>>;
using Mixed = VariantTraits<std::variant<FakeA, FakeRequest>>;
using Huge = VariantTraits<std::variant<FakeA, FakeHuge>>;

TEST(MessageTraits, VariantChecksCatchClashesMixedDirectionsAndHugeIds) {
  static_assert(Good::ids_unique() && Good::all_of_direction(Direction::kIncoming));
  static_assert(Good::kIdOfAlternative == std::array<int, 2>{3, 7} && Good::kMaxId == 7);
  EXPECT_FALSE(Clash::ids_unique());
  EXPECT_TRUE(Mixed::ids_unique());
  EXPECT_FALSE(Mixed::all_of_direction(Direction::kIncoming));
  EXPECT_FALSE(Mixed::all_of_direction(Direction::kRequest));
  EXPECT_TRUE(Good::ids_in_table_range());
  EXPECT_FALSE(Huge::ids_in_table_range());
  static_assert(MessageVariant<std::variant<FakeA, FakeB>, Direction::kIncoming>);
  static_assert(!MessageVariant<std::variant<FakeA, FakeB>, Direction::kRequest>);
  static_assert(!MessageVariant<std::variant<FakeA, FakeClash>, Direction::kIncoming>);
  static_assert(!MessageVariant<std::variant<FakeA, FakeRequest>, Direction::kIncoming>);
  static_assert(!MessageVariant<std::variant<FakeA, FakeHuge>, Direction::kIncoming>);
}

// Each message is written with its own id and, when it does not fit, named by its own name.
template <class V>
void expect_own_id_and_name(const V& message, int version) {
  std::visit(
      [&](const auto& m) {
        using M = std::decay_t<decltype(m)>;
        Fields fields = encode(m, version);
        EXPECT_EQ(fields, encode(message, version));
        ASSERT_FALSE(fields.empty());
        EXPECT_EQ(fields[0], std::to_string(M::kTraits.id));
        fields.emplace_back("extra");
        const auto decoded = [&] {
          if constexpr (M::kTraits.direction == Direction::kIncoming) {
            return decode_incoming(fields, version).error().message;
          } else {
            return decode_request(fields, version).error().message;
          }
        }();
        EXPECT_EQ(decoded.rfind(std::string(M::kTraits.name) + ":", 0), 0u)
            << M::kTraits.name << " decoded as: " << decoded;
      },
      message);
}

TEST(MessageTraits, EveryMessageTravelsWithItsOwnIdAndName) {
  for (const Incoming& message : samples::all_incoming()) expect_own_id_and_name(message, 178);
  for (const Request& request : samples::all_requests()) expect_own_id_and_name(request, 178);
}

TEST(MessageTraits, IdsBetweenKnownOnesAreUnknown) {
  // bondContractDetails (18) and cancelPositionsMulti (75) are ids of docs/tws-wire-protocol.md
  // §5 that no message of ours claims; 0 and the table's end are the edges.
  for (const char* id : {"0", "18", "103", "100000"}) {
    const auto decoded = decode_incoming({id, "1"}, 178);
    ASSERT_FALSE(decoded.ok()) << id;
    EXPECT_EQ(decoded.error().message, std::string("unknown message id ") + id);
  }
  for (const char* id : {"0", "75", "100", "100000"}) {
    const auto decoded = decode_request({id, "1"}, 178);
    ASSERT_FALSE(decoded.ok()) << id;
    EXPECT_EQ(decoded.error().message, std::string("unknown request id ") + id);
  }
  EXPECT_EQ(decode_incoming({"100001"}, 178).error().message,
            "incoming: message id is not a number: '100001'");
  EXPECT_EQ(decode_request({"-1"}, 178).error().message,
            "request: message id is not a number: '-1'");
}

TEST(MessageTraits, MessageIdFollowsTheAlternative) {
  EXPECT_EQ(message_id(Incoming(OpenOrder{})), 5);
  EXPECT_EQ(message_id(Incoming(CompletedOrdersEnd{})), 102);
  EXPECT_EQ(message_id(Incoming(TickPrice{})), 1);
}

}  // namespace
}  // namespace ep::tws
