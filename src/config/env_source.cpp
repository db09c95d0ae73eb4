// Environment reader: the overrides of the settings table, then the env-only variables
// (trading mode, secrets, service version). Secret values never appear in a message.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "config/config_sources.hpp"
#include "config/config_values.hpp"
#include "config/settings.hpp"

namespace ep::config {
namespace {

std::string to_lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// Printable ASCII without spaces: what a header or a token can carry safely.
bool is_token_text(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7f;
  });
}

// The shape rules whose failure is worth one line at start; the notifier checks the rest (the
// port) when it is built.
core::Result<void> check_webhook_url(std::string_view url) {
  if (!is_token_text(url)) {
    return core::invalid_input("holds spaces, control or non-ASCII characters");
  }
  const std::string scheme = to_lower(url.substr(0, 8));  // schemes are case-insensitive
  const bool https = scheme == "https://";
  if (!https && scheme.rfind("http://", 0) != 0) {
    return core::invalid_input("must start with http:// or https://");
  }
  const std::string_view rest = url.substr(https ? 8 : 7);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string_view::npos) {
    return core::invalid_input("must not contain user info (user:password@)");
  }
  if (authority.empty() || authority.starts_with(':')) return core::invalid_input("has no host");
  return core::success();
}

core::Result<void> apply_secrets(Config& config, const EnvLookup& env) {
  auto key = env("ALLOCATIONS_API_KEY");
  if (!key)
    return core::invalid_input(
        "ALLOCATIONS_API_KEY is required (the allocation API key) but not set");
  if (!is_token_text(*key)) {
    return core::invalid_input("ALLOCATIONS_API_KEY holds spaces or control characters");
  }
  config.allocation.api_key = std::move(*key);
  if (auto token = env("MANAGEMENT_API_TOKEN")) {
    if (!is_token_text(*token)) {
      return core::invalid_input("MANAGEMENT_API_TOKEN holds spaces or control characters");
    }
    config.management_api.token = std::move(*token);
  }
  if (auto password = env("REDIS_PASSWORD")) config.redis.password = std::move(*password);
  if (auto password = env("REDIS_SENTINEL_PASSWORD")) {
    config.redis.sentinel_password = std::move(*password);
  }
  if (auto url = env("NOTIFY_WEBHOOK_URL")) {
    // The URL is a credential (a Slack hook's path, an ntfy topic): no message quotes it.
    if (auto checked = check_webhook_url(*url); !checked) {
      return core::invalid_input("NOTIFY_WEBHOOK_URL " + checked.error().message);
    }
    config.notify.webhook_url = std::move(*url);
  }
  return core::success();
}

}  // namespace

core::Result<void> apply_environment(Config& config, const EnvLookup& env,
                                     std::set<std::string>& keys_set) {
  for (const Setting& setting : settings()) {
    if (setting.env.empty()) continue;
    const auto value = env(std::string(setting.env));
    if (!value) continue;
    if (auto applied = setting.apply(config, *value); !applied) {
      return core::invalid_input(fmt::format("{} {}", setting.env, applied.error().message));
    }
    keys_set.insert(std::string(setting.key));
  }
  if (const auto mode = env("TRADING_MODE")) {
    auto parsed = parse_either(*mode, Word{"paper", TradingMode::kPaper},
                               Word{"live", TradingMode::kLive}, /*any_case=*/true);
    if (!parsed) return core::invalid_input("TRADING_MODE " + parsed.error().message);
    config.ibkr.trading_mode = *parsed;
  }
  if (auto result = apply_secrets(config, env); !result) return result;
  auto version = env("SERVICE_VERSION");
  if (!version) return core::invalid_input("SERVICE_VERSION is required but not set");
  config.service_version = std::move(*version);
  return core::success();
}

}  // namespace ep::config
