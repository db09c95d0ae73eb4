#include "tests/support/fake_queue_inspector.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace ep::test {
namespace {

core::Error redis_down() {
  return core::unavailable("redis: connection refused (fake)");
}

// JSON string literal; the fake builds event JSON by hand to stay free of a JSON library.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

constexpr core::EventLocation kAll[] = {
    core::EventLocation::kActive, core::EventLocation::kDelayed, core::EventLocation::kDead,
    core::EventLocation::kProcessing, core::EventLocation::kMarketClosed};

}  // namespace

std::string FakeQueueInspector::dedup_key(const core::EventView& view) {
  return view.account_id + ":" + view.exec_command;
}

void FakeQueueInspector::add(core::EventView view, std::optional<core::Timestamp> enqueued_at) {
  std::lock_guard lock(mutex_);
  if (view.location == core::EventLocation::kActive ||
      view.location == core::EventLocation::kProcessing) {
    active_keys_.insert(dedup_key(view));
  }
  events_[view.location].push_back({std::move(view), enqueued_at});
}

void FakeQueueInspector::add_history(std::string record_json) {
  std::lock_guard lock(mutex_);
  history_.insert(history_.begin(), std::move(record_json));
}

void FakeQueueInspector::set_unavailable(bool unavailable) {
  std::lock_guard lock(mutex_);
  unavailable_ = unavailable;
}

std::vector<core::EventView> FakeQueueInspector::events(core::EventLocation location) const {
  std::lock_guard lock(mutex_);
  std::vector<core::EventView> out;
  auto it = events_.find(location);
  if (it != events_.end()) {
    for (const auto& stored : it->second) out.push_back(stored.view);
  }
  return out;
}

bool FakeQueueInspector::has_active_key(const std::string& key) const {
  std::lock_guard lock(mutex_);
  return active_keys_.count(key) > 0;
}

std::size_t FakeQueueInspector::enqueue_calls() const {
  std::lock_guard lock(mutex_);
  return enqueue_calls_;
}

core::Result<void> FakeQueueInspector::ping() {
  std::lock_guard lock(mutex_);
  if (unavailable_) return redis_down();
  return core::success();
}

core::Result<core::QueueCounts> FakeQueueInspector::counts(core::Timestamp now) {
  std::lock_guard lock(mutex_);
  if (unavailable_) return redis_down();
  auto size_of = [&](core::EventLocation location) {
    auto it = events_.find(location);
    return it == events_.end() ? std::int64_t{0} : static_cast<std::int64_t>(it->second.size());
  };
  core::QueueCounts counts;
  counts.queue_length = size_of(core::EventLocation::kActive);
  counts.active_events_count = static_cast<std::int64_t>(active_keys_.size());
  counts.delayed_events_count = size_of(core::EventLocation::kDelayed);
  counts.market_closed_count = size_of(core::EventLocation::kMarketClosed);
  counts.dead_letter_count = size_of(core::EventLocation::kDead);
  counts.processing_count = size_of(core::EventLocation::kProcessing);
  for (auto location : {core::EventLocation::kActive, core::EventLocation::kDelayed}) {
    for (const auto& stored : events_[location]) {
      const auto times = stored.view.times_queued;
      if (times > 1) ++counts.events_with_retries;
      counts.max_retry_count = std::max(counts.max_retry_count, times);
      ++counts.retry_distribution[times];
    }
  }
  for (const auto& stored : events_[core::EventLocation::kActive]) {
    if (!stored.enqueued_at) continue;
    const double age = std::chrono::duration<double>(now - *stored.enqueued_at).count();
    counts.oldest_event_age_seconds = std::max(counts.oldest_event_age_seconds.value_or(age), age);
  }
  return counts;
}

core::Result<std::vector<core::EventView>> FakeQueueInspector::list_page(
    core::EventLocation location, core::Page page) {
  std::lock_guard lock(mutex_);
  if (unavailable_) return redis_down();
  std::vector<core::EventView> out;
  std::size_t skipped = 0;
  for (const auto& stored : events_[location]) {
    if (out.size() >= page.limit) break;
    if (skipped < page.offset) {
      ++skipped;
      continue;
    }
    out.push_back(stored.view);
  }
  return out;
}

