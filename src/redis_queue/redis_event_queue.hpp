// RedisEventQueue: core::EventQueue over Redis with the keys of keys.hpp. next() moves the
// oldest event of rebalance_queue into this worker's processing list (BLMOVE RIGHT -> LEFT);
// each outcome is one Lua script (leave processing, drop the dedup key, land in the target,
// append to the history). At its first contact with Redis the worker registers itself and puts
// back to the queue whatever its own processing list still holds from an earlier life of the
// same worker id (nothing of it is in flight yet). next() waits at most half the liveness TTL
// (it refreshes the liveness key each call), so an idle worker never looks dead. An outcome
// whose event is no longer in the processing list is still recorded (Redis may have lost its
// data); if the event was put back in the queue meanwhile, that copy is taken out so it does
// not run twice. Requeued payloads are edited as text: every other byte stays as it was.
//
// Threads: the EventQueue calls come from the processor thread (they are serialised by a mutex
// anyway). heartbeat() has its own connection and may be called from any thread, also while
// next() blocks or an event runs: call it every few seconds from a timer thread so that a long
// rebalance keeps its liveness key. Nothing throws; Redis trouble is kUnavailable.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

#include "core/event_queue.hpp"
#include "redis_queue/redis_connection.hpp"
#include "redis_queue/redis_options.hpp"

namespace ep::redis_queue {

struct QueueSettings {
  std::int64_t retry_delay_seconds = 60;  // processing.retry_delay_seconds
  std::int64_t liveness_ttl_s = 15;       // TTL of rebalance_worker:<id>
  std::int64_t promote_batch = 100;       // members per promote script run
};

class RedisEventQueue final : public core::EventQueue {
 public:
  // worker_id must be unique among the running processors (e.g. hostname or a config value).
  RedisEventQueue(RedisOptions options, std::string worker_id, QueueSettings settings = {});

  core::Result<std::optional<core::QueuedEvent>> next(std::chrono::milliseconds wait) override;
  core::Result<void> finish(const core::QueuedEvent& event,
                            const core::OutcomeRecord& outcome) override;
  core::Result<void> retry_later(const core::QueuedEvent& event,
                                 const core::OutcomeRecord& outcome) override;
  core::Result<void> park_until(const core::QueuedEvent& event, core::Timestamp when,
                                const core::OutcomeRecord& outcome) override;
  core::Result<void> dead_letter(const core::QueuedEvent& event,
                                 const core::OutcomeRecord& outcome) override;
  core::Result<std::size_t> promote_due(core::Timestamp now) override;
  core::Result<std::size_t> recover_orphans() override;
  core::Result<void> heartbeat() override;
  core::Result<bool> paused() override;

  const std::string& worker_id() const { return worker_id_; }

 private:
  struct Landing {
    std::string mode;  // "zadd", "lpush" or "none"
    std::string target;
    std::string score;
    std::string member;
  };

  core::Result<void> ensure_registered();  // with mutex_ held
  core::Result<void> record_outcome(const core::QueuedEvent& event,
                                    const core::OutcomeRecord& outcome, std::string_view status,
                                    const Landing& landing);
  core::Result<void> beat(RedisConnection& connection);

  std::string worker_id_;
  QueueSettings settings_;
  std::string processing_key_;
  std::string liveness_key_;

  std::mutex mutex_;  // guards connection_ and registered_
  RedisConnection connection_;
  bool registered_ = false;

  std::mutex heartbeat_mutex_;
  RedisConnection heartbeat_connection_;
};

}  // namespace ep::redis_queue
