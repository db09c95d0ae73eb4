// The 8 client->server captures (requests built by IB's official Python client at 176): the
// simulator's parser decodes them, and our encoder reproduces them field for field except where
// the two clients spell the same value differently (equivalent_spelling below).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tws/field_reader.hpp"
#include "tws/messages_out.hpp"
#include "tws/testing/testdata_loader.hpp"

namespace ep::tws {
namespace {

using ::testing::HasSubstr;

template <class T>
T decode_request_as(const std::string& file, Fields* fields_out = nullptr) {
  auto capture = testdata::load_capture(file);
  EXPECT_TRUE(capture.ok()) << file;
  if (!capture.ok()) return T{};
  EXPECT_TRUE(capture->client_to_server) << file;
  if (fields_out) *fields_out = capture->frames[0];
  auto decoded = decode_request(capture->frames[0], 176);
  EXPECT_TRUE(decoded.ok()) << file << ": " << (decoded.ok() ? "" : decoded.error().message);
  if (!decoded.ok()) return T{};
  const T* message = std::get_if<T>(&*decoded);
  EXPECT_NE(message, nullptr) << file << " decoded to another request";
  return message ? *message : T{};
}

bool is_unset_spelling(const std::string& text) {
  if (text.empty() || text == "2147483647" || text == "9223372036854775807") return true;
  const auto value = parse_double(text);
  return value && is_unset_double(*value);
}

// IB's Python client writes unset doubles as 1.7976931348623157e+308 and unset ints as
// 2147483647 where we send an empty field (as ib_async does); both mean "unset" to TWS.
// Numbers may also differ in spelling only ("0" vs "0.0").
bool equivalent_spelling(const std::string& ours, const std::string& theirs) {
  if (ours == theirs) return true;
  if (is_unset_spelling(ours) && is_unset_spelling(theirs)) return true;
  const auto a = parse_double(ours);
  const auto b = parse_double(theirs);
  return a && b && *a == *b;
}

void expect_reproduced(const Fields& ours, const Fields& theirs, const std::string& file) {
  ASSERT_EQ(ours.size(), theirs.size()) << file;
  for (std::size_t i = 0; i < ours.size(); ++i) {
    EXPECT_TRUE(equivalent_spelling(ours[i], theirs[i]))
        << file << " field " << i << ": ours '" << ours[i] << "' theirs '" << theirs[i] << "'";
  }
}

TEST(CaptureRequests, EveryRequestDecodesAndIsReproduced) {
  std::size_t count = 0;
  for (const auto& file : testdata::list_captures()) {
    auto capture = testdata::load_capture(file);
    ASSERT_TRUE(capture.ok());
    if (!capture->client_to_server) continue;
    auto decoded = decode_request(capture->frames[0], 176);
    ASSERT_TRUE(decoded.ok()) << file << ": " << decoded.error().message;
    expect_reproduced(encode(*decoded, 176), capture->frames[0], file);
    ++count;
  }
  EXPECT_EQ(count, 8U);
}

TEST(CaptureRequests, SimpleRequestsAreByteExact) {
  for (const char* file :
       {"pyfutures-reqIds-v176.txt", "pyfutures-reqMarketDataType-v176.txt",
        "pyfutures-cancelHistoricalData-v176.txt", "pyfutures-reqAccountSummary-v176.txt",
        "pyfutures-reqContractDetails-v176.txt", "pyfutures-reqHistoricalData_daily-v176.txt",
        "pyfutures-reqHistoricalData_keepUpToDate-v176.txt"}) {
    auto capture = testdata::load_capture(file);
    ASSERT_TRUE(capture.ok());
    auto decoded = decode_request(capture->frames[0], 176);
    ASSERT_TRUE(decoded.ok()) << file;
    EXPECT_EQ(encode(*decoded, 176), capture->frames[0]) << file;
  }
}

TEST(CaptureRequests, Values) {
  EXPECT_EQ(decode_request_as<ReqIds>("pyfutures-reqIds-v176.txt").num_ids, 1);
  EXPECT_EQ(
      decode_request_as<ReqMarketDataType>("pyfutures-reqMarketDataType-v176.txt").market_data_type,
      4);
  EXPECT_EQ(
      decode_request_as<CancelHistoricalData>("pyfutures-cancelHistoricalData-v176.txt").req_id,
      -10);
  const auto summary = decode_request_as<ReqAccountSummary>("pyfutures-reqAccountSummary-v176.txt");
  EXPECT_EQ(summary.req_id, -10);
  EXPECT_EQ(summary.group, "All");
  EXPECT_EQ(std::count(summary.tags.begin(), summary.tags.end(), ','), 28);
  EXPECT_THAT(summary.tags, HasSubstr("ReqTEquity"));
  const auto details =
      decode_request_as<ReqContractDetails>("pyfutures-reqContractDetails-v176.txt");
  EXPECT_EQ(details.req_id, -10);
  EXPECT_EQ(details.contract.symbol, "EBM");
  EXPECT_EQ(details.contract.sec_type, "FUT");
  EXPECT_EQ(details.contract.exchange, "MATIF");
  EXPECT_EQ(details.contract.currency, "");
  EXPECT_EQ(details.contract.trading_class, "EBM");
  EXPECT_FALSE(details.include_expired);
  EXPECT_EQ(details.issuer_id, "");
  const auto daily =
      decode_request_as<ReqHistoricalData>("pyfutures-reqHistoricalData_daily-v176.txt");
  EXPECT_EQ(daily.req_id, -11);
  EXPECT_EQ(daily.contract.con_id, 559753506);
  EXPECT_EQ(daily.contract.sec_type, "CONTFUT");
  EXPECT_EQ(daily.contract.trading_class, "DC");
  EXPECT_EQ(daily.end_date_time, "20240322-16:30:00");
  EXPECT_EQ(daily.bar_size, "1 day");
  EXPECT_EQ(daily.duration, "5 D");
  EXPECT_FALSE(daily.use_rth);
  EXPECT_EQ(daily.what_to_show, "TRADES");
  EXPECT_EQ(daily.format_date, 2);
  EXPECT_FALSE(daily.keep_up_to_date);
  const auto live =
      decode_request_as<ReqHistoricalData>("pyfutures-reqHistoricalData_keepUpToDate-v176.txt");
  EXPECT_EQ(live.req_id, -10);
  EXPECT_EQ(live.end_date_time, "");
  EXPECT_EQ(live.bar_size, "1 min");
  EXPECT_EQ(live.duration, "60 S");
  EXPECT_EQ(live.what_to_show, "BID");
  EXPECT_TRUE(live.keep_up_to_date);
}

TEST(CaptureRequests, PlaceOrderFromIbsOfficialClient) {
  Fields fields;
  const auto m = decode_request_as<PlaceOrder>("pyfutures-placeOrder_MKT-v176.txt", &fields);
  ASSERT_EQ(fields.size(), 115U);
  EXPECT_EQ(m.order.order_id, 682);
  EXPECT_EQ(m.contract.con_id, 490586912);
  EXPECT_EQ(m.contract.trading_class, "EBM");
  EXPECT_EQ(m.order.action, "BUY");
  EXPECT_EQ(m.order.total_quantity.text, "1");
  EXPECT_EQ(m.order.order_type, "MKT");
  EXPECT_FALSE(m.order.lmt_price.has_value());
  EXPECT_EQ(m.order.tif, "");
  EXPECT_EQ(m.order.account, "");
  EXPECT_EQ(m.order.open_close, "");
  EXPECT_EQ(m.order.origin, 0);
  EXPECT_EQ(m.order.order_ref, fields[26]);
  EXPECT_EQ(m.order.order_ref.size(), 36U);  // a UUID
  EXPECT_TRUE(m.order.transmit);
  EXPECT_EQ(m.order.fa_profile, "");
  EXPECT_FALSE(m.order.what_if);
  EXPECT_EQ(fields[85], "0");
  // Python-style max doubles and max ints are "unset".
  EXPECT_EQ(fields[92], "1.7976931348623157e+308");  // triggerPrice at 176
  EXPECT_FALSE(m.order.trigger_price.has_value());
  EXPECT_FALSE(m.order.lmt_price_offset.has_value());
  EXPECT_FALSE(m.order.adjusted_stop_price.has_value());
  EXPECT_FALSE(m.order.adjusted_stop_limit_price.has_value());
  EXPECT_FALSE(m.order.adjusted_trailing_amount.has_value());
  EXPECT_FALSE(m.order.cash_qty.has_value());
  EXPECT_FALSE(m.order.use_price_mgmt_algo.has_value());
  EXPECT_FALSE(m.order.duration.has_value());
  EXPECT_FALSE(m.order.post_to_ats.has_value());
  EXPECT_FALSE(m.order.auto_cancel_parent);
  // At 177/178 the same order has no faProfile: 114 fields, whatIf one earlier.
  PlaceOrder what_if = m;
  what_if.order.what_if = true;
  const Fields at178 = encode(what_if, 178);
  EXPECT_EQ(at178.size(), 114U);
  EXPECT_EQ(at178[84], "1");
}

}  // namespace
}  // namespace ep::tws
