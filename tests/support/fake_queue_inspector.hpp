// An in-memory core::QueueInspector for the management API's tests: events per location, the
// dedup keys, outcome history and the pause flag, with the same rules as the Redis one (remove
// clears the dedup key, enqueue refuses an active "<account>:<exec>", retry_now moves dead,
// delayed and market-closed events back to the queue). set_unavailable(true) makes every call
// fail with kUnavailable (Redis down). Thread-safe: HTTP worker threads call it concurrently.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/queue_inspector.hpp"

namespace ep::test {

class FakeQueueInspector final : public core::QueueInspector {
 public:
  // Puts an event where view.location says (queue events: oldest first, i.e. appended last is
  // newest); queue and processing events also take their dedup key. enqueued_at is used for
  // oldest_event_age_seconds.
  void add(core::EventView view, std::optional<core::Timestamp> enqueued_at = std::nullopt);
  void add_history(std::string record_json);
  void set_unavailable(bool unavailable);

  std::vector<core::EventView> events(core::EventLocation location) const;
  bool has_active_key(const std::string& key) const;
  std::size_t enqueue_calls() const;

  core::Result<void> ping() override;
  core::Result<core::QueueCounts> counts(core::Timestamp now) override;
  core::Result<std::vector<core::EventView>> list_page(core::EventLocation location,
                                                       core::Page page) override;
  core::Result<std::optional<core::EventView>> find(std::string_view event_id) override;
  core::Result<bool> remove(std::string_view event_id) override;
  core::Result<core::EnqueueResult> enqueue(std::string_view account_id,
                                            std::string_view exec_command,
                                            std::string_view data_json,
                                            core::Timestamp now) override;
  core::Result<bool> retry_now(std::string_view event_id) override;
  core::Result<std::vector<std::string>> history_page(core::Page page) override;
  core::Result<void> set_paused(bool paused) override;
  core::Result<bool> paused() override;

 private:
  struct Stored {
    core::EventView view;
    std::optional<core::Timestamp> enqueued_at;
  };
  static std::string dedup_key(const core::EventView& view);

  mutable std::mutex mutex_;
  std::map<core::EventLocation, std::vector<Stored>> events_;
  std::set<std::string> active_keys_;
  std::vector<std::string> history_;  // newest first
  bool paused_ = false;
  bool unavailable_ = false;
  std::size_t next_id_ = 1;
  std::size_t enqueue_calls_ = 0;
};

}  // namespace ep::test
