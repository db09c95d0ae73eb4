// Tells the operator about connections the management API's limits cut or refused (README
// "Management API"): each one counts in ep_http_connections_cut_total{reason}, and a warning
// line goes out at most once per reason every `quiet` (10 s), carrying how many were cut since
// the last line, so that hundreds of idle sockets show in the log without flooding it.
// Thread-safe; called under the connection registry's lock, so it never blocks.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "monitor_http/connection_registry.hpp"
#include "monitor_http/metrics.hpp"

namespace ep::monitor_http {

class CutReport {
 public:
  using Clock = std::chrono::steady_clock;

  explicit CutReport(
      Metrics& metrics, std::chrono::milliseconds quiet = std::chrono::seconds(10),
      std::function<Clock::time_point()> now = [] { return Clock::now(); });

  void operator()(CutReason reason, const std::string& client);

 private:
  struct PerReason {
    std::optional<Clock::time_point> last_line;
    std::uint64_t since_last_line = 0;
  };

  Metrics& metrics_;
  const std::chrono::milliseconds quiet_;
  const std::function<Clock::time_point()> now_;
  std::mutex mutex_;
  std::array<PerReason, std::size(kCutReasons)> per_reason_;
};

}  // namespace ep::monitor_http
