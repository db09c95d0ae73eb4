// RedisEventQueue: core::EventQueue over Redis with the keys of keys.hpp. next() takes the
// oldest event this worker may run with one Lua script (lease_scripts.hpp): it checks the pause
// flag, skips events of accounts leased by another worker, moves the event into this worker's
// processing list and leases its account, all in one atomic step. When the queue is empty it
// waits on the server (BLMOVE of the queue onto itself, which moves nothing) and then runs the
// same script, so a pause set while it waited is still honoured. Each outcome is one Lua script
// (leave processing, drop the dedup key, land in the target, append to the history, release
// the lease). At its first contact with Redis the worker registers itself and puts back to the
// queue whatever its own processing list still holds from an earlier life of the same worker
// id (nothing of it is in flight yet), and again after a take failed (its reply may be lost);
// so next() must only be called while no event of this queue awaits its outcome (the
// processor runs one event at a time). next() waits at most half the liveness TTL (it refreshes
// the liveness key each call), so an idle worker never looks dead. An outcome whose event is no
// longer in the processing list is still recorded (Redis may have lost its data); if the event
// was put back in the queue meanwhile, that copy is taken out so it does not run twice.
// Requeued payloads are edited as text: every other byte stays as it was. docs/queue.md has
// the lease design.
//
// Redis outages (docs/queue.md "Fenced claims"): each take gives the worker a claim on the
// event; every outcome script and the fence before orders check it, so once another worker has
// recovered the event, this one's outcome is a no-op (kClaimLost) and its orders are refused.
// Each outcome is written at most once per claim, however often it is resent. Other workers'
// lists are recovered only after Redis has answered this worker without a failure for the
// recovery grace (longer than a heartbeat), so the live workers re-assert their liveness keys
// after an outage that expired them all before anyone judges them dead.
//
// Threads: the EventQueue calls come from the processor thread (they are serialised by a mutex
// anyway). heartbeat() has its own connection and may be called from any thread, also while
// next() blocks or an event runs: call it every few seconds (well within the liveness TTL)
// from a timer thread so that a long rebalance keeps its liveness key and its account lease.
// Nothing throws; Redis trouble is kUnavailable.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/event_queue.hpp"
#include "core/secret_redactor.hpp"
#include "redis_queue/redis_connection.hpp"
#include "redis_queue/redis_options.hpp"

namespace ep::redis_queue {

struct QueueSettings {
  std::chrono::seconds retry_delay{60};   // processing.retry_delay_seconds
  std::chrono::seconds liveness_ttl{15};  // TTL of rebalance_worker:<id> and of account leases
  std::int64_t promote_batch = 100;       // members per promote script run
  std::int64_t take_scan = 200;           // queued events one take looks at
  // Longest wait of next() on a lease release when only busy accounts' events are queued: how
  // late a new event of a free account may be noticed meanwhile (nothing signals its arrival).
  std::chrono::milliseconds busy_wait{100};
  // How long Redis must have answered this worker without a failure before it recovers other
  // workers' processing lists: longer than a heartbeat period, so that after an outage every
  // live worker has re-asserted its liveness key first.
  std::chrono::milliseconds recovery_grace{10000};
  // Masks secrets in the error texts and results of outcome, retry and dead-letter records.
  std::shared_ptr<const core::SecretRedactor> redactor{};
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
  core::Result<void> confirm_lease(const std::string& account_id) override;

  const std::string& worker_id() const { return worker_id_; }

 private:
  struct Landing {
    std::string mode;  // "zadd", "lpush" or "none"
    std::string target;
    std::string score;
    std::string member;
  };

  // The claim on the event this worker took last and its account's lease (empty value: none
  // yet; empty key: no lease held, because the event names no account or its outcome is
  // written). Both hold the same value.
  struct Lease {
    std::string payload;
    std::string key;
    std::string value;
  };
  enum class TakeStatus { kTaken, kPaused, kEmpty, kBusy };
  struct Take {
    TakeStatus status = TakeStatus::kEmpty;
    std::optional<core::QueuedEvent> event;
  };

  core::Result<void> ensure_registered();  // with mutex_ held
  core::Result<Take> take();               // with mutex_ held
  Lease current_lease() const;
  // The outcome as it will be stored: error texts and result with every secret masked. The
  // single place where outcome text leaves for Redis (history, retry payloads, dead letters).
  core::OutcomeRecord redacted(const core::OutcomeRecord& outcome) const;
  core::Result<void> record_outcome(const core::QueuedEvent& event,
                                    const core::OutcomeRecord& outcome, core::OutcomeStatus status,
                                    const Landing& landing);
  core::Result<void> beat(RedisConnection& connection);
  // Notes whether Redis answered (a transient error reply counts as not answering: an OOM or
  // LOADING Redis refused the heartbeats of every worker too); returns `result` unchanged.
  template <class T>
  core::Result<T> noted(core::Result<T> result);
  // True once Redis has answered without a failure for the recovery grace.
  bool reachable_for_grace() const;

  std::string worker_id_;
  QueueSettings settings_;
  std::string processing_key_;
  std::string liveness_key_;
  std::string claim_key_;

  std::mutex mutex_;  // guards connection_ and registered_
  RedisConnection connection_;
  bool registered_ = false;

  std::mutex heartbeat_mutex_;
  RedisConnection heartbeat_connection_;

  mutable std::mutex lease_mutex_;  // guards lease_ (read by heartbeat() on its thread)
  Lease lease_;

  mutable std::mutex reachable_mutex_;  // guards reachable_since_ (both connections' threads)
  std::optional<std::chrono::steady_clock::time_point> reachable_since_;
};

}  // namespace ep::redis_queue
