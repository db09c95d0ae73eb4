#include "core/commands.hpp"

namespace ep::core {

std::optional<CommandInfo> find_command(std::string_view name) {
  for (const auto& command : kCommands) {
    if (command.name == name) return command;
  }
  return std::nullopt;
}

std::string command_names() {
  std::string names;
  for (const auto& command : kCommands) {
    if (!names.empty()) names += ", ";
    names += command.name;
  }
  return names;
}

}  // namespace ep::core
