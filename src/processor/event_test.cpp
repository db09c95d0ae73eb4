#include "processor/event.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace ep::processor {
namespace {

using ::testing::HasSubstr;

const std::string kGood = R"({
  "event_id": "e-1", "account_id": "DU123",
  "data": {"exec": "rebalance", "eventId": "up-1", "extra": [1, 2],
           "account_config": {"account_id": "DU123", "notification_channel": "etf-blend",
                              "cash_reserve_percentage": 2.5}},
  "times_queued": 3, "created_at": "2025-07-20T13:31:48.123456+00:00", "status": "pending"})";

TEST(ParseEvent, ReadsEveryFieldOfAGoodRebalance) {
  auto event = parse_event(kGood);
  ASSERT_TRUE(event.ok()) << event.error().message;
  EXPECT_EQ(event->event_id, "e-1");
  EXPECT_EQ(event->account_id, "DU123");
  EXPECT_EQ(event->command, "rebalance");
  ASSERT_TRUE(event->account_config.has_value());
  EXPECT_EQ(event->account_config->account_id, "DU123");
  EXPECT_EQ(event->account_config->strategy, "etf-blend");
  EXPECT_DOUBLE_EQ(event->account_config->cash_reserve_percent, 2.5);
  EXPECT_EQ(event->times_queued, 3);
  EXPECT_EQ(event->created_at, "2025-07-20T13:31:48.123456+00:00");
}

TEST(ParseEvent, ReserveDefaultsToOnePercentAndAcceptsTheOlderName) {
  auto plain = parse_event(R"({"event_id":"e","account_id":"A","data":{"exec":"print-rebalance",
      "account_config":{"account_id":"A","notification_channel":"s"}}})");
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_DOUBLE_EQ(plain->account_config->cash_reserve_percent, 1.0);
  EXPECT_EQ(plain->times_queued, 0);

  auto older = parse_event(R"({"event_id":"e","account_id":"A","data":{"exec":"rebalance",
      "account_config":{"account_id":"A","notification_channel":"s",
                        "equity_reserve_percentage":5}}})");
  ASSERT_TRUE(older.ok()) << older.error().message;
  EXPECT_DOUBLE_EQ(older->account_config->cash_reserve_percent, 5.0);
}

TEST(ParseEvent, PrintCommandsNeedNoAccountConfig) {
  for (const char* command : {"print-positions", "print-equity", "print-orders", "cancel-orders"}) {
    auto event = parse_event(std::string(R"({"event_id":"e","account_id":"A","data":{"exec":")") +
                             command + R"("}})");
    ASSERT_TRUE(event.ok()) << command << ": " << event.error().message;
    EXPECT_EQ(event->command, command);
    EXPECT_FALSE(event->account_config.has_value());
  }
}

// Each bad payload with a piece of the message it must produce.
const std::vector<std::pair<std::string, std::string>> kBadPayloads = {
    {"", "not valid JSON"},
    {"{\"event_id\": ", "not valid JSON"},
    {"not json at all", "not valid JSON"},
    {"[1, 2]", "must be a JSON object, got array"},
    {"\"text\"", "must be a JSON object, got string"},
    {R"({"account_id":"A","data":{"exec":"print-equity"}})", "event_id is missing"},
    {R"({"event_id":7,"account_id":"A","data":{"exec":"print-equity"}})",
     "event_id must be a string, got number"},
    {R"({"event_id":"","account_id":"A","data":{"exec":"print-equity"}})", "event_id is empty"},
    {R"({"event_id":"e","data":{"exec":"print-equity"}})", "account_id is missing"},
    {R"({"event_id":"e","account_id":null,"data":{"exec":"print-equity"}})",
     "account_id is missing"},
    {R"({"event_id":"e","account_id":["A"],"data":{"exec":"print-equity"}})",
     "account_id must be a string, got array"},
    {R"({"event_id":"e","account_id":"A"})", "data is missing"},
    {R"({"event_id":"e","account_id":"A","data":"rebalance"})", "data must be an object"},
    {R"({"event_id":"e","account_id":"A","data":{}})", "data.exec is missing"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":true}})",
     "data.exec must be a string, got boolean"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"sell-everything"}})",
     "unknown command 'sell-everything'"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"Rebalance"}})",
     "unknown command 'Rebalance'"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"rebalance"}})",
     "data.account_config is required for rebalance"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"print-rebalance"}})",
     "data.account_config is required for print-rebalance"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"rebalance","account_config":[]}})",
     "data.account_config must be an object"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"rebalance",
        "account_config":{"notification_channel":"s"}}})",
     "data.account_config.account_id is missing"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"rebalance",
        "account_config":{"account_id":"A"}}})",
     "data.account_config.notification_channel is missing"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"rebalance",
        "account_config":{"account_id":"A","notification_channel":"s",
                          "cash_reserve_percentage":"1"}}})",
     "cash_reserve_percentage must be a number"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"rebalance",
        "account_config":{"account_id":"A","notification_channel":"s",
                          "cash_reserve_percentage":101}}})",
     "must be between 0 and 100"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"rebalance",
        "account_config":{"account_id":"A","notification_channel":"s",
                          "equity_reserve_percentage":-0.5}}})",
     "equity_reserve_percentage must be between 0 and 100"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"print-equity"},"times_queued":"2"})",
     "times_queued must be a non-negative integer"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"print-equity"},"times_queued":-1})",
     "times_queued must be a non-negative integer"},
    // Control characters in ids would reach order references (NUL separates TWS fields) and
    // Redis keys (found by fuzz/event_fuzz).
    {R"({"event_id":"e\u0000x","account_id":"A","data":{"exec":"print-equity"}})",
     "event_id has control characters"},
    {R"({"event_id":"e","account_id":"DU1\n","data":{"exec":"print-equity"}})",
     "account_id has control characters"},
    {"{\"event_id\":\"e\x7f\",\"account_id\":\"A\",\"data\":{\"exec\":\"print-equity\"}}",
     "event_id has control characters"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"rebalance","account_config":{
        "account_id":"A","notification_channel":"etf\t1"}}})",
     "data.account_config.notification_channel has control characters"},
    // A number beyond a double's range: the JSON library throws out_of_range, not parse_error
    // (found by fuzz/event_fuzz; it used to escape parse_event as an exception).
    {R"({"event_id":"e","account_id":"A","data":{"exec":"print-equity"},"times_queued":1e999})",
     "not valid JSON"},
    {R"({"event_id":"e","account_id":"A","data":{"exec":"rebalance","account_config":{
        "account_id":"A","notification_channel":"s","cash_reserve_percentage":-1e400}}})",
     "not valid JSON"},
};

