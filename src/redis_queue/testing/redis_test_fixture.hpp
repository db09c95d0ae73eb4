// Test-only: a fixture with a private redis-server per test suite (flushed before each test), a
// plain RESP client to look at what the adapter wrote, and builders of broker-style events.
// Used by the *_redistest.cpp files of this folder, from the test thread.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/iso_time.hpp"
#include "redis_queue/redis_options.hpp"
#include "tests/support/redis_client.hpp"
#include "tests/support/redis_server.hpp"

namespace ep::redis_queue {

class RedisFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = std::make_unique<test::RedisServer>(); }
  static void TearDownTestSuite() { server_.reset(); }

  void SetUp() override {
    redis_.emplace(server_->port());
    redis_->str({"FLUSHALL"});
  }

  static RedisOptions options() {
    RedisOptions options;
    options.port = server_->port();
    options.connect_timeout = std::chrono::milliseconds{1000};
    options.command_timeout = std::chrono::milliseconds{1000};
    return options;
  }

  test::RedisClient& redis() { return *redis_; }

  // An event as the Python broker writes it (json.dumps style), with an unknown field.
  static std::string broker_event(
      const std::string& id, const std::string& account = "DU1",
      const std::string& exec = "rebalance", int times_queued = 1,
      const std::string& created_at = "2025-07-20T13:31:48.123456+00:00") {
    return R"({"event_id": ")" + id + R"(", "account_id": ")" + account +
           R"(", "data": {"exec": ")" + exec + R"(", "account_config": {"account_id": ")" +
           account +
           R"(", "notification_channel": "etf-blend-200-35", "cash_reserve_percentage": 1.0}}, )"
           R"("times_queued": )" +
           std::to_string(times_queued) + R"(, "created_at": ")" + created_at +
           R"(", "status": "pending", "x_unknown": {"keep": [1.50, "caf\u00e9"]}})";
  }

  static core::Timestamp at(const char* iso) { return *core::parse_iso_time(iso); }

  static std::unique_ptr<test::RedisServer> server_;
  std::optional<test::RedisClient> redis_;
};

inline std::unique_ptr<test::RedisServer> RedisFixture::server_;

}  // namespace ep::redis_queue
