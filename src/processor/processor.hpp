// The event processor: takes one event at a time from the queue, runs its command over the
// broker and allocation ports, and gives the event exactly one queue action (finish, retry
// later, park until the market opens, dead letter) with an outcome record. Redis outages are
// ridden out with backoff without losing or re-running the in-flight event; a backoff wait ends
// early when the service sees Redis answer again (redis_reachable()). An outcome refused
// because another worker recovered the event (kClaimLost, docs/queue.md "Fenced claims") is
// logged and dropped, never retried.
//
// Every wait of the loop (backoff, pause poll, the pacing of outcome writes after a stop) and
// every time it reads goes through the Clock port, so its tests run on virtual time.
//
// Threads: run() and handle() on one processor thread; status() and redis_reachable() from any
// thread. The ports must outlive the Processor.
#pragma once

#include <mutex>
#include <stop_token>
#include <string>

#include "core/allocation_source.hpp"
#include "core/backoff.hpp"
#include "core/broker.hpp"
#include "core/clock.hpp"
#include "core/event_queue.hpp"
#include "processor/decision.hpp"
#include "processor/settings.hpp"
#include "processor/status.hpp"

namespace ep::processor {

class Processor {
 public:
  Processor(core::EventQueue& queue, core::Broker& broker, core::AllocationSource& allocations,
            const core::Clock& clock, Settings settings);

  // Parses the event, runs its command and maps the outcome to one queue action. Touches no
  // queue: the caller applies the decision.
  Decision handle(const core::QueuedEvent& event);

  // The loop: housekeeping (promote_due every retry_check_interval, recover_orphans at start
  // and every orphan_check_interval), the pause flag, next() -> handle() -> apply.
  // Returns soon after `stop` is requested (within queue_wait, or the shutdown grace when
  // the last outcome is still being written).
  void run(std::stop_token stop);

  ProcessorStatus status() const { return board_.snapshot(); }

  // Redis answers again (seen by the service's heartbeat): a backoff wait in progress, or the
  // next one, ends at once, so processing resumes without waiting out the backoff.
  void redis_reachable();

 private:
  Decision handle_unguarded(const core::QueuedEvent& event);
  core::Result<void> apply_once(const core::QueuedEvent& event, const Decision& decision);
  // Retries the same action until it succeeds; after a stop request, for the shutdown grace.
  void apply(const core::QueuedEvent& event, const Decision& decision, std::stop_token stop);
  // Due housekeeping; false (after noting the outage) when Redis failed.
  bool housekeeping();
  // The backoff after a Redis failure: up to the next backoff delay, ended early by a stop
  // request or redis_reachable().
  void back_off(std::stop_token stop);
  // Waits up to `delay` on the clock, ended early by a stop request or by redis_reachable()
  // (also one that came since the last such wait).
  void wait_for_redis(std::chrono::milliseconds delay, std::stop_token stop);
  void redis_failed(const core::Error& error);
  void redis_answered();

  core::EventQueue& queue_;
  core::Broker& broker_;
  core::AllocationSource& allocations_;
  const core::Clock& clock_;
  const Settings settings_;
  StatusBoard board_;
  core::Backoff backoff_;
  bool redis_ok_ = true;
  bool paused_ = false;
  std::optional<core::Deadline> next_promote_;
  std::optional<core::Deadline> next_orphan_check_;
  std::mutex wait_mutex_;
  bool redis_back_ = false;                 // guarded by wait_mutex_: set by redis_reachable()
  std::stop_source* redis_wait_ = nullptr;  // guarded by wait_mutex_: ends the current wait
};

}  // namespace ep::processor
