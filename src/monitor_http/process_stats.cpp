#include "monitor_http/process_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ep::monitor_http {
namespace {

std::string read_text(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<double> boot_time() {
  std::istringstream in(read_text("/proc/stat"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("btime ", 0) == 0) {
      try {
        return std::stod(line.substr(6));
      } catch (const std::exception&) {
        return std::nullopt;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

ProcessStats parse_proc_stat(std::string_view stat, long page_size, long ticks_per_second,
                             std::optional<double> boot_time_seconds) {
  ProcessStats stats;
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are counted
  // from the last ')'. After it, field 3 (state) is index 0; proc(5) numbers them from 1.
  const auto close = stat.rfind(')');
  if (close == std::string_view::npos || ticks_per_second <= 0) return stats;
  std::istringstream in{std::string(stat.substr(close + 1))};
  std::vector<std::string> fields;
  for (std::string field; in >> field;) fields.push_back(field);
  auto field = [&](std::size_t number) -> std::optional<double> {  // proc(5) numbering
    if (number < 3 || number - 3 >= fields.size()) return std::nullopt;
    try {
      return std::stod(fields[number - 3]);
    } catch (const std::exception&) {
      return std::nullopt;
    }
  };
  const auto utime = field(14);
  const auto stime = field(15);
  const auto ticks = static_cast<double>(ticks_per_second);
  if (utime && stime) stats.cpu_seconds = (*utime + *stime) / ticks;
  if (const auto start = field(22); start && boot_time_seconds) {
    stats.start_time_seconds = *boot_time_seconds + *start / ticks;
  }
  if (const auto vsize = field(23)) stats.virtual_memory_bytes = *vsize;
  if (const auto rss = field(24); rss && page_size > 0) {
    stats.resident_memory_bytes = *rss * static_cast<double>(page_size);
  }
  return stats;
}

ProcessStats read_process_stats() {
  ProcessStats stats = parse_proc_stat(read_text("/proc/self/stat"), sysconf(_SC_PAGESIZE),
                                       sysconf(_SC_CLK_TCK), boot_time());
  std::error_code error;
  std::size_t fds = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end;
       it.increment(error)) {
    ++fds;
  }
  // The iterator's own descriptor is among those listed.
  if (!error && fds > 0) stats.open_fds = static_cast<double>(fds - 1);
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    stats.max_fds = static_cast<double>(limit.rlim_cur);
  }
  return stats;
}

}  // namespace ep::monitor_http
