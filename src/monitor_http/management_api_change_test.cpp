// The changing endpoints over real HTTP (enqueue, delete, retry, pause) and the guard on them:
// the token rules (401 / 200) and the local-clients-only rule without a token (403).
#include "monitor_http/api_test_fixture.hpp"

namespace ep::monitor_http::testing {
namespace {

using core::EventLocation;

const std::string kNewEvent =
    R"({"account_id":"DU123456","exec_command":"rebalance",)"
    R"("data":{"account_config":{"account_id":"DU123456","notification_channel":"etf"}}})";

TEST_F(ApiTest, PostEnqueuesAndTheEventIsListed) {
  start();
  const json body = post("/queue/events", kNewEvent);
  expect_types(body, {{"message", "string"}, {"event_id", "string"}});
  const std::string id = body["event_id"];
  EXPECT_TRUE(inspector_.has_active_key("DU123456:rebalance"));
  const json listed = get("/queue/events?type=active");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["event_id"], id);
  EXPECT_EQ(listed[0]["data"]["account_config"]["notification_channel"], "etf");
}

TEST_F(ApiTest, PostOfAnActiveAccountCommandIs409) {
  start();
  post("/queue/events", kNewEvent);
  const std::string detail = detail_of(post("/queue/events", kNewEvent, 409));
  EXPECT_NE(detail.find("DU123456:rebalance"), std::string::npos) << detail;
  EXPECT_EQ(inspector_.events(EventLocation::kActive).size(), 1u);
}

TEST_F(ApiTest, DeleteRemovesTheEventAndItsKeyThen404) {
  start();
  inspector_.add(make_event(EventLocation::kActive, "e1", "DU1", "rebalance"));
  inspector_.add(make_event(EventLocation::kDelayed, "e2", "DU2", "rebalance", 2, 1.0));
  const json body = del("/queue/events/e1");
  EXPECT_TRUE(body["message"].is_string());
  EXPECT_FALSE(inspector_.has_active_key("DU1:rebalance"));
  EXPECT_TRUE(inspector_.events(EventLocation::kActive).empty());
  del("/queue/events/e2");
  EXPECT_TRUE(inspector_.events(EventLocation::kDelayed).empty());
  EXPECT_NE(detail_of(del("/queue/events/e1", 404)).find("e1"), std::string::npos);
}

TEST_F(ApiTest, DeleteOfAnEventInProcessingIs409) {
  start();
  inspector_.add(make_event(EventLocation::kProcessing, "p1"));
  detail_of(del("/queue/events/p1", 409));
  EXPECT_EQ(inspector_.events(EventLocation::kProcessing).size(), 1u);
}

TEST_F(ApiTest, RetrySendsADeadLetterBackToTheQueue) {
  start();
  inspector_.add(make_event(EventLocation::kDead, "x1", "DU1"));
  inspector_.add(make_event(EventLocation::kActive, "a1", "DU2"));
  const json body = post("/queue/events/x1/retry", "");
  EXPECT_EQ(body["event_id"], "x1");
  EXPECT_TRUE(inspector_.events(EventLocation::kDead).empty());
  EXPECT_EQ(get("/queue/events/x1")["type"], "active");
  detail_of(post("/queue/events/a1/retry", "", 409));
  detail_of(post("/queue/events/missing/retry", "", 404));
}

TEST_F(ApiTest, PauseAndResumeShowInStatusAndHealth) {
  start();
  json body = post("/processing/pause", "");
  EXPECT_EQ(body["paused"], true);
  EXPECT_EQ(get("/queue/status")["paused"], true);
  const json health = get("/health");
  EXPECT_EQ(health["paused"], true);
  EXPECT_NE(health["message"].get<std::string>().find("paused"), std::string::npos);
  body = post("/processing/resume", "");
  EXPECT_EQ(body["paused"], false);
  EXPECT_EQ(get("/queue/status")["paused"], false);
}

TEST_F(ApiTest, WithATokenChangesNeedTheBearerToken) {
  settings_.token = "s3cret-token";
  start();
  inspector_.add(make_event(EventLocation::kActive, "e1"));

  auto missing = client_->Delete("/queue/events/e1");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_EQ(missing->get_header_value("WWW-Authenticate"), "Bearer");
  detail_of(json::parse(missing->body));

  detail_of(del("/queue/events/e1", 401, {{"Authorization", "Bearer wrong"}}));
  detail_of(del("/queue/events/e1", 401, {{"Authorization", "Bearer s3cret-token-longer"}}));
  detail_of(del("/queue/events/e1", 401, {{"Authorization", "Basic s3cret-token"}}));
  detail_of(post("/processing/pause", "", 401));
  detail_of(post("/queue/events", kNewEvent, 401));
  EXPECT_EQ(inspector_.events(EventLocation::kActive).size(), 1u);
  EXPECT_EQ(inspector_.enqueue_calls(), 0u);

  del("/queue/events/e1", 200, {{"Authorization", "Bearer s3cret-token"}});
  post("/processing/pause", "", 200, {{"Authorization", "bearer s3cret-token"}});
  EXPECT_TRUE(inspector_.events(EventLocation::kActive).empty());
  get("/queue/status");  // reads stay open
}

TEST_F(ApiTest, WithATokenRemoteClientsMayChangeWithIt) {
  settings_.token = "tok";
  settings_.is_local_client = [](std::string_view) { return false; };
  start();
  post("/processing/pause", "", 200, {{"Authorization", "Bearer tok"}});
  detail_of(post("/processing/resume", "", 401));
}

TEST_F(ApiTest, WithoutATokenOnlyLocalClientsMayChange) {
  settings_.is_local_client = [](std::string_view) { return false; };
  start();
  inspector_.add(make_event(EventLocation::kActive, "e1"));
  const std::string detail = detail_of(del("/queue/events/e1", 403));
  EXPECT_NE(detail.find("MANAGEMENT_API_TOKEN"), std::string::npos) << detail;
  detail_of(post("/queue/events", kNewEvent, 403));
  detail_of(post("/processing/pause", "", 403));
  detail_of(post("/queue/events/e1/retry", "", 403));
  EXPECT_EQ(inspector_.events(EventLocation::kActive).size(), 1u);
  get("/queue/events");  // reads stay open
  get("/health");
}

TEST_F(ApiTest, WithoutATokenTheLoopbackClientMayChange) {
  start();  // default check: the test client connects from 127.0.0.1
  inspector_.add(make_event(EventLocation::kActive, "e1"));
  del("/queue/events/e1");
}

TEST_F(ApiTest, UnavailableStoreOnChangeIs503) {
  start();
  inspector_.set_unavailable(true);
  detail_of(post("/queue/events", kNewEvent, 503));
  detail_of(del("/queue/events/e1", 503));
  detail_of(post("/processing/pause", "", 503));
}

}  // namespace
}  // namespace ep::monitor_http::testing
