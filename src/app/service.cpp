#include "app/service.hpp"

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stop_token>
#include <thread>

#include "app/build_version.hpp"
#include "app/service_parts.hpp"
#include "app/service_start.hpp"
#include "app/signals.hpp"
#include "app/supervisor.hpp"
#include "app/wiring.hpp"
#include "app/worker_slots.hpp"
#include "core/clock.hpp"
#include "logging/log.hpp"

namespace ep::app {
namespace {

using namespace std::chrono_literals;

// How long SIGTERM lets the in-flight event finish before it is left in the processing list
// (orphan recovery puts it back in the queue when this worker's liveness key expires).
constexpr auto kShutdownGrace = 30s;

// Runs the processor on its own thread until `stop` is requested, then gives the in-flight
// event kShutdownGrace to finish; past it the process ends at once and the event stays in this
// worker's processing list, where orphan recovery re-queues it.
void process_until_stopped(processor::Processor& processor, std::stop_source& stop) {
  std::promise<void> finished;
  auto done = finished.get_future();
  std::thread worker([&, token = stop.get_token()] {
    processor.run(token);
    finished.set_value();
  });
  {
    std::mutex m;
    std::unique_lock lock(m);
    std::condition_variable_any cv;
    cv.wait(lock, stop.get_token(), [] { return false; });
  }
  if (done.wait_for(kShutdownGrace) != std::future_status::ready) {
    const auto status = processor.status();
    log::warn("shutdown grace over: leaving the in-flight event for recovery",
              {{"event_id", status.current ? status.current->event_id : ""}});
    spdlog::default_logger_raw()->flush();
    std::_Exit(0);
  }
  worker.join();
}

// The webhook sender when NOTIFY_WEBHOOK_URL is set (null when it is not), started; false when
// its settings are refused (the message names the rule the URL breaks, never the URL).
bool start_notifier(const config::Config& config,
                    std::shared_ptr<const core::SecretRedactor> redactor,
                    monitor_http::Metrics& metrics,
                    std::unique_ptr<notify::WebhookNotifier>& notifier) {
  if (!config.notify.webhook_url) return true;
  auto webhook = webhook_options(config);
  webhook.redactor = std::move(redactor);
  webhook.on_result = [&metrics](notify::NotificationKind kind, std::string_view result) {
    metrics.notification(notify::to_string(kind), result);
  };
  auto created = notify::WebhookNotifier::create(std::move(webhook));
  if (!created) {
    log::error("invalid notification settings",
               {{"error", "NOTIFY_WEBHOOK_URL: " + created.error().message}});
    return false;
  }
  notifier = std::move(created).value();
  notifier->start();
  log::info("notifications enabled",
            {{"destination", notifier->destination()},
             {"format", config.notify.format},
             {"retry_threshold", config.notify.retry_threshold},
             {"gateway_down_minutes", config::gateway_down_minutes(config.notify)}});
  return true;
}

// Where the queue, the inspector and the identity connect; every connection reports a queue
// move no replica confirmed in time (README "Redis Sentinel").
redis_queue::RedisOptions observed_redis_options(const config::Config& config,
                                                 monitor_http::Metrics& metrics) {
  auto redis = redis_options(config);
  redis.on_unreplicated = [&metrics](const redis_queue::Unreplicated& move) {
    metrics.redis_unreplicated_move();
    log::warn(
        "redis: a queue move was not confirmed by a replica in time (a failover now could lose "
        "it)",
        {{"move", move.command},
         {"replicas_wanted", move.wanted},
         {"replicas_confirmed", move.acknowledged}});
  };
  return redis;
}

}  // namespace

int run_service(const config::Config& config) {
  const auto redactor = start_logging(config);

  auto sources = allocation_options(config);
  sources.redactor = redactor;
  auto http_source = allocation_api::HttpAllocationSource::create(std::move(sources));
  if (!http_source) {
    log::error("invalid allocation API settings", {{"error", http_source.error().message}});
    return 2;
  }

  // Declared before the notifier, whose results it counts, so it outlives the notifier's thread.
  monitor_http::Metrics metrics;
  metrics.build_info(build_version(), config.service_version);
  std::unique_ptr<notify::WebhookNotifier> notifier;
  if (!start_notifier(config, redactor, metrics, notifier)) return 2;

  const core::SystemClock clock;
  std::stop_source stop;
  ShutdownSignals signals([&](int signal) {
    log::info("shutdown requested", {{"signal", signal}});
    stop.request_stop();
  });

  // A worker id and client id that survive a restart: the restarted process takes back its
  // processing list and can cancel the orders its previous life left working.
  const Holder self = this_process();
  const auto redis = observed_redis_options(config, metrics);
  redis_queue::RedisConnection identity_redis(redis);
  const auto identity = claim_identity(identity_redis, config, self, clock, stop.get_token());
  if (!identity) {
    log::info("stopped");
    return 0;
  }
  log::info("worker identity claimed",
            {{"worker_id", identity->worker_id},
             {"client_id", identity->client_id},
             {"client_id_from", identity->client_id_assigned ? "redis" : "IB_CLIENT_ID"},
             {"took_over_from", identity->took_over_from.value_or("")}});

  ServiceParts parts(config, *identity, redactor, **http_source, clock, redis, metrics,
                     notifier.get());
  if (auto started = parts.api.start(); !started) {
    log::error("cannot start the management API", {{"error", started.error().message}});
    return 1;
  }
  log::info("worker started", {{"worker_id", identity->worker_id},
                               {"pacing_mode", std::string(config::to_string(config.pacing.mode))},
                               {"messages_per_second", config.pacing.messages_per_second}});
  parts.broker.start();

  std::atomic<bool> identity_lost{false};
  std::thread supervisor(
      supervise, SupervisorTask{parts, identity_redis, *identity, self, heartbeat_period(config),
                                clock, stop, identity_lost});

  // Gate: no event is touched until the gateway's accounts match TRADING_MODE.
  const std::string_view mode = config::to_string(config.ibkr.trading_mode);
  if (await_trading_mode(parts.broker, parts.live, parts.alerts, mode, clock, stop.get_token())) {
    process_until_stopped(parts.processor, stop);
  }
  stop.request_stop();
  supervisor.join();
  parts.api.stop();
  parts.broker.stop();
  if (notifier) notifier->stop();
  log::info("stopped");
  return identity_lost ? 1 : 0;
}

}  // namespace ep::app
