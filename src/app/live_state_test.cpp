// The running event's JSON with the broker's wait added, and the gateway's wait in its JSON.
#include "app/live_state.hpp"

#include <gtest/gtest.h>

namespace ep::app {
namespace {

using namespace std::chrono_literals;

TEST(LiveState, TheRunningEventSaysWhatTheBrokerWaitsFor) {
  core::BrokerStatus gateway;
  const nlohmann::json idle = {{"state", "idle"}, {"current_event", nullptr}};
  EXPECT_EQ(with_broker_wait(idle, gateway), idle);

  const nlohmann::json running = {{"state", "processing"},
                                  {"current_event", {{"event_id", "e1"}, {"phase", "sells"}}}};
  auto out = with_broker_wait(running, gateway);
  EXPECT_TRUE(out["current_event"]["waiting_for"].is_null());
  EXPECT_TRUE(out["current_event"]["waiting_since"].is_null());
  EXPECT_TRUE(to_json(gateway, 7)["waiting"].is_null());

  gateway.waiting = core::BrokerWait{
      "fills of 2 sells", std::chrono::system_clock::time_point{} + 1767625200s, 1200ms, 60000ms};
  out = with_broker_wait(running, gateway);
  EXPECT_EQ(out["current_event"]["waiting_for"], "fills of 2 sells, 1 s of 60 s");
  EXPECT_EQ(out["current_event"]["waiting_since"], "2026-01-05T15:00:00.000000+00:00");
  EXPECT_EQ(out["current_event"]["phase"], "sells");
  const auto json = to_json(gateway, 7);
  EXPECT_EQ(json["waiting"]["text"], "fills of 2 sells, 1 s of 60 s");
  EXPECT_EQ(json["waiting"]["limit_ms"], 60000);
  // Every time in the answer has the one form of core/iso_time.hpp, to the microsecond.
  EXPECT_EQ(json["waiting"]["since"], "2026-01-05T15:00:00.000000+00:00");
  EXPECT_TRUE(json["down_since"].is_null());
  gateway.down_since = std::chrono::system_clock::time_point{} + 1767625200s + 1500ms;
  EXPECT_EQ(to_json(gateway, 7)["down_since"], "2026-01-05T15:00:01.500000+00:00");
}

}  // namespace
}  // namespace ep::app
