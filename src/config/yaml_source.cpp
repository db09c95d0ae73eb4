// config.yaml reader: strict (unknown keys, wrong shapes and bad values are errors, naming the
// key and the line), except for the original service's legacy keys, which are ignored.
#include <fmt/format.h>

#include "config/config_sources.hpp"
#include "config/settings.hpp"
#include "config/yaml.hpp"

namespace ep::config {
namespace {

// The error stays one line: yaml-cpp quotes the offending character (even a newline) in its
// messages, and a quoted key may hold any character (found by fuzz/config_fuzz).
std::string one_line(std::string text) {
  for (char& c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = ' ';
  }
  return text;
}

// "config.yaml line 3" (yaml-cpp counts lines from 0; -1 when it does not know).
std::string where(const std::string& source, const YAML::Mark& mark) {
  return mark.line < 0 ? source : fmt::format("{} line {}", source, mark.line + 1);
}

class YamlWalker {
 public:
  YamlWalker(Config& config, const std::string& source, std::set<std::string>& keys_set)
      : config_(config), source_(source), keys_set_(keys_set) {}

  core::Result<void> walk(const YAML::Node& map, const std::string& prefix) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      // Copies: the iterator's operator-> returns a temporary proxy, so a reference to its
      // first/second dangles after this statement (caught by the config fuzz target).
      const YAML::Node name = it->first;
      const YAML::Node value = it->second;
      if (!name.IsScalar()) return fail(name, "keys must be plain names");
      const std::string key = prefix.empty() ? name.Scalar() : prefix + "." + name.Scalar();
      if (auto result = visit(key, name, value); !result) return result;
    }
    return core::success();
  }

 private:
  core::Result<void> visit(const std::string& key, const YAML::Node& name,
                           const YAML::Node& value) {
    if (is_legacy_key(key)) {
      config_.notices.push_back(
          fmt::format("{}: {} is a setting of the original service; ignored", source_, key));
      return core::success();
    }
    if (const auto variable = secret_variable_for(key)) {
      return fail(name, fmt::format("{} must not be in the file: set {} instead", key, *variable));
    }
    if (const Setting* setting = find_setting(key)) {
      if (value.IsNull()) return fail(name, key + " has no value");
      if (!value.IsScalar())
        return fail(name, key + " must be a single value, not a list or section");
      if (auto applied = setting->apply(config_, value.Scalar()); !applied) {
        return fail(value, key + " " + applied.error().message);
      }
      keys_set_.insert(key);
      return core::success();
    }
    if (is_section(key)) {
      if (value.IsNull()) return core::success();  // an empty section keeps the defaults
      if (!value.IsMap()) return fail(name, key + " must be a section of keys");
      return walk(value, key);
    }
    return fail(name, "unknown key " + key);
  }

  core::Error fail(const YAML::Node& node, const std::string& what) const {
    return core::invalid_input(one_line(fmt::format("{}: {}", where(source_, node.Mark()), what)));
  }

  Config& config_;
  const std::string& source_;
  std::set<std::string>& keys_set_;
};

}  // namespace

core::Result<void> apply_yaml(Config& config, const std::string& text, const std::string& source,
                              std::set<std::string>& keys_set) {
  try {
    const YAML::Node root = YAML::Load(text);
    if (root.IsNull()) return core::success();  // an empty file: defaults
    if (!root.IsMap()) {
      return core::invalid_input(
          one_line(fmt::format("{}: the file must be a mapping of sections (redis:, ibkr:, ...)",
                               where(source, root.Mark()))));
    }
    return YamlWalker(config, source, keys_set).walk(root, "");
  } catch (const YAML::Exception& e) {
    return core::invalid_input(
        one_line(fmt::format("{}: malformed YAML: {}", where(source, e.mark), e.msg)));
  }
}

}  // namespace ep::config
