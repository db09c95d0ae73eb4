// Malformed input gives an error value naming the message and field, never a crash or an
// out-of-bounds read: truncated messages, extra fields, junk in every field, unknown ids,
// impossible counts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"
#include "tws/testing/test_samples.hpp"

namespace ep::tws {
namespace {

using ::testing::HasSubstr;

TEST(Malformed, EveryTruncationOfEveryIncomingMessageIsAnError) {
  for (const Incoming& message : samples::all_incoming()) {
    const Fields full = encode(message, 178);
    for (std::size_t keep = 0; keep < full.size(); ++keep) {
      const Fields truncated(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(keep));
      auto decoded = decode_incoming(truncated, 178);
      ASSERT_FALSE(decoded.ok()) << "id " << full[0] << " kept " << keep;
      EXPECT_EQ(decoded.error().kind, core::ErrorKind::kInvalidInput);
    }
  }
}

TEST(Malformed, EveryTruncationOfEveryRequestIsAnError) {
  for (const Request& request : samples::all_requests()) {
    const Fields full = encode(request, 176);
    for (std::size_t keep = 0; keep < full.size(); ++keep) {
      const Fields truncated(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(keep));
      EXPECT_FALSE(decode_request(truncated, 176).ok()) << "id " << full[0] << " kept " << keep;
    }
  }
}

TEST(Malformed, AnExtraFieldIsAnError) {
  for (const Incoming& message : samples::all_incoming()) {
    Fields fields = encode(message, 177);
    fields.emplace_back("extra");
    auto decoded = decode_incoming(fields, 177);
    ASSERT_FALSE(decoded.ok()) << fields[0];
    EXPECT_THAT(decoded.error().message, HasSubstr("unexpected"));
  }
  Fields request = encode(samples::market_order(), 178);
  request.emplace_back("");
  EXPECT_FALSE(decode_request(request, 178).ok());
}

TEST(Malformed, JunkInAnyFieldNeverCrashes) {
  std::size_t errors = 0;
  for (const Incoming& message : samples::all_incoming()) {
    const Fields full = encode(message, 178);
    for (std::size_t i = 1; i < full.size(); ++i) {
      for (const char* junk : {"abc", "-", "1e99999", "99999999999999999999", "\xff\xfe"}) {
        Fields bad = full;
        bad[i] = junk;
        auto decoded = decode_incoming(bad, 178);
        if (!decoded.ok()) {
          ++errors;
          EXPECT_EQ(decoded.error().kind, core::ErrorKind::kInvalidInput);
          EXPECT_FALSE(decoded.error().message.empty());
        }
      }
    }
  }
  EXPECT_GT(errors, 500U);
}

TEST(Malformed, NonNumericNumberNamesTheField) {
  Fields tick = encode(TickPrice{7, 1, 190.1, Decimal::of(300), 1}, 178);
  tick[4] = "19O.10";
  auto decoded = decode_incoming(tick, 178);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.error().message, HasSubstr("tickPrice"));
  EXPECT_THAT(decoded.error().message, HasSubstr("price"));
  Fields order = encode(samples::market_order(), 178);
  order[1] = "ten";
  auto request = decode_request(order, 178);
  ASSERT_FALSE(request.ok());
  EXPECT_THAT(request.error().message, HasSubstr("placeOrder"));
  EXPECT_THAT(request.error().message, HasSubstr("orderId"));
}

TEST(Malformed, UnknownAndNonNumericIds) {
  auto unknown = decode_incoming({"999", "1"}, 178);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "unknown message id 999");
  auto unknown_request = decode_request({"98", "1"}, 178);
  ASSERT_FALSE(unknown_request.ok());
  EXPECT_EQ(unknown_request.error().message, "unknown request id 98");
  EXPECT_FALSE(decode_incoming({"x"}, 178).ok());
  EXPECT_FALSE(decode_incoming({""}, 178).ok());
  EXPECT_FALSE(decode_incoming({"-1"}, 178).ok());
  EXPECT_FALSE(decode_incoming({}, 178).ok());
  EXPECT_FALSE(decode_request({}, 178).ok());
  EXPECT_FALSE(decode_request({"99999999999999999999"}, 178).ok());
}

TEST(Malformed, ImpossibleCountsAllocateNothing) {
  // historicalData claiming two billion bars in a short message.
  auto bars = decode_incoming({"17", "1", "a", "b", "2000000000", "x"}, 178);
  ASSERT_FALSE(bars.ok());
  EXPECT_THAT(bars.error().message, HasSubstr("impossible count"));
  EXPECT_FALSE(decode_incoming({"17", "1", "a", "b", "-1"}, 178).ok());
  // Order conditions with an unknown type code.
  PlaceOrder order = samples::market_order();
  order.order.conditions = {OrderCondition{1, {"a", "1", "150.5", "265598", "SMART", "0"}}};
  Fields fields = encode(order, 178);
  bool replaced = false;
  for (std::size_t i = 0; i + 1 < fields.size(); ++i) {
    if (fields[i] == "1" && fields[i + 1] == "a" && !replaced) {
      fields[i] = "42";
      replaced = true;
    }
  }
  ASSERT_TRUE(replaced);
  auto decoded = decode_request(fields, 178);
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.error().message, HasSubstr("condition"));
}

}  // namespace
}  // namespace ep::tws
