// libFuzzer target for config parsing (config/config.hpp parse_config, the core of load_config).
// Input: config.yaml text, optionally followed by a line "#env" and NAME=VALUE lines that
// override a base environment holding the required variables. Secret variables never take
// their value from the input: a value picks one of a few fixed fake secrets (empty: unset).
// Besides "no crash, no UB, no out-of-bounds read", it checks:
// - a refusal is kInvalidInput with one non-empty line that holds no secret (unless the
//   input itself spells the fake secret: the fuzzer can learn it from the checks);
// - accepted settings lie within the ranges config.example.yaml documents, the secrets are the
//   ones given, and neither the notices nor redacted_summary show any secret.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace std::chrono_literals;
using ep::config::Config;

constexpr std::string_view kEnvSeparator = "\n#env\n";
// Fake secrets: valid tokens, and ones the config must refuse (space, newline) without echoing.
constexpr std::string_view kFakeSecrets[] = {"FUZZ-fake-secret-5d1c9e0b", "FUZZ fake secret 77a2",
                                             "FUZZ-fake\nsecret-31f0"};
constexpr std::string_view kSecretVariables[] = {"ALLOCATIONS_API_KEY", "MANAGEMENT_API_TOKEN",
                                                 "REDIS_PASSWORD"};

bool is_secret_variable(std::string_view name) {
  for (const auto variable : kSecretVariables) {
    if (name == variable) return true;
  }
  return false;
}

std::map<std::string, std::string> environment(std::string_view lines) {
  std::map<std::string, std::string> env{{"ALLOCATIONS_API_KEY", std::string(kFakeSecrets[0])},
                                         {"SERVICE_VERSION", "fuzz"}};
  while (!lines.empty()) {
    const std::string_view line = lines.substr(0, lines.find('\n'));
    lines.remove_prefix(std::min(lines.size(), line.size() + 1));
    const std::size_t equals = line.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string name(line.substr(0, equals));
    std::string value(line.substr(equals + 1));
    if (is_secret_variable(name) && !value.empty()) {
      value = std::string(kFakeSecrets[static_cast<unsigned char>(value[0]) % 3]);
    }
    env[name] = value;
  }
  return env;
}

template <class T>
bool in(T value, T min, T max) {
  return value >= min && value <= max;
}

