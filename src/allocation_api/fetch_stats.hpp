// Counters of the allocation fetches for the metrics endpoint: written by the thread that
// fetches, read by any thread (the monitoring API) through snapshot(). Lock-free atomics.
#pragma once

#include <atomic>
#include <cstdint>

namespace ep::allocation_api {

struct FetchStats {
  std::uint64_t fetches = 0;      // attempts, successful or not
  std::uint64_t failures = 0;     // attempts that returned an error
  std::int64_t last_latency_ms = -1;  // -1 before the first fetch
  int last_http_status = 0;       // 0 when the last attempt got no HTTP answer
};

class FetchStatsRecorder {
 public:
  void record(std::int64_t latency_ms, int http_status, bool ok) {
    last_latency_ms_.store(latency_ms, std::memory_order_relaxed);
    last_http_status_.store(http_status, std::memory_order_relaxed);
    if (!ok) failures_.fetch_add(1, std::memory_order_relaxed);
    fetches_.fetch_add(1, std::memory_order_release);
  }

  // Each field is exact; together they may mix two fetches that ran at the same moment.
  FetchStats snapshot() const {
    FetchStats stats;
    stats.fetches = fetches_.load(std::memory_order_acquire);
    stats.failures = failures_.load(std::memory_order_relaxed);
    stats.last_latency_ms = last_latency_ms_.load(std::memory_order_relaxed);
    stats.last_http_status = last_http_status_.load(std::memory_order_relaxed);
    return stats;
  }

 private:
  std::atomic<std::uint64_t> fetches_{0};
  std::atomic<std::uint64_t> failures_{0};
  std::atomic<std::int64_t> last_latency_ms_{-1};
  std::atomic<int> last_http_status_{0};
};

}  // namespace ep::allocation_api
