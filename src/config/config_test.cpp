#include "config/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "config/config_sources.hpp"
#include "config/settings.hpp"
#include "config/testing/config_env.hpp"

namespace ep::config {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::expect_settings;
using testing_support::kRequired;
using testing_support::load_ok;
using testing_support::with_required;
using testing_support::write_yaml;

TEST(LoadConfig, DefaultsMatchTheOriginal) {
  const Config c = load_ok(kRequired);
  EXPECT_EQ(c.service_version, "1.2.3");
  EXPECT_EQ(c.allocation.api_key, "key-abc123");
  EXPECT_FALSE(c.config_file.has_value());
  EXPECT_EQ(c.redis.host, "redis");
  EXPECT_EQ(c.redis.port, 6379);
  EXPECT_EQ(c.redis.db, 0);
  EXPECT_EQ(c.redis.max_connections, 10);
  EXPECT_FALSE(c.redis.password.has_value());
  EXPECT_EQ(c.ibkr.host, "ibkr");
  EXPECT_EQ(c.ibkr.trading_mode, TradingMode::kPaper);
  EXPECT_EQ(c.ibkr.port, 4004);
  EXPECT_FALSE(c.ibkr.client_id.has_value());
  EXPECT_EQ(c.ibkr.connection_retry.max_retries, 3);
  EXPECT_EQ(c.ibkr.connection_retry.delay, 5s);
  EXPECT_EQ(c.ibkr.order_retry.max_retries, 2);
  EXPECT_EQ(c.ibkr.order_retry.delay, 1s);
  EXPECT_EQ(c.ibkr.order_completion_timeout, 60s);
  EXPECT_EQ(c.processing.queue_timeout, 30s);
  EXPECT_EQ(c.processing.startup_max_attempts, 500);
  EXPECT_EQ(c.processing.startup_delay, 10s);
  EXPECT_EQ(c.processing.startup_initial_delay, 30s);
  EXPECT_EQ(c.processing.retry_delay, 60s);
  EXPECT_EQ(c.processing.retry_check_interval, 60s);
  EXPECT_EQ(c.processing.worker_liveness_ttl, 15s);
  EXPECT_EQ(c.redis.wait_timeout, 1000ms);
  EXPECT_EQ(c.notify.gateway_down, 5min);
  EXPECT_EQ(c.allocation.api_url, "https://workers.fintech.zehnlabs.com/api/v1/strategies");
  EXPECT_EQ(c.allocation.timeout, 30s);
  EXPECT_FALSE(c.allocation.ca_file.has_value());
  EXPECT_EQ(c.logging.level, "INFO");
  EXPECT_EQ(c.logging.format, "json");
  EXPECT_EQ(c.orders.time_in_force, TimeInForce::kDay);
  EXPECT_FALSE(c.orders.extended_hours_enabled);
  EXPECT_EQ(c.management_api.port, 8000);
  EXPECT_EQ(c.management_api.bind, "127.0.0.1");
  EXPECT_FALSE(c.management_api.token.has_value());
  EXPECT_EQ(c.pacing.messages_per_second, 50);
  EXPECT_EQ(c.pacing.mode, PacingMode::kShared);
  EXPECT_FALSE(c.safety.dry_run);
  EXPECT_EQ(c.safety.max_order_percent, 0);
  EXPECT_EQ(c.safety.max_turnover_percent, 0);
  EXPECT_FALSE(c.planner.buy_what_fits);
  EXPECT_EQ(c.planner.min_trade_value, 0);
  EXPECT_EQ(c.planner.drift_band_percent, 0);
  EXPECT_EQ(c.orders.order_type, core::OrderType::kMarket);
  EXPECT_DOUBLE_EQ(c.orders.limit_collar_percent, 0.5);
  EXPECT_EQ(c.orders.limit_reprice, 10s);
  EXPECT_EQ(c.orders.limit_max_reprices, 2);
  EXPECT_FALSE(c.orders.limit_fallback_market);
  EXPECT_TRUE(c.notices.empty());
}

TEST(LoadConfig, KeysThatChangeSomethingGiveNoNotice) {
  const Config c = load_ok(kRequired, write_yaml("redis:\n  max_connections: 3\nprocessing:\n"
                                                 "  retry_check_interval: 5\n"));
  EXPECT_EQ(c.redis.max_connections, 3);
  EXPECT_TRUE(c.notices.empty());
}

TEST(LoadConfig, LiveTradingModeSelectsPort4003) {
  EXPECT_EQ(load_ok(with_required({{"TRADING_MODE", "live"}})).ibkr.port, 4003);
  const Config c = load_ok(with_required({{"TRADING_MODE", "LIVE"}}));
  EXPECT_EQ(c.ibkr.trading_mode, TradingMode::kLive);
  EXPECT_EQ(load_ok(with_required({{"TRADING_MODE", "paper"}})).ibkr.port, 4004);
}

const char* const kFullYaml = R"(# every section, non-default values
redis:
  host: redis.internal
  port: 6380
  db: 2
  max_connections: 4
ibkr:
  host: gateway
  client_id: 17
  connection_retry:
    max_retries: 5
    delay: 7
  order_retry: {max_retries: 1, delay: 2}
  order_completion_timeout: 90
processing:
  queue_timeout: 5
  startup_max_attempts: 20
  startup_delay: 3
  startup_initial_delay: 0
  retry_delay_seconds: 120
  retry_check_interval: 15
  worker_liveness_ttl: 9
allocation:
  api_url: "http://127.0.0.1:9000/strategies"
  timeout: 12
  ca_file: /etc/ssl/test-ca.pem
logging:
  level: debug
  format: json
orders:
  time_in_force: gtc
  extended_hours_enabled: yes
management_api:
  port: 8100
  bind: 0.0.0.0
pacing:
  messages_per_second: 40
  mode: per_connection
safety:
  dry_run: true
  max_order_percent: 25.5
  max_turnover_percent: 150
planner:
  buy_what_fits: 1
  min_trade_value: 50
  drift_band_percent: 0.5
)";

