// redacted_summary: every setting for the startup log and the management API; secrets shown
// only as "***" (set) or null (not set).
#include <chrono>

#include "config/config.hpp"

namespace ep::config {
namespace {

nlohmann::json secret(const std::optional<std::string>& value) {
  return value ? nlohmann::json("***") : nlohmann::json(nullptr);
}

template <class T>
nlohmann::json optional_value(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json sentinels(const std::vector<HostPort>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& sentinel : list)
    out.push_back(sentinel.host + ":" + std::to_string(sentinel.port));
  return out;
}

nlohmann::json retry(const RetryPolicy& policy) {
  return {{"max_retries", policy.max_retries}, {"delay", policy.delay.count()}};
}

}  // namespace

double gateway_down_minutes(const NotifyConfig& notify) {
  return std::chrono::duration<double, std::ratio<60>>(notify.gateway_down).count();
}

nlohmann::json redacted_summary(const Config& c) {
  return {
      {"service_version", c.service_version},
      {"config_file", optional_value(c.config_file)},
      {"redis",
       {{"host", c.redis.host},
        {"port", c.redis.port},
        {"db", c.redis.db},
        {"max_connections", c.redis.max_connections},
        {"username", optional_value(c.redis.username)},
        {"password", secret(c.redis.password)},
        {"sentinels", sentinels(c.redis.sentinels)},
        {"master_name", c.redis.master_name},
        {"sentinel_password", secret(c.redis.sentinel_password)},
        {"wait_replicas", optional_value(c.redis.wait_replicas)},
        {"wait_timeout_ms", c.redis.wait_timeout.count()}}},
      {"ibkr",
       {{"host", c.ibkr.host},
        {"port", c.ibkr.port},
        {"trading_mode", std::string(to_string(c.ibkr.trading_mode))},
        {"client_id", optional_value(c.ibkr.client_id)},
        {"connection_retry", retry(c.ibkr.connection_retry)},
        {"order_retry", retry(c.ibkr.order_retry)},
        {"order_completion_timeout", c.ibkr.order_completion_timeout.count()}}},
      {"processing",
       {{"queue_timeout", c.processing.queue_timeout.count()},
        {"startup_max_attempts", c.processing.startup_max_attempts},
        {"startup_delay", c.processing.startup_delay.count()},
        {"startup_initial_delay", c.processing.startup_initial_delay.count()},
        {"retry_delay_seconds", c.processing.retry_delay.count()},
        {"retry_check_interval", c.processing.retry_check_interval.count()},
        {"worker_liveness_ttl", c.processing.worker_liveness_ttl.count()},
        {"worker_name", optional_value(c.processing.worker_name)}}},
      {"allocation",
       {{"api_url", c.allocation.api_url},
        {"timeout", c.allocation.timeout.count()},
        {"api_key", c.allocation.api_key.empty() ? nlohmann::json(nullptr) : nlohmann::json("***")},
        {"ca_file", optional_value(c.allocation.ca_file)}}},
      {"logging", {{"level", c.logging.level}, {"format", c.logging.format}}},
      {"orders",
       {{"time_in_force", std::string(to_string(c.orders.time_in_force))},
        {"extended_hours_enabled", c.orders.extended_hours_enabled},
        {"order_type", std::string(core::to_string(c.orders.order_type))},
        {"limit_collar_percent", c.orders.limit_collar_percent},
        {"limit_reprice_seconds", c.orders.limit_reprice.count()},
        {"limit_max_reprices", c.orders.limit_max_reprices},
        {"limit_fallback_market", c.orders.limit_fallback_market}}},
      {"management_api",
       {{"port", c.management_api.port},
        {"bind", c.management_api.bind},
        {"token", secret(c.management_api.token)}}},
      {"pacing",
       {{"messages_per_second", c.pacing.messages_per_second},
        {"mode", std::string(to_string(c.pacing.mode))}}},
      {"safety",
       {{"dry_run", c.safety.dry_run},
        {"max_order_percent", c.safety.max_order_percent},
        {"max_turnover_percent", c.safety.max_turnover_percent}}},
      {"planner",
       {{"buy_what_fits", c.planner.buy_what_fits},
        {"min_trade_value", c.planner.min_trade_value},
        {"drift_band_percent", c.planner.drift_band_percent},
        {"replacements_file", optional_value(c.replacements_file)},
        {"replacements", c.replacements.size()}}},
      {"notifications",
       {{"webhook_url", secret(c.notify.webhook_url)},
        {"format", c.notify.format},
        {"retry_threshold", c.notify.retry_threshold},
        {"gateway_down_minutes", gateway_down_minutes(c.notify)}}},
      {"notices", c.notices},
  };
}

}  // namespace ep::config
