#include "app/wiring.hpp"

#include <algorithm>

#include "app/worker_identity.hpp"

namespace ep::app {
namespace {

constexpr std::size_t kMinWebhookPathSecret = 8;

}  // namespace

std::shared_ptr<const core::SecretRedactor> secret_redactor(const config::Config& config) {
  std::vector<std::string> secrets{config.allocation.api_key};
  if (config.redis.password) secrets.push_back(*config.redis.password);
  if (config.redis.sentinel_password) secrets.push_back(*config.redis.sentinel_password);
  if (config.management_api.token) secrets.push_back(*config.management_api.token);
  if (config.notify.webhook_url) {
    secrets.push_back(*config.notify.webhook_url);
    // The path and query alone are the credential of a Slack hook or an ntfy topic: an error
    // text quoting only them is masked too. A short one ("/", "/hook") is no secret and would
    // mask ordinary words.
    if (auto target = notify::parse_webhook_url(*config.notify.webhook_url);
        target && target->target.size() >= kMinWebhookPathSecret) {
      secrets.push_back(target->target);
    }
  }
  return std::make_shared<const core::SecretRedactor>(secrets);
}

redis_queue::RedisOptions redis_options(const config::Config& config) {
  redis_queue::RedisOptions options;
  options.host = config.redis.host;
  options.port = config.redis.port;
  options.db = config.redis.db;
  options.username = config.redis.username;
  options.password = config.redis.password;
  for (const auto& sentinel : config.redis.sentinels) {
    options.sentinels.push_back({sentinel.host, sentinel.port});
  }
  options.master_name = config.redis.master_name;
  options.sentinel_password = config.redis.sentinel_password;
  // With Sentinel a queue move counts once one replica has it (a failover loses none).
  options.wait_replicas = config.redis.wait_replicas.value_or(options.sentinels.empty() ? 0 : 1);
  options.wait_timeout = config.redis.wait_timeout;
  return options;
}

redis_queue::QueueSettings queue_settings(const config::Config& config) {
  redis_queue::QueueSettings settings;
  settings.retry_delay = config.processing.retry_delay;
  settings.liveness_ttl = config.processing.worker_liveness_ttl;
  // Two heartbeat periods: every live worker has re-asserted its liveness key after an outage
  // before this one judges anybody dead (docs/queue.md "Fenced claims").
  settings.recovery_grace = 2 * heartbeat_period(config);
  return settings;
}

std::chrono::milliseconds heartbeat_period(const config::Config& config) {
  return std::chrono::milliseconds{config.processing.worker_liveness_ttl} / 3;
}

tws_client::ClientConfig client_config(const config::Config& config) {
  tws_client::ClientConfig client;
  client.host = config.ibkr.host;
  client.port = static_cast<std::uint16_t>(config.ibkr.port);
  client.client_id = config.ibkr.client_id;
  client.messages_per_second = config.pacing.messages_per_second;
  return client;
}

redis_queue::GatewayBudgetSettings gateway_budget_settings(const config::Config& config,
                                                           const std::string& worker_id) {
  const auto client = client_config(config);
  redis_queue::GatewayBudgetSettings settings;
  settings.gateway = config.ibkr.host + ":" + std::to_string(config.ibkr.port);
  settings.messages_per_second = config.pacing.messages_per_second;
  settings.window = std::chrono::seconds{1} + client.pacing_guard + client.shared_slot_validity;
  settings.client = worker_id;
  return settings;
}

redis_queue::RedisOptions budget_redis_options(const config::Config& config) {
  auto options = redis_options(config);
  options.connect_timeout = std::chrono::milliseconds{250};
  options.command_timeout = std::chrono::milliseconds{250};
  return options;
}

allocation_api::AllocationApiOptions allocation_options(const config::Config& config) {
  allocation_api::AllocationApiOptions options;
  options.api_url = config.allocation.api_url;
  options.api_key = config.allocation.api_key;
  options.timeout = config.allocation.timeout;
  options.ca_file = config.allocation.ca_file;
  return options;
}

processor::Settings processor_settings(const config::Config& config) {
  processor::Settings settings;
  settings.retry_check_interval = config.processing.retry_check_interval;
  settings.orphan_check_interval = settings.retry_check_interval;
  // One blocking pop waits a second, so a stop request is seen within a second
  // (processing.queue_timeout is accepted for compatibility and ignored, config/settings.cpp).
  settings.queue_wait = std::chrono::seconds{1};
  settings.order_completion_timeout = config.ibkr.order_completion_timeout;
  settings.extended_hours = config.orders.extended_hours_enabled;
  settings.time_in_force = std::string(config::to_string(config.orders.time_in_force));
  settings.order_type = config.orders.order_type;
  settings.limit_collar_percent = config.orders.limit_collar_percent;
  settings.limit_reprice = config.orders.limit_reprice;
  settings.limit_max_reprices = config.orders.limit_max_reprices;
  settings.limit_fallback_market = config.orders.limit_fallback_market;
  settings.dry_run = config.safety.dry_run;
  settings.planner = config.planner;
  settings.replacements = config.replacements;
  settings.caps.max_order_percent = config.safety.max_order_percent;
  settings.caps.max_turnover_percent = config.safety.max_turnover_percent;
  return settings;
}

monitor_http::ApiSettings api_settings(const config::Config& config) {
  monitor_http::ApiSettings settings;
  settings.bind_address = config.management_api.bind;
  settings.port = config.management_api.port;
  settings.token = config.management_api.token.value_or("");
  settings.retry_delay = config.processing.retry_delay;
  settings.service_version = config.service_version;
  return settings;
}

notify::WebhookOptions webhook_options(const config::Config& config) {
  notify::WebhookOptions options;
  options.url = config.notify.webhook_url.value_or("");
  options.format =
      notify::parse_webhook_format(config.notify.format).value_or(notify::WebhookFormat::kJson);
  return options;
}

notify::AlertPolicyOptions alert_policy_options(const config::Config& config) {
  notify::AlertPolicyOptions options;
  options.retry_threshold = config.notify.retry_threshold;
  options.gateway_down_after = config.notify.gateway_down;
  return options;
}

std::string worker_name(const config::Config& config) {
  return config.processing.worker_name.value_or(worker_name_from_host(host_name()));
}

}  // namespace ep::app