void check_ranges(const Config& c) {
  FUZZ_REQUIRE(!c.service_version.empty());
  FUZZ_REQUIRE(!c.redis.host.empty() && !c.ibkr.host.empty() && !c.management_api.bind.empty());
  FUZZ_REQUIRE(in(c.redis.port, 1, 65535) && in(c.redis.db, 0, 65535));
  FUZZ_REQUIRE(in(c.redis.max_connections, 1, 1000));
  FUZZ_REQUIRE(in(c.ibkr.port, 1, 65535) && in(c.management_api.port, 1, 65535));
  FUZZ_REQUIRE(!c.ibkr.client_id || *c.ibkr.client_id >= 0);
  FUZZ_REQUIRE(in(c.ibkr.connection_retry.max_retries, 0, 1000));
  FUZZ_REQUIRE(in(c.ibkr.connection_retry.delay, 0s, 3600s));
  FUZZ_REQUIRE(in(c.ibkr.order_retry.max_retries, 0, 100));
  FUZZ_REQUIRE(in(c.ibkr.order_retry.delay, 0s, 3600s));
  FUZZ_REQUIRE(in(c.ibkr.order_completion_timeout, 1s, 86400s));
  const auto& p = c.processing;
  FUZZ_REQUIRE(in(p.queue_timeout, 1s, 3600s) && in(p.startup_max_attempts, 1, 1000000));
  FUZZ_REQUIRE(in(p.startup_delay, 0s, 3600s) && in(p.startup_initial_delay, 0s, 3600s));
  FUZZ_REQUIRE(in(p.retry_delay, 0s, 604800s) && in(p.retry_check_interval, 1s, 86400s));
  FUZZ_REQUIRE(in(p.worker_liveness_ttl, 6s, 3600s));
  const std::string_view url = c.allocation.api_url;
  FUZZ_REQUIRE(url.starts_with("https://") || url.starts_with("http://"));
  FUZZ_REQUIRE(!ep::fuzz::has_control_character(url) && !ep::fuzz::contains(url, " "));
  FUZZ_REQUIRE(in(c.allocation.timeout, 1s, 600s));
  const std::string_view level = c.logging.level;
  FUZZ_REQUIRE(level == "DEBUG" || level == "INFO" || level == "WARNING" || level == "ERROR" ||
               level == "CRITICAL");
  FUZZ_REQUIRE(c.logging.format == "json" || c.logging.format == "text");
  FUZZ_REQUIRE(in(c.pacing.messages_per_second, 1, 1000));
  FUZZ_REQUIRE(in(c.notify.retry_threshold, 0, 1000000));
  FUZZ_REQUIRE(in<std::chrono::milliseconds>(c.notify.gateway_down, 600ms, 10080min));
  FUZZ_REQUIRE(c.notify.format == "json" || c.notify.format == "slack" ||
               c.notify.format == "ntfy");
  FUZZ_REQUIRE(in(c.redis.wait_timeout, 1ms, 60000ms));
  FUZZ_REQUIRE(in(c.safety.max_order_percent, 0.0, 100.0));
  FUZZ_REQUIRE(in(c.safety.max_turnover_percent, 0.0, 200.0));
  FUZZ_REQUIRE(in(c.planner.min_trade_value, 0.0, 1e9));
  FUZZ_REQUIRE(in(c.planner.drift_band_percent, 0.0, 100.0));
  FUZZ_REQUIRE(in(c.orders.limit_collar_percent, 0.0, 10.0));
  FUZZ_REQUIRE(in(c.orders.limit_reprice, 1s, 3600s));
  // The gateway port is the trading mode's unless set, and then a notice says so.
  const int mode_port = c.ibkr.trading_mode == ep::config::TradingMode::kLive
                            ? ep::config::kLivePort
                            : ep::config::kPaperPort;
  bool notice = false;
  for (const auto& line : c.notices) notice = notice || ep::fuzz::contains(line, "overrides");
  FUZZ_REQUIRE(c.ibkr.port == mode_port || notice);
}

void check_secrets(const Config& c, const std::map<std::string, std::string>& env,
                   std::string_view input) {
  FUZZ_REQUIRE(c.allocation.api_key == env.at("ALLOCATIONS_API_KEY"));
  const auto given = [&](const char* name) -> std::optional<std::string> {
    const auto it = env.find(name);
    if (it == env.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  FUZZ_REQUIRE(c.management_api.token == given("MANAGEMENT_API_TOKEN"));
  FUZZ_REQUIRE(c.redis.password == given("REDIS_PASSWORD"));
  const std::string summary = ep::config::redacted_summary(c).dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  for (const auto secret : kFakeSecrets) {
    FUZZ_REQUIRE(!ep::fuzz::reveals(summary, secret, input));
    for (const auto& line : c.notices) FUZZ_REQUIRE(!ep::fuzz::reveals(line, secret, input));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find(kEnvSeparator);
  const std::string_view yaml = input.substr(0, split);
  const auto env =
      environment(split == std::string_view::npos ? std::string_view{}
                                                  : input.substr(split + kEnvSeparator.size()));

  const auto config = ep::config::parse_config(
      ep::config::map_environment(env), ep::config::YamlText{std::string(yaml), "fuzz.yaml"});
  if (config) {
    check_ranges(*config);
    check_secrets(*config, env, input);
    return 0;
  }
  const ep::core::Error& error = config.error();
  FUZZ_REQUIRE(error.kind == ep::core::ErrorKind::kInvalidInput && ep::fuzz::is_clear(error));
  FUZZ_REQUIRE(error.message.find('\n') == std::string::npos);
  for (const auto secret : kFakeSecrets) {
    FUZZ_REQUIRE(!ep::fuzz::reveals(error.message, secret, input));
  }
  return 0;
}
