// The table of every setting: its config.yaml key, its environment variable and how to set it
// from text (parse + range check). The YAML and environment readers both go through it, so a
// value is checked the same way wherever it comes from. Immutable after first use; any thread.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace ep::config {

struct Setting {
  std::string_view key;  // dotted YAML path, e.g. "redis.port"
  std::string_view env;  // environment variable overriding it, or empty
  // Sets the value from text; the error is a sentence tail ("must be 1..65535, got '0'").
  std::function<core::Result<void>(Config&, std::string_view text)> apply;
};

const std::vector<Setting>& settings();
const Setting* find_setting(std::string_view key);

// A section of config.yaml holding settings or sections: "redis", "ibkr.connection_retry".
bool is_section(std::string_view key);
// Keys of the original service's config.yaml that are accepted and ignored.
bool is_legacy_key(std::string_view key);
// Keys of config.example.yaml that are validated for compatibility with the original's files but
// change nothing here: the reason, to say so at start when one is set; nullopt for other keys.
std::optional<std::string_view> ignored_key_reason(std::string_view key);
// Keys that would put a secret into the file: refused, naming the variable to use instead.
std::optional<std::string_view> secret_variable_for(std::string_view key);

}  // namespace ep::config