core::Result<std::optional<core::EventView>> FakeQueueInspector::find(std::string_view event_id) {
  std::lock_guard lock(mutex_);
  if (unavailable_) return redis_down();
  for (auto location : kAll) {
    for (const auto& stored : events_[location]) {
      if (stored.view.event_id == event_id) return std::optional<core::EventView>(stored.view);
    }
  }
  return std::optional<core::EventView>{};
}

core::Result<bool> FakeQueueInspector::remove(std::string_view event_id) {
  std::lock_guard lock(mutex_);
  if (unavailable_) return redis_down();
  for (auto location : {core::EventLocation::kActive, core::EventLocation::kDelayed,
                        core::EventLocation::kMarketClosed, core::EventLocation::kDead}) {
    auto& list = events_[location];
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const Stored& s) { return s.view.event_id == event_id; });
    if (it == list.end()) continue;
    // As in Redis: only a queued event holds its dedup key; parked and dead ones do not.
    if (location == core::EventLocation::kActive) active_keys_.erase(dedup_key(it->view));
    list.erase(it);
    return true;
  }
  return false;
}

core::Result<core::EnqueueResult> FakeQueueInspector::enqueue(std::string_view account_id,
                                                              std::string_view exec_command,
                                                              std::string_view data_json,
                                                              core::Timestamp now) {
  std::lock_guard lock(mutex_);
  ++enqueue_calls_;
  if (unavailable_) return redis_down();
  const std::string key = std::string(account_id) + ":" + std::string(exec_command);
  if (active_keys_.count(key) > 0) {
    return core::EnqueueResult{core::EnqueueStatus::kDuplicate, ""};
  }
  core::EventView view;
  view.location = core::EventLocation::kActive;
  view.event_id = "fake-" + std::to_string(next_id_++);
  view.account_id = account_id;
  view.exec_command = exec_command;
  view.times_queued = 1;
  view.created_at = "2024-07-22T15:00:00.000000+00:00";
  view.payload = "{\"event_id\":" + quoted(view.event_id) +
                 ",\"account_id\":" + quoted(account_id) + ",\"data\":" + std::string(data_json) +
                 ",\"times_queued\":1,\"created_at\":" + quoted(view.created_at) + "}";
  active_keys_.insert(key);
  events_[core::EventLocation::kActive].push_back({view, now});
  return core::EnqueueResult{core::EnqueueStatus::kEnqueued, view.event_id};
}

core::Result<bool> FakeQueueInspector::retry_now(std::string_view event_id) {
  std::lock_guard lock(mutex_);
  if (unavailable_) return redis_down();
  for (auto location : {core::EventLocation::kDead, core::EventLocation::kDelayed,
                        core::EventLocation::kMarketClosed}) {
    auto& list = events_[location];
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const Stored& s) { return s.view.event_id == event_id; });
    if (it == list.end()) continue;
    Stored moved = *it;
    list.erase(it);
    moved.view.location = core::EventLocation::kActive;
    moved.view.score.reset();
    active_keys_.insert(dedup_key(moved.view));
    events_[core::EventLocation::kActive].push_back(std::move(moved));
    return true;
  }
  return false;
}

core::Result<std::vector<std::string>> FakeQueueInspector::history_page(core::Page page) {
  std::lock_guard lock(mutex_);
  if (unavailable_) return redis_down();
  const std::size_t first = std::min(page.offset, history_.size());
  const std::size_t last = first + std::min(page.limit, history_.size() - first);
  return std::vector<std::string>(history_.begin() + static_cast<std::ptrdiff_t>(first),
                                  history_.begin() + static_cast<std::ptrdiff_t>(last));
}

core::Result<void> FakeQueueInspector::set_paused(bool paused) {
  std::lock_guard lock(mutex_);
  if (unavailable_) return redis_down();
  paused_ = paused;
  return core::success();
}

core::Result<bool> FakeQueueInspector::paused() {
  std::lock_guard lock(mutex_);
  if (unavailable_) return redis_down();
  return paused_;
}

}  // namespace ep::test
