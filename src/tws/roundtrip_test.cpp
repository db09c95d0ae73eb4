// Every request and every incoming message survives encode -> decode at 176, 177 and 178, and
// the version-dependent fields appear exactly where docs/tws-wire-protocol.md §4.2 puts them.
#include <gtest/gtest.h>

#include "tws/frame.hpp"
#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"
#include "tws/server_versions.hpp"
#include "tws/testing/test_samples.hpp"

namespace ep::tws {
namespace {

// Fields that do not travel at a version come back as their defaults.
void drop_absent_fields(Order& order, int version) {
  if (version >= kVersionFaProfileDesupport) order.fa_profile.clear();
}

Request expected_at(Request request, int version) {
  if (auto* p = std::get_if<PlaceOrder>(&request)) drop_absent_fields(p->order, version);
  return request;
}

Incoming expected_at(Incoming message, int version) {
  if (auto* o = std::get_if<OpenOrder>(&message)) drop_absent_fields(o->order, version);
  if (auto* c = std::get_if<CompletedOrder>(&message)) drop_absent_fields(c->order, version);
  if (auto* e = std::get_if<ExecDetails>(&message); e && version < kVersionPendingPriceRevision) {
    e->execution.pending_price_revision = false;
  }
  return message;
}

class RoundTrip : public ::testing::TestWithParam<int> {};

TEST_P(RoundTrip, EveryRequest) {
  const int version = GetParam();
  for (const Request& request : samples::all_requests()) {
    const Fields fields = encode(request, version);
    auto decoded = decode_request(fields, version);
    ASSERT_TRUE(decoded.ok()) << fields[0] << ": " << decoded.error().message;
    EXPECT_TRUE(*decoded == expected_at(request, version)) << "request id " << fields[0];
    EXPECT_EQ(encode(*decoded, version), fields) << "request id " << fields[0];
  }
}

TEST_P(RoundTrip, EveryIncomingMessage) {
  const int version = GetParam();
  std::size_t kinds = 0;
  for (const Incoming& message : samples::all_incoming()) {
    const Fields fields = encode(message, version);
    ASSERT_EQ(fields[0], std::to_string(message_id(message)));
    auto decoded = decode_incoming(fields, version);
    ASSERT_TRUE(decoded.ok()) << fields[0] << ": " << decoded.error().message;
    EXPECT_TRUE(*decoded == expected_at(message, version)) << "message id " << fields[0];
    EXPECT_EQ(encode(*decoded, version), fields) << "message id " << fields[0];
    ++kinds;
  }
  EXPECT_GE(kinds, std::variant_size_v<Incoming>);
}

TEST_P(RoundTrip, ThroughFrames) {
  const int version = GetParam();
  std::string stream;
  const auto messages = samples::all_incoming();
  for (const auto& message : messages) stream += encode_frame(encode(message, version));
  FrameDecoder decoder;
  decoder.feed(stream);
  std::size_t count = 0;
  for (;;) {
    auto next = decoder.next();
    ASSERT_TRUE(next.ok());
    if (!*next) break;
    auto decoded = decode_incoming(**next, version);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_TRUE(*decoded == expected_at(messages[count], version));
    ++count;
  }
  EXPECT_EQ(count, messages.size());
}

INSTANTIATE_TEST_SUITE_P(Versions, RoundTrip, ::testing::Values(176, 177, 178));

TEST(Layout, PlaceOrderFieldCountsAndWhatIfPosition) {
  PlaceOrder order = samples::market_order();
  order.order.what_if = true;
  const Fields at176 = encode(order, 176);
  const Fields at177 = encode(order, 177);
  const Fields at178 = encode(order, 178);
  EXPECT_EQ(at176.size(), 115U);
  EXPECT_EQ(at177.size(), 114U);
  EXPECT_EQ(at178, at177);
  EXPECT_EQ(at178[84], "1");  // whatIf, 0-based index 84 at 177/178
  EXPECT_EQ(at176[85], "1");  // one later at 176 (faProfile)
  EXPECT_EQ(at178[16], "BUY");
  EXPECT_EQ(at178[17], "100");
  EXPECT_EQ(at178[18], "MKT");
  EXPECT_EQ(at178[21], "DAY");
  EXPECT_EQ(at178[23], "DU123");
  EXPECT_EQ(at178[26], "ev-42:AAPL");
  EXPECT_EQ(at178[27], "1");  // transmit
  EXPECT_EQ(at178[33], "1");  // outsideRth
}

TEST(Layout, OpenOrderAndCompletedOrderFieldCounts) {
  const OpenOrder open = samples::open_order_filled();  // deltaNeutralOrderType "None"
  EXPECT_EQ(encode(open, 176).size(), 136U);
  EXPECT_EQ(encode(open, 177).size(), 135U);
  EXPECT_EQ(encode(open, 178).size(), 135U);
  const CompletedOrder completed = samples::completed_order();
  EXPECT_EQ(encode(completed, 176).size(), 101U);
  EXPECT_EQ(encode(completed, 178).size(), 100U);
}

TEST(Layout, ExecDetailsGainsPendingPriceRevisionAt178) {
  for (const auto& message : samples::all_incoming()) {
    if (const auto* exec = std::get_if<ExecDetails>(&message)) {
      EXPECT_EQ(encode(*exec, 176).size(), 31U);
      EXPECT_EQ(encode(*exec, 177).size(), 31U);
      EXPECT_EQ(encode(*exec, 178).size(), 32U);
    }
  }
}

TEST(Layout, SimpleRequestsMatchTheFactSheetDumps) {
  // What ib_async sends at 178 (docs/tws-wire-protocol.md §3.4, §6.2-6.4), where the spellings
  // agree with ours.
  EXPECT_EQ(encode(StartApi{7, ""}, 178), (Fields{"71", "2", "7", ""}));
  EXPECT_EQ(encode(ReqAccountSummary{5, "All", "NetLiquidation,BuyingPower"}, 178),
            (Fields{"62", "1", "5", "All", "NetLiquidation,BuyingPower"}));
  EXPECT_EQ(encode(ReqContractDetails{6, samples::stock(), false, ""}, 178),
            (Fields{"9", "8", "6", "0", "AAPL", "STK", "", "0.0", "", "", "SMART", "", "USD", "",
                    "", "0", "", "", ""}));
  ReqMktData snapshot{7, samples::stock(), "", true, false, {}};
  EXPECT_EQ(encode(snapshot, 178),
            (Fields{"1",     "11", "7",   "0", "AAPL", "STK", "", "0.0", "",  "",
                    "SMART", "",   "USD", "",  "",     "0",   "", "1",   "0", ""}));
  ReqHistoricalData hist{9,    samples::stock(), false, "",    "1 day", "2 D",
                         true, "TRADES",         1,     false, {}};
  EXPECT_EQ(encode(hist, 178),
            (Fields{"20", "9", "0", "AAPL",  "STK", "",  "0.0",    "",  "",  "SMART", "", "USD", "",
                    "",   "0", "",  "1 day", "2 D", "1", "TRADES", "1", "0", ""}));
  EXPECT_EQ(encode(ReqExecutions{13, {}}, 178),
            (Fields{"7", "3", "13", "0", "", "", "", "", "", ""}));
  EXPECT_EQ(encode(ReqCompletedOrders{false}, 178), (Fields{"99", "0"}));
  EXPECT_EQ(encode(CancelOrder{10, ""}, 178), (Fields{"4", "1", "10", ""}));
  EXPECT_EQ(encode(ReqAccountUpdatesMulti{14, "DU123", "", false}, 178),
            (Fields{"76", "1", "14", "DU123", "", "0"}));
}

}  // namespace
}  // namespace ep::tws
