// Paged listings over real HTTP: limit and offset on every listing (GET /queue/events of each
// type and of none, GET /events/history with and without filters), and bad offsets refused.
#include "monitor_http/testing/api_test_fixture.hpp"

namespace ep::monitor_http::testing {
namespace {

using core::EventLocation;

std::vector<std::string> ids_of(const json& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item["event_id"].get<std::string>());
  return ids;
}

TEST_F(ApiTest, QueueEventsArePagedWithLimitAndOffset) {
  start();
  for (int i = 0; i < 5; ++i) {
    inspector_.add(make_event(EventLocation::kActive, "a" + std::to_string(i)));
  }
  for (int i = 0; i < 3; ++i) {
    inspector_.add(make_event(EventLocation::kDelayed, "d" + std::to_string(i), "DU2", "rebalance",
                              2, 1721660400));
    inspector_.add(make_event(EventLocation::kDead, "x" + std::to_string(i)));
  }
  EXPECT_EQ(ids_of(get("/queue/events?type=active&limit=2&offset=1")),
            (std::vector<std::string>{"a1", "a2"}));
  EXPECT_EQ(ids_of(get("/queue/events?type=dead&offset=2")), (std::vector<std::string>{"x2"}));
  EXPECT_TRUE(get("/queue/events?type=delayed&offset=3").empty());
  // Without a type the offset runs through the queue, then the delayed events.
  EXPECT_EQ(ids_of(get("/queue/events?limit=3&offset=3")),
            (std::vector<std::string>{"a3", "a4", "d0"}));
  EXPECT_EQ(ids_of(get("/queue/events?limit=3&offset=6")), (std::vector<std::string>{"d1", "d2"}));
  EXPECT_EQ(ids_of(get("/queue/events?offset=0&limit=1")), (std::vector<std::string>{"a0"}));
  EXPECT_TRUE(get("/queue/events?offset=8").empty());
}

TEST_F(ApiTest, HistoryIsPagedWithAndWithoutFilters) {
  start();
  for (int i = 0; i < 6; ++i) {
    inspector_.add_history(
        json{{"event_id", "h" + std::to_string(i)}, {"status", i % 2 == 0 ? "done" : "retry"}}
            .dump());
  }
  EXPECT_EQ(ids_of(get("/events/history?limit=2&offset=1")),
            (std::vector<std::string>{"h4", "h3"}));  // newest first
  // A filter pages through the matches: done records are h4, h2, h0.
  EXPECT_EQ(ids_of(get("/events/history?status=done&limit=1&offset=1")),
            (std::vector<std::string>{"h2"}));
  EXPECT_TRUE(get("/events/history?status=done&offset=3").empty());
}

TEST_F(ApiTest, OffsetThatIsNotACountIs422) {
  start();
  for (const char* offset : {"-1", "abc", "", "1e3", "10x", "1000000001", "99999999999999999999"}) {
    const std::string detail = detail_of(get(std::string("/queue/events?offset=") + offset, 422));
    EXPECT_NE(detail.find("offset"), std::string::npos) << offset << ": " << detail;
  }
  detail_of(get("/events/history?offset=x", 422));
  get("/queue/events?offset=1000000000");
}

}  // namespace
}  // namespace ep::monitor_http::testing
