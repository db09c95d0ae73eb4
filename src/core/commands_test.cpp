#include "core/commands.hpp"

#include <gtest/gtest.h>

#include <set>

namespace ep::core {
namespace {

TEST(Commands, EveryRowIsFoundByItsNameAndNamesAreUnique) {
  std::set<std::string_view> names;
  for (const auto& row : kCommands) {
    const auto found = find_command(row.name);
    ASSERT_TRUE(found.has_value()) << row.name;
    EXPECT_EQ(found->kind, row.kind);
    EXPECT_TRUE(names.insert(row.name).second) << "duplicate " << row.name;
  }
}

TEST(Commands, UnknownAndNearMissNamesAreNotCommands) {
  EXPECT_FALSE(find_command("").has_value());
  EXPECT_FALSE(find_command("Rebalance").has_value());
  EXPECT_FALSE(find_command("rebalance ").has_value());
  EXPECT_FALSE(find_command("print_rebalance").has_value());
}

TEST(Commands, OnlyTheRebalancesNeedTheAccountConfig) {
  EXPECT_TRUE(find_command("rebalance")->needs_account_config);
  EXPECT_TRUE(find_command("print-rebalance")->needs_account_config);
  EXPECT_FALSE(find_command("print-positions")->needs_account_config);
  EXPECT_FALSE(find_command("cancel-orders")->needs_account_config);
}

TEST(Commands, NamesListEveryCommandInTableOrder) {
  EXPECT_EQ(command_names(),
            "rebalance, print-rebalance, print-positions, print-equity, print-orders, "
            "cancel-orders");
}

}  // namespace
}  // namespace ep::core
