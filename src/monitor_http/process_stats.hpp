// The process figures Prometheus's own clients export (process_resident_memory_bytes,
// process_cpu_seconds_total, process_open_fds, process_start_time_seconds), read from Linux's
// /proc on each scrape. A figure /proc cannot give stays unset. Any thread.
#pragma once

#include <optional>
#include <string_view>

namespace ep::monitor_http {

struct ProcessStats {
  std::optional<double> resident_memory_bytes;
  std::optional<double> virtual_memory_bytes;
  std::optional<double> cpu_seconds;  // user + system
  std::optional<double> open_fds;
  std::optional<double> max_fds;             // soft limit
  std::optional<double> start_time_seconds;  // unix time
};

// This process, from /proc/self and /proc/stat.
ProcessStats read_process_stats();

// Pure parts, exposed for tests: the text of /proc/self/stat, the page size and clock ticks
// per second, the boot time (btime of /proc/stat) -> memory, CPU and start time.
ProcessStats parse_proc_stat(std::string_view stat, long page_size, long ticks_per_second,
                             std::optional<double> boot_time_seconds);

}  // namespace ep::monitor_http
