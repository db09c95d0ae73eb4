// The commands an event can carry in data.exec: the one table that event parsing, dispatch, the
// management API's request parsing, the enqueue command and the metrics labels all read.
// Adding a command is a row here and a case in processor/dispatch.cpp (the switch there has no
// default, so the compiler names a missing case). Pure constants; any thread.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace ep::core {

enum class CommandKind {
  kRebalance,
  kPrintRebalance,
  kPrintPositions,
  kPrintEquity,
  kPrintOrders,
  kCancelOrders,
};

struct CommandInfo {
  CommandKind kind;
  std::string_view name;      // as in data.exec
  bool needs_account_config;  // reads data.account_config (the strategy and the cash reserve)
};

inline constexpr std::array<CommandInfo, 6> kCommands{{
    {CommandKind::kRebalance, "rebalance", true},
    {CommandKind::kPrintRebalance, "print-rebalance", true},
    {CommandKind::kPrintPositions, "print-positions", false},
    {CommandKind::kPrintEquity, "print-equity", false},
    {CommandKind::kPrintOrders, "print-orders", false},
    {CommandKind::kCancelOrders, "cancel-orders", false},
}};

// The row of a command name, or nullopt when no command has that name.
std::optional<CommandInfo> find_command(std::string_view name);
// "rebalance, print-rebalance, ...": for error messages and help texts.
std::string command_names();

}  // namespace ep::core
