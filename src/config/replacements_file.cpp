// REPLACEMENTS_FILE reader (README, "Replacement symbols"): a YAML map from a strategy's symbol
// to the symbol held instead, `SPY: VOO` or `SPY: {symbol: VOO, scale: 1.0, sell_original:
// true}`; validated whole at start (core::validate_replacements), one line on any problem.
#include <fmt/format.h>

#include "config/config_sources.hpp"
#include "config/yaml.hpp"

namespace ep::config {
namespace {

core::Error problem(const std::string& path, const std::string& what) {
  std::string line = fmt::format("REPLACEMENTS_FILE '{}': {}", path, what);
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';  // one line, whatever the file holds
  }
  return core::invalid_input(std::move(line));
}

core::Result<core::Replacement> entry_of(const std::string& original, const YAML::Node& value,
                                         const std::string& path) {
  core::Replacement entry;
  entry.original = original;
  if (value.IsScalar()) {
    entry.replacement = value.as<std::string>();
    return entry;
  }
  if (!value.IsMap()) return problem(path, original + ": must be a symbol or a map");
  for (const auto& field : value) {
    const auto key = field.first.as<std::string>();
    if (key == "symbol") {
      entry.replacement = field.second.as<std::string>();
    } else if (key == "scale") {
      entry.scale = field.second.as<double>();
    } else if (key == "sell_original") {
      entry.sell_original = field.second.as<bool>();
    } else {
      return problem(
          path, fmt::format("{}: unknown key '{}' (symbol, scale, sell_original)", original, key));
    }
  }
  return entry;
}

}  // namespace

core::Result<std::vector<core::Replacement>> load_replacements(const std::string& path) {
  auto text = read_config_file("REPLACEMENTS_FILE", path);
  if (!text) return text.error();
  std::vector<core::Replacement> out;
  try {
    const YAML::Node root = YAML::Load(text.value());
    if (root.IsNull()) return out;
    if (!root.IsMap()) return problem(path, "must be a map from a symbol to its replacement");
    for (const auto& item : root) {
      auto entry = entry_of(item.first.as<std::string>(), item.second, path);
      if (!entry) return entry.error();
      out.push_back(std::move(entry.value()));
    }
  } catch (const YAML::Exception& error) {
    return problem(path, error.what());
  }
  if (auto invalid = core::validate_replacements(out)) return problem(path, *invalid);
  return out;
}

}  // namespace ep::config
