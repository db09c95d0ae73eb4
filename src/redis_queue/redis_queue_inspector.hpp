// RedisQueueInspector: core::QueueInspector over the keys of keys.hpp, for the management API.
// Reads see the compatible keys and ours; every change (remove, enqueue, retry now) is one Lua
// script, so it never races a processor into a lost or duplicated event. Safe to call from many
// HTTP threads at once: each call borrows a connection of a small pool. Nothing throws; Redis
// trouble is kUnavailable ("redis 127.0.0.1:6379: Connection refused").
#pragma once

#include <cstddef>

#include "core/queue_inspector.hpp"
#include "redis_queue/connection_pool.hpp"
#include "redis_queue/redis_options.hpp"

namespace ep::redis_queue {

class RedisQueueInspector final : public core::QueueInspector {
 public:
  explicit RedisQueueInspector(RedisOptions options, std::size_t max_idle_connections = 4);

  core::Result<void> ping() override;
  // Also computes the retry statistics over the queue and the delayed set (reads them whole).
  core::Result<core::QueueCounts> counts(core::Timestamp now) override;
  core::Result<std::vector<core::EventView>> list(core::EventLocation location,
                                                  std::size_t limit) override;
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
  core::Result<std::vector<std::string>> history(std::size_t limit) override;
  core::Result<void> set_paused(bool paused) override;
  core::Result<bool> paused() override;

 private:
  ConnectionPool pool_;
};

}  // namespace ep::redis_queue
