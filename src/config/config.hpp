// The service's configuration: defaults < config.yaml < environment, validated once at start
// (README "Configuration", config/config.example.yaml). load_config is called by app before
// anything connects; the resulting Config is a plain value, passed by app to each adapter (no
// global lookups).
// Secrets (API key, tokens, passwords) live here but only redacted_summary may show the rest.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/broker.hpp"
#include "core/planner.hpp"
#include "core/replacements.hpp"
#include "core/result.hpp"

namespace ep::config {

inline constexpr std::string_view kDefaultAllocationApiUrl =
    "https://workers.fintech.zehnlabs.com/api/v1/strategies";
inline constexpr int kPaperPort = 4004;  // IB Gateway port of the paper account (docker image)
inline constexpr int kLivePort = 4003;

enum class TradingMode { kPaper, kLive };
enum class TimeInForce { kDay, kGtc };
std::string_view to_string(TradingMode mode);  // "paper" / "live"
std::string_view to_string(TimeInForce tif);   // "DAY" / "GTC"

struct RetryPolicy {
  int max_retries = 0;
  std::chrono::seconds delay{0};  // fixed delay between attempts
};

struct HostPort {
  std::string host;
  int port = 0;
};

struct RedisConfig {
  std::string host = "redis";
  int port = 6379;
  int db = 0;
  int max_connections = 10;
  std::optional<std::string> username;  // ACL user (REDIS_USERNAME); none: the default user
  std::optional<std::string> password;  // secret, REDIS_PASSWORD only
  // Sentinel (README "Redis Sentinel"): when set, host and port are not used; the master of
  // master_name is asked of these sentinels at every (re)connect.
  std::vector<HostPort> sentinels;
  std::string master_name = "mymaster";
  std::optional<std::string> sentinel_password;  // secret, REDIS_SENTINEL_PASSWORD only
  // Replicas that must confirm each queue move (WAIT); none: 1 with sentinels, else 0.
  std::optional<int> wait_replicas;
  std::chrono::milliseconds wait_timeout{1000};  // redis.wait_timeout_ms
};

struct IbkrConfig {
  std::string host = "ibkr";
  TradingMode trading_mode = TradingMode::kPaper;
  int port = kPaperPort;         // from the trading mode unless ibkr.port or IB_PORT says otherwise
  std::optional<int> client_id;  // none: the worker's stable id, persisted in Redis by app
  RetryPolicy connection_retry{3, std::chrono::seconds{5}};
  RetryPolicy order_retry{2, std::chrono::seconds{1}};
  std::chrono::seconds order_completion_timeout{60};
};

struct ProcessingConfig {
  std::chrono::seconds queue_timeout{30};
  int startup_max_attempts = 500;
  std::chrono::seconds startup_delay{10};
  std::chrono::seconds startup_initial_delay{30};
  std::chrono::seconds retry_delay{60};  // processing.retry_delay_seconds
  std::chrono::seconds retry_check_interval{60};
  // Ours: TTL of each worker's liveness key; the heartbeat runs every third of it and other
  // workers' lists are recovered only after Redis answered for two thirds (docs/queue.md).
  std::chrono::seconds worker_liveness_ttl{15};
  // Names this worker across restarts (its worker id and IB client id); none: the host name.
  std::optional<std::string> worker_name;
};

struct AllocationConfig {
  std::string api_url{kDefaultAllocationApiUrl};
  std::chrono::seconds timeout{30};
  std::string api_key;                 // secret, ALLOCATIONS_API_KEY only (required)
  std::optional<std::string> ca_file;  // PEM to trust instead of the system store (tests)
};

struct LoggingConfig {
  std::string level = "INFO";  // DEBUG, INFO, WARNING, ERROR, CRITICAL (upper case)
  std::string format = "json";
};

struct OrderConfig {
  TimeInForce time_in_force = TimeInForce::kDay;
  bool extended_hours_enabled = false;  // outsideRth, and trading hours instead of liquid hours
  // Marketable limit orders (README, "Limit orders"); MKT stays the default.
  core::OrderType order_type = core::OrderType::kMarket;
  double limit_collar_percent = 0.5;       // buy at ask + collar, sell at bid - collar
  std::chrono::seconds limit_reprice{10};  // a limit order still working this long is re-priced
  int limit_max_reprices = 2;              // re-prices per leg and attempt before giving up
  bool limit_fallback_market = false;      // after the last re-price, send the rest as market
};

struct ManagementApiConfig {
  int port = 8000;
  std::string bind = "127.0.0.1";
  std::optional<std::string> token;  // secret, MANAGEMENT_API_TOKEN only; none: no auth
};

// kShared: one message budget per gateway (in Redis) for every processor on it; kPerConnection:
// each processor's connection paces alone (README "Several processors").
enum class PacingMode { kShared, kPerConnection };
std::string_view to_string(PacingMode mode);  // "shared" / "per_connection"

struct PacingConfig {
  // IB's limit: 50 unless the account has more market data lines. Shared mode: the bound of the
  // gateway's budget (and each connection's own limit); per-connection mode: each connection's.
  int messages_per_second = 50;
  PacingMode mode = PacingMode::kShared;
};

struct SafetyConfig {
  bool dry_run = false;             // plan and log, never place an order
  double max_order_percent = 0;     // refuse an order above this % of net liquidation; 0 = off
  double max_turnover_percent = 0;  // refuse a plan trading more than this %; 0 = off
};

// Webhook notifications (README "Notifications"); off while webhook_url is unset.
struct NotifyConfig {
  std::optional<std::string> webhook_url;  // secret, NOTIFY_WEBHOOK_URL only
  std::string format = "json";             // json, slack or ntfy
  int retry_threshold = 5;                 // report an event retried more than this many times
  // Report a gateway outage longer than this (notifications.gateway_down_minutes, a fraction
  // of a minute allowed; whole milliseconds here).
  std::chrono::milliseconds gateway_down{std::chrono::minutes{5}};
};
// gateway_down in the unit of its key, notifications.gateway_down_minutes (summary, log line).
double gateway_down_minutes(const NotifyConfig& notify);

struct Config {
  std::string service_version;             // SERVICE_VERSION (required)
  std::optional<std::string> config_file;  // the YAML file that was read, if any
  RedisConfig redis;
  IbkrConfig ibkr;
  ProcessingConfig processing;
  AllocationConfig allocation;
  LoggingConfig logging;
  OrderConfig orders;
  ManagementApiConfig management_api;
  PacingConfig pacing;
  SafetyConfig safety;
  NotifyConfig notify;
  core::PlannerOptions planner;
  // Replacement symbols (README, "Replacement symbols"): the file, and what it says.
  std::optional<std::string> replacements_file;
  std::vector<core::Replacement> replacements;
  // Things worth one warning line at start: legacy and compatibility keys accepted and ignored,
  // a gateway port that overrides the trading mode's.
  std::vector<std::string> notices;
};

// The value of an environment variable, or nullopt when unset. An empty value counts as unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_environment();                                       // getenv
EnvLookup map_environment(std::map<std::string, std::string> values);  // tests

// Defaults, then the YAML file (config_path, else CONFIG_FILE, else none), then the
// environment. kInvalidInput with one line naming the variable or key (and the YAML line) on:
// a missing required variable (ALLOCATIONS_API_KEY, SERVICE_VERSION), an unknown TRADING_MODE,
// an unreadable or malformed file, an unknown or mistyped key, an out-of-range value.
core::Result<Config> load_config(const EnvLookup& env,
                                 const std::optional<std::string>& config_path = std::nullopt);

// The text of a config.yaml and the name messages call it by (its path).
struct YamlText {
  std::string text;
  std::string source;
};

// load_config without the file system (load_config reads the file, then calls this): defaults,
// then `yaml` when given, then the environment; the same checks and errors. Pure; the fuzz
// target and tests call it directly.
core::Result<Config> parse_config(const EnvLookup& env, const std::optional<YamlText>& yaml);

// Every setting as JSON (sections as in config.yaml), secrets as "***" when set, null when not.
// For the startup log line and the management API.
nlohmann::json redacted_summary(const Config& config);

}  // namespace ep::config
