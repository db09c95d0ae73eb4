// Pure pieces of the management API: request validation, the change guard, event items and
// times, secret redaction, metric label normalisation.
#include <gtest/gtest.h>

#include "monitor_http/change_guard.hpp"
#include "monitor_http/event_item.hpp"
#include "monitor_http/http_error.hpp"
#include "monitor_http/metrics.hpp"
#include "monitor_http/redact.hpp"
#include "monitor_http/request_parsing.hpp"

namespace ep::monitor_http {
namespace {

int status_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const HttpError& error) {
    return error.status();
  }
  return 0;
}

TEST(RequestParsing, Limit) {
  EXPECT_EQ(parse_limit(std::nullopt), 100u);
  EXPECT_EQ(parse_limit(std::string("1")), 1u);
  EXPECT_EQ(parse_limit(std::string("1000")), 1000u);
  for (const char* bad : {"0", "1001", "", "-5", "+5", "5 ", "0x10", "18446744073709551617"}) {
    EXPECT_EQ(status_of([&] { (void)parse_limit(std::string(bad)); }), 422) << bad;
  }
}

TEST(RequestParsing, Type) {
  EXPECT_EQ(parse_type(std::nullopt), std::nullopt);
  EXPECT_EQ(parse_type(std::string("market_closed")), core::EventLocation::kMarketClosed);
  EXPECT_EQ(status_of([] { (void)parse_type(std::string("Active")); }), 422);
}

TEST(RequestParsing, EventId) {
  EXPECT_EQ(status_of([] { check_event_id("5f88b639-aa.b_c:d"); }), 0);
  EXPECT_EQ(status_of([] { check_event_id(std::string(128, 'x')); }), 0);
  EXPECT_EQ(status_of([] { check_event_id(std::string(129, 'x')); }), 400);
  EXPECT_EQ(status_of([] { check_event_id(""); }), 400);
  EXPECT_EQ(status_of([] { check_event_id("a/b"); }), 400);
  EXPECT_EQ(status_of([] { check_event_id("é"); }), 400);
}

TEST(RequestParsing, NewEventKeepsData) {
  const auto event = parse_new_event(
      R"({"account_id":"DU1","exec_command":"print-equity","data":{"k":[1,2]},"extra":1})");
  EXPECT_EQ(event.account_id, "DU1");
  EXPECT_EQ(event.exec_command, "print-equity");
  EXPECT_EQ(event.data.dump(), R"({"k":[1,2]})");
}

TEST(ChangeGuard, LoopbackAddresses) {
  EXPECT_TRUE(is_loopback_address("127.0.0.1"));
  EXPECT_TRUE(is_loopback_address("127.255.3.4"));
  EXPECT_TRUE(is_loopback_address("::1"));
  EXPECT_TRUE(is_loopback_address("::ffff:127.0.0.1"));
  EXPECT_FALSE(is_loopback_address("10.0.0.1"));
  EXPECT_FALSE(is_loopback_address("128.0.0.1"));
  EXPECT_FALSE(is_loopback_address("::ffff:10.0.0.1"));
  EXPECT_FALSE(is_loopback_address("::2"));
  EXPECT_FALSE(is_loopback_address(""));
  EXPECT_FALSE(is_loopback_address("localhost"));
}

TEST(ChangeGuard, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(ChangeGuard, Rules) {
  const ChangeGuard with_token("tok", {});
  EXPECT_EQ(status_of([&] { with_token.check("Bearer tok", "10.1.1.1"); }), 0);
  EXPECT_EQ(status_of([&] { with_token.check("BEARER tok", "127.0.0.1"); }), 0);
  EXPECT_EQ(status_of([&] { with_token.check("", "127.0.0.1"); }), 401);
  EXPECT_EQ(status_of([&] { with_token.check("Bearer to", "127.0.0.1"); }), 401);
  EXPECT_EQ(status_of([&] { with_token.check("Bearer tok ", "127.0.0.1"); }), 401);
  EXPECT_EQ(status_of([&] { with_token.check("tok", "127.0.0.1"); }), 401);

  const ChangeGuard without_token("", {});
  EXPECT_EQ(status_of([&] { without_token.check("", "127.0.0.1"); }), 0);
  EXPECT_EQ(status_of([&] { without_token.check("Bearer x", "192.168.1.5"); }), 403);
  const ChangeGuard injected("", [](std::string_view addr) { return addr == "10.0.0.7"; });
  EXPECT_EQ(status_of([&] { injected.check("", "10.0.0.7"); }), 0);
  EXPECT_EQ(status_of([&] { injected.check("", "127.0.0.1"); }), 403);
}

TEST(EventItem, ScoresAreShownAsIsoTimes) {
  core::EventView view;
  view.location = core::EventLocation::kDelayed;
  view.payload = R"({"event_id":"x"})";
  view.score = 1721482308.9999996;  // rounded to the microsecond, then written out
  EXPECT_EQ(event_item(view, std::chrono::seconds(60))["retry_after"],
            "2024-07-20T13:32:49.000000+00:00");
  view.location = core::EventLocation::kMarketClosed;
  view.score = 1721482308.123456;
  EXPECT_EQ(event_item(view, std::chrono::seconds(60))["execution_time"],
            "2024-07-20T13:31:48.123456+00:00");
}

TEST(EventItem, DeadLetterWrapperIsUnwrapped) {
  core::EventView view;
  view.location = core::EventLocation::kDead;
  view.event_id = "x";
  view.payload =
      R"({"event":"{\"event_id\":\"x\",\"data\":{\"exec\":\"rebalance\"}}","reason":"r"})";
  const auto item = event_item(view, std::chrono::seconds(60));
  EXPECT_EQ(item["data"]["exec"], "rebalance");
  EXPECT_TRUE(item["retry_after"].is_null());
}

TEST(Redact, RemovesSecretLookingKeysAtAnyDepth) {
  const nlohmann::json in = {{"ALLOCATIONS_API_KEY", "k"},
                             {"a", {{"x-api-key", "k"}, {"b", 1}}},
                             {"list", {{{"password", "p"}, {"c", 2}}}},
                             {"token_count", 3}};
  const auto out = redact_secrets(in);
  EXPECT_EQ(out, (nlohmann::json{{"a", {{"b", 1}}}, {"list", {{{"c", 2}}}}}));
}

TEST(MetricsLabels, AreNormalised) {
  EXPECT_EQ(normalise_command_label("print-orders"), "print-orders");
  EXPECT_EQ(normalise_command_label("rm -rf"), "unknown");
  EXPECT_EQ(normalise_order_state_label("Filled"), "unknown");
  EXPECT_EQ(normalise_order_state_label("filled"), "filled");
}

}  // namespace
}  // namespace ep::monitor_http