TEST(LoadConfig, YamlOverridesEveryDefault) {
  const std::string path = write_yaml(kFullYaml);
  const Config c = load_ok(kRequired, path);
  expect_settings(
      c, load_ok(kRequired),
      {{"config_file", path},
       {"redis", {{"host", "redis.internal"}, {"port", 6380}, {"db", 2}, {"max_connections", 4}}},
       {"ibkr",
        {{"host", "gateway"},
         {"port", 4004},
         {"client_id", 17},
         {"connection_retry", {{"max_retries", 5}, {"delay", 7}}},
         {"order_retry", {{"max_retries", 1}, {"delay", 2}}},
         {"order_completion_timeout", 90}}},
       {"processing",
        {{"queue_timeout", 5},
         {"startup_max_attempts", 20},
         {"startup_delay", 3},
         {"startup_initial_delay", 0},
         {"retry_delay_seconds", 120},
         {"retry_check_interval", 15},
         {"worker_liveness_ttl", 9}}},
       {"allocation",
        {{"api_url", "http://127.0.0.1:9000/strategies"},
         {"timeout", 12},
         {"ca_file", "/etc/ssl/test-ca.pem"}}},
       {"logging", {{"level", "DEBUG"}}},
       {"orders", {{"time_in_force", "GTC"}, {"extended_hours_enabled", true}}},
       {"management_api", {{"port", 8100}, {"bind", "0.0.0.0"}}},
       {"pacing", {{"messages_per_second", 40}, {"mode", "per_connection"}}},
       {"safety", {{"dry_run", true}, {"max_order_percent", 25.5}, {"max_turnover_percent", 150}}},
       {"planner",
        {{"buy_what_fits", true}, {"min_trade_value", 50}, {"drift_band_percent", 0.5}}}});
}

