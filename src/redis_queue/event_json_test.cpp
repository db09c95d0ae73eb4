#include "redis_queue/event_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "core/iso_time.hpp"

namespace ep::redis_queue {
namespace {

using nlohmann::json;

// 8-4-4-4-12 lowercase hex, version 4, RFC 4122 variant (no std::regex: GCC 12 warns in it
// under the sanitizers).
bool is_uuid4(const std::string& id) {
  if (id.size() != 36) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = id[i];
    if (dash != (c == '-')) return false;
    if (!dash && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return id[14] == '4' && std::string_view("89ab").find(id[19]) != std::string_view::npos;
}

const core::Timestamp kAt = *core::parse_iso_time("2025-07-20T13:31:48.123456+00:00");

TEST(EventJson, ReadsTheFieldsOfABrokerEvent) {
  const auto fields = parse_event_fields(
      R"({"event_id": "e1", "account_id": "DU1", "data": {"exec": "rebalance"},)"
      R"( "times_queued": 3, "created_at": "2025-07-20T13:31:48.123456+00:00", "last_error": "x"})");
  EXPECT_TRUE(fields.valid);
  EXPECT_EQ(fields.event_id, "e1");
  EXPECT_EQ(fields.account_id, "DU1");
  EXPECT_EQ(fields.exec, "rebalance");
  EXPECT_EQ(fields.times_queued, 3);
  EXPECT_EQ(fields.created_at, "2025-07-20T13:31:48.123456+00:00");
  EXPECT_EQ(fields.last_error, "x");
  EXPECT_EQ(dedup_key(fields), "DU1:rebalance");
}

TEST(EventJson, MissingOrMistypedFieldsStayEmpty) {
  const auto fields = parse_event_fields(R"({"account_id": 5, "data": "x", "times_queued": "2"})");
  EXPECT_TRUE(fields.valid);
  EXPECT_EQ(fields.account_id, "");
  EXPECT_EQ(fields.exec, "");
  EXPECT_EQ(fields.times_queued, 1);
  EXPECT_FALSE(dedup_key(fields).has_value());
  EXPECT_FALSE(parse_event_fields("{oops").valid);
  EXPECT_FALSE(parse_event_fields("[1,2]").valid);
}

TEST(EventJson, RetryPayloadChangesOnlyItsFields) {
  const std::string in =
      R"({"event_id": "e1", "x_unknown": {"deep": [1.0, 2e3, "\u00e9"]}, "times_queued": 2, "account_id": "DU1"})";
  const auto out = payload_for_retry(in, "gateway \"down\"", kAt);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(
      *out,
      R"({"event_id": "e1", "x_unknown": {"deep": [1.0, 2e3, "\u00e9"]}, "times_queued": 3, "account_id": "DU1",)"
      R"( "last_error": "gateway \"down\"", "last_error_at": "2025-07-20T13:31:48.123456+00:00"})");
  // A second retry replaces the error fields instead of adding new ones.
  const auto again = payload_for_retry(*out, "again", kAt);
  ASSERT_TRUE(again.has_value());
  const json parsed = json::parse(*again);
  EXPECT_EQ(parsed["times_queued"], 4);
  EXPECT_EQ(parsed["last_error"], "again");
  EXPECT_EQ(parsed.size(), 6u);
  EXPECT_FALSE(payload_for_retry("not json", "e", kAt).has_value());
  // An error text with invalid UTF-8 is stored with U+FFFD, never a throw.
  const auto odd = payload_for_retry(in, "bad \xff byte", kAt);
  ASSERT_TRUE(odd.has_value());
  EXPECT_EQ(json::parse(*odd)["last_error"], "bad \xef\xbf\xbd byte");
}

TEST(EventJson, ParkedPayloadKeepsItsCount) {
  const auto out = payload_with_error(R"({"times_queued": 2})", "market closed", kAt);
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(json::parse(*out)["times_queued"], 2);
  EXPECT_EQ(json::parse(*out)["last_error"], "market closed");
}

TEST(EventJson, NewEventHasTheBrokersShape) {
  const auto event = make_new_event("DU1", "print-positions", R"({"z": 1, "a": {"b": 2}})", kAt);
  ASSERT_TRUE(event.error.empty()) << event.error;
  EXPECT_TRUE(is_uuid4(event.event_id)) << event.event_id;
  const auto parsed = nlohmann::ordered_json::parse(event.payload);
  std::vector<std::string> keys;
  for (const auto& item : parsed.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"event_id", "account_id", "data", "times_queued",
                                            "created_at", "status"}));
  EXPECT_EQ(parsed["data"].dump(), R"({"z":1,"a":{"b":2},"exec":"print-positions"})");
  EXPECT_EQ(parsed["created_at"], "2025-07-20T13:31:48.123456+00:00");
  EXPECT_EQ(parsed["status"], "pending");
  EXPECT_EQ(parsed["times_queued"], 1);
}

TEST(EventJson, NewEventRefusesDataThatIsNotAnObject) {
  EXPECT_FALSE(make_new_event("DU1", "rebalance", "[1]", kAt).error.empty());
  EXPECT_FALSE(make_new_event("DU1", "rebalance", "{bad", kAt).error.empty());
  EXPECT_TRUE(make_new_event("DU1", "rebalance", "", kAt).error.empty());
  EXPECT_FALSE(make_new_event("DU\xff", "rebalance", "{}", kAt).error.empty());
}

