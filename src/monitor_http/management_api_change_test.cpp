// The changing endpoints over real HTTP (enqueue, delete, retry, pause) and the guard on them:
// the token rules (401 / 200) and the local-clients-only rule without a token (403).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>

#include "monitor_http/testing/api_test_fixture.hpp"

namespace ep::monitor_http::testing {
namespace {

// Sends `request` as it is over a fresh connection (httplib's client always adds a
// Content-Length, curl -X POST without -d does not) and returns the whole answer.
std::string raw_exchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{3, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size())) {
    char buffer[4096];
    for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) {
      answer.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(fd);
  return answer;
}

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

TEST_F(ApiTest, BodilessPauseAndResumeAnswerAtOnce) {
  start();
  for (const char* path : {"/processing/pause", "/processing/resume"}) {
    const auto started = std::chrono::steady_clock::now();
    const std::string answer = raw_exchange(
        api_->port(),
        std::string("POST ") + path +
            " HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
    EXPECT_EQ(get("/queue/status")["paused"], std::string(path) == "/processing/pause");
  }
  // A body that is announced is still read and checked as before.
  const std::string refused =
      raw_exchange(api_->port(),
                   "POST /queue/events HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n"
                   "Content-Type: application/json\r\nConnection: close\r\n\r\n{");
  EXPECT_EQ(refused.rfind("HTTP/1.1 400", 0), 0u) << refused;
  // Without a Content-Type a body is not JSON by declaration: refused (the cross-site rule).
  const std::string untyped =
      raw_exchange(api_->port(),
                   "POST /queue/events HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n"
                   "Connection: close\r\n\r\n{");
  EXPECT_EQ(untyped.rfind("HTTP/1.1 415", 0), 0u) << untyped;
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
