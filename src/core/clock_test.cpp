// The real clock's wait: to its deadline, or at once on a stop request. Bounded real waits.
#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace ep::core {
namespace {

using namespace std::chrono_literals;

TEST(SystemClock, WaitsUntilTheDeadline) {
  const SystemClock clock;
  const auto deadline = clock.monotonic() + 20ms;
  EXPECT_TRUE(clock.wait_until(deadline, {}));
  EXPECT_GE(clock.monotonic(), deadline);
  EXPECT_TRUE(clock.wait_until(clock.monotonic() - 1s, {}));  // a past deadline: at once
}

TEST(SystemClock, AStopRequestEndsALongWaitAtOnce) {
  const SystemClock clock;
  std::stop_source stop;
  std::promise<bool> reached;
  std::jthread waiter(
      [&] { reached.set_value(clock.wait_until(clock.monotonic() + 60s, stop.get_token())); });
  auto result = reached.get_future();
  EXPECT_EQ(result.wait_for(50ms), std::future_status::timeout);  // still waiting
  const auto asked = clock.monotonic();
  stop.request_stop();
  ASSERT_EQ(result.wait_for(10s), std::future_status::ready);
  EXPECT_FALSE(result.get());
  EXPECT_LT(clock.monotonic() - asked, 5s);
  EXPECT_FALSE(clock.wait_until(clock.monotonic() + 60s, stop.get_token()));  // already stopped
}

}  // namespace
}  // namespace ep::core
