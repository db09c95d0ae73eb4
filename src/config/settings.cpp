#include "config/settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>

#include "config/config_values.hpp"

namespace ep::config {
namespace {

using Setter = std::function<core::Result<void>(Config&, std::string_view)>;

// Parses the text with `parse` and stores `convert(value)` in the field `access` names; the
// parser's error, if any, is the setter's.
template <class Parse, class Access, class Convert = std::identity>
Setter parsed(Parse parse, Access access, Convert convert = {}) {
  return [=](Config& config, std::string_view text) -> core::Result<void> {
    auto value = parse(text);
    if (!value) return value.error();
    access(config) = convert(*value);
    return core::success();
  };
}

auto integer_in(long long min, long long max) {
  return [=](std::string_view text) { return parse_integer(text, min, max); };
}

auto number_in(double min, double max) {
  return [=](std::string_view text) { return parse_number(text, min, max); };
}

template <class Access>
Setter integer(Access access, long long min, long long max) {
  return parsed(integer_in(min, max), access,
                [](long long value) { return static_cast<int>(value); });
}

// A duration written as a whole number of the key's documented unit (Duration's), range-checked
// in that unit, so the messages name the same numbers as the documentation.
template <class Duration, class Access>
Setter whole(Access access, long long min, long long max) {
  return parsed(integer_in(min, max), access, [](long long value) { return Duration{value}; });
}

template <class Access>
Setter seconds(Access access, long long min, long long max) {
  return whole<std::chrono::seconds>(access, min, max);
}

template <class Access>
Setter milliseconds(Access access, long long min, long long max) {
  return whole<std::chrono::milliseconds>(access, min, max);
}

// Minutes, fractions allowed, kept as whole milliseconds (the fraction of a millisecond cut).
template <class Access>
Setter minutes(Access access, double min, double max) {
  return parsed(number_in(min, max), access, [](double value) {
    return std::chrono::milliseconds{static_cast<std::int64_t>(value * 60'000.0)};
  });
}

template <class Access>
Setter number(Access access, double min, double max) {
  return parsed(number_in(min, max), access);
}

template <class Access>
Setter boolean(Access access) {
  return parsed(parse_boolean, access);
}

template <class Access>
Setter non_empty_text(Access access) {
  return [=](Config& config, std::string_view text) -> core::Result<void> {
    if (text.empty()) return core::invalid_input("must not be empty");
    access(config) = std::string(text);
    return core::success();
  };
}

Setter worker_name() {
  return [](Config& config, std::string_view text) -> core::Result<void> {
    // It becomes part of Redis keys (rebalance_processing:<worker>) and log lines.
    const bool ok =
        !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        });
    if (!ok) {
      return core::invalid_input(
          fmt::format("must be 1..64 characters of A-Z a-z 0-9 . _ -, got {}", quote_value(text)));
    }
    config.processing.worker_name = std::string(text);
    return core::success();
  };
}

Setter log_level() {
  return [](Config& config, std::string_view text) -> core::Result<void> {
    std::string upper = to_upper(text);
    if (upper == "WARN") upper = "WARNING";
    constexpr std::array kLevels{"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"};
    if (std::find(kLevels.begin(), kLevels.end(), upper) == kLevels.end()) {
      return core::invalid_input(fmt::format(
          "must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {}", quote_value(text)));
    }
    config.logging.level = upper;
    return core::success();
  };
}

Setter log_format() {
  return [](Config& config, std::string_view text) -> core::Result<void> {
    if (text != "json" && text != "text") {
      return core::invalid_input(fmt::format("must be json or text, got {}", quote_value(text)));
    }
    config.logging.format = std::string(text);
    return core::success();
  };
}

Setter time_in_force() {
  return parsed(
      [](std::string_view text) {
        return parse_either(text, Word{"DAY", TimeInForce::kDay}, Word{"GTC", TimeInForce::kGtc},
                            /*any_case=*/true);
      },
      [](Config& c) -> TimeInForce& { return c.orders.time_in_force; });
}

Setter pacing_mode() {
  return parsed(
      [](std::string_view text) {
        return parse_either(text, Word{"shared", PacingMode::kShared},
                            Word{"per_connection", PacingMode::kPerConnection}, /*any_case=*/false);
      },
      [](Config& c) -> PacingMode& { return c.pacing.mode; });
}

Setter order_type() {
  return parsed(
      [](std::string_view text) {
        return parse_either(text, Word{"MKT", core::OrderType::kMarket},
                            Word{"LMT", core::OrderType::kLimit}, /*any_case=*/true);
      },
      [](Config& c) -> core::OrderType& { return c.orders.order_type; });
}

Setter api_url() {
  return [](Config& config, std::string_view text) -> core::Result<void> {
    const bool scheme_ok = text.rfind("https://", 0) == 0 || text.rfind("http://", 0) == 0;
    const bool clean = std::none_of(text.begin(), text.end(), [](char c) {
      return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
    });
    if (!scheme_ok || !clean) {
      return core::invalid_input(fmt::format(
          "must be an https:// (or http://) URL without spaces, got {}", quote_value(text)));
    }
    // user:password@host would put a secret into logs: credentials belong in the API key.
    const std::string_view rest = text.substr(text.find("//") + 2);
    if (rest.substr(0, rest.find('/')).find('@') != std::string_view::npos) {
      return core::invalid_input("must not contain user info (user:password@)");
    }
    config.allocation.api_url = std::string(text);
    return core::success();
  };
}

Setter host_ports() {
  return [](Config& config, std::string_view text) -> core::Result<void> {
    auto parsed = parse_host_ports(text);
    if (!parsed) return parsed.error();
    config.redis.sentinels = std::move(*parsed);
    return core::success();
  };
}

Setter notify_format() {
  return [](Config& config, std::string_view text) -> core::Result<void> {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower != "json" && lower != "slack" && lower != "ntfy") {
      return core::invalid_input(
          fmt::format("must be json, slack or ntfy, got {}", quote_value(text)));
    }
    config.notify.format = lower;
    return core::success();
  };
}

constexpr long long kMaxPort = 65535;
constexpr long long kMaxInt = std::numeric_limits<int>::max();

std::vector<Setting> make_settings() {
  // clang-format off
  return {
    {"redis.host", "REDIS_HOST", non_empty_text([](Config& c) -> auto& { return c.redis.host; })},
    {"redis.port", "REDIS_PORT", integer([](Config& c) -> auto& { return c.redis.port; }, 1, kMaxPort)},
    {"redis.db", "REDIS_DB", integer([](Config& c) -> auto& { return c.redis.db; }, 0, 65535)},
    {"redis.max_connections", "", integer([](Config& c) -> auto& { return c.redis.max_connections; }, 1, 1000)},
    {"redis.username", "REDIS_USERNAME", non_empty_text([](Config& c) -> auto& { return c.redis.username; })},
    {"redis.sentinels", "REDIS_SENTINELS", host_ports()},
    {"redis.master_name", "REDIS_MASTER_NAME", non_empty_text([](Config& c) -> auto& { return c.redis.master_name; })},
    {"redis.wait_replicas", "REDIS_WAIT_REPLICAS", integer([](Config& c) -> auto& { return c.redis.wait_replicas; }, 0, 16)},
    {"redis.wait_timeout_ms", "REDIS_WAIT_TIMEOUT_MS", milliseconds([](Config& c) -> auto& { return c.redis.wait_timeout; }, 1, 60000)},
    {"ibkr.host", "IB_HOST", non_empty_text([](Config& c) -> auto& { return c.ibkr.host; })},
    {"ibkr.port", "IB_PORT", integer([](Config& c) -> auto& { return c.ibkr.port; }, 1, kMaxPort)},
    {"ibkr.client_id", "IB_CLIENT_ID", integer([](Config& c) -> auto& { return c.ibkr.client_id; }, 0, kMaxInt)},
    {"ibkr.connection_retry.max_retries", "", integer([](Config& c) -> auto& { return c.ibkr.connection_retry.max_retries; }, 0, 1000)},
    {"ibkr.connection_retry.delay", "", seconds([](Config& c) -> auto& { return c.ibkr.connection_retry.delay; }, 0, 3600)},
    {"ibkr.order_retry.max_retries", "", integer([](Config& c) -> auto& { return c.ibkr.order_retry.max_retries; }, 0, 100)},
    {"ibkr.order_retry.delay", "", seconds([](Config& c) -> auto& { return c.ibkr.order_retry.delay; }, 0, 3600)},
    {"ibkr.order_completion_timeout", "", seconds([](Config& c) -> auto& { return c.ibkr.order_completion_timeout; }, 1, 86400)},
    {"processing.queue_timeout", "", seconds([](Config& c) -> auto& { return c.processing.queue_timeout; }, 1, 3600)},
    {"processing.startup_max_attempts", "", integer([](Config& c) -> auto& { return c.processing.startup_max_attempts; }, 1, 1000000)},
    {"processing.startup_delay", "", seconds([](Config& c) -> auto& { return c.processing.startup_delay; }, 0, 3600)},
    {"processing.startup_initial_delay", "", seconds([](Config& c) -> auto& { return c.processing.startup_initial_delay; }, 0, 3600)},
    {"processing.retry_delay_seconds", "", seconds([](Config& c) -> auto& { return c.processing.retry_delay; }, 0, 7 * 86400)},
    {"processing.retry_check_interval", "", seconds([](Config& c) -> auto& { return c.processing.retry_check_interval; }, 1, 86400)},
    {"processing.worker_liveness_ttl", "", seconds([](Config& c) -> auto& { return c.processing.worker_liveness_ttl; }, 6, 3600)},
    {"processing.worker_name", "WORKER_NAME", worker_name()},
    {"allocation.api_url", "ALLOCATIONS_API_URL", api_url()},
    {"allocation.timeout", "ALLOCATIONS_API_TIMEOUT", seconds([](Config& c) -> auto& { return c.allocation.timeout; }, 1, 600)},
    {"allocation.ca_file", "ALLOCATIONS_API_CA_FILE", non_empty_text([](Config& c) -> auto& { return c.allocation.ca_file; })},
    {"logging.level", "LOG_LEVEL", log_level()},
    {"logging.format", "LOG_FORMAT", log_format()},
    {"orders.time_in_force", "TIME_IN_FORCE", time_in_force()},
    {"orders.extended_hours_enabled", "EXTENDED_HOURS_ENABLED", boolean([](Config& c) -> auto& { return c.orders.extended_hours_enabled; })},
    {"orders.order_type", "ORDER_TYPE", order_type()},
    {"orders.limit_collar_percent", "LIMIT_COLLAR_PERCENT", number([](Config& c) -> auto& { return c.orders.limit_collar_percent; }, 0, 10)},
    {"orders.limit_reprice_seconds", "LIMIT_REPRICE_SECONDS", seconds([](Config& c) -> auto& { return c.orders.limit_reprice; }, 1, 3600)},
    {"orders.limit_max_reprices", "LIMIT_MAX_REPRICES", integer([](Config& c) -> auto& { return c.orders.limit_max_reprices; }, 0, 20)},
    {"orders.limit_fallback_market", "LIMIT_FALLBACK_MARKET", boolean([](Config& c) -> auto& { return c.orders.limit_fallback_market; })},
    {"management_api.port", "MANAGEMENT_API_PORT", integer([](Config& c) -> auto& { return c.management_api.port; }, 1, kMaxPort)},
    {"management_api.bind", "MANAGEMENT_API_BIND", non_empty_text([](Config& c) -> auto& { return c.management_api.bind; })},
    {"pacing.messages_per_second", "PACING_MESSAGES_PER_SECOND", integer([](Config& c) -> auto& { return c.pacing.messages_per_second; }, 1, 1000)},
    {"pacing.mode", "PACING_MODE", pacing_mode()},
    {"safety.dry_run", "DRY_RUN", boolean([](Config& c) -> auto& { return c.safety.dry_run; })},
    {"safety.max_order_percent", "MAX_ORDER_PERCENT", number([](Config& c) -> auto& { return c.safety.max_order_percent; }, 0, 100)},
    {"safety.max_turnover_percent", "MAX_TURNOVER_PERCENT", number([](Config& c) -> auto& { return c.safety.max_turnover_percent; }, 0, 200)},
    {"planner.buy_what_fits", "PLANNER_BUY_WHAT_FITS", boolean([](Config& c) -> auto& { return c.planner.buy_what_fits; })},
    {"planner.min_trade_value", "PLANNER_MIN_TRADE_VALUE", number([](Config& c) -> auto& { return c.planner.min_trade_value; }, 0, 1e9)},
    {"planner.replacements_file", "REPLACEMENTS_FILE", non_empty_text([](Config& c) -> auto& { return c.replacements_file; })},
    {"planner.drift_band_percent", "PLANNER_DRIFT_BAND_PERCENT", number([](Config& c) -> auto& { return c.planner.drift_band_percent; }, 0, 100)},
    {"notifications.format", "NOTIFY_WEBHOOK_FORMAT", notify_format()},
    {"notifications.retry_threshold", "NOTIFY_RETRY_THRESHOLD", integer([](Config& c) -> auto& { return c.notify.retry_threshold; }, 0, 1000000)},
    {"notifications.gateway_down_minutes", "NOTIFY_GATEWAY_DOWN_MINUTES", minutes([](Config& c) -> auto& { return c.notify.gateway_down; }, 0.01, 10080)},
  };
  // clang-format on
}

}  // namespace

