#include "app/wiring.hpp"

#include <algorithm>

#include "app/worker_identity.hpp"

namespace ep::app {

std::shared_ptr<const core::SecretRedactor> secret_redactor(const config::Config& config) {
  std::vector<std::string> secrets{config.allocation.api_key};
  if (config.redis.password) secrets.push_back(*config.redis.password);
  if (config.management_api.token) secrets.push_back(*config.management_api.token);
  return std::make_shared<const core::SecretRedactor>(secrets);
}

redis_queue::RedisOptions redis_options(const config::Config& config) {
  redis_queue::RedisOptions options;
  options.host = config.redis.host;
  options.port = config.redis.port;
  options.db = config.redis.db;
  options.password = config.redis.password;
  return options;
}

redis_queue::QueueSettings queue_settings(const config::Config& config) {
  redis_queue::QueueSettings settings;
  settings.retry_delay_seconds = config.processing.retry_delay_seconds;
  settings.liveness_ttl_s = config.processing.worker_liveness_ttl_seconds;
  // Two heartbeat periods: every live worker has re-asserted its liveness key after an outage
  // before this one judges anybody dead (docs/queue.md "Fenced claims").
  settings.recovery_grace_ms = 2 * heartbeat_period(config).count();
  return settings;
}

std::chrono::milliseconds heartbeat_period(const config::Config& config) {
  return std::chrono::milliseconds{config.processing.worker_liveness_ttl_seconds * 1000 / 3};
}

tws_client::ClientConfig client_config(const config::Config& config) {
  tws_client::ClientConfig client;
  client.host = config.ibkr.host;
  client.port = static_cast<std::uint16_t>(config.ibkr.port);
  client.client_id = config.ibkr.client_id;
  client.messages_per_second = config.pacing.messages_per_second;
  return client;
}

allocation_api::AllocationApiOptions allocation_options(const config::Config& config) {
  allocation_api::AllocationApiOptions options;
  options.api_url = config.allocation.api_url;
  options.api_key = config.allocation.api_key;
  options.timeout = std::chrono::seconds{config.allocation.timeout_seconds};
  options.ca_file = config.allocation.ca_file;
  return options;
}

processor::Settings processor_settings(const config::Config& config) {
  processor::Settings settings;
  settings.retry_check_interval =
      std::chrono::seconds{config.processing.retry_check_interval_seconds};
  settings.orphan_check_interval = settings.retry_check_interval;
  // One blocking pop waits a second, so a stop request is seen within a second
  // (processing.queue_timeout is accepted for compatibility and ignored, config/settings.cpp).
  settings.queue_wait = std::chrono::seconds{1};
  settings.order_completion_timeout =
      std::chrono::seconds{config.ibkr.order_completion_timeout_seconds};
  settings.extended_hours = config.orders.extended_hours_enabled;
  settings.time_in_force = std::string(config::to_string(config.orders.time_in_force));
  settings.order_type = config.orders.order_type;
  settings.limit_collar_percent = config.orders.limit_collar_percent;
  settings.limit_reprice = std::chrono::seconds{config.orders.limit_reprice_seconds};
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
  settings.retry_delay_seconds = config.processing.retry_delay_seconds;
  settings.service_version = config.service_version;
  return settings;
}

std::string worker_name(const config::Config& config) {
  return config.processing.worker_name.value_or(worker_name_from_host(host_name()));
}

}  // namespace ep::app
