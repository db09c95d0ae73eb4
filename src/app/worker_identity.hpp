// Who this worker is across restarts: the pure rules behind the worker id (`<name>` for slot 0,
// `<name>-<n>` otherwise) and the holder stamp that claims a slot (host, pid, process start
// time). A slot whose holder is a process of this host that no longer exists (or whose pid now
// belongs to a process started at another time) can be taken over at once; any other holder
// is left alone until its TTL runs out (worker_slots.hpp does the Redis side). The stable
// worker id keeps the processing list and the IB client id of a worker across a crash, so a
// restart can cancel what the last process left working (docs/architecture.md "Orders and
// restarts"). Pure functions plus two small /proc and gethostname probes; any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace ep::app {

// A process that holds a slot, as stored in its slot key ("<host> <pid> <start_time>").
struct Holder {
  std::string host;
  int pid = 0;
  std::uint64_t start_time = 0;  // clock ticks since boot (/proc/<pid>/stat field 22); 0 unknown
  bool operator==(const Holder&) const = default;
};

std::string encode_holder(const Holder& holder);
std::optional<Holder> parse_holder(std::string_view text);

// "<name>" for slot 0, "<name>-<slot>" otherwise.
std::string slot_worker_id(std::string_view name, int slot);

// A worker name as the config accepts it: 1..64 of [A-Za-z0-9._-].
bool is_valid_worker_name(std::string_view name);
// The host name with every other character replaced by '-' and cut to 64 ("worker" if empty).
std::string worker_name_from_host(std::string_view host);

// The start time (field 22) of a /proc/<pid>/stat text; nullopt when malformed.
std::optional<std::uint64_t> start_time_from_stat(std::string_view stat);

// The start time of a live process, nullopt when no process has that pid.
using ProcessProbe = std::function<std::optional<std::uint64_t>(int pid)>;

enum class SlotVerdict {
  kFree,   // nobody holds it
  kOurs,   // held by this very process
  kStale,  // held by a process of this host that is gone: take it over now
  kLive,   // held by a live process, or one we cannot check (another host): skip it
};

// `self.start_time == 0` (no /proc) means nothing can be checked: every holder counts as live.
SlotVerdict judge_slot(const std::optional<std::string>& stored, const Holder& self,
                       const ProcessProbe& probe);

// This process: the host name, getpid() and its start time from /proc/self/stat.
Holder this_process();
// Reads /proc/<pid>/stat.
std::optional<std::uint64_t> process_start_time(int pid);
// gethostname(), or "" when it fails.
std::string host_name();

}  // namespace ep::app
