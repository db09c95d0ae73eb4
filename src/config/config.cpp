#include "config/config.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "config/config_sources.hpp"
#include "config/settings.hpp"

namespace ep::config {

std::string_view to_string(TradingMode mode) {
  return mode == TradingMode::kLive ? "live" : "paper";
}
std::string_view to_string(TimeInForce tif) {
  return tif == TimeInForce::kGtc ? "GTC" : "DAY";
}
std::string_view to_string(PacingMode mode) {
  return mode == PacingMode::kShared ? "shared" : "per_connection";
}

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());  // read once at start, before any thread
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  };
}

EnvLookup map_environment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> std::optional<std::string> {
    const auto it = values.find(name);
    if (it == values.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
}

core::Result<std::string> read_config_file(const std::string& what, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return core::invalid_input(
        fmt::format("{} '{}' cannot be read: {}", what, path, std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return core::invalid_input(fmt::format("{} '{}' cannot be read", what, path));
  return text.str();
}

core::Result<Config> load_config(const EnvLookup& env,
                                 const std::optional<std::string>& config_path) {
  const std::optional<std::string> path = config_path ? config_path : env("CONFIG_FILE");
  if (!path) return parse_config(env, std::nullopt);
  auto text = read_config_file("config file", *path);
  if (!text) return text.error();
  return parse_config(env, YamlText{std::move(text.value()), *path});
}

core::Result<Config> parse_config(const EnvLookup& env, const std::optional<YamlText>& yaml) {
  Config config;
  std::set<std::string> keys_set;
  if (yaml) {
    if (auto applied = apply_yaml(config, yaml->text, yaml->source, keys_set); !applied) {
      return applied.error();
    }
    config.config_file = yaml->source;
  }
  if (auto applied = apply_environment(config, env, keys_set); !applied) return applied.error();
  if (config.replacements_file) {
    auto replacements = load_replacements(*config.replacements_file);
    if (!replacements) return replacements.error();
    config.replacements = std::move(replacements.value());
  }

  for (const auto& key : keys_set) {
    if (const auto reason = ignored_key_reason(key)) {
      config.notices.push_back(
          fmt::format("{} is accepted for compatibility and ignored: {}", key, *reason));
    }
  }

  // The gateway port follows the trading mode unless ibkr.port or IB_PORT names one.
  const int mode_port = config.ibkr.trading_mode == TradingMode::kLive ? kLivePort : kPaperPort;
  if (keys_set.count("ibkr.port") == 0) {
    config.ibkr.port = mode_port;
  } else if (config.ibkr.port != mode_port) {
    config.notices.push_back(fmt::format("ibkr.port {} overrides the {} trading mode's port {}",
                                         config.ibkr.port, to_string(config.ibkr.trading_mode),
                                         mode_port));
  }
  return config;
}

}  // namespace ep::config
