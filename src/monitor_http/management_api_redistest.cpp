// The management API over the real RedisQueueInspector and a private redis-server on a free
// loopback port: an event enqueued over HTTP is listed, deleted, then gone (404), with the keys
// of docs/compatibility.md §1 checked in Redis; a broker-written event is listed with its data.
#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "monitor_http/management_api.hpp"
#include "redis_queue/redis_queue_inspector.hpp"
#include "tests/support/redis_client.hpp"
#include "tests/support/redis_server.hpp"

namespace ep::monitor_http {
namespace {

using nlohmann::json;

class ManagementApiRedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<test::RedisServer>();
    redis_queue::RedisOptions options;
    options.port = server_->port();
    options.connect_timeout = std::chrono::milliseconds{1000};
    options.command_timeout = std::chrono::milliseconds{1000};
    inspector_ = std::make_unique<redis_queue::RedisQueueInspector>(options);
    ApiSettings settings;
    settings.port = 0;
    settings.threads = 2;
    api_ = std::make_unique<ManagementApi>(
        *inspector_,
        [] {
          LiveStatus status;
          status.redis_ok = status.gateway_connected = status.trading_mode_ok = true;
          return status;
        },
        metrics_, settings);
    ASSERT_TRUE(api_->start().ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", api_->port());
    client_->set_read_timeout(std::chrono::seconds(5));
    redis_ = std::make_unique<test::RedisClient>(server_->port());
  }
  void TearDown() override {
    if (api_) api_->stop();
  }

  json answer(const httplib::Result& result, int status) {
    EXPECT_TRUE(result);
    if (!result) return json();
    EXPECT_EQ(result->status, status) << result->body;
    return json::parse(result->body, nullptr, false);
  }

  std::unique_ptr<test::RedisServer> server_;
  std::unique_ptr<redis_queue::RedisQueueInspector> inspector_;
  Metrics metrics_;
  std::unique_ptr<ManagementApi> api_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<test::RedisClient> redis_;
};

TEST_F(ManagementApiRedisTest, EnqueueListDeleteThen404) {
  const json added = answer(client_->Post("/queue/events",
                                          R"({"account_id":"DU123456","exec_command":"rebalance",)"
                                          R"("data":{"account_config":{"account_id":"DU123456",)"
                                          R"("notification_channel":"etf-blend-200-35"}}})",
                                          "application/json"),
                            200);
  ASSERT_TRUE(added["event_id"].is_string()) << added.dump();
  const std::string id = added["event_id"];
  EXPECT_EQ(redis_->integer({"LLEN", "rebalance_queue"}), 1);
  EXPECT_EQ(redis_->integer({"SISMEMBER", "active_events_set", "DU123456:rebalance"}), 1);

  answer(client_->Post("/queue/events",
                       R"({"account_id":"DU123456","exec_command":"rebalance","data":{}})",
                       "application/json"),
         409);

  const json listed = answer(client_->Get("/queue/events?type=active"), 200);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["event_id"], id);
  EXPECT_EQ(listed[0]["account_id"], "DU123456");
  EXPECT_EQ(listed[0]["exec_command"], "rebalance");
  EXPECT_EQ(listed[0]["times_queued"], 1);
  EXPECT_EQ(listed[0]["data"]["account_config"]["notification_channel"], "etf-blend-200-35");
  const json status = answer(client_->Get("/queue/status"), 200);
  EXPECT_EQ(status["queue_length"], 1);
  EXPECT_EQ(status["active_events_count"], 1);
  EXPECT_TRUE(status["oldest_event_age_seconds"].is_number_integer()) << status.dump();

  answer(client_->Delete("/queue/events/" + id), 200);
  EXPECT_EQ(redis_->integer({"LLEN", "rebalance_queue"}), 0);
  EXPECT_EQ(redis_->integer({"SCARD", "active_events_set"}), 0);
  answer(client_->Get("/queue/events/" + id), 404);
  answer(client_->Delete("/queue/events/" + id), 404);
}