TEST(LoadConfig, EnvironmentOverridesYaml) {
  const std::string path = write_yaml(kFullYaml);
  const Config c = load_ok(with_required({
                               {"REDIS_HOST", "127.0.0.1"},
                               {"REDIS_PORT", "7000"},
                               {"REDIS_PASSWORD", "pw-secret"},
                               {"IB_HOST", "10.0.0.5"},
                               {"IB_PORT", "4999"},
                               {"IB_CLIENT_ID", "0"},
                               {"TRADING_MODE", "live"},
                               {"ALLOCATIONS_API_URL", "https://alloc.example/api"},
                               {"LOG_LEVEL", "warn"},
                               {"TIME_IN_FORCE", "DAY"},
                               {"EXTENDED_HOURS_ENABLED", "false"},
                               {"MANAGEMENT_API_PORT", "18000"},
                               {"MANAGEMENT_API_BIND", "127.0.0.2"},
                               {"MANAGEMENT_API_TOKEN", "tok-secret"},
                               {"DRY_RUN", "no"},
                               {"PACING_MESSAGES_PER_SECOND", "10"},
                               {"PACING_MODE", "shared"},
                               {"WORKER_NAME", "ep-node_2.a"},
                               {"PLANNER_DRIFT_BAND_PERCENT", "1.25"},
                               {"ORDER_TYPE", "lmt"},
                               {"LIMIT_COLLAR_PERCENT", "0.25"},
                               {"LIMIT_REPRICE_SECONDS", "5"},
                               {"LIMIT_MAX_REPRICES", "3"},
                               {"LIMIT_FALLBACK_MARKET", "true"},
                           }),
                           path);
  EXPECT_EQ(c.redis.password, "pw-secret");
  EXPECT_EQ(c.management_api.token, "tok-secret");
  // The redis db comes from the file (no variable for it here); IB_PORT beats the trading mode;
  // PACING_MODE beats the file.
  expect_settings(
      c, load_ok(kRequired, path),
      {{"redis", {{"host", "127.0.0.1"}, {"port", 7000}, {"password", "***"}}},
       {"ibkr", {{"host", "10.0.0.5"}, {"port", 4999}, {"client_id", 0}, {"trading_mode", "live"}}},
       {"allocation", {{"api_url", "https://alloc.example/api"}}},
       {"logging", {{"level", "WARNING"}}},
       {"orders",
        {{"time_in_force", "DAY"},
         {"extended_hours_enabled", false},
         {"order_type", "LMT"},
         {"limit_collar_percent", 0.25},
         {"limit_reprice_seconds", 5},
         {"limit_max_reprices", 3},
         {"limit_fallback_market", true}}},
       {"management_api", {{"port", 18000}, {"bind", "127.0.0.2"}, {"token", "***"}}},
       {"safety", {{"dry_run", false}}},
       {"pacing", {{"messages_per_second", 10}, {"mode", "shared"}}},
       {"processing", {{"worker_name", "ep-node_2.a"}}},
       {"planner", {{"drift_band_percent", 1.25}}}});
  EXPECT_THAT(c.notices, ::testing::Contains(HasSubstr("ibkr.port 4999 overrides the live")));
}

TEST(LoadConfig, ReplacementsFileIsReadAtStart) {
  const std::string path =
      write_yaml("SPY: VOO\nQQQ: {symbol: QQQM, scale: 0.5, sell_original: true}\n");
  const Config c = load_ok(with_required({{"REPLACEMENTS_FILE", path}}));
  ASSERT_EQ(c.replacements.size(), 2u);
  EXPECT_EQ(c.replacements[0].original, "SPY");
  EXPECT_EQ(c.replacements[0].replacement, "VOO");
  EXPECT_DOUBLE_EQ(c.replacements[0].scale, 1.0);
  EXPECT_FALSE(c.replacements[0].sell_original);
  EXPECT_EQ(c.replacements[1].replacement, "QQQM");
  EXPECT_DOUBLE_EQ(c.replacements[1].scale, 0.5);
  EXPECT_TRUE(c.replacements[1].sell_original);
}

TEST(LoadConfig, ABadReplacementsFileIsOneLineNamingIt) {
  auto refused = [](const std::string& text) {
    const std::string path = write_yaml(text);
    auto config = load_config(map_environment(with_required({{"REPLACEMENTS_FILE", path}})));
    EXPECT_FALSE(config.ok());
    if (config.ok()) return std::string{};
    EXPECT_EQ(config.error().kind, core::ErrorKind::kInvalidInput);
    EXPECT_EQ(config.error().message.find('\n'), std::string::npos);
    EXPECT_NE(config.error().message.find("REPLACEMENTS_FILE '" + path + "'"), std::string::npos);
    return config.error().message;
  };
  EXPECT_THAT(refused("SPY: VOO\nVOO: SPY\n"), HasSubstr("a chain or a cycle"));
  EXPECT_THAT(refused("SPY: VOO\nSPY: IVV\n"), HasSubstr("SPY"));  // yaml-cpp or ours: twice
  EXPECT_THAT(refused("SPY: {symbol: VOO, size: 2}\n"), HasSubstr("unknown key 'size'"));
  EXPECT_THAT(refused("- SPY\n"), HasSubstr("must be a map"));
  auto missing =
      load_config(map_environment(with_required({{"REPLACEMENTS_FILE", "/nonexistent/r.yaml"}})));
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error().message, HasSubstr("cannot be read"));
}

