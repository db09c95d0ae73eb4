// RedisQueueInspector: core::QueueInspector over the keys of keys.hpp, for the management API.
// Reads see the compatible keys and ours; every change (remove, enqueue, retry now) is one Lua
// script, so it never races a processor into a lost or duplicated event. Safe to call from many
// HTTP threads at once: each call borrows a connection of a small pool. Nothing throws; Redis
// trouble is kUnavailable ("redis 127.0.0.1:6379: Connection refused").
#pragma once

#include <chrono>
#include <cstddef>

#include "core/queue_inspector.hpp"
#include "redis_queue/connection_pool.hpp"
#include "redis_queue/redis_options.hpp"
#include "redis_queue/retry_summary.hpp"

namespace ep::redis_queue {

// When the retry statistics come from a summary (retry_summary.hpp): with more than
// `exact_up_to` events in the queue and the delayed set together, from one at most `max_age`
// old. Counting 1,000 events takes about a millisecond; 100,000 most of a second.
struct RetrySummarySettings {
  std::size_t exact_up_to = 1000;
  std::chrono::milliseconds max_age{5000};
};

class RedisQueueInspector final : public core::QueueInspector {
 public:
  explicit RedisQueueInspector(RedisOptions options, std::size_t max_idle_connections = 4,
                               RetrySummarySettings retry_summary = {});

  core::Result<void> ping() override;
  // Lengths (LLEN, SCARD, ZCARD) and the oldest event (LINDEX at the consuming end) in one
  // script; the retry statistics as RetrySummary gives them.
  core::Result<core::QueueCounts> counts(core::Timestamp now) override;
  core::Result<std::vector<core::EventView>> list_page(core::EventLocation location,
                                                       core::Page page) override;
  // Searched in the queue, the delayed set, the market-closed set, the dead letters, then the
  // processing lists.
  core::Result<std::optional<core::EventView>> find(std::string_view event_id) override;
  // From the queue (its dedup key is dropped too), the delayed set, the market-closed set or the
  // dead letters. A parked event does not hold its dedup key (it was dropped when it left
  // processing), so a removal from the delayed sets leaves active_events_set alone: a newer
  // event of the same account and command keeps its key. A removed dead letter releases a key
  // left behind (older versions leaked some) unless a copy in the queue or a processing list
  // needs it. In-flight events are not removable.
  core::Result<bool> remove(std::string_view event_id) override;
  // kInvalidInput when account_id or exec_command is empty or data_json is not a JSON object.
  core::Result<core::EnqueueResult> enqueue(std::string_view account_id,
                                            std::string_view exec_command,
                                            std::string_view data_json,
                                            core::Timestamp now) override;
  // From the dead letters, the delayed set or the market-closed set to the back of the queue
  // (LPUSH, as the broker does), with its dedup key; the payload goes back as it was stored.
  core::Result<bool> retry_now(std::string_view event_id) override;
  core::Result<std::vector<std::string>> history_page(core::Page page) override;
  core::Result<void> set_paused(bool paused) override;
  core::Result<bool> paused() override;

  // The summary the retry statistics of a large backlog come from: its passes can be awaited.
  const RetrySummary& retry_summary() const { return retry_summary_; }

 private:
  ConnectionPool pool_;
  RetrySummary retry_summary_;  // after pool_: it borrows connections from it
};

}  // namespace ep::redis_queue
