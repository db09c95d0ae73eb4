#include "sim/scenario.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace ep::sim {
namespace {

const TimePoint kNow = std::chrono::system_clock::now();

TEST(Scenario, LoadsTheTestScenario) {
  auto scenario =
      load_scenario_file(std::string(EP_SOURCE_DIR) + "/tests/data/ibsim/basic.yaml", kNow);
  ASSERT_TRUE(scenario.ok()) << scenario.error().message;
  ASSERT_EQ(scenario->accounts.size(), 1u);
  EXPECT_EQ(scenario->accounts[0].id, "DU1000001");
  EXPECT_EQ(scenario->accounts[0].positions.size(), 2u);
  const SymbolSpec* vti = find_symbol(*scenario, "VTI");
  ASSERT_NE(vti, nullptr);
  EXPECT_FALSE(vti->market_data.live);
  EXPECT_TRUE(vti->market_data.delayed);
  EXPECT_EQ(find_symbol_by_con_id(*scenario, 756733)->symbol, "SPY");
  EXPECT_EQ(find_symbol(*scenario, "GLD")->trading_hours.kind, HoursRule::Kind::kClosed);
  EXPECT_EQ(find_symbol(*scenario, "QQQ")->liquid_hours.open_minute, 9 * 60 + 30);
  EXPECT_EQ(scenario->latency.partial_fill_chunks, 2);
}

TEST(Scenario, ExampleScenarioLoads) {
  auto scenario =
      load_scenario_file(std::string(EP_SOURCE_DIR) + "/examples/ibsim/example.yaml", kNow);
  ASSERT_TRUE(scenario.ok()) << scenario.error().message;
  EXPECT_GE(scenario->symbols.size(), 12u);
}

TEST(Scenario, EveryTestScenarioLoads) {
  int count = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(EP_SOURCE_DIR) + "/tests/data/ibsim")) {
    auto scenario = load_scenario_file(entry.path().string(), kNow);
    EXPECT_TRUE(scenario.ok()) << entry.path() << ": "
                               << (scenario.ok() ? "" : scenario.error().message);
    ++count;
  }
  EXPECT_GE(count, 5);
  auto closed = load_scenario_file(
      std::string(EP_SOURCE_DIR) + "/tests/data/ibsim/closed_until_soon.yaml", kNow);
  ASSERT_TRUE(closed.ok());
  const SymbolSpec* tlt = find_symbol(*closed, "TLT");
  EXPECT_FALSE(is_open(tlt->trading_hours, kNow, tlt->time_zone));
  EXPECT_TRUE(is_open(tlt->liquid_hours, kNow + std::chrono::seconds{11}, tlt->time_zone));
}

TEST(Scenario, RelativeHoursAndFaults) {
  auto scenario =
      load_scenario_file(std::string(EP_SOURCE_DIR) + "/tests/data/ibsim/opens_soon.yaml", kNow);
  ASSERT_TRUE(scenario.ok()) << scenario.error().message;
  const SymbolSpec* spy = find_symbol(*scenario, "SPY");
  EXPECT_EQ(spy->liquid_hours.kind, HoursRule::Kind::kWindow);
  EXPECT_FALSE(is_open(spy->liquid_hours, kNow, spy->time_zone));
  EXPECT_TRUE(is_open(spy->liquid_hours, kNow + std::chrono::seconds{6}, spy->time_zone));
  EXPECT_EQ(scenario->faults.snapshot_end_delay_ms, 100);
  EXPECT_EQ(scenario->faults.stall_orders, 1);
}

TEST(Scenario, ErrorsNameTheProblem) {
  auto expect_error = [](const char* yaml, const char* words) {
    auto scenario = parse_scenario(yaml, kNow);
    ASSERT_FALSE(scenario.ok()) << yaml;
    EXPECT_NE(scenario.error().message.find(words), std::string::npos) << scenario.error().message;
  };
  expect_error("[1, 2", "YAML");
  expect_error("accounts: [{id: DU1}]", "symbols");
  expect_error("symbols: {SPY: {con_id: 1, price: 1}}", "accounts");
  expect_error("symbols: {SPY: {con_id: 1, price: -1}}\naccounts: [{id: DU1}]", "price");
  expect_error("symbols: {SPY: {con_id: 1, price: 1, market_data: [tv]}}\naccounts: [{id: DU1}]",
               "tv");
  expect_error("symbols: {SPY: {con_id: 1, price: 1, hours: soon}}\naccounts: [{id: DU1}]",
               "hours");
  expect_error(
      "symbols: {SPY: {con_id: 1, price: 1}}\naccounts: [{id: DU1, positions: [{symbol: X, "
      "quantity: 1}]}]",
      "X");
  expect_error("symbols: {SPY: {con_id: 1, price: 1}}\naccounts: [{id: DU1}]\nfaults: {boom: 1}",
               "boom");
  expect_error(
      "symbols: {SPY: {con_id: 1, price: 1, time_zone: Nowhere/City}}\naccounts: [{id: DU1}]",
      "Nowhere");
}

}  // namespace
}  // namespace ep::sim
