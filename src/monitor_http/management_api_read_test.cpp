// The read endpoints over real HTTP: the original's key names and types, our extra keys, the
// probes, and how an unavailable queue store is reported.
#include "monitor_http/testing/api_test_fixture.hpp"

namespace ep::monitor_http::testing {
namespace {

using core::EventLocation;

constexpr double kStartUnix = 1721660400;  // FakeClock's start, 2024-07-22T15:00:00Z

// The keys /health and /health/detailed both answer, as the original has them.
const std::vector<std::pair<std::string, std::string>> kHealthKeys{
    {"status", "string"},
    {"healthy", "boolean"},
    {"events_with_retries", "integer"},
    {"message", "string"},
    {"paused", "boolean"}};

TEST_F(ApiTest, HealthHasCompatKeysAndIsHealthyWhenNothingRetries) {
  start();
  inspector_.add(make_event(EventLocation::kActive, "e1"));
  const json body = get("/health");
  expect_types(body, kHealthKeys);
  expect_types(body, {{"delayed_events", "integer"}});
  EXPECT_EQ(body["status"], "healthy");
  EXPECT_EQ(body["healthy"], true);
  EXPECT_EQ(body["paused"], false);
}

TEST_F(ApiTest, HealthIsUnhealthyWithRetriesOrDelayedEvents) {
  start();
  inspector_.add(make_event(EventLocation::kActive, "e1", "DU1", "rebalance", 3));
  inspector_.add(make_event(EventLocation::kDelayed, "e2", "DU2", "rebalance", 2, kStartUnix));
  const json body = get("/health");
  EXPECT_EQ(body["status"], "unhealthy");
  EXPECT_EQ(body["healthy"], false);
  EXPECT_EQ(body["events_with_retries"], 2);
  EXPECT_EQ(body["delayed_events"], 1);
}

TEST_F(ApiTest, HealthDetailedHasCompatKeysAndTypes) {
  start();
  inspector_.add(make_event(EventLocation::kActive, "e1", "DU1", "rebalance", 1));
  inspector_.add(make_event(EventLocation::kActive, "e2", "DU2", "rebalance", 3));
  inspector_.add(make_event(EventLocation::kDelayed, "e3", "DU3", "rebalance", 3, kStartUnix));
  const json body = get("/health/detailed");
  expect_types(body, kHealthKeys);
  expect_types(body, {{"queue_length", "integer"},
                      {"active_events_count", "integer"},
                      {"delayed_events_count", "integer"},
                      {"total_events", "integer"},
                      {"max_retry_count", "integer"},
                      {"retry_distribution", "object"},
                      {"market_closed_count", "integer"},
                      {"dead_letter_count", "integer"},
                      {"processing_count", "integer"},
                      {"processor", "object"},
                      {"gateway", "object"},
                      {"service_version", "string"}});
  EXPECT_EQ(body["queue_length"], 2);
  EXPECT_EQ(body["active_events_count"], 2);
  EXPECT_EQ(body["delayed_events_count"], 1);
  EXPECT_EQ(body["total_events"], 3);
  EXPECT_EQ(body["events_with_retries"], 2);
  EXPECT_EQ(body["max_retry_count"], 3);
  EXPECT_EQ(body["retry_distribution"], (json{{"1", 1}, {"3", 2}}));
  EXPECT_EQ(body["healthy"], false);
}

TEST_F(ApiTest, HealthDetailedNeverShowsSecretsFromTheProvider) {
  start();
  LiveStatus status = all_good();
  status.processor = {{"state", "idle"},
                      {"allocations_api_key", "sk-SECRET-123"},
                      {"nested", {{"Authorization", "Bearer abc"}, {"ok", 1}}}};
  set_live(status);
  auto result = client_->Get("/health/detailed");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body.find("sk-SECRET-123"), std::string::npos);
  EXPECT_EQ(result->body.find("Bearer abc"), std::string::npos);
  const json body = json::parse(result->body);
  EXPECT_EQ(body["processor"]["state"], "idle");
  EXPECT_EQ(body["processor"]["nested"]["ok"], 1);
}

TEST_F(ApiTest, QueueStatusHasCompatKeysAndOurs) {
  start();
  json body = get("/queue/status");
  expect_types(body, {{"queue_length", "integer"},
                      {"active_events_count", "integer"},
                      {"delayed_events_count", "integer"},
                      {"oldest_event_age_seconds", "null"},
                      {"events_with_retries", "integer"},
                      {"paused", "boolean"},
                      {"dead_letter_count", "integer"},
                      {"processing_count", "integer"},
                      {"market_closed_count", "integer"}});

  inspector_.add(make_event(EventLocation::kActive, "e1"),
                 clock_.now() - std::chrono::milliseconds(42'700));
  inspector_.add(make_event(EventLocation::kDead, "d1", "DU9"));
  inspector_.add(make_event(EventLocation::kProcessing, "p1", "DU8"));
  inspector_.add(make_event(EventLocation::kMarketClosed, "m1", "DU7", "rebalance", 1, 1.0));
  body = get("/queue/status");
  EXPECT_EQ(body["oldest_event_age_seconds"], 42);  // whole seconds, an int as the original
  EXPECT_EQ(body["queue_length"], 1);
  EXPECT_EQ(body["dead_letter_count"], 1);
  EXPECT_EQ(body["processing_count"], 1);
  EXPECT_EQ(body["market_closed_count"], 1);
}

TEST_F(ApiTest, QueueEventsWithoutTypeListsActiveThenDelayedWithCompatItems) {
  settings_.retry_delay = std::chrono::seconds{90};  // retry_after must use the configured delay
  start();
  inspector_.add(
      make_event(EventLocation::kDelayed, "d1", "DU2", "rebalance", 2, kStartUnix - 400));
  inspector_.add(make_event(EventLocation::kActive, "a1", "DU1", "print-positions"));
  inspector_.add(make_event(EventLocation::kDead, "x1", "DU3"));
  const json body = get("/queue/events");
  ASSERT_TRUE(body.is_array());
  ASSERT_EQ(body.size(), 2u);
  for (const auto& item : body) {
    expect_types(item, {{"event_id", "string"},
                        {"account_id", "string"},
                        {"exec_command", "string"},
                        {"times_queued", "integer"},
                        {"created_at", "string"},
                        {"type", "string"},
                        {"retry_after", "string|null"},
                        {"data", "object"}});
  }
  EXPECT_EQ(body[0]["event_id"], "a1");
  EXPECT_EQ(body[0]["type"], "active");
  EXPECT_EQ(body[0]["exec_command"], "print-positions");
  EXPECT_TRUE(body[0]["retry_after"].is_null());
  EXPECT_EQ(body[0]["data"]["extra_field"], 7);
  EXPECT_EQ(body[0]["data"]["exec"], "print-positions");
  EXPECT_EQ(body[1]["event_id"], "d1");
  EXPECT_EQ(body[1]["type"], "delayed");
  EXPECT_EQ(body[1]["times_queued"], 2);
  EXPECT_EQ(body[1]["retry_after"], "2024-07-22T14:54:50.000000+00:00");  // score - 400 + 90
}

TEST_F(ApiTest, QueueEventsOfOurTypesCarryReasonAndExecutionTime) {
  start();
  auto dead = make_event(EventLocation::kDead, "x1", "DU3");
  dead.reason = "unknown command";
  inspector_.add(dead);
  inspector_.add(make_event(EventLocation::kMarketClosed, "m1", "DU4", "rebalance", 1, kStartUnix));
  inspector_.add(make_event(EventLocation::kProcessing, "p1", "DU5"));

  json dead_item = only_item("/queue/events?type=dead");
  EXPECT_EQ(dead_item["type"], "dead");
  EXPECT_EQ(dead_item["reason"], "unknown command");
  EXPECT_EQ(only_item("/queue/events?type=market_closed")["execution_time"],
            "2024-07-22T15:00:00.000000+00:00");
  EXPECT_EQ(only_item("/queue/events?type=processing&limit=5")["event_id"], "p1");
  EXPECT_EQ(get("/queue/events?type=active").size(), 0u);
}

TEST_F(ApiTest, QueueEventsLimitCapsTheTotal) {
  start();
  for (int i = 0; i < 3; ++i) {
    inspector_.add(
        make_event(EventLocation::kActive, "a" + std::to_string(i), "DU" + std::to_string(i)));
  }
  inspector_.add(make_event(EventLocation::kDelayed, "d1", "DU9", "rebalance", 2, kStartUnix));
  EXPECT_EQ(get("/queue/events?limit=2").size(), 2u);
  EXPECT_EQ(get("/queue/events?limit=4").size(), 4u);
  EXPECT_EQ(get("/queue/events?limit=1000").size(), 4u);
}

TEST_F(ApiTest, MalformedStoredEventIsShownWithItsRawPayload) {
  start();
  auto broken = make_event(EventLocation::kDead, "x9", "DU3");
  broken.payload = "{not json";
  inspector_.add(broken);
  const json body = get("/queue/events/x9");
  EXPECT_EQ(body["data"], json::object());
  EXPECT_EQ(body["payload"], "{not json");
}

TEST_F(ApiTest, GetOneEventOr404) {
  start();
  inspector_.add(make_event(EventLocation::kActive, "evt-1.a:b_c"));
  const json body = get("/queue/events/evt-1.a:b_c");
  EXPECT_EQ(body["event_id"], "evt-1.a:b_c");
  EXPECT_EQ(body["type"], "active");
  EXPECT_NE(detail_of(get("/queue/events/nope", 404)).find("nope"), std::string::npos);
}

TEST_F(ApiTest, HistoryIsNewestFirstAndLimited) {
  start();
  inspector_.add_history(R"({"event_id":"h1","status":"done"})");
  inspector_.add_history(R"({"event_id":"h2","status":"retry","error":"gateway down"})");
  inspector_.add_history("garbage");
  json body = get("/events/history?limit=2");
  ASSERT_EQ(body.size(), 2u);
  EXPECT_EQ(body[0]["raw"], "garbage");
  EXPECT_EQ(body[1]["event_id"], "h2");
  body = get("/events/history");
  ASSERT_EQ(body.size(), 3u);
  EXPECT_EQ(body[2]["status"], "done");
}

TEST_F(ApiTest, HistoryOrdersHaveOneKeySetAlsoInOlderRecords) {
  start();
  // A record of an older version (action, avg_price) and one of this version.
  inspector_.add_history(
      R"({"event_id":"old","status":"done","orders":[{"symbol":"SPY","action":"SELL","avg_price":500.5}]})");
  inspector_.add_history(
      R"({"event_id":"new","status":"done","orders":[{"symbol":"TLT","side":"BUY","average_price":91.25}]})");
  for (const char* path : {"/events/history", "/events/history?status=done"}) {
    const json body = get(path);
    ASSERT_EQ(body.size(), 2u) << path;
    EXPECT_EQ(body[1]["orders"][0],
              (json{{"symbol", "SPY"}, {"side", "SELL"}, {"average_price", 500.5}}))
        << path;
    EXPECT_EQ(body[0]["orders"][0],
              (json{{"symbol", "TLT"}, {"side", "BUY"}, {"average_price", 91.25}}))
        << path;
  }
  EXPECT_EQ(get("/events/history/old")[0]["orders"][0]["side"], "SELL");
}

TEST_F(ApiTest, LiveIsAlwaysUp) {
  settings_.service_version = "1.2.3";
  start();
  inspector_.set_unavailable(true);
  set_live(LiveStatus{});
  const json body = get("/health/live");
  EXPECT_EQ(body["status"], "alive");
  EXPECT_EQ(body["service_version"], "1.2.3");
}

TEST_F(ApiTest, ReadyOnlyWhenRedisGatewayAndTradingModeAreGood) {
  start();
  json body = get("/health/ready");
  EXPECT_EQ(body["ready"], true);
  EXPECT_EQ(body["reasons"], json::array());

  LiveStatus status = all_good();
  status.gateway_connected = false;
  status.trading_mode_ok = false;
  status.trading_mode_error = "TRADING_MODE=paper but account U1234567 is live";
  set_live(status);
  body = get("/health/ready", 503);
  EXPECT_EQ(body["ready"], false);
  EXPECT_EQ(body["checks"]["gateway"], false);
  EXPECT_EQ(body["checks"]["trading_mode"], false);
  EXPECT_EQ(body["checks"]["redis"], true);
  ASSERT_EQ(body["reasons"].size(), 2u);
  EXPECT_NE(body["reasons"][1].get<std::string>().find("U1234567"), std::string::npos);

  set_live(all_good());
  inspector_.set_unavailable(true);
  body = get("/health/ready", 503);
  EXPECT_EQ(body["checks"]["redis"], false);
  ASSERT_EQ(body["reasons"].size(), 1u);
  EXPECT_NE(body["reasons"][0].get<std::string>().find("redis"), std::string::npos);
}

TEST_F(ApiTest, ProviderThatThrowsMakesNotReadyButNoCrash) {
  ApiSettings settings;
  settings.port = 0;
  settings.service_version = "v";
  settings.threads = 1;
  api_ = std::make_unique<ManagementApi>(
      inspector_, []() -> LiveStatus { throw std::runtime_error("boom"); }, metrics_, settings,
      clock_);
  ASSERT_TRUE(api_->start().ok());
  httplib::Client client("127.0.0.1", api_->port());
  auto result = client.Get("/health/ready");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 503);
  result = client.Get("/health/detailed");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
}

TEST_F(ApiTest, UnavailableStoreGives503WithDetailNot500) {
  start();
  inspector_.set_unavailable(true);
  EXPECT_NE(detail_of(get("/queue/status", 503)).find("unavailable"), std::string::npos);
  detail_of(get("/queue/events", 503));
  detail_of(get("/events/history", 503));
  const json health = get("/health", 503);
  EXPECT_EQ(health["status"], "error");
  EXPECT_EQ(health["healthy"], false);
  EXPECT_EQ(get("/health/detailed", 503)["status"], "error");
}

TEST_F(ApiTest, SecretsInAnySpellingNeverLeaveInAnAnswer) {
  const std::string key = "Api/Key+7=xy";  // base64 QXBpL0tleSs3PXh5
  settings_.redactor =
      std::make_shared<const core::SecretRedactor>(std::vector<std::string>{key, "tokentoken"});
  const std::string echo =
      "HTTP 500; body: Api\\/Key+7=xy Api%2FKey%2B7%3Dxy api%2fkey QXBpL0tleSs3PXh5";
  auto view = make_event(core::EventLocation::kDelayed, "e1", "DU1", "rebalance", 2, 1.0e9);
  view.reason = echo;
  inspector_.add(view);
  inspector_.add_history(json{{"event_id", "e1"}, {"error", echo}, {"x", "tokentoken"}}.dump());
  LiveStatus status = all_good();
  status.gateway = json{{"last_error", "Api/Key+7=xy"}};
  set_live(status);
  start();
  for (const std::string path :
       {"/queue/events?type=delayed", "/events/history", "/health/detailed", "/queue/events/e1"}) {
    const auto result = client_->Get(path);
    ASSERT_TRUE(result) << path;
    EXPECT_EQ(result->status, 200) << path;
    for (const std::string spelling :
         {"Api/Key", "Api\\/Key", "Api\\\\/Key", "Api%2FKey", "QXBpL0tleSs3PXh5", "tokentoken"}) {
      EXPECT_EQ(result->body.find(spelling), std::string::npos)
          << spelling << " in " << path << ": " << result->body;
    }
    EXPECT_FALSE(json::parse(result->body, nullptr, false).is_discarded()) << result->body;
  }
  EXPECT_NE(client_->Get("/events/history")->body.find("***"), std::string::npos);
}

}  // namespace
}  // namespace ep::monitor_http::testing
