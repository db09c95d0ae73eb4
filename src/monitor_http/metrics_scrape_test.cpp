// GET /metrics over real HTTP after recording events: every line has the Prometheus text format,
// every family has HELP and TYPE, and the values are the ones recorded.
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <set>
#include <sstream>
#include <string_view>

#include "monitor_http/process_stats.hpp"
#include "monitor_http/testing/api_test_fixture.hpp"

namespace ep::monitor_http::testing {
namespace {

using core::EventLocation;

bool is_name_char(char c, bool first) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  return letter || (!first && c >= '0' && c <= '9');
}

// name{label="value",...} value   (labels optional; value a float, +Inf, -Inf or NaN), checked by
// hand rather than with std::regex (GCC 12 warns inside <regex> under the sanitizer presets).
bool is_sample_line(std::string_view line) {
  std::size_t i = 0;
  auto name = [&](bool metric) {
    const std::size_t begin = i;
    while (i < line.size() && (is_name_char(line[i], i == begin) || (metric && line[i] == ':')))
      ++i;
    return i > begin;
  };
  if (!name(true)) return false;
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (true) {
      if (!name(false) || i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"')
        return false;
      i += 2;
      while (i < line.size() && line[i] != '"') {
        i += line[i] == '\\' ? std::size_t{2} : std::size_t{1};  // skip an escaped character
      }
      if (i >= line.size()) return false;
      ++i;  // closing quote
      if (i < line.size() && line[i] == ',') {
        ++i;
        continue;
      }
      if (i < line.size() && line[i] == '}') {
        ++i;
        break;
      }
      return false;
    }
  }
  if (i >= line.size() || line[i] != ' ') return false;
  const std::string value(line.substr(i + 1));
  if (value == "+Inf" || value == "-Inf" || value == "NaN") return true;
  if (value.empty() || value.find_first_not_of("0123456789.eE+-") != std::string::npos)
    return false;
  char* end = nullptr;
  std::strtod(value.c_str(), &end);
  return end == value.c_str() + value.size();
}

TEST(MetricsLineCheck, AcceptsGoodAndRejectsBadLines) {
  EXPECT_TRUE(is_sample_line("ep_retries_total 3"));
  EXPECT_TRUE(is_sample_line(R"(a_b{le="+Inf",x="q\"r"} 1.5e+06)"));
  EXPECT_TRUE(is_sample_line("a:b NaN"));
  EXPECT_FALSE(is_sample_line("ep_retries_total"));
  EXPECT_FALSE(is_sample_line("ep_retries_total  3"));
  EXPECT_FALSE(is_sample_line("1abc 3"));
  EXPECT_FALSE(is_sample_line(R"(a{b=1} 3)"));
  EXPECT_FALSE(is_sample_line(R"(a{b="1"} 3x)"));
  EXPECT_FALSE(is_sample_line(R"(a{b="1" 3)"));
}

// value of the sample line starting with `series ` (exact name and labels), or NaN.
double sample(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return std::nan("");
}

TEST_F(ApiTest, MetricsAreValidPrometheusTextWithTheRecordedValues) {
  start();
  metrics_.event_handled("rebalance", core::OutcomeStatus::kDone);
  metrics_.event_handled("rebalance", core::OutcomeStatus::kDone);
  metrics_.event_handled("rebalance", core::OutcomeStatus::kRetry);
  metrics_.event_handled("bogus\"cmd\n", core::OutcomeStatus::kDeadLetter);
  metrics_.order_state("placed");
  metrics_.order_state("filled");
  metrics_.order_state("weird");
  metrics_.phase_duration("place_sells", 1.5);
  metrics_.gateway(true, 2, 10);
  metrics_.gateway(true, 3, 10);
  metrics_.allocation_latency(0.2);
  metrics_.notification("dead_letter", "sent");
  metrics_.notification("dead_letter", "sent");
  metrics_.notification("https://hooks.example/secret", "whatever");
  inspector_.add(make_event(EventLocation::kActive, "a1"));
  inspector_.add(make_event(EventLocation::kDead, "x1", "DU2"));

  auto result = client_->Get("/metrics");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
  const std::string& text = result->body;

  std::set<std::string> help, type, sampled;
  std::istringstream lines(text);
  int samples = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    if (line.rfind("# HELP ", 0) == 0) {
      help.insert(line.substr(7, line.find(' ', 7) - 7));
    } else if (line.rfind("# TYPE ", 0) == 0) {
      type.insert(line.substr(7, line.find(' ', 7) - 7));
    } else {
      EXPECT_TRUE(is_sample_line(line)) << "bad line: " << line;
      ++samples;
    }
  }
  EXPECT_GT(samples, 20);
  for (const char* family : {"ep_events_handled_total", "ep_retries_total", "ep_dead_letters_total",
                             "ep_queue_length", "ep_rebalance_phase_seconds", "ep_orders_total",
                             "ep_gateway_connected", "ep_gateway_reconnects_total",
                             "ep_pacing_waits_total", "ep_allocation_api_latency_seconds"}) {
    EXPECT_TRUE(help.count(family)) << family;
    EXPECT_TRUE(type.count(family)) << family;
  }