TEST(LoadConfig, EmptyVariablesCountAsUnset) {
  const Config c = load_ok(with_required({{"REDIS_HOST", ""}, {"MANAGEMENT_API_TOKEN", ""}}));
  EXPECT_EQ(c.redis.host, "redis");
  EXPECT_FALSE(c.management_api.token.has_value());
  const auto missing =
      load_config(map_environment({{"ALLOCATIONS_API_KEY", ""}, {"SERVICE_VERSION", "1"}}));
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.error().message, HasSubstr("ALLOCATIONS_API_KEY is required"));
}

TEST(LoadConfig, ConfigFileVariableIsUsedWithoutAnExplicitPath) {
  const std::string from_env = write_yaml("redis:\n  port: 6390\n");
  const std::string explicit_path = write_yaml("redis:\n  port: 6391\n");
  EXPECT_EQ(load_ok(with_required({{"CONFIG_FILE", from_env}})).redis.port, 6390);
  EXPECT_EQ(load_ok(with_required({{"CONFIG_FILE", from_env}}), explicit_path).redis.port, 6391);
}

TEST(LoadConfig, OriginalConfigYamlIsAcceptedWithNotices) {
  // The original service's shipped config.yaml, legacy keys and all.
  const std::string path = write_yaml(R"(redis:
  host: redis
  port: 6379
  db: 0
  max_connections: 10
ibkr:
  host: "ibkr"
  port: 4004
  gateway_or_tws: "gateway"
  connection_retry:
    max_retries: 3
    delay: 5
  order_retry:
    max_retries: 2
    delay: 1
processing:
  max_retry_days: 7
  queue_timeout: 30
  startup_max_attempts: 500
  startup_delay: 10
  startup_initial_delay: 30
allocation:
  api_url: "https://workers.fintech.zehnlabs.com/api/v1/strategies"
  timeout: 30
logging:
  level: INFO
  format: json
  retention_days: 365
)");
  const Config c = load_ok(with_required({{"TRADING_MODE", "live"}}), path);
  EXPECT_EQ(c.ibkr.port, 4004);  // the file names the port: kept, with a notice
  // 3 legacy keys, the port override, and 8 compatibility keys (4 retry, queue_timeout, 3 startup).
  EXPECT_EQ(c.notices.size(), 12u);
  EXPECT_THAT(c.notices, ::testing::Contains(HasSubstr("ibkr.gateway_or_tws")));
  EXPECT_THAT(c.notices,
              ::testing::Contains(HasSubstr("ibkr.order_retry.max_retries is accepted for "
                                            "compatibility and ignored: an order is never "
                                            "re-sent blindly")));
  EXPECT_THAT(c.notices,
              ::testing::Contains(HasSubstr("processing.startup_delay is accepted for "
                                            "compatibility and ignored: Redis and the gateway "
                                            "are waited for without end")));
  EXPECT_THAT(
      c.notices,
      ::testing::Contains(HasSubstr(
          "processing.queue_timeout is accepted for compatibility and ignored: one blocking pop")));
  EXPECT_THAT(c.notices, ::testing::Contains(HasSubstr("processing.max_retry_days")));
  EXPECT_THAT(c.notices, ::testing::Contains(HasSubstr("logging.retention_days")));
  EXPECT_THAT(c.notices,
              ::testing::Contains(HasSubstr("overrides the live trading mode's port 4003")));
}

TEST(LoadConfig, EmptyFileAndEmptySectionsKeepDefaults) {
  EXPECT_EQ(load_ok(kRequired, write_yaml("")).redis.port, 6379);
  EXPECT_EQ(load_ok(kRequired, write_yaml("# only a comment\n")).redis.port, 6379);
  EXPECT_EQ(load_ok(kRequired, write_yaml("redis:\nibkr:\n")).ibkr.host, "ibkr");
}

TEST(ParseConfig, TextGivesWhatTheFileGives) {
  const std::string yaml = "redis:\n  port: 6380\nibkr:\n  port: 4010\n";
  const std::string path = write_yaml(yaml);
  const Config from_file = load_ok(kRequired, path);
  auto from_text = parse_config(map_environment(kRequired), YamlText{yaml, path});
  ASSERT_TRUE(from_text.ok()) << from_text.error().message;
  EXPECT_EQ(from_text->redis.port, 6380);
  EXPECT_EQ(from_text->config_file, path);
  EXPECT_EQ(from_text->notices, from_file.notices);
  EXPECT_EQ(redacted_summary(*from_text).dump(), redacted_summary(from_file).dump());

  auto no_file = parse_config(map_environment(kRequired), std::nullopt);
  ASSERT_TRUE(no_file.ok()) << no_file.error().message;
  EXPECT_EQ(redacted_summary(*no_file).dump(), redacted_summary(load_ok(kRequired)).dump());
}

