// Bad input over real HTTP: each answer is a 4xx with {"detail": "..."} naming the problem, never
// a 500, and the server keeps serving afterwards.
#include "monitor_http/testing/api_test_fixture.hpp"

namespace ep::monitor_http::testing {
namespace {

using core::EventLocation;

TEST_F(ApiTest, UnknownTypeIs422) {
  start();
  EXPECT_NE(detail_of(get("/queue/events?type=retry", 422)).find("type"), std::string::npos);
  detail_of(get("/queue/events?type=", 422));
}

TEST_F(ApiTest, LimitOutOfRangeOrNotANumberIs422) {
  start();
  for (const char* limit :
       {"0", "1001", "-1", "abc", "", "1e3", "10x", "99999999999999999999999", "%20"}) {
    const std::string detail = detail_of(get(std::string("/queue/events?limit=") + limit, 422));
    EXPECT_NE(detail.find("limit"), std::string::npos) << limit << ": " << detail;
  }
  detail_of(get("/events/history?limit=0", 422));
  get("/queue/events?limit=1");
  get("/queue/events?limit=1000");
}

TEST_F(ApiTest, MalformedPostBodiesAre4xxWithADetail) {
  start();
  const std::vector<std::pair<std::string, int>> cases = {
      {"", 400},
      {"{", 400},
      {"[1,2]", 400},
      {"\"text\"", 400},
      {R"({"exec_command":"rebalance","data":{}})", 422},
      {R"({"account_id":"DU1","data":{}})", 422},
      {R"({"account_id":"DU1","exec_command":"rebalance"})", 422},
      {R"({"account_id":12,"exec_command":"rebalance","data":{}})", 422},
      {R"({"account_id":"DU1","exec_command":["rebalance"],"data":{}})", 422},
      {R"({"account_id":"DU1","exec_command":"rebalance","data":"x"})", 422},
      {R"({"account_id":"DU1","exec_command":"sell-everything","data":{}})", 422},
      {R"({"account_id":"","exec_command":"rebalance","data":{}})", 422},
      {R"({"account_id":"DU1:x","exec_command":"rebalance","data":{}})", 422},
  };
  for (const auto& [body, status] : cases) {
    SCOPED_TRACE(body);
    detail_of(post("/queue/events", body, status));
  }
  EXPECT_EQ(inspector_.enqueue_calls(), 0u);
  EXPECT_NE(detail_of(post("/queue/events", R"({"account_id":"DU1","data":{}})", 422))
                .find("exec_command"),
            std::string::npos);
}

TEST_F(ApiTest, OddEventIdsAre400) {
  start();
  inspector_.add(make_event(EventLocation::kActive, "e1"));
  const std::vector<std::string> paths = {"/queue/events/a%20b", "/queue/events/%3Cscript%3E",
                                          "/queue/events/a%00b",
                                          "/queue/events/" + std::string(129, 'a')};
  for (const auto& path : paths) {
    SCOPED_TRACE(path);
    detail_of(get(path, 400));
    detail_of(del(path, 400));
    detail_of(post(path + "/retry", "", 400));
  }
  get("/queue/events/" + std::string(128, 'a'), 404);
  EXPECT_EQ(inspector_.events(EventLocation::kActive).size(), 1u);
}

TEST_F(ApiTest, UnknownPathIs404AndWrongMethodIs405) {
  start();
  EXPECT_NE(detail_of(get("/nope", 404)).find("/nope"), std::string::npos);
  detail_of(get("/health/", 404));
  detail_of(get("/queue/events/e1/retry", 405));
  detail_of(post("/queue/status", "", 405));

  auto put = client_->Put("/queue/status", "{}", "application/json");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  EXPECT_EQ(put->get_header_value("Allow"), "GET");
  detail_of(json::parse(put->body));

  auto remove = client_->Delete("/health");
  ASSERT_TRUE(remove);
  EXPECT_EQ(remove->status, 405);

  httplib::Request trace;
  trace.method = "TRACE";
  trace.path = "/queue/status";
  auto traced = client_->send(trace);
  ASSERT_TRUE(traced);
  EXPECT_EQ(traced->status, 405);
  detail_of(json::parse(traced->body));
}

TEST_F(ApiTest, HugeBodyAndLongPathAreRefusedCleanly) {
  start();
  auto big = client_->Post("/queue/events", std::string(200 * 1024, 'x'), "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  detail_of(json::parse(big->body, nullptr, false));

  get("/" + std::string(7000, 'a'), 404);
  get("/queue/events/" + std::string(7000, 'b'), 400);
  get("/health");  // still serving
}

}  // namespace
}  // namespace ep::monitor_http::testing
