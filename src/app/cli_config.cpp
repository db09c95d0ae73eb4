#include "app/cli_config.hpp"

namespace ep::app {

std::optional<config::Config> load_cli_config(const std::string& config_path, ConfigNeeds needs,
                                              std::ostream& err) {
  config::EnvLookup env = config::process_environment();
  if (needs == ConfigNeeds::kRedisOnly) {
    // Placeholders for the two required variables the Redis-only commands never use.
    env = [process = std::move(env)](const std::string& name) -> std::optional<std::string> {
      auto value = process(name);
      if (!value && name == "ALLOCATIONS_API_KEY") return std::string("unused");
      if (!value && name == "SERVICE_VERSION") return std::string("unused");
      return value;
    };
  }
  auto config = config::load_config(
      env, config_path.empty() ? std::nullopt : std::optional<std::string>(config_path));
  if (!config) {
    err << "event-processor: configuration error: " << config.error().message << "\n";
    return std::nullopt;
  }
  return std::move(*config);
}

}  // namespace ep::app
