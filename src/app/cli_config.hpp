// Configuration for the operator commands (enqueue, check): the same loading as `run`
// (defaults < config.yaml < environment, the same validation), printed errors included.
// `enqueue` talks to Redis only, so it may run without the service's own secrets; `check`
// needs the whole configuration. Any thread.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "config/config.hpp"

namespace ep::app {

enum class ConfigNeeds { kAll, kRedisOnly };

// The loaded configuration, or nullopt after one line "event-processor: configuration error:
// ..." on `err`. With kRedisOnly an unset ALLOCATIONS_API_KEY or SERVICE_VERSION is no error.
std::optional<config::Config> load_cli_config(const std::string& config_path, ConfigNeeds needs,
                                              std::ostream& err);

}  // namespace ep::app
