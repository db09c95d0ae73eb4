#include "app/worker_identity.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

namespace ep::app {
namespace {

constexpr std::size_t kMaxNameLength = 64;

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

template <class T>
std::optional<T> number(std::string_view text) {
  T value{};
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::string encode_holder(const Holder& holder) {
  return fmt::format("{} {} {}", holder.host, holder.pid, holder.start_time);
}

std::optional<Holder> parse_holder(std::string_view text) {
  const auto last = text.rfind(' ');
  if (last == std::string_view::npos) return std::nullopt;
  const auto middle = text.rfind(' ', last == 0 ? 0 : last - 1);
  if (middle == std::string_view::npos || middle == 0) return std::nullopt;
  auto pid = number<int>(text.substr(middle + 1, last - middle - 1));
  auto start = number<std::uint64_t>(text.substr(last + 1));
  if (!pid || !start || *pid <= 0) return std::nullopt;
  return Holder{std::string(text.substr(0, middle)), *pid, *start};
}

std::string slot_worker_id(std::string_view name, int slot) {
  return slot == 0 ? std::string(name) : fmt::format("{}-{}", name, slot);
}

bool is_valid_worker_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameLength &&
         std::all_of(name.begin(), name.end(), name_char);
}

std::string worker_name_from_host(std::string_view host) {
  std::string name(host.substr(0, kMaxNameLength));
  for (char& c : name) {
    if (!name_char(c)) c = '-';
  }
  return name.empty() ? "worker" : name;
}

std::optional<std::uint64_t> start_time_from_stat(std::string_view stat) {
  // Field 2 (the command name) is in parentheses and may hold spaces and ')': fields are
  // counted from the last ')'. Field 3 is the first after it, so field 22 is the 20th.
  const auto close = stat.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  std::istringstream rest{std::string(stat.substr(close + 1))};
  const std::vector<std::string> fields{std::istream_iterator<std::string>(rest),
                                        std::istream_iterator<std::string>()};
  if (fields.size() < 20) return std::nullopt;
  return number<std::uint64_t>(fields[19]);
}

SlotVerdict judge_slot(const std::optional<std::string>& stored, const Holder& self,
                       const ProcessProbe& probe) {
  if (!stored) return SlotVerdict::kFree;
  const auto holder = parse_holder(*stored);
  if (holder && *holder == self) return SlotVerdict::kOurs;
  // Unreadable stamps, other hosts, and a host where /proc tells us nothing: only the slot's
  // TTL can free them.
  if (!holder || holder->host != self.host || self.start_time == 0) return SlotVerdict::kLive;
  const auto running = probe(holder->pid);
  if (!running || *running != holder->start_time) return SlotVerdict::kStale;
  return SlotVerdict::kLive;
}

std::optional<std::uint64_t> process_start_time(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  if (!in) return std::nullopt;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return start_time_from_stat(text);
}

std::string host_name() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) return "";
  return host;
}

Holder this_process() {
  Holder self;
  self.host = worker_name_from_host(host_name());
  self.pid = static_cast<int>(getpid());
  self.start_time = process_start_time(self.pid).value_or(0);
  return self;
}

}  // namespace ep::app