TEST(ParseEvent, RejectsEachBadPayloadWithAClearReason) {
  ASSERT_GE(kBadPayloads.size(), 15u);
  for (const auto& [payload, expected] : kBadPayloads) {
    auto event = parse_event(payload);
    ASSERT_FALSE(event.ok()) << "accepted: " << payload;
    EXPECT_EQ(event.error().kind, core::ErrorKind::kInvalidInput) << payload;
    EXPECT_THAT(event.error().message, HasSubstr(expected)) << "payload: " << payload;
  }
}

TEST(PeekIds, FindsWhatItCanInBrokenEvents) {
  auto ids = peek_ids(R"({"event_id":"e-9","account_id":"DU1","data":{"exec":"frobnicate"}})");
  EXPECT_EQ(ids.event_id, "e-9");
  EXPECT_EQ(ids.account_id, "DU1");
  EXPECT_EQ(ids.command, "frobnicate");
  auto none = peek_ids("{{{");
  EXPECT_TRUE(none.event_id.empty());
  EXPECT_TRUE(none.command.empty());
  auto wrong_types = peek_ids(R"({"event_id":1,"data":[]})");
  EXPECT_TRUE(wrong_types.event_id.empty());
}

// An event whose data nests 60,000 arrays deep: refused before any tree is built, and its ids
// are still read (only the top two levels are kept while peeking).
std::string depth_bomb(std::size_t depth) {
  return R"({"event_id":"d1","account_id":"DU1","data":{"exec":"rebalance","x":)" +
         std::string(depth, '[') + std::string(depth, ']') + "}}";
}

TEST(ParseEvent, DepthBombIsRefusedWithItsReason) {
  const auto event = parse_event(depth_bomb(60'000));
  ASSERT_FALSE(event.ok());
  EXPECT_EQ(event.error().kind, core::ErrorKind::kInvalidInput);
  EXPECT_EQ(event.error().message, "event refused: JSON nested deeper than 64 levels");
  // 64 levels in all are still fine (the two objects around the arrays count too).
  EXPECT_TRUE(
      parse_event(R"({"event_id":"d1","account_id":"DU1","data":{"exec":"print-equity","x":)" +
                  std::string(62, '[') + std::string(62, ']') + "}}")
          .ok());
}

TEST(ParseEvent, OversizedEventIsRefused) {
  const std::string big = R"({"event_id":"b1","account_id":"DU1","data":{"exec":"print-equity",)"
                          R"("pad":")" +
                          std::string(1024 * 1024, 'x') + "\"}}";
  const auto event = parse_event(big);
  ASSERT_FALSE(event.ok());
  EXPECT_EQ(event.error().message, "event refused: JSON larger than 1048576 bytes");
}

TEST(PeekIds, ReadsTheIdsOfAnOversizedEvent) {
  const std::string big = R"({"event_id":"b1","account_id":"DU1","data":{"exec":"print-equity",)"
                          R"("pad":")" +
                          std::string(2 * 1024 * 1024, 'x') + "\"}}";
  const auto ids = peek_ids(big);
  EXPECT_EQ(ids.event_id, "b1");
  EXPECT_EQ(ids.command, "print-equity");
}

TEST(PeekIds, ReadsTheIdsOfADepthBomb) {
  const auto ids = peek_ids(depth_bomb(100'000));
  EXPECT_EQ(ids.event_id, "d1");
  EXPECT_EQ(ids.account_id, "DU1");
  EXPECT_EQ(ids.command, "rebalance");
}

}  // namespace
}  // namespace ep::processor
