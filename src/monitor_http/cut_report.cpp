#include "monitor_http/cut_report.hpp"

#include <utility>

#include "logging/log.hpp"

namespace ep::monitor_http {

CutReport::CutReport(Metrics& metrics, std::chrono::milliseconds quiet,
                     std::function<Clock::time_point()> now)
    : metrics_(metrics), quiet_(quiet), now_(std::move(now)) {}

void CutReport::operator()(CutReason reason, const std::string& client) {
  const auto name = to_string(reason);
  metrics_.http_connection_cut(reason);
  std::uint64_t cut = 0;
  {
    std::lock_guard lock(mutex_);
    auto& per = per_reason_[static_cast<std::size_t>(reason)];
    ++per.since_last_line;
    const auto now = now_();
    if (per.last_line && now - *per.last_line < quiet_) return;
    per.last_line = now;
    cut = std::exchange(per.since_last_line, 0);
  }
  log::warn(reason == CutReason::kRefused
                ? "management API connection refused: every connection is being answered"
                : "management API connection cut by its limits",
            {{"reason", name}, {"client", client}, {"count_since_last_line", cut}});
}

}  // namespace ep::monitor_http
