// The supervisor thread of `event-processor run`: this worker's Redis liveness heartbeat and slot
// renewal (also while an event runs, so no other worker takes its processing list for an
// orphan's), readiness, and the gateway gauges. While Redis does not answer it asks every
// kRedisProbeEvery, and the first answer ends the processor's backoff (docs/queue.md). Runs on
// its own thread until `stop` is requested; requests the stop itself when another process took
// this worker id.
#pragma once

#include <atomic>
#include <chrono>
#include <stop_token>

#include "app/service_parts.hpp"
#include "app/worker_identity.hpp"
#include "app/worker_slots.hpp"
#include "core/clock.hpp"
#include "redis_queue/redis_connection.hpp"

namespace ep::app {

struct SupervisorTask {
  ServiceParts& parts;
  redis_queue::RedisConnection& identity_redis;  // used by this thread only once running
  const WorkerIdentity& identity;
  const Holder& self;
  std::chrono::milliseconds heartbeat_every;
  const core::Clock& clock;
  std::stop_source stop;  // requested when the worker id was taken over
  std::atomic<bool>& identity_lost;
};

void supervise(SupervisorTask task);

}  // namespace ep::app