TEST(ParseConfig, ErrorsNameTheSourceAndIgnoreConfigFile) {
  auto config = parse_config(map_environment(with_required({{"CONFIG_FILE", "/nonexistent"}})),
                             YamlText{"redis:\n  port: 0\n", "inline.yaml"});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message, "inline.yaml line 2: redis.port must be 1..65535, got '0'");
}

TEST(LoadConfig, ExampleFileIsCompleteAndHoldsTheDefaults) {
  const std::string path = std::string(EP_SOURCE_DIR) + "/config/config.example.yaml";
  const Config from_example = load_ok(kRequired, path);
  Config defaults = load_ok(kRequired);
  defaults.config_file = path;
  EXPECT_EQ(redacted_summary(from_example).dump(2), redacted_summary(defaults).dump(2));

  // Every setting of the table is written out in the example.
  std::ifstream in(path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Config scratch;
  std::set<std::string> keys_set;
  ASSERT_TRUE(apply_yaml(scratch, text, path, keys_set).ok());
  // Settings without a fixed default appear commented out, with their key.
  const std::map<std::string, std::string> commented{
      {"ibkr.port", "# port:"},
      {"redis.username", "# username:"},
      {"redis.sentinels", "# sentinels:"},
      {"redis.wait_replicas", "# wait_replicas:"},
      {"ibkr.client_id", "# client_id:"},
      {"allocation.ca_file", "# ca_file:"},
      {"processing.worker_name", "# worker_name:"},
      {"planner.replacements_file", "# replacements_file:"},
      // Compatibility keys, ignored: commented out so the example gives no warning at start.
      {"ibkr.connection_retry.max_retries", "#   max_retries: 3"},
      {"ibkr.connection_retry.delay", "#   delay: 5"},
      {"ibkr.order_retry.max_retries", "#   max_retries: 2"},
      {"ibkr.order_retry.delay", "#   delay: 1"},
      {"processing.queue_timeout", "# queue_timeout:"},
      {"processing.startup_max_attempts", "# startup_max_attempts:"},
      {"processing.startup_delay", "# startup_delay:"},
      {"processing.startup_initial_delay", "# startup_initial_delay:"}};
  for (const Setting& setting : settings()) {
    const std::string key(setting.key);
    if (const auto it = commented.find(key); it != commented.end()) {
      EXPECT_THAT(text, HasSubstr(it->second)) << key;
      EXPECT_EQ(keys_set.count(key), 0u) << key;
    } else {
      EXPECT_EQ(keys_set.count(key), 1u) << key << " missing from the example";
    }
    if (!setting.env.empty()) {
      EXPECT_THAT(text, HasSubstr(std::string(setting.env))) << key;
    }
  }
}

TEST(RedactedSummary, HidesEverySecret) {
  const Config c = load_ok(with_required({{"ALLOCATIONS_API_KEY", "alloc-key-XYZ"},
                                          {"MANAGEMENT_API_TOKEN", "mgmt-token-XYZ"},
                                          {"REDIS_PASSWORD", "redis-pw-XYZ"}}));
  const nlohmann::json summary = redacted_summary(c);
  const std::string text = summary.dump();
  EXPECT_THAT(text, Not(HasSubstr("XYZ")));
  EXPECT_EQ(summary["allocation"]["api_key"], "***");
  EXPECT_EQ(summary["management_api"]["token"], "***");
  EXPECT_EQ(summary["redis"]["password"], "***");
  EXPECT_EQ(summary["redis"]["port"], 6379);
  EXPECT_EQ(summary["ibkr"]["trading_mode"], "paper");
  EXPECT_EQ(summary["service_version"], "1.2.3");
}

TEST(RedactedSummary, UnsetSecretsAreNull) {
  const nlohmann::json summary = redacted_summary(load_ok(kRequired));
  EXPECT_TRUE(summary["management_api"]["token"].is_null());
  EXPECT_TRUE(summary["redis"]["password"].is_null());
  EXPECT_EQ(summary["allocation"]["api_key"], "***");
  EXPECT_TRUE(summary["ibkr"]["client_id"].is_null());
}

}  // namespace
}  // namespace ep::config
