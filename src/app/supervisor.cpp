#include "app/supervisor.hpp"

#include "logging/log.hpp"

namespace ep::app {
namespace {

using namespace std::chrono_literals;

// While Redis does not answer, the supervisor asks again this often (instead of once a
// heartbeat period): the liveness key is re-asserted, readiness reported and the processor's
// backoff ended within a fraction of a second of Redis answering again (docs/queue.md).
constexpr auto kRedisProbeEvery = 250ms;

}  // namespace

void supervise(SupervisorTask task) {
  ServiceParts& parts = task.parts;
  const std::stop_token token = task.stop.get_token();
  bool last_ok = true;
  bool ok = true;
  do {
    ok = parts.queue.heartbeat().ok();
    parts.live.set_redis_ok(ok);
    if (ok && !last_ok) parts.processor.redis_reachable();
    if (ok) {
      auto renewed = renew_worker_slot(task.identity_redis, task.identity, task.self);
      if (renewed && *renewed == RenewOutcome::kTakenOver) {
        // Another process runs as this worker id (its TTL ran out while Redis was away):
        // two processes must never share a processing list or a client id.
        log::error("another process took this worker id: stopping",
                   {{"worker_id", task.identity.worker_id}});
        task.identity_lost = true;
        task.stop.request_stop();
      }
    }
    if (ok != last_ok) log::info(ok ? "redis reachable again" : "redis unreachable");
    last_ok = ok;
    const auto gateway = parts.broker.status();
    parts.metrics.gateway(gateway.state == core::BrokerStatus::State::kConnected,
                          static_cast<std::uint64_t>(gateway.reconnects),
                          static_cast<std::uint64_t>(gateway.pacing_waits));
    parts.alerts.gateway(gateway);
    parts.alerts.tick();
  } while (task.clock.wait_until(
      task.clock.monotonic() +
          (ok ? task.heartbeat_every
              : std::chrono::duration_cast<std::chrono::milliseconds>(kRedisProbeEvery)),
      token));
}

}  // namespace ep::app