TEST(EventJson, UuidsDiffer) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) ids.insert(make_uuid4());
  EXPECT_EQ(ids.size(), 100u);
}

TEST(EventJson, DeadLetterKeepsAMalformedEventWhole) {
  const std::string payload = "{\"event_id\": \"e1\", broken \xff";
  const json record = json::parse(dead_letter_record(payload, "malformed JSON", kAt, "", ""));
  EXPECT_EQ(record["reason"], "malformed JSON");
  EXPECT_EQ(record["failed_at"], "2025-07-20T13:31:48.123456+00:00");
  // Invalid UTF-8 is replaced (U+FFFD); the rest of the text is kept.
  EXPECT_EQ(record["event"], "{\"event_id\": \"e1\", broken \xef\xbf\xbd");
  EXPECT_EQ(json::parse(dead_letter_record("{\"a\": 1}", "r", kAt, "e", "A"))["event"],
            "{\"a\": 1}");
}

TEST(EventJson, OutcomeRecordHasOrdersFillsPhasesAndEmbeddedResult) {
  core::OutcomeRecord outcome;
  outcome.event_id = "e1";
  outcome.account_id = "DU1";
  outcome.command = "rebalance";
  outcome.result = R"({"orders": 1})";
  outcome.finished_at = kAt;
  core::OrderOutcome order;
  order.request.symbol = "SPY";
  order.request.side = core::Side::kSell;
  order.request.quantity = 10;
  order.order_id = 42;
  order.state = core::OrderState::kFilled;
  order.filled = 10;
  order.average_price = 500.25;
  order.fills.push_back({"x1", 10, 500.25, 1.0, "20250720 13:31:50"});
  outcome.orders.push_back(order);
  outcome.phase_ms = {{"allocations", 120}, {"sells", 900}};
  const json record = json::parse(outcome_record_json(outcome, core::OutcomeStatus::kDone));
  EXPECT_EQ(record["status"], "done");
  EXPECT_EQ(record["result"]["orders"], 1);
  EXPECT_EQ(record["orders"][0]["side"], "SELL");
  EXPECT_EQ(record["orders"][0]["average_price"], 500.25);
  // One key set with the result's orders: no second name for the side or the price.
  EXPECT_FALSE(record["orders"][0].contains("action"));
  EXPECT_FALSE(record["orders"][0].contains("avg_price"));
  EXPECT_EQ(record["orders"][0]["state"], "Filled");
  EXPECT_EQ(record["orders"][0]["fills"][0]["exec_id"], "x1");
  EXPECT_EQ(record["phases"]["sells"], 900);
  EXPECT_EQ(record["finished_at"], "2025-07-20T13:31:48.123456+00:00");

  outcome.result = "plain words";
  EXPECT_EQ(json::parse(outcome_record_json(outcome, core::OutcomeStatus::kRetry))["result"],
            "plain words");
  outcome.result.clear();
  EXPECT_TRUE(
      json::parse(outcome_record_json(outcome, core::OutcomeStatus::kRetry))["result"].is_null());
}

TEST(EventJson, ADepthBombStillYieldsItsIdsAndDedupKey) {
  const std::string bomb =
      R"({"event_id":"d1","account_id":"DU1","data":{"exec":"rebalance","x":)" +
      std::string(60'000, '{') + std::string(60'000, '}') + "}}";
  // Not valid JSON ({{ has no key), and deep: the fields before it are still read.
  const std::string arrays =
      R"({"event_id":"d2","account_id":"DU2","data":{"exec":"rebalance","x":)" +
      std::string(60'000, '[') + std::string(60'000, ']') + "}}";
  const EventFields fields = parse_event_fields(arrays);
  EXPECT_TRUE(fields.valid);
  EXPECT_EQ(fields.event_id, "d2");
  EXPECT_EQ(dedup_key(fields), std::optional<std::string>("DU2:rebalance"));
  EXPECT_FALSE(parse_event_fields(bomb).valid);
  // The dead-letter record keeps the text whole as a string, so it stays one level deep.
  const json record = json::parse(dead_letter_record(arrays, "too deep", kAt, "d2", "DU2"));
  EXPECT_EQ(record["event"], arrays);
}

TEST(EventJson, AResultTooDeepForATreeIsNotKeptInTheOutcomeRecord) {
  core::OutcomeRecord outcome;
  outcome.result = std::string(10'000, '[') + std::string(10'000, ']');
  const json record = json::parse(outcome_record_json(outcome, core::OutcomeStatus::kDone));
  EXPECT_EQ(record["result"], "<result not kept: JSON nested deeper than 64 levels>");
}

TEST(EventJson, NewEventDataTooDeepIsRefused) {
  const NewEvent made =
      make_new_event("DU1", "rebalance", std::string(100, '[') + std::string(100, ']'), kAt);
  EXPECT_EQ(made.error, "data refused: JSON nested deeper than 64 levels");
}

}  // namespace
}  // namespace ep::redis_queue