  EXPECT_EQ(sample(text, R"(ep_events_handled_total{command="rebalance",outcome="done"})"), 2);
  EXPECT_EQ(sample(text, R"(ep_events_handled_total{command="unknown",outcome="dead_letter"})"), 1);
  EXPECT_EQ(sample(text, "ep_retries_total"), 1);
  EXPECT_EQ(sample(text, "ep_dead_letters_total"), 1);
  EXPECT_EQ(sample(text, R"(ep_orders_total{state="unknown"})"), 1);
  EXPECT_EQ(sample(text, R"(ep_orders_total{state="cancelled"})"), 0);
  EXPECT_EQ(sample(text, "ep_gateway_connected"), 1);
  EXPECT_EQ(sample(text, "ep_gateway_reconnects_total"), 3);
  EXPECT_EQ(sample(text, "ep_pacing_waits_total"), 10);
  EXPECT_EQ(sample(text, R"(ep_queue_length{key="rebalance_queue"})"), 1);
  EXPECT_EQ(sample(text, R"(ep_queue_length{key="rebalance_dead_letter"})"), 1);
  EXPECT_EQ(sample(text, R"(ep_rebalance_phase_seconds_count{phase="place_sells"})"), 1);
  EXPECT_EQ(sample(text, "ep_allocation_api_latency_seconds_count"), 1);
  EXPECT_EQ(sample(text, R"(ep_notifications_total{kind="dead_letter",result="sent"})"), 2);
  // Series not yet counted are there at 0, so an alert on their first increase can fire.
  EXPECT_EQ(sample(text, R"(ep_notifications_total{kind="gateway_down",result="failed"})"), 0);
  EXPECT_EQ(sample(text, R"(ep_http_connections_cut_total{reason="refused"})"), 0);
  // A label value outside the fixed sets (a URL, say) never becomes a series.
  EXPECT_EQ(sample(text, R"(ep_notifications_total{kind="unknown",result="unknown"})"), 1);
  EXPECT_EQ(text.find("hooks.example"), std::string::npos);
}

TEST_F(ApiTest, MetricsStillServeWhenTheStoreIsDown) {
  start();
  inspector_.set_unavailable(true);
  auto result = client_->Get("/metrics");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_NE(result->body.find("ep_queue_length"), std::string::npos);
}

// Build info, the last success per command and the process figures of this very process.
TEST_F(ApiTest, MetricsHaveBuildInfoLastSuccessAndProcessFigures) {
  start();
  const auto unix_now = [] {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  metrics_.build_info("0.1.0+abc1234", "1.2.3");
  const double before = unix_now();
  metrics_.event_handled("print-equity", core::OutcomeStatus::kDone);
  metrics_.event_handled("rebalance", core::OutcomeStatus::kRetry);
  const double after = unix_now();
  // Spend some CPU so process_cpu_seconds_total (10 ms clock ticks) cannot still be 0.
  for (const std::clock_t start_cpu = std::clock();
       std::clock() - start_cpu < CLOCKS_PER_SEC / 20;) {
  }

  auto result = client_->Get("/metrics");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200);
  const std::string& text = result->body;
  EXPECT_EQ(sample(text, R"(ep_build_info{service_version="1.2.3",version="0.1.0+abc1234"})"), 1);
  const double success =
      sample(text, R"(ep_last_success_timestamp_seconds{command="print-equity"})");
  EXPECT_GE(success, before - 1e-3);
  EXPECT_LE(success, after + 1e-3);
  // A retry is no success.
  EXPECT_TRUE(
      std::isnan(sample(text, R"(ep_last_success_timestamp_seconds{command="rebalance"})")));

  const double rss = sample(text, "process_resident_memory_bytes");
  EXPECT_GT(rss, 1e6);  // a test binary with gtest and httplib holds more than 1 MB
  EXPECT_LT(rss, 4e9);
  EXPECT_GE(sample(text, "process_virtual_memory_bytes"), rss);
  EXPECT_GT(sample(text, "process_cpu_seconds_total"), 0);
  EXPECT_GE(sample(text, "process_open_fds"), 3);  // stdin, stdout, stderr at least
  EXPECT_GE(sample(text, "process_max_fds"), sample(text, "process_open_fds"));
  const double started = sample(text, "process_start_time_seconds");
  EXPECT_LE(started, after + 1);
  EXPECT_GT(started, after - 3600);  // this test binary started less than an hour ago
}

TEST(ProcessStats, ParsesProcSelfStatWithAnAwkwardCommandName) {
  // proc(5): utime 14, stime 15, starttime 22, vsize 23, rss 24 (numbered from 1).
  const std::string stat =
      "42 (a) b (c) S 1 42 42 0 -1 4194304 100 0 0 0 250 150 0 0 20 0 3 0 5000 104857600 2560 "
      "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
  const ProcessStats stats = parse_proc_stat(stat, 4096, 100, 1.7e9);
  ASSERT_TRUE(stats.cpu_seconds && stats.resident_memory_bytes && stats.start_time_seconds &&
              stats.virtual_memory_bytes);
  EXPECT_DOUBLE_EQ(*stats.cpu_seconds, 4.0);
  EXPECT_DOUBLE_EQ(*stats.resident_memory_bytes, 2560.0 * 4096);
  EXPECT_DOUBLE_EQ(*stats.virtual_memory_bytes, 104857600.0);
  EXPECT_DOUBLE_EQ(*stats.start_time_seconds, 1.7e9 + 50);
  EXPECT_FALSE(parse_proc_stat("garbage", 4096, 100, 1.7e9).cpu_seconds);
  EXPECT_FALSE(parse_proc_stat(stat, 4096, 100, std::nullopt).start_time_seconds);
}

}  // namespace
}  // namespace ep::monitor_http::testing