TEST_F(ManagementApiRedisTest, BrokerEventsAndPauseFlagAreSeen) {
  redis_->integer(
      {"LPUSH", "rebalance_queue",
       R"({"event_id": "b-1", "account_id": "DU7", "data": {"exec": "print-equity", )"
       R"("x": 1}, "times_queued": 2, "created_at": "2025-07-20T13:31:48.123456+00:00"})"});
  const json listed = answer(client_->Get("/queue/events"), 200);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["event_id"], "b-1");
  EXPECT_EQ(listed[0]["exec_command"], "print-equity");
  EXPECT_EQ(listed[0]["times_queued"], 2);
  EXPECT_EQ(listed[0]["data"]["x"], 1);
  EXPECT_EQ(answer(client_->Get("/health"), 200)["events_with_retries"], 1);

  answer(client_->Post("/processing/pause", "", "application/json"), 200);
  EXPECT_EQ(answer(client_->Get("/queue/status"), 200)["paused"], true);
  answer(client_->Post("/processing/resume", "", "application/json"), 200);
  EXPECT_EQ(answer(client_->Get("/queue/status"), 200)["paused"], false);
  EXPECT_EQ(answer(client_->Get("/health/ready"), 200)["ready"], true);

  server_->stop();
  EXPECT_EQ(answer(client_->Get("/health/ready"), 503)["checks"]["redis"], false);
  answer(client_->Get("/queue/status"), 503);
}

// rebalance_history as the processor writes it (LPUSH, newest first); the filters and the
// per-event route pick records by their fields, newest first, and refuse bad values.
TEST_F(ManagementApiRedisTest, HistoryFiltersAndPerEventRecords) {
  auto record = [&](const std::string& id, const std::string& account, const std::string& status,
                    const std::string& finished_at) {
    redis_->integer({"LPUSH", "rebalance_history",
                     json{{"event_id", id},
                          {"account_id", account},
                          {"command", "rebalance"},
                          {"status", status},
                          {"error", status == "done" ? "" : "why"},
                          {"result", nullptr},
                          {"orders", json::array()},
                          {"phases", json::object()},
                          {"finished_at", finished_at}}
                         .dump()});
  };
  record("e-1", "DU1", "retry", "t1");
  record("e-2", "DU2", "done", "t2");
  record("e-1", "DU1", "done", "t3");
  record("e-3", "DU1", "dead_letter", "t4");
  redis_->integer({"LPUSH", "rebalance_history", "not json"});

  auto finished = [](const json& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.value("finished_at", "raw"));
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(finished(answer(client_->Get("/events/history"), 200)),
            (V{"raw", "t4", "t3", "t2", "t1"}));
  EXPECT_EQ(finished(answer(client_->Get("/events/history?event_id=e-1"), 200)), (V{"t3", "t1"}));
  EXPECT_EQ(finished(answer(client_->Get("/events/history?account_id=DU1"), 200)),
            (V{"t4", "t3", "t1"}));
  EXPECT_EQ(finished(answer(client_->Get("/events/history?account_id=DU1&status=done"), 200)),
            (V{"t3"}));
  EXPECT_EQ(finished(answer(client_->Get("/events/history?status=done&limit=1"), 200)), (V{"t3"}));
  EXPECT_EQ(answer(client_->Get("/events/history?account_id=DU9"), 200), json::array());

  EXPECT_EQ(finished(answer(client_->Get("/events/history/e-1"), 200)), (V{"t3", "t1"}));
  EXPECT_EQ(finished(answer(client_->Get("/events/history/e-3"), 200)), (V{"t4"}));
  EXPECT_NE(
      answer(client_->Get("/events/history/e-9"), 404)["detail"].get<std::string>().find("e-9"),
      std::string::npos);
  answer(client_->Get("/events/history/bad%20id"), 400);

  answer(client_->Get("/events/history?status=finished"), 422);
  answer(client_->Get("/events/history?status="), 422);
  answer(client_->Get("/events/history?account_id=DU%201"), 422);
  answer(client_->Get("/events/history?event_id="), 422);
  answer(client_->Get("/events/history?event_id=e-1&limit=0"), 422);

  server_->stop();
  answer(client_->Get("/events/history/e-1"), 503);
  answer(client_->Get("/events/history?status=done"), 503);
}

