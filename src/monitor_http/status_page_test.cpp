// GET / (the status page) and the running event's progress on GET /queue/events?type=processing,
// over real HTTP against the FakeQueueInspector.
#include <gtest/gtest.h>

#include "monitor_http/status_page_route.hpp"
#include "monitor_http/testing/api_test_fixture.hpp"

namespace ep::monitor_http::testing {
namespace {

using core::EventLocation;

TEST_F(ApiTest, TheStatusPageIsOneSelfContainedHtmlPage) {
  start();
  auto answer = client_->Get("/");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const auto policy = answer->get_header_value("Content-Security-Policy");
  EXPECT_NE(policy.find("default-src 'none'"), std::string::npos) << policy;
  EXPECT_NE(policy.find("connect-src 'self'"), std::string::npos) << policy;
  EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << policy;
  EXPECT_EQ(answer->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(answer->body, std::string(kStatusPageHtml));
  EXPECT_EQ(answer->body.rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(answer->body.find("</html>"), std::string::npos);  // embedded whole
  // No outside asset: the page works offline and loads nothing from elsewhere.
  EXPECT_EQ(answer->body.find("http://"), std::string::npos);
  EXPECT_EQ(answer->body.find("https://"), std::string::npos);
  // It reads the JSON endpoints this API serves.
  for (const char* path : {"/health/detailed", "/health/ready", "/events/history",
                           "/queue/events?type=dead", "/processing/pause"}) {
    EXPECT_NE(answer->body.find(path), std::string::npos) << path;
  }
  // Only GET: the page is no change.
  auto posted = client_->Post("/", "{}", "application/json");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 405);
}

TEST_F(ApiTest, TheRunningEventOfTheProcessingListCarriesItsProgress) {
  inspector_.add(make_event(EventLocation::kProcessing, "p1", "DU5"));
  inspector_.add(make_event(EventLocation::kProcessing, "p2", "DU6"));
  LiveStatus live = all_good();
  live.processor = {{"state", "processing"},
                    {"current_event",
                     {{"event_id", "p1"},
                      {"account_id", "DU5"},
                      {"command", "rebalance"},
                      {"started_at", "2026-01-05T15:00:00.000000+00:00"},
                      {"phase", "sells"},
                      {"phase_since", "2026-01-05T15:00:02.000000+00:00"},
                      {"waiting_for", "fills of 2 sells, 1 s of 60 s"},
                      {"waiting_since", "2026-01-05T15:00:03.000000+00:00"}}}};
  set_live(live);
  start();
  const auto items = get("/queue/events?type=processing");
  ASSERT_EQ(items.size(), 2u) << items.dump();
  for (const auto& item : items) {
    if (item["event_id"] == "p1") {
      EXPECT_EQ(item["progress"]["phase"], "sells");
      EXPECT_EQ(item["progress"]["waiting_for"], "fills of 2 sells, 1 s of 60 s");
      EXPECT_EQ(item["progress"]["waiting_since"], "2026-01-05T15:00:03.000000+00:00");
      EXPECT_EQ(item["progress"]["phase_since"], "2026-01-05T15:00:02.000000+00:00");
    } else {
      EXPECT_FALSE(item.contains("progress")) << item.dump();  // another worker's event
    }
  }
  // Other lists are as they were.
  inspector_.add(make_event(EventLocation::kActive, "p1b", "DU5"));
  for (const auto& item : get("/queue/events?type=active")) {
    EXPECT_FALSE(item.contains("progress")) << item.dump();
  }
}

}  // namespace
}  // namespace ep::monitor_http::testing
