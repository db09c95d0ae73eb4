// Test fixture for the HTTP tests: a real ManagementApi on 127.0.0.1 (free port) over the
// in-memory FakeQueueInspector, a settable LiveStatus and a FakeClock, and a real httplib
// client. Test-only; used from the gtest thread (the server's workers read the live status
// under a mutex).
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "monitor_http/management_api.hpp"
#include "tests/support/fake_clock.hpp"
#include "tests/support/fake_queue_inspector.hpp"

namespace ep::monitor_http::testing {

using nlohmann::json;

inline core::EventView make_event(core::EventLocation location, std::string id,
                                  std::string account = "DU111111", std::string exec = "rebalance",
                                  std::int64_t times_queued = 1,
                                  std::optional<double> score = std::nullopt) {
  core::EventView view;
  view.location = location;
  view.event_id = id;
  view.account_id = account;
  view.exec_command = exec;
  view.times_queued = times_queued;
  view.created_at = "2024-07-22T14:00:00.000000+00:00";
  view.score = score;
  view.payload = json{{"event_id", id},
                      {"account_id", account},
                      {"data",
                       {{"exec", exec},
                        {"account_config",
                         {{"account_id", account}, {"notification_channel", "etf-blend-200-35"}}},
                        {"extra_field", 7}}},
                      {"times_queued", times_queued},
                      {"created_at", view.created_at}}
                     .dump();
  return view;
}

class ApiTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (api_) api_->stop();
  }

  // Starts the server; call once per test (after changing settings_ if needed).
  void start() {
    settings_.bind_address = "127.0.0.1";
    settings_.port = 0;
    settings_.threads = 2;
    api_ = std::make_unique<ManagementApi>(
        inspector_, [this] { return live(); }, metrics_, settings_, clock_);
    auto started = api_->start();
    ASSERT_TRUE(started.ok()) << started.error().message;
    ASSERT_GT(api_->port(), 0);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", api_->port());
    client_->set_connection_timeout(std::chrono::seconds(5));
    client_->set_read_timeout(std::chrono::seconds(5));
  }

  LiveStatus live() {
    std::lock_guard lock(live_mutex_);
    return live_;
  }
  void set_live(LiveStatus status) {
    std::lock_guard lock(live_mutex_);
    live_ = std::move(status);
  }

  static LiveStatus all_good() {
    LiveStatus status;
    status.redis_ok = true;
    status.gateway_connected = true;
    status.trading_mode_ok = true;
    return status;
  }

  // Body parsed as JSON; fails the test when the status differs or the body is not JSON.
  static json body_of(const httplib::Result& result, int expected_status) {
    EXPECT_TRUE(result) << "no answer: " << httplib::to_string(result.error());
    if (!result) return json();
    EXPECT_EQ(result->status, expected_status) << result->body;
    EXPECT_NE(result->get_header_value("Content-Type").find("application/json"), std::string::npos);
    auto parsed = json::parse(result->body, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << result->body;
    return parsed;
  }

  json get(const std::string& path, int expected_status = 200) {
    return body_of(client_->Get(path), expected_status);
  }
  json post(const std::string& path, const std::string& body, int expected_status = 200,
            const httplib::Headers& headers = {}) {
    return body_of(client_->Post(path, headers, body, "application/json"), expected_status);
  }
  json del(const std::string& path, int expected_status = 200,
           const httplib::Headers& headers = {}) {
    return body_of(client_->Delete(path, headers), expected_status);
  }

  // The one item of a list answer; a failure (and null) unless the list has exactly one.
  json only_item(const std::string& path) {
    const json list = get(path);
    EXPECT_EQ(list.size(), 1u) << path << ": " << list.dump();
    return list.is_array() && list.size() == 1 ? list[0] : json();
  }

  // A 4xx/5xx answer: {"detail": non-empty string}; returns the detail.
  static std::string detail_of(const json& body) {
    EXPECT_TRUE(body.is_object() && body.contains("detail") && body["detail"].is_string())
        << body.dump();
    if (!body.is_object() || !body.contains("detail") || !body["detail"].is_string()) return {};
    EXPECT_FALSE(body["detail"].get<std::string>().empty());
    return body["detail"].get<std::string>();
  }

  test::FakeQueueInspector inspector_;
  Metrics metrics_;
  test::FakeClock clock_;
  ApiSettings settings_;
  std::unique_ptr<ManagementApi> api_;
  std::unique_ptr<httplib::Client> client_;

 private:
  std::mutex live_mutex_;
  LiveStatus live_ = all_good();
};

}  // namespace ep::monitor_http::testing

namespace ep::monitor_http::testing {

// Checks that `body` has each key with the given JSON type: "string", "boolean", "integer",
// "number", "object", "array", "null", or "integer|null" / "string|null".
inline void expect_types(const json& body,
                         const std::vector<std::pair<std::string, std::string>>& expected) {
  ASSERT_TRUE(body.is_object()) << body.dump();
  for (const auto& [key, type] : expected) {
    ASSERT_TRUE(body.contains(key)) << "missing key " << key << " in " << body.dump();
    const auto& value = body[key];
    bool matches = false;
    for (std::size_t start = 0; start <= type.size();) {
      const auto bar = type.find('|', start);
      const std::string one = type.substr(start, bar == std::string::npos ? bar : bar - start);
      if (one == "integer")
        matches = matches || value.is_number_integer();
      else
        matches = matches || std::string(value.type_name()) == one;
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    EXPECT_TRUE(matches) << key << " should be " << type << " but is " << value.dump();
  }
}

}  // namespace ep::monitor_http::testing
