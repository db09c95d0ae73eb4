#include "app/service.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stop_token>
#include <thread>

#include "app/alerts.hpp"
#include "app/build_version.hpp"
#include "app/live_state.hpp"
#include "app/observed_ports.hpp"
#include "app/signals.hpp"
#include "app/wiring.hpp"
#include "app/worker_slots.hpp"
#include "core/backoff.hpp"
#include "core/clock.hpp"
#include "logging/log.hpp"
#include "logging/redaction.hpp"
#include "monitor_http/management_api.hpp"
#include "processor/guards.hpp"
#include "processor/processor.hpp"
#include "redis_queue/redis_queue_inspector.hpp"
#include "tws_client/tws_broker.hpp"

namespace ep::app {
namespace {

using namespace std::chrono_literals;

// How long SIGTERM lets the in-flight event finish before it is left in the processing list
// (orphan recovery puts it back in the queue when this worker's liveness key expires).
constexpr auto kShutdownGrace = 30s;
// While Redis does not answer, the supervisor asks again this often (instead of once a
// heartbeat period): the liveness key is re-asserted, readiness reported and the processor's
// backoff ended within a fraction of a second of Redis answering again (docs/queue.md).
constexpr auto kRedisProbeEvery = 250ms;
constexpr auto kModeCheckEvery = 10s;

// Waits on the shared condition until `period` passed or a stop was requested.
class Ticker {
 public:
  explicit Ticker(std::stop_token stop) : stop_(std::move(stop)) {}
  bool wait(std::chrono::milliseconds period) {  // false once stopping
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, stop_, period, [] { return false; });
    return !stop_.stop_requested();
  }

 private:
  std::stop_token stop_;
  std::mutex mutex_;
  std::condition_variable_any cv_;
};

// Claims this worker's slot and client id (worker_slots.hpp), waiting for Redis with capped
// backoff like every other start-up dependency; nullopt once a stop was requested.
std::optional<WorkerIdentity> claim_identity(redis_queue::RedisConnection& redis,
                                             const config::Config& config, const Holder& self,
                                             std::stop_token stop) {
  Ticker ticker(std::move(stop));
  const std::string name = worker_name(config);
  std::string last_error;
  core::Backoff backoff(500ms, 10s);
  for (;;) {
    auto identity =
        claim_worker_identity(redis, name, self, process_start_time, config.ibkr.client_id);
    if (identity) return *identity;
    if (identity.error().message != last_error) {
      log::warn("waiting to claim the worker id",
                {{"worker_name", name}, {"error", identity.error().message}});
      last_error = identity.error().message;
    }
    if (!ticker.wait(backoff.next_delay())) return std::nullopt;
  }
}

}  // namespace

