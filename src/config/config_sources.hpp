// The two readers behind load_config: config.yaml text and the environment, each applied on
// top of a Config through the settings table. Internal to the config module; any thread.
#pragma once

#include <set>
#include <string>

#include "config/config.hpp"

namespace ep::config {

// Applies a config.yaml text; `source` names the file in messages ("config.yaml line 3: ...").
// Adds every key it set to `keys_set`, and a notice per legacy key it ignored.
core::Result<void> apply_yaml(Config& config, const std::string& text, const std::string& source,
                              std::set<std::string>& keys_set);

// Applies the environment variables, including the env-only ones (TRADING_MODE, the secrets,
// SERVICE_VERSION); fails on a missing required variable. Adds every key it set to `keys_set`.
core::Result<void> apply_environment(Config& config, const EnvLookup& env,
                                     std::set<std::string>& keys_set);

// The whole text of a file the configuration names; the error (kInvalidInput) says
// "<what> '<path>' cannot be read: <reason>".
core::Result<std::string> read_config_file(const std::string& what, const std::string& path);

// Reads and validates a REPLACEMENTS_FILE (kInvalidInput, one line naming the file).
core::Result<std::vector<core::Replacement>> load_replacements(const std::string& path);

}  // namespace ep::config
