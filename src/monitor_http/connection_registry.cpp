#include "monitor_http/connection_registry.hpp"

#include <sys/socket.h>

#include <iterator>
#include <utility>

namespace ep::monitor_http {

namespace {

// One name per reason, in the enum's order: to_string indexes this by the enum's value.
constexpr std::string_view kCutReasonNames[] = {"deadline", "client_cap", "total_cap", "refused"};
static_assert(std::size(kCutReasonNames) == std::size(kCutReasons),
              "one name per entry of kCutReasons");

constexpr bool cut_reasons_in_enum_order() {
  for (std::size_t i = 0; i < std::size(kCutReasons); ++i) {
    if (static_cast<std::size_t>(kCutReasons[i]) != i) return false;
  }
  return true;
}
static_assert(cut_reasons_in_enum_order(), "kCutReasons lists the enum in order");

}  // namespace

std::string_view to_string(CutReason reason) {
  return kCutReasonNames[static_cast<std::size_t>(reason)];
}

ConnectionRegistry::ConnectionRegistry(ConnectionLimits limits, Hooks hooks)
    : limits_(limits), hooks_(std::move(hooks)) {
  if (!hooks_.cut) hooks_.cut = [](int fd) { ::shutdown(fd, SHUT_RDWR); };
  if (!hooks_.on_cut) hooks_.on_cut = [](CutReason, const std::string&) {};
  if (!hooks_.now) hooks_.now = [] { return Clock::now(); };
}

std::map<const void*, ConnectionRegistry::Entry>::iterator ConnectionRegistry::oldest_waiting(
    const std::string* client) {
  auto oldest = entries_.end();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    const Entry& entry = it->second;
    if (entry.busy || entry.cut || (client && entry.client != *client)) continue;
    if (oldest == entries_.end() || entry.started < oldest->second.started) oldest = it;
  }
  return oldest;
}

void ConnectionRegistry::cut(Entry& entry, CutReason reason) {
  // The entry stays until the server reports the close, so its fd cannot be reused meanwhile.
  entry.cut = true;
  --live_;
  if (auto it = per_client_.find(entry.client); it != per_client_.end() && --it->second == 0) {
    per_client_.erase(it);
  }
  hooks_.on_cut(reason, entry.client);
  hooks_.cut(entry.fd);
}

bool ConnectionRegistry::make_room(const std::string& client) {
  std::lock_guard lock(mutex_);
  if (auto it = per_client_.find(client);
      it != per_client_.end() && it->second >= limits_.max_per_client) {
    auto victim = oldest_waiting(&client);
    if (victim == entries_.end()) {
      hooks_.on_cut(CutReason::kRefused, client);
      return false;
    }
    cut(victim->second, CutReason::kClientCap);
  }
  if (live_ >= limits_.max_connections) {
    auto victim = oldest_waiting(nullptr);
    if (victim == entries_.end()) {
      hooks_.on_cut(CutReason::kRefused, client);
      return false;
    }
    cut(victim->second, CutReason::kTotalCap);
  }
  return true;
}

void ConnectionRegistry::opened(const void* id, int fd, std::string client) {
  std::lock_guard lock(mutex_);
  ++per_client_[client];
  ++live_;
  entries_[id] = Entry{fd, std::move(client), hooks_.now(), false, false};
}

void ConnectionRegistry::closed(const void* id) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  if (!it->second.cut) {
    --live_;
    if (auto count = per_client_.find(it->second.client);
        count != per_client_.end() && --count->second == 0) {
      per_client_.erase(count);
    }
  }
  entries_.erase(it);
}

void ConnectionRegistry::set_busy(const void* id, bool busy) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(id); it != entries_.end()) {
    it->second.busy = busy;
    // A handler's time (a slow store) is bounded by the store's own timeouts, not by this
    // deadline; writing the answer gets a fresh one.
    if (!busy) it->second.started = hooks_.now();
  }
}

void ConnectionRegistry::answered(const void* id) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(id); it != entries_.end()) it->second.started = hooks_.now();
}

ConnectionRegistry::Clock::time_point ConnectionRegistry::cut_expired(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  Clock::time_point next = now + limits_.request_deadline;
  for (auto& [id, entry] : entries_) {
    if (entry.busy || entry.cut) continue;
    const auto deadline = entry.started + limits_.request_deadline;
    if (deadline <= now) {
      cut(entry, CutReason::kDeadline);
    } else if (deadline < next) {
      next = deadline;
    }
  }
  return next;
}

void ConnectionRegistry::run_deadlines() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const auto next = cut_expired(Clock::now());
    lock.lock();
    // A connection opened meanwhile has a later deadline than `next`; one that turns idle gets
    // a fresh one too: nothing needs to wake this wait early but stop().
    wake_.wait_until(lock, next, [this] { return stopping_; });
  }
}

void ConnectionRegistry::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
}

std::size_t ConnectionRegistry::open_connections() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace ep::monitor_http
