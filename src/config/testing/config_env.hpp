// Test helpers of the config tests: the required variables, a config.yaml written to the test's
// temporary directory, a load that must succeed, and a comparison of every setting.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "config/config.hpp"

namespace ep::config::testing_support {

inline const std::map<std::string, std::string> kRequired{{"ALLOCATIONS_API_KEY", "key-abc123"},
                                                          {"SERVICE_VERSION", "1.2.3"}};

inline std::map<std::string, std::string> with_required(std::map<std::string, std::string> extra) {
  extra.insert(kRequired.begin(), kRequired.end());  // extra wins on a clash
  return extra;
}

// A config.yaml in the test's temporary directory; the name is unique per call.
inline std::string write_yaml(const std::string& text) {
  static int counter = 0;
  const auto path =
      std::filesystem::path(::testing::TempDir()) /
      ("ep_config_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + ".yaml");
  std::ofstream(path) << text;
  return path.string();
}

inline Config load_ok(const std::map<std::string, std::string>& env,
                      const std::optional<std::string>& path = std::nullopt) {
  auto config = load_config(map_environment(env), path);
  EXPECT_TRUE(config.ok()) << config.error().message;
  return config.ok() ? std::move(config).value() : Config{};
}

// Every setting of `c` (its redacted summary, without the notices) against `base`'s with
// `changes` merged in (a JSON merge patch): what a test names must have changed, and nothing else.
inline void expect_settings(const Config& c, const Config& base, const nlohmann::json& changes) {
  nlohmann::json expected = redacted_summary(base);
  expected.merge_patch(changes);
  expected.erase("notices");
  nlohmann::json actual = redacted_summary(c);
  actual.erase("notices");
  EXPECT_EQ(actual, expected) << "differences: " << nlohmann::json::diff(expected, actual).dump();
}

}  // namespace ep::config::testing_support