std::string depth_bomb(const std::string& id, std::size_t depth) {
  return R"({"event_id":")" + id + R"(","account_id":"DU1","data":{"exec":"rebalance","x":)" +
         std::string(depth, '[') + std::string(depth, ']') + "}}";
}

TEST_F(ManagementApiRedisTest, DepthBombsInTheQueueAndTheDeadLettersAreListedNotParsed) {
  redis_->integer({"LPUSH", "rebalance_queue", depth_bomb("q1", 60'000)});
  // As the processor writes it (the event kept as a string), and raw (someone else's LPUSH).
  redis_->integer({"LPUSH", "rebalance_dead_letter",
                   json{{"event", depth_bomb("d1", 60'000)},
                        {"reason", "too deep"},
                        {"event_id", "d1"},
                        {"account_id", "DU1"}}
                       .dump()});
  redis_->integer({"LPUSH", "rebalance_dead_letter", depth_bomb("d2", 60'000)});
  redis_->integer({"LPUSH", "rebalance_history", std::string(60'000, '[')});

  const json active = answer(client_->Get("/queue/events"), 200);
  ASSERT_EQ(active.size(), 1u) << active.dump();
  EXPECT_EQ(active[0]["event_id"], "q1");
  EXPECT_EQ(active[0]["exec_command"], "rebalance");
  EXPECT_EQ(active[0]["payload_error"], "event JSON nested deeper than 64 levels");
  EXPECT_EQ(active[0]["payload"].get<std::string>().substr(0, 14), R"({"event_id":"q)");

  const json dead = answer(client_->Get("/queue/events?type=dead"), 200);
  ASSERT_EQ(dead.size(), 2u) << dead.dump();
  EXPECT_EQ(dead[0]["event_id"], "d2");
  EXPECT_EQ(dead[0]["payload_error"], "event JSON nested deeper than 64 levels");
  EXPECT_EQ(dead[1]["event_id"], "d1");
  EXPECT_EQ(dead[1]["reason"], "too deep");
  EXPECT_EQ(dead[1]["payload_error"], "event JSON nested deeper than 64 levels");

  EXPECT_EQ(answer(client_->Get("/queue/events/d1"), 200)["event_id"], "d1");
  const json history = answer(client_->Get("/events/history"), 200);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0]["error"], "history record JSON nested deeper than 64 levels");
  EXPECT_EQ(answer(client_->Get("/queue/status"), 200)["queue_length"], 1);
  answer(client_->Get("/health/live"), 200);
}

TEST_F(ManagementApiRedisTest, DeepPostBodiesAreRefusedWhateverTheirFraming) {
  auto body = [](std::size_t depth) {
    return R"({"account_id":"DU1","exec_command":"print-equity","data":{"x":)" +
           std::string(depth, '[') + std::string(depth, ']') + "}}";
  };
  // Under the size limit, too deep: 400 with the reason.
  const json deep = answer(client_->Post("/queue/events", body(10'000), "application/json"), 400);
  EXPECT_NE(deep["detail"].get<std::string>().find("nested deeper than 64"), std::string::npos)
      << deep.dump();
  // 100,000 deep (200 kB), with a Content-Length and then chunked without one.
  const auto sized = client_->Post("/queue/events", body(100'000), "application/json");
  ASSERT_TRUE(sized);
  EXPECT_TRUE(sized->status == 400 || sized->status == 413) << sized->status;
  const std::string big = body(100'000);
  const auto chunked = client_->Post(
      "/queue/events",
      [&big](std::size_t offset, httplib::DataSink& sink) {
        const std::size_t n = std::min<std::size_t>(4096, big.size() - offset);
        sink.write(big.data() + offset, n);
        if (offset + n == big.size()) sink.done();
        return true;
      },
      "application/json");
  ASSERT_TRUE(chunked);
  EXPECT_TRUE(chunked->status == 400 || chunked->status == 413) << chunked->status;
  EXPECT_TRUE(chunked->body.find("larger than") != std::string::npos ||
              chunked->body.find("too large") != std::string::npos)
      << chunked->body;
  EXPECT_EQ(redis_->integer({"LLEN", "rebalance_queue"}), 0);
  answer(client_->Get("/health/live"), 200);
}

}  // namespace
}  // namespace ep::monitor_http
