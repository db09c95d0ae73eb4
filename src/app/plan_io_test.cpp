#include "app/plan_io.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace ep::app {
namespace {

const char* kExample = R"({"account_value": 100000.0, "cash": 32482.0,
  "cash_reserve_percentage": 1.0, "positions": [{"symbol": "SPY", "shares": 150}],
  "prices": {"SPY": 450.12, "TLT": 91.3},
  "allocations": [{"symbol": "SPY", "allocation": 0.6}, {"symbol": "TLT", "allocation": 0.4}]})";

TEST(PlanIo, IssueExampleGivesTheDocumentedOutput) {
  auto input = parse_plan_input(kExample);
  ASSERT_TRUE(input.ok()) << input.error().message;
  auto out = nlohmann::json::parse(plan_to_json(core::make_plan(*input)));
  auto expected = nlohmann::json::parse(R"({
    "orders": [{"symbol": "SPY", "side": "SELL", "quantity": 18, "value": 8102.16}],
    "skipped": [{"symbol": "TLT", "side": "BUY", "quantity": 434, "value": 39624.2,
                 "reason": "needs 39624.20, 39584.16 left after the reserve"}],
    "investable": 99000.0, "buy_budget": 39584.16})");
  EXPECT_EQ(out, expected) << out.dump(2);
}

TEST(PlanIo, FractionalHoldingsSellTheWholeSharesAndWarnOfTheRest) {
  auto input =
      parse_plan_input(R"({"account_value": 10000, "cash": 8736, "cash_reserve_percentage": 0,
    "positions": [{"symbol": "OLD", "shares": 30.6}, {"symbol": "SPY", "shares": 0.4}],
    "prices": {"OLD": 40, "SPY": 100}, "allocations": [{"symbol": "SPY", "allocation": 0.9}]})");
  ASSERT_TRUE(input.ok()) << input.error().message;
  auto out = nlohmann::json::parse(plan_to_json(core::make_plan(*input)));
  ASSERT_EQ(out["orders"].size(), 2u) << out.dump(2);
  EXPECT_EQ(out["orders"][0],
            nlohmann::json::parse(
                R"({"symbol": "OLD", "side": "SELL", "quantity": 30, "value": 1200.0})"));
  EXPECT_EQ(out["orders"][1]["symbol"], "SPY");
  EXPECT_EQ(out["orders"][1]["quantity"], 90);  // 9000 / 100 - 0.4 = 89.6 -> 90
  ASSERT_EQ(out["warnings"].size(), 1u) << out.dump(2);
  EXPECT_NE(out["warnings"][0].get<std::string>().find("0.6 share(s) of OLD stay"),
            std::string::npos)
      << out.dump(2);
}

TEST(PlanIo, ReserveDefaultsToOnePercent) {
  auto input =
      parse_plan_input(R"({"account_value": 1000, "cash": 1000, "prices": {}, "allocations": []})");
  ASSERT_TRUE(input.ok());
  EXPECT_DOUBLE_EQ(input->cash_reserve_percent, 1.0);
}

struct BadCase {
  const char* json;
  const char* message;
};

class PlanIoBadInput : public testing::TestWithParam<BadCase> {};

TEST_P(PlanIoBadInput, NamesTheField) {
  auto input = parse_plan_input(GetParam().json);
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.error().kind, core::ErrorKind::kInvalidInput);
  EXPECT_EQ(input.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Catalogue, PlanIoBadInput,
    testing::Values(
        BadCase{"{", "input: malformed JSON (unexpected end of input at byte 2)"},
        BadCase{"[]", "input: must be a JSON object"},
        BadCase{R"({"cash": 1, "prices": {}, "allocations": []})", "account_value: missing"},
        BadCase{R"({"account_value": "1", "cash": 1, "prices": {}, "allocations": []})",
                "account_value: must be a number"},
        BadCase{R"({"account_value": 1, "cash": 1, "prices": {"SPY": -1}, "allocations": []})",
                "prices.SPY: must be a positive finite number"},
        BadCase{R"({"account_value": 1, "cash": 1, "prices": {"SPY": 0}, "allocations": []})",
                "prices.SPY: must be a positive finite number"},
        BadCase{R"({"account_value": 1, "cash": 1, "prices": {"SPY": "NaN"}, "allocations": []})",
                "prices.SPY: must be a number"},
        BadCase{R"({"account_value": 1, "cash": 1, "prices": {"SPY": 1e999}, "allocations": []})",
                "input: malformed JSON (number overflow)"},
        BadCase{R"({"account_value": 1, "cash": 1, "prices": {},
                    "positions": [{"symbol": "SPY", "shares": -3}], "allocations": []})",
                "positions[0].shares: must not be negative"},
        BadCase{R"({"account_value": 1, "cash": 1, "prices": {},
                    "allocations": [{"symbol": "SPY", "allocation": 1.2}]})",
                "allocations[0].allocation: must be within [0, 1]"},
        BadCase{R"({"account_value": 1, "cash": 1, "prices": {},
                    "allocations": [{"symbol": "SPY", "allocation": -0.1}]})",
                "allocations[0].allocation: must be within [0, 1]"},
        BadCase{R"({"account_value": 1, "cash": 1, "prices": {},
                    "allocations": [{"symbol": "A", "allocation": 0.6},
                                    {"symbol": "B", "allocation": 0.42}]})",
                "allocations: sum to 1.0200, above 1.01"},
        BadCase{R"({"account_value": 1, "cash": 1, "prices": {},
                    "allocations": [{"symbol": "A", "allocation": 0.3},
                                    {"symbol": "A", "allocation": 0.3}]})",
                "allocations[1].symbol: duplicate symbol A"},
        BadCase{R"({"account_value": 1, "cash": 1, "prices": {},
                    "allocations": [{"symbol": "", "allocation": 0.3}]})",
                "allocations[0].symbol: must not be empty"},
        BadCase{R"({"account_value": 1, "cash": 1, "prices": {},
                    "allocations": [{"allocation": 0.3}]})",
                "allocations[0].symbol: missing"},
        BadCase{R"({"account_value": 1, "cash": 1, "prices": {}, "allocations": {}})",
                "allocations: must be an array"}));

TEST(PlanIo, DeepInputIsRefusedBeforeParsing) {
  const auto input = parse_plan_input(std::string(100'000, '[') + std::string(100'000, ']'));
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.error().message, "input: JSON nested deeper than 64 levels");
}

}  // namespace
}  // namespace ep::app
