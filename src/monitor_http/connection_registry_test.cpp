// The connection registry's caps and deadline, with a recording cut instead of shutdown(2) and
// a clock moved by hand; and the report of each cut (metric and rate-limited warning).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "logging/log.hpp"
#include "monitor_http/connection_registry.hpp"
#include "monitor_http/cut_report.hpp"

namespace ep::monitor_http {
namespace {

using namespace std::chrono_literals;
using Clock = ConnectionRegistry::Clock;

// Records what the registry cut and why, on a clock the test moves.
struct Recorder {
  std::vector<int> fds;
  std::vector<std::pair<CutReason, std::string>> reasons;
  Clock::time_point now = Clock::time_point{} + 1h;

  ConnectionRegistry::Hooks hooks() {
    return {[this](int fd) { fds.push_back(fd); },
            [this](CutReason reason, const std::string& client) {
              reasons.emplace_back(reason, client);
            },
            [this] { return now; }};
  }
};

int ids[16];

TEST(ConnectionRegistry, AClientAtItsCapLosesItsOldestWaitingConnection) {
  Recorder recorder;
  ConnectionRegistry registry({/*max_connections=*/100, /*max_per_client=*/3, 10s},
                              recorder.hooks());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(registry.make_room("10.0.0.1"));
    registry.opened(&ids[i], 10 + i, "10.0.0.1");
    recorder.now += 1ms;  // distinct start times
  }
  registry.set_busy(&ids[0], true);             // being answered: never cut
  ASSERT_TRUE(registry.make_room("10.0.0.2"));  // another client: room
  EXPECT_TRUE(recorder.fds.empty());
  ASSERT_TRUE(registry.make_room("10.0.0.1"));
  EXPECT_EQ(recorder.fds, std::vector<int>{11});
  registry.opened(&ids[3], 13, "10.0.0.1");
  ASSERT_TRUE(registry.make_room("10.0.0.1"));
  EXPECT_EQ(recorder.fds, (std::vector<int>{11, 12}));
  const std::pair<CutReason, std::string> at_cap{CutReason::kClientCap, "10.0.0.1"};
  EXPECT_EQ(recorder.reasons, (std::vector{at_cap, at_cap}));
  registry.closed(&ids[1]);
  registry.closed(&ids[2]);
  EXPECT_EQ(registry.open_connections(), 2u);
}

TEST(ConnectionRegistry, TheTotalCapCutsTheOldestWaitingOfAllAndRefusesWhenAllAreBusy) {
  Recorder recorder;
  ConnectionRegistry registry({2, 2, 10s}, recorder.hooks());
  registry.opened(&ids[0], 20, "a");
  recorder.now += 1ms;
  registry.opened(&ids[1], 21, "b");
  ASSERT_TRUE(registry.make_room("c"));
  EXPECT_EQ(recorder.fds, std::vector<int>{20});
  registry.closed(&ids[0]);
  registry.opened(&ids[2], 22, "c");
  registry.set_busy(&ids[1], true);
  registry.set_busy(&ids[2], true);
  EXPECT_FALSE(registry.make_room("d"));
  EXPECT_EQ(recorder.fds.size(), 1u);
  // The cut names its victim's client; the refusal names the client refused.
  EXPECT_EQ(recorder.reasons, (std::vector<std::pair<CutReason, std::string>>{
                                  {CutReason::kTotalCap, "a"}, {CutReason::kRefused, "d"}}));
}

TEST(ConnectionRegistry, TheDeadlineCutsWaitingConnectionsOnlyAndRestartsAfterAnAnswer) {
  Recorder recorder;
  ConnectionRegistry registry({10, 10, 1s}, recorder.hooks());
  const auto opened = recorder.now;
  registry.opened(&ids[0], 30, "a");
  registry.opened(&ids[1], 31, "a");
  registry.opened(&ids[2], 32, "a");
  registry.set_busy(&ids[1], true);
  registry.cut_expired(opened + 900ms);
  EXPECT_TRUE(recorder.fds.empty());
  recorder.now = opened + 600ms;
  registry.answered(&ids[2]);  // its deadline starts again now
  const auto later = opened + 1500ms;
  const auto next = registry.cut_expired(later);
  EXPECT_EQ(recorder.fds, std::vector<int>{30});  // the busy one and the answered one stay
  EXPECT_EQ(next, opened + 1600ms);               // the answered one's deadline
  registry.cut_expired(later);                    // cut once only
  EXPECT_EQ(recorder.fds, std::vector<int>{30});
  recorder.now = later;
  registry.set_busy(&ids[1], false);  // its answer is written: a fresh deadline
  registry.cut_expired(later + 999ms);
  EXPECT_EQ(recorder.fds, (std::vector<int>{30, 32}));
  registry.cut_expired(later + 1s);
  EXPECT_EQ(recorder.fds, (std::vector<int>{30, 32, 31}));
  for (const auto& [reason, client] : recorder.reasons) EXPECT_EQ(reason, CutReason::kDeadline);
}

// The value of ep_http_connections_cut_total{reason} in a scrape.
std::string cut_line(const Metrics& metrics, const std::string& reason) {
  const std::string text = metrics.serialize();
  const auto at = text.find("ep_http_connections_cut_total{reason=\"" + reason + "\"}");
  return at == std::string::npos ? "" : text.substr(at, text.find('\n', at) - at);
}

TEST(CutReport, CountsEveryCutAndWarnsOncePerReasonPerQuietPeriod) {
  ASSERT_TRUE(log::setup("INFO"));
  Metrics metrics;
  auto now = Clock::time_point{} + 1h;
  CutReport report(metrics, 10s, [&now] { return now; });
  EXPECT_EQ(cut_line(metrics, "deadline"), "ep_http_connections_cut_total{reason=\"deadline\"} 0");
  testing::internal::CaptureStderr();
  for (int i = 0; i < 200; ++i) report(CutReason::kDeadline, "10.0.0.9");
  report(CutReason::kClientCap, "10.0.0.9");
  now += 10s;
  report(CutReason::kDeadline, "10.0.0.9");
  const std::string logged = testing::internal::GetCapturedStderr();
  EXPECT_EQ(cut_line(metrics, "deadline"),
            "ep_http_connections_cut_total{reason=\"deadline\"} 201");
  EXPECT_EQ(cut_line(metrics, "client_cap"),
            "ep_http_connections_cut_total{reason=\"client_cap\"} 1");
  // Three lines, not 202: the first of each reason, then one after the quiet period carrying
  // the 200 cut meanwhile (199 suppressed + this one).
  std::size_t lines = 0;
  for (std::size_t at = 0;
       (at = logged.find("connection cut by its limits", at)) != std::string::npos; ++at) {
    ++lines;
  }
  EXPECT_EQ(lines, 3u) << logged;
  EXPECT_NE(logged.find("\"count_since_last_line\":200"), std::string::npos) << logged;
  EXPECT_NE(logged.find("\"reason\":\"client_cap\""), std::string::npos) << logged;
}

}  // namespace
}  // namespace ep::monitor_http
