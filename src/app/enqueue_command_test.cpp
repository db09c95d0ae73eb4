// The event data `enqueue` writes: the broker's fields and order, and each refused option.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/enqueue_command.hpp"

namespace ep::app {
namespace {

using ::testing::HasSubstr;

TEST(EnqueueData, HasTheBrokersFieldsInItsOrder) {
  EnqueueRequest request{"DU123", "rebalance", "etf-blend", 2.5};
  auto data = enqueue_data_json(request, "id-1");
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_EQ(*data, R"({"exec":"rebalance","eventId":"id-1","account_config":{"account_id":"DU123",)"
                   R"("notification_channel":"etf-blend","cash_reserve_percentage":2.5}})");
}

TEST(EnqueueData, PrintCommandsNeedNoStrategy) {
  auto data = enqueue_data_json({"DU123", "print-positions", std::nullopt, 1.0}, "id-2");
  ASSERT_TRUE(data.ok()) << data.error().message;
  const auto parsed = nlohmann::json::parse(*data);
  EXPECT_EQ(parsed["exec"], "print-positions");
  EXPECT_FALSE(parsed["account_config"].contains("notification_channel"));
  EXPECT_EQ(parsed["account_config"]["cash_reserve_percentage"], 1.0);
}

TEST(EnqueueData, RefusesBadOptionsNamingThem) {
  auto error = [](EnqueueRequest request) {
    auto data = enqueue_data_json(request, "id");
    EXPECT_FALSE(data.ok());
    return data.ok() ? std::string() : data.error().message;
  };
  EXPECT_THAT(error({"DU1", "rebalanse", "s", 1}),
              HasSubstr("valid commands: rebalance, print-rebalance, print-positions, "
                        "print-equity, print-orders, cancel-orders"));
  EXPECT_THAT(error({"DU1", "rebalance", std::nullopt, 1}), HasSubstr("--strategy is required"));
  EXPECT_THAT(error({"DU1", "print-rebalance", std::nullopt, 1}),
              HasSubstr("--strategy is required for print-rebalance"));
  EXPECT_THAT(error({"DU1", "rebalance", "", 1}), HasSubstr("--strategy"));
  EXPECT_THAT(error({"", "print-equity", std::nullopt, 1}), HasSubstr("--account"));
  EXPECT_THAT(error({"DU\n1", "print-equity", std::nullopt, 1}), HasSubstr("--account"));
  EXPECT_THAT(error({"DU1", "rebalance", "s", -0.5}), HasSubstr("--reserve"));
  EXPECT_THAT(error({"DU1", "rebalance", "s", 100.5}), HasSubstr("--reserve"));
}

}  // namespace
}  // namespace ep::app
