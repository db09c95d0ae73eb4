// Start and stop of the server: an immediate stop never hangs, a second start is refused, a
// port already in use is an error value, and the port is served until stop().
#include "monitor_http/testing/api_test_fixture.hpp"

namespace ep::monitor_http::testing {
namespace {

ApiSettings loopback(int port = 0) {
  ApiSettings settings;
  settings.port = port;
  settings.threads = 1;
  return settings;
}

TEST_F(ApiTest, ImmediateStopAfterStartNeverHangs) {
  for (int i = 0; i < 20; ++i) {
    ManagementApi api(
        inspector_, [] { return LiveStatus{}; }, metrics_, loopback(), clock_);
    ASSERT_TRUE(api.start().ok());
    api.stop();
    api.stop();  // idempotent
  }
}

TEST_F(ApiTest, SecondStartAndBusyPortAreErrors) {
  start();
  EXPECT_FALSE(api_->start().ok());
  ManagementApi other(
      inspector_, [] { return LiveStatus{}; }, metrics_, loopback(api_->port()), clock_);
  const auto started = other.start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_EQ(other.port(), 0);
  get("/health/live");
}

TEST_F(ApiTest, StopClosesThePort) {
  start();
  get("/health/live");
  api_->stop();
  httplib::Client late("127.0.0.1", api_->port());
  late.set_connection_timeout(std::chrono::seconds(1));
  EXPECT_FALSE(late.Get("/health/live"));
}

}  // namespace
}  // namespace ep::monitor_http::testing
