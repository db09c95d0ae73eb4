// Configurations the service refuses at start: each with the one line that must name the
// problem (and never a secret).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "config/testing/config_env.hpp"

namespace ep::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing_support::kRequired;
using testing_support::write_yaml;

// One refused configuration and the line that must name the problem.
struct BadConfig {
  const char* label;
  std::map<std::string, std::string> env;  // added to the required variables
  const char* yaml;                        // nullptr: no file
  const char* expected;                    // the message, or a part of it naming the problem
};

std::vector<BadConfig> bad_configs() {
  return {
      {"missing_api_key",
       {{"ALLOCATIONS_API_KEY", ""}},
       nullptr,
       "ALLOCATIONS_API_KEY is required (the allocation API key) but not set"},
      {"missing_version",
       {{"SERVICE_VERSION", ""}},
       nullptr,
       "SERVICE_VERSION is required but not set"},
      {"unknown_trading_mode",
       {{"TRADING_MODE", "demo"}},
       nullptr,
       "TRADING_MODE must be paper or live, got 'demo'"},
      {"api_key_with_space",
       {{"ALLOCATIONS_API_KEY", "key with space"}},
       nullptr,
       "ALLOCATIONS_API_KEY holds spaces or control characters"},
      {"token_with_newline",
       {{"MANAGEMENT_API_TOKEN", "tok\nen"}},
       nullptr,
       "MANAGEMENT_API_TOKEN holds spaces or control characters"},
      {"env_port_range",
       {{"REDIS_PORT", "70000"}},
       nullptr,
       "REDIS_PORT must be 1..65535, got '70000'"},
      {"env_port_zero",
       {{"MANAGEMENT_API_PORT", "0"}},
       nullptr,
       "MANAGEMENT_API_PORT must be 1..65535, got '0'"},
      {"env_ib_port_text",
       {{"IB_PORT", "four"}},
       nullptr,
       "IB_PORT must be an integer, got 'four'"},
      {"env_client_id",
       {{"IB_CLIENT_ID", "-1"}},
       nullptr,
       "IB_CLIENT_ID must be 0..2147483647, got '-1'"},
      {"env_worker_name",
       {{"WORKER_NAME", "a b"}},
       nullptr,
       "WORKER_NAME must be 1..64 characters of A-Z a-z 0-9 . _ -, got 'a b'"},
      {"yaml_worker_name",
       {},
       "processing:\n  worker_name: \"x:y\"\n",
       "processing.worker_name must be 1..64 characters"},
      {"env_bool",
       {{"DRY_RUN", "maybe"}},
       nullptr,
       "DRY_RUN must be true/false (or 1/0, yes/no), got 'maybe'"},
      {"env_bool_extended",
       {{"EXTENDED_HOURS_ENABLED", "2"}},
       nullptr,
       "EXTENDED_HOURS_ENABLED must be true/false"},
      {"env_tif",
       {{"TIME_IN_FORCE", "IOC"}},
       nullptr,
       "TIME_IN_FORCE must be DAY or GTC, got 'IOC'"},
      {"env_order_type",
       {{"ORDER_TYPE", "STP"}},
       nullptr,
       "ORDER_TYPE must be MKT or LMT, got 'STP'"},
      {"env_collar",
       {{"LIMIT_COLLAR_PERCENT", "11"}},
       nullptr,
       "LIMIT_COLLAR_PERCENT must be 0..10, got '11'"},
      {"env_drift_band",
       {{"PLANNER_DRIFT_BAND_PERCENT", "-0.5"}},
       nullptr,
       "PLANNER_DRIFT_BAND_PERCENT must be 0..100, got '-0.5'"},
      {"env_log_level",
       {{"LOG_LEVEL", "verbose"}},
       nullptr,
       "LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got 'verbose'"},
      {"env_pacing",
       {{"PACING_MESSAGES_PER_SECOND", "1001"}},
       nullptr,
       "PACING_MESSAGES_PER_SECOND must be 1..1000, got '1001'"},
      {"env_pacing_mode",
       {{"PACING_MODE", "per_gateway"}},
       nullptr,
       "PACING_MODE must be shared or per_connection, got 'per_gateway'"},
      {"env_turnover",
       {{"MAX_TURNOVER_PERCENT", "-1"}},
       nullptr,
       "MAX_TURNOVER_PERCENT must be 0..200, got '-1'"},
      {"env_url_scheme",
       {{"ALLOCATIONS_API_URL", "ftp://x/y"}},
       nullptr,
       "ALLOCATIONS_API_URL must be an https:// (or http://) URL"},
      {"env_url_userinfo",
       {{"ALLOCATIONS_API_URL", "https://u:p@host/x"}},
       nullptr,
       "ALLOCATIONS_API_URL must not contain user info"},
      {"missing_file",
       {{"CONFIG_FILE", "/nonexistent/ep/config.yaml"}},
       nullptr,
       "config file '/nonexistent/ep/config.yaml' cannot be read: No such file or directory"},
      {"malformed_yaml", {}, "redis:\n  port: 6379\n  host: [a, b\n", "line 4: malformed YAML"},
      {"bad_indentation", {}, "redis:\n  port: 6379\n host: x\n", "line 3: malformed YAML"},
      {"root_list", {}, "- redis\n- ibkr\n", "line 1: the file must be a mapping of sections"},
      {"unknown_key", {}, "redis:\n  port: 6379\n  hots: x\n", "line 3: unknown key redis.hots"},
      {"unknown_section", {}, "reddis:\n  port: 1\n", "line 1: unknown key reddis"},
      // Control characters in yaml-cpp's message or in a quoted key are blanked, so the error
      // stays one line (found by fuzz/config_fuzz).
      {"control_char_escape",
       {},
       "redis:\n  host: \"a\\\x01"
       "b\"\n",
       "line 2: malformed YAML: unknown escape character:  "},
      {"key_with_newline", {}, "redis:\n  \"ho\\nst\": x\n", "line 2: unknown key redis.ho st"},
      {"unknown_nested",
       {},
       "ibkr:\n  order_retry:\n    tries: 1\n",
       "line 3: unknown key ibkr.order_retry.tries"},
      {"section_scalar", {}, "redis: 5\n", "line 1: redis must be a section of keys"},
      {"value_list", {}, "redis:\n  port: [1, 2]\n", "line 2: redis.port must be a single value"},
      {"value_missing", {}, "redis:\n  port:\n", "line 2: redis.port has no value"},
      {"mistyped_int",
       {},
       "redis:\n  port: abc\n",
       "line 2: redis.port must be an integer, got 'abc'"},
      {"fractional_int",
       {},
       "processing:\n  queue_timeout: 2.5\n",
       "line 2: processing.queue_timeout must be an integer, got '2.5'"},
      {"port_range",
       {},
       "management_api:\n  port: 65536\n",
       "line 2: management_api.port must be 1..65535, got '65536'"},
      {"timeout_zero",
       {},
       "allocation:\n  timeout: 0\n",
       "line 2: allocation.timeout must be 1..600, got '0'"},
      {"order_timeout_negative",
       {},
       "ibkr:\n  order_completion_timeout: -1\n",
       "ibkr.order_completion_timeout must be 1..86400, got '-1'"},
      {"retry_interval_zero",
       {},
       "processing:\n  retry_check_interval: 0\n",
       "processing.retry_check_interval must be 1..86400"},
      {"liveness_ttl_too_short",
       {},
       "processing:\n  worker_liveness_ttl: 5\n",
       "processing.worker_liveness_ttl must be 6..3600"},
      {"percent_range",
       {},
       "safety:\n  max_order_percent: 150\n",
       "line 2: safety.max_order_percent must be 0..100, got '150'"},
      {"yaml_bool",
       {},
       "safety:\n  dry_run: perhaps\n",
       "line 2: safety.dry_run must be true/false"},
      {"log_format",
       {},
       "logging:\n  format: xml\n",
       "line 2: logging.format must be json or text, got 'xml'"},
      {"empty_host", {}, "redis:\n  host: \"\"\n", "line 2: redis.host must not be empty"},
      {"secret_in_file",
       {},
       "allocation:\n  api_key: abc\n",
       "line 2: allocation.api_key must not be in the file: set ALLOCATIONS_API_KEY instead"},
      {"token_in_file",
       {},
       "management_api:\n  token: abc\n",
       "management_api.token must not be in the file: set MANAGEMENT_API_TOKEN instead"},
      {"webhook_url_scheme",
       {{"NOTIFY_WEBHOOK_URL", "ftp://hooks.example/hook-secret-xyz"}},
       nullptr,
       "NOTIFY_WEBHOOK_URL must start with http:// or https://"},
      {"webhook_url_userinfo",
       {{"NOTIFY_WEBHOOK_URL", "https://user:hook-secret-xyz@hooks.example/x"}},
       nullptr,
       "NOTIFY_WEBHOOK_URL must not contain user info (user:password@)"},
      {"webhook_url_space",
       {{"NOTIFY_WEBHOOK_URL", "https://hooks.example/hook-secret-xyz now"}},
       nullptr,
       "NOTIFY_WEBHOOK_URL holds spaces, control or non-ASCII characters"},
      {"webhook_url_no_host",
       {{"NOTIFY_WEBHOOK_URL", "https:///hook-secret-xyz"}},
       nullptr,
       "NOTIFY_WEBHOOK_URL has no host"},
      {"webhook_url_in_file",
       {},
       "notifications:\n  webhook_url: https://hooks.example/hook-secret-xyz\n",
       "notifications.webhook_url must not be in the file: set NOTIFY_WEBHOOK_URL instead"},
      {"webhook_format",
       {{"NOTIFY_WEBHOOK_FORMAT", "teams"}},
       nullptr,
       "NOTIFY_WEBHOOK_FORMAT must be json, slack or ntfy, got 'teams'"},
      {"notify_retry_threshold",
       {{"NOTIFY_RETRY_THRESHOLD", "-1"}},
       nullptr,
       "NOTIFY_RETRY_THRESHOLD must be 0..1000000, got '-1'"},
      {"notify_gateway_minutes",
       {},
       "notifications:\n  gateway_down_minutes: 0\n",
       "line 2: notifications.gateway_down_minutes must be 0.01..10080, got '0'"},
  };
}