int run_service(const config::Config& config) {
  // Before the first line is logged: every line, record and answer is redacted with it.
  const auto redactor = secret_redactor(config);
  log::set_redactor(redactor);
  log::info("starting", {{"service_version", config.service_version},
                         {"config", config::redacted_summary(config)}});
  for (const auto& notice : config.notices) log::warn(notice);

  auto sources = allocation_options(config);
  sources.redactor = redactor;
  auto http_source = allocation_api::HttpAllocationSource::create(std::move(sources));
  if (!http_source) {
    log::error("invalid allocation API settings", {{"error", http_source.error().message}});
    return 2;
  }

  // Declared before the notifier, whose results it counts, so it outlives the notifier's thread.
  monitor_http::Metrics metrics;
  std::unique_ptr<notify::WebhookNotifier> notifier;
  if (config.notify.webhook_url) {
    auto webhook = webhook_options(config);
    webhook.redactor = redactor;
    webhook.on_result = [&metrics](notify::NotificationKind kind, std::string_view result) {
      metrics.notification(notify::to_string(kind), result);
    };
    auto created = notify::WebhookNotifier::create(std::move(webhook));
    if (!created) {
      // The message names the rule the URL breaks, never the URL.
      log::error("invalid notification settings",
                 {{"error", "NOTIFY_WEBHOOK_URL: " + created.error().message}});
      return 2;
    }
    notifier = std::move(created).value();
    notifier->start();
    log::info("notifications enabled",
              {{"destination", notifier->destination()},
               {"format", config.notify.format},
               {"retry_threshold", config.notify.retry_threshold},
               {"gateway_down_minutes", config.notify.gateway_down_minutes}});
  }

  const core::SystemClock clock;
  std::stop_source stop;
  ShutdownSignals signals([&](int signal) {
    log::info("shutdown requested", {{"signal", signal}});
    stop.request_stop();
  });

  // A worker id and client id that survive a restart: the restarted process takes back its
  // processing list and can cancel the orders its previous life left working.
  metrics.build_info(build_version(), config.service_version);
  // Every connection (queue, heartbeat, API pool) reports a move no replica confirmed in time.
  auto redis = redis_options(config);
  redis.on_unreplicated = [&metrics](const redis_queue::Unreplicated& move) {
    metrics.redis_unreplicated_move();
    log::warn(
        "redis: a queue move was not confirmed by a replica in time (a failover now "
        "could lose it)",
        {{"move", move.command},
         {"replicas_wanted", move.wanted},
         {"replicas_confirmed", move.acknowledged}});
  };

  const Holder self = this_process();
  redis_queue::RedisConnection identity_redis(redis);
  const auto identity = claim_identity(identity_redis, config, self, stop.get_token());
  if (!identity) {
    log::info("stopped");
    return 0;
  }
  const std::string& worker_id = identity->worker_id;
  log::info("worker identity claimed",
            {{"worker_id", worker_id},
             {"client_id", identity->client_id},
             {"client_id_from", identity->client_id_assigned ? "redis" : "IB_CLIENT_ID"},
             {"took_over_from", identity->took_over_from.value_or("")}});
  std::atomic<bool> identity_lost{false};

  auto queue_config = queue_settings(config);
  queue_config.redactor = redactor;
  redis_queue::RedisEventQueue queue(redis, worker_id, std::move(queue_config));
  // redis.max_connections bounds the idle connections the API's threads keep between requests.
  redis_queue::RedisQueueInspector inspector(
      redis, static_cast<std::size_t>(config.redis.max_connections));
  auto client = client_config(config);
  client.client_id = identity->client_id;
  std::shared_ptr<redis_queue::GatewayMessageBudget> message_budget;
  if (config.pacing.mode == config::PacingMode::kShared) {
    message_budget = std::make_shared<redis_queue::GatewayMessageBudget>(
        budget_redis_options(config), gateway_budget_settings(config, worker_id));
    client.message_budget = message_budget;
  }
  tws_client::TwsBroker broker(client);
  Alerts alerts(alert_policy_options(config), notifier.get(), metrics, clock);
  ObservedQueue observed_queue(queue, metrics, &alerts);
  ObservedAllocations observed_allocations(**http_source, metrics);
  processor::Processor processor(observed_queue, broker, observed_allocations, clock,
                                 processor_settings(config));
  LiveState live;

  auto live_status = [&] {
    monitor_http::LiveStatus status;
    const auto processor_status = processor.status();
    const auto gateway = broker.status();
    status.processor = with_broker_wait(processor::to_json(processor_status), gateway);
    status.gateway = to_json(gateway, broker.client_id());
    status.gateway["trading_mode"] = std::string(config::to_string(config.ibkr.trading_mode));
    status.gateway["pacing_mode"] = std::string(config::to_string(config.pacing.mode));
    // Redis round trips of the shared budget (bench/throughput.py reports them per message).
    if (message_budget) status.gateway["message_budget_calls"] = message_budget->calls();
    status.redis_ok = live.redis_ok();
    status.gateway_connected = gateway.state == core::BrokerStatus::State::kConnected;
    status.trading_mode_ok = live.trading_mode_ok();
    status.trading_mode_error = live.trading_mode_error();
    status.paused = processor_status.state == processor::ProcessorState::kPaused;
    status.service_version = config.service_version;
    return status;
  };
  auto api_config = api_settings(config);
  api_config.redactor = redactor;
  monitor_http::ManagementApi api(inspector, live_status, metrics, std::move(api_config));
  if (auto started = api.start(); !started) {
    log::error("cannot start the management API", {{"error", started.error().message}});
    return 1;
  }
  log::info("worker started", {{"worker_id", worker_id},
                               {"pacing_mode", std::string(config::to_string(config.pacing.mode))},
                               {"messages_per_second", config.pacing.messages_per_second}});
  broker.start();

  // Supervisor: Redis liveness heartbeat (also while an event runs, so no other worker takes
  // this worker's processing list for an orphan's) and the gateway gauges. While Redis does not
  // answer it probes every kRedisProbeEvery, and the first answer wakes the processor.
  const auto heartbeat_every = heartbeat_period(config);
  std::thread supervisor([&, token = stop.get_token()] {
    Ticker ticker(token);
    bool last_ok = true;
    bool ok = true;
    do {
      ok = queue.heartbeat().ok();
      live.set_redis_ok(ok);
      if (ok && !last_ok) processor.redis_reachable();
      if (ok) {
        auto renewed = renew_worker_slot(identity_redis, *identity, self);
        if (renewed && *renewed == RenewOutcome::kTakenOver) {
          // Another process runs as this worker id (its TTL ran out while Redis was away):
          // two processes must never share a processing list or a client id.
          log::error("another process took this worker id: stopping", {{"worker_id", worker_id}});
          identity_lost = true;
          stop.request_stop();
        }
      }
      if (ok != last_ok) log::info(ok ? "redis reachable again" : "redis unreachable");
      last_ok = ok;
      const auto gateway = broker.status();
      metrics.gateway(gateway.state == core::BrokerStatus::State::kConnected,
                      static_cast<std::uint64_t>(gateway.reconnects),
                      static_cast<std::uint64_t>(gateway.pacing_waits));
      alerts.gateway(gateway);
      alerts.tick();
    } while (
        ticker.wait(ok ? heartbeat_every
                       : std::chrono::duration_cast<std::chrono::milliseconds>(kRedisProbeEvery)));
  });

  // Gate: no event is touched until the gateway's accounts match TRADING_MODE (README
  // "Safety", trading mode).
  const std::string mode(config::to_string(config.ibkr.trading_mode));
  {
    Ticker ticker(stop.get_token());
    std::string last_error;
    while (!stop.stop_requested()) {
      auto accounts = broker.managed_accounts(clock.monotonic() + kModeCheckEvery);
      if (accounts) {
        auto verdict = processor::check_trading_mode(mode, *accounts);
        alerts.trading_mode(verdict.ok(), verdict ? "" : verdict.error().message);
        if (verdict) {
          live.set_trading_mode(true, "");
          log::info("gateway accounts match the trading mode",
                    {{"trading_mode", mode}, {"accounts", *accounts}});
          break;
        }
        live.set_trading_mode(false, verdict.error().message);
        if (verdict.error().message != last_error) {
          log::error("trading mode mismatch: no event will be processed",
                     {{"error", verdict.error().message}});
          last_error = verdict.error().message;
        }
        if (!ticker.wait(kModeCheckEvery)) break;
      } else {
        if (accounts.error().message != last_error) {
          log::warn("waiting for the gateway", {{"error", accounts.error().message}});
          last_error = accounts.error().message;
        }
        // The broker waits for a connection until the call's deadline; this pause only keeps
        // a broker that fails fast from turning the loop into a spin (backoff, not a sleep).
        if (!ticker.wait(1s)) break;
      }
    }
  }

  if (!stop.stop_requested()) {
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
      // The event stays in this worker's processing list; orphan recovery re-queues it.
      const auto status = processor.status();
      log::warn("shutdown grace over: leaving the in-flight event for recovery",
                {{"event_id", status.current ? status.current->event_id : ""}});
      spdlog::default_logger_raw()->flush();
      std::_Exit(0);
    }
    worker.join();
  }
  stop.request_stop();
  supervisor.join();
  api.stop();
  broker.stop();
  if (notifier) notifier->stop();
  log::info("stopped");
  return identity_lost ? 1 : 0;
}

}  // namespace ep::app
