#include "app/service_parts.hpp"

#include <string>
#include <utility>

#include "app/wiring.hpp"

namespace ep::app {
namespace {

redis_queue::QueueSettings redacting_queue_settings(
    const config::Config& config, std::shared_ptr<const core::SecretRedactor> redactor) {
  auto settings = queue_settings(config);
  settings.redactor = std::move(redactor);
  return settings;
}

std::shared_ptr<redis_queue::GatewayMessageBudget> shared_budget(const config::Config& config,
                                                                 const WorkerIdentity& identity) {
  if (config.pacing.mode != config::PacingMode::kShared) return nullptr;
  return std::make_shared<redis_queue::GatewayMessageBudget>(
      budget_redis_options(config), gateway_budget_settings(config, identity.worker_id));
}

tws_client::ClientConfig client_of(const config::Config& config, const WorkerIdentity& identity,
                                   std::shared_ptr<core::MessageBudget> budget) {
  auto client = client_config(config);
  client.client_id = identity.client_id;
  client.message_budget = std::move(budget);
  return client;
}

monitor_http::ApiSettings redacting_api_settings(
    const config::Config& config, std::shared_ptr<const core::SecretRedactor> redactor) {
  auto settings = api_settings(config);
  settings.redactor = std::move(redactor);
  return settings;
}

}  // namespace

ServiceParts::ServiceParts(const config::Config& config_in, const WorkerIdentity& identity,
                           std::shared_ptr<const core::SecretRedactor> redactor,
                           core::AllocationSource& allocations, const core::Clock& clock,
                           const redis_queue::RedisOptions& redis,
                           monitor_http::Metrics& metrics_in, notify::WebhookNotifier* notifier)
    : config(config_in),
      queue(redis, identity.worker_id, redacting_queue_settings(config, redactor)),
      // redis.max_connections bounds the idle connections the API's threads keep between
      // requests.
      inspector(redis, static_cast<std::size_t>(config.redis.max_connections)),
      message_budget(shared_budget(config, identity)),
      broker(client_of(config, identity, message_budget)),
      metrics(metrics_in),
      alerts(alert_policy_options(config), notifier, metrics, clock),
      observed_queue(queue, metrics, &alerts),
      observed_allocations(allocations, metrics),
      processor(observed_queue, broker, observed_allocations, clock, processor_settings(config)),
      api(
          inspector, [this] { return live_status(); }, metrics,
          redacting_api_settings(config, std::move(redactor))) {}

monitor_http::LiveStatus ServiceParts::live_status() const {
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
}

}  // namespace ep::app