const std::vector<Setting>& settings() {
  static const std::vector<Setting> table = make_settings();
  return table;
}

const Setting* find_setting(std::string_view key) {
  const auto& table = settings();
  const auto it =
      std::find_if(table.begin(), table.end(), [&](const Setting& s) { return s.key == key; });
  return it == table.end() ? nullptr : &*it;
}

bool is_section(std::string_view key) {
  const auto& table = settings();
  return std::any_of(table.begin(), table.end(), [&](const Setting& s) {
    return s.key.size() > key.size() && s.key.substr(0, key.size()) == key &&
           s.key[key.size()] == '.';
  });
}

bool is_legacy_key(std::string_view key) {
  return key == "ibkr.gateway_or_tws" || key == "processing.max_retry_days" ||
         key == "logging.retention_days";
}

std::optional<std::string_view> ignored_key_reason(std::string_view key) {
  constexpr std::string_view kWaitsForever =
      "Redis and the gateway are waited for without end, with a capped backoff (a processor that "
      "gave up would stop trading)";
  constexpr std::string_view kNoBlindRetry =
      "an order is never re-sent blindly: an order whose outcome is unknown is reconciled from the "
      "broker's open orders and executions, and a failed event is retried as a whole later";
  if (key.starts_with("ibkr.connection_retry.") || key.starts_with("processing.startup_")) {
    return kWaitsForever;
  }
  if (key.starts_with("ibkr.order_retry.")) return kNoBlindRetry;
  if (key == "processing.queue_timeout") {
    return "one blocking pop of the queue waits 1 s, so a stop request is seen within a second";
  }
  return std::nullopt;
}

std::optional<std::string_view> secret_variable_for(std::string_view key) {
  if (key == "allocation.api_key") return "ALLOCATIONS_API_KEY";
  if (key == "management_api.token") return "MANAGEMENT_API_TOKEN";
  if (key == "redis.password") return "REDIS_PASSWORD";
  if (key == "redis.sentinel_password") return "REDIS_SENTINEL_PASSWORD";
  if (key == "notifications.webhook_url") return "NOTIFY_WEBHOOK_URL";
  return std::nullopt;
}

}  // namespace ep::config