class LoadConfigRefuses : public ::testing::TestWithParam<BadConfig> {};

TEST_P(LoadConfigRefuses, WithOneLineNamingIt) {
  const BadConfig& bad = GetParam();
  std::map<std::string, std::string> env = kRequired;
  for (const auto& [name, value] : bad.env) env[name] = value;
  std::optional<std::string> path;
  if (bad.yaml != nullptr) path = write_yaml(bad.yaml);
  const auto config = load_config(map_environment(env), path);
  ASSERT_FALSE(config.ok()) << bad.label << " was accepted";
  EXPECT_EQ(config.error().kind, core::ErrorKind::kInvalidInput);
  const std::string& message = config.error().message;
  EXPECT_THAT(message, HasSubstr(bad.expected));
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
  if (path) {
    EXPECT_THAT(message, HasSubstr(*path));
  }
  EXPECT_THAT(message, Not(HasSubstr("key-abc123")));
  EXPECT_THAT(message, Not(HasSubstr("key with space")));
  EXPECT_THAT(message, Not(HasSubstr("hook-secret-xyz")));
}

INSTANTIATE_TEST_SUITE_P(Catalogue, LoadConfigRefuses, ::testing::ValuesIn(bad_configs()),
                         [](const auto& test_info) { return std::string(test_info.param.label); });

}  // namespace
}  // namespace ep::config
