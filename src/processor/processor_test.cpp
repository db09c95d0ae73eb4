// Processor::handle: one queue decision per event, for every command and failure class.
#include "processor/processor.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "processor/testing/test_world.hpp"

namespace ep::processor {
namespace {

using testing::event_json;
using testing::kAccount;
using testing::World;

std::string print_event(const std::string& command, const std::string& account = kAccount) {
  return R"({"event_id":"p1","account_id":")" + account + R"(","data":{"exec":")" + command +
         R"("},"times_queued":1})";
}

using ::testing::HasSubstr;

TEST(Handle, MalformedJsonIsDeadLettered) {
  World world;
  const auto decision = world.handle("{not json");
  EXPECT_EQ(decision.action, QueueAction::kDeadLetter);
  EXPECT_EQ(decision.outcome.status, core::OutcomeStatus::kDeadLetter);
  EXPECT_THAT(decision.outcome.error, HasSubstr("invalid_input: event is not valid JSON"));
  EXPECT_TRUE(world.broker.calls().empty());
}

TEST(Handle, UnknownCommandIsDeadLetteredWithItsIds) {
  World world;
  const auto decision =
      world.handle(R"({"event_id":"u1","account_id":"DU123","data":{"exec":"buy-the-dip"}})");
  EXPECT_EQ(decision.action, QueueAction::kDeadLetter);
  EXPECT_EQ(decision.outcome.event_id, "u1");
  EXPECT_EQ(decision.outcome.account_id, "DU123");
  EXPECT_EQ(decision.outcome.command, "buy-the-dip");
  EXPECT_THAT(decision.outcome.error, HasSubstr("unknown command 'buy-the-dip'"));
}

TEST(Handle, MissingAccountConfigIsDeadLettered) {
  World world;
  const auto decision =
      world.handle(R"({"event_id":"m1","account_id":"DU123","data":{"exec":"rebalance"}})");
  EXPECT_EQ(decision.action, QueueAction::kDeadLetter);
  EXPECT_THAT(decision.outcome.error, HasSubstr("account_config is required"));
  EXPECT_TRUE(world.broker.calls().empty());
}

TEST(Handle, PrintPositionsListsTheAccount) {
  World world;
  world.broker.set_account(kAccount, 1234.5, {{"SPY", 3}, {"TLT", 7}});
  const auto decision = world.handle(print_event("print-positions"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_EQ(decision.outcome.status, core::OutcomeStatus::kDone);
  EXPECT_EQ(decision.outcome.command, "print-positions");
  const auto result = nlohmann::json::parse(decision.outcome.result);
  ASSERT_EQ(result["positions"].size(), 2u);
  EXPECT_EQ(result["positions"][0]["symbol"], "SPY");
  EXPECT_EQ(result["positions"][0]["shares"], 3);
  EXPECT_EQ(result["positions"][1]["shares"], 7);
}

TEST(Handle, PrintEquityReportsNetLiquidationAndCash) {
  World world;
  world.broker.set_account(kAccount, 1000, {{"SPY", 2}});
  const auto decision = world.handle(print_event("print-equity"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  const auto result = nlohmann::json::parse(decision.outcome.result);
  EXPECT_DOUBLE_EQ(result["net_liquidation"].get<double>(), 1900.0);
  EXPECT_DOUBLE_EQ(result["cash"].get<double>(), 1000.0);
}

TEST(Handle, PrintOrdersShowsOnlyTheEventsAccount) {
  World world;
  world.broker.set_account("DU999", 0, {});
  world.broker.add_open_order({0, 1, kAccount, "SPY", core::Side::kBuy, 5, 1, "Submitted", "r"});
  world.broker.add_open_order({0, 1, "DU999", "TLT", core::Side::kSell, 2, 0, "Submitted", ""});
  const auto decision = world.handle(print_event("print-orders"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  const auto result = nlohmann::json::parse(decision.outcome.result);
  ASSERT_EQ(result["open_orders"].size(), 1u);
  EXPECT_EQ(result["open_orders"][0]["symbol"], "SPY");
  EXPECT_EQ(result["open_orders"][0]["side"], "BUY");
}

TEST(Handle, CancelOrdersCancelsTheAccountsOrders) {
  World world;
  world.settings.cancel_timeout = std::chrono::seconds{60};
  world.broker.add_open_order({0, 1, kAccount, "SPY", core::Side::kBuy, 5, 1, "Submitted", ""});
  world.broker.add_open_order({0, 1, kAccount, "TLT", core::Side::kBuy, 5, 1, "Submitted", ""});
  const auto decision = world.handle(print_event("cancel-orders"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_EQ(nlohmann::json::parse(decision.outcome.result)["cancelled"], 2);
  EXPECT_TRUE(world.broker.open_orders_now().empty());
}

TEST(Handle, PrintCommandForAnUnmanagedAccountIsDeadLettered) {
  World world;
  const auto decision = world.handle(print_event("print-positions", "U777"));
  EXPECT_EQ(decision.action, QueueAction::kDeadLetter);
  EXPECT_THAT(decision.outcome.error, HasSubstr("not managed"));
}

TEST(Handle, BrokerDownIsRetried) {
  World world;
  world.broker.fail_call("managed_accounts", core::unavailable("gateway refused the connection"));
  const auto decision = world.handle(print_event("print-equity"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_EQ(decision.outcome.status, core::OutcomeStatus::kRetry);
  EXPECT_THAT(decision.outcome.error, HasSubstr("unavailable: gateway refused"));
}

TEST(Handle, CountsOutcomesInTheStatus) {
  World world;
  auto processor = world.make_processor();
  (void)processor.handle({event_json("e1", "rebalance")});
  (void)processor.handle({"garbage"});
  world.allocations.fail_next(1);
  (void)processor.handle({event_json("e2", "rebalance")});
  const auto status = processor.status();
  EXPECT_EQ(status.handled.at("rebalance:done"), 1);
  EXPECT_EQ(status.handled.at("unknown:dead_letter"), 1);
  EXPECT_EQ(status.handled.at("rebalance:retry"), 1);
  EXPECT_EQ(status.dead_letters, 1);
  EXPECT_EQ(status.retries, 1);
  EXPECT_EQ(status.orders_placed, 2);
  EXPECT_EQ(status.orders_filled, 2);
  EXPECT_EQ(status.state, ProcessorState::kIdle);
  EXPECT_FALSE(status.current.has_value());
  EXPECT_THAT(status.last_error, HasSubstr("HTTP 500"));
  const auto json = to_json(status);
  EXPECT_EQ(json["state"], "idle");
  EXPECT_EQ(json["orders"]["filled"], 2);
}

TEST(Decide, MapsEachOutcomeToExactlyOneAction) {
  const EventIds ids{"e", "DU1", "rebalance"};
  const auto now = test::utc(2024, 7, 22, 15, 0);
  CommandOutcome done;
  EXPECT_EQ(decide(ids, done, now).action, QueueAction::kFinish);

  const std::pair<core::ErrorKind, QueueAction> cases[] = {
      {core::ErrorKind::kInvalidInput, QueueAction::kDeadLetter},
      {core::ErrorKind::kUnavailable, QueueAction::kRetryLater},
      {core::ErrorKind::kRejected, QueueAction::kRetryLater},
      {core::ErrorKind::kUnknownOutcome, QueueAction::kRetryLater},
      {core::ErrorKind::kInternal, QueueAction::kRetryLater},
      {core::ErrorKind::kMarketClosed, QueueAction::kRetryLater},  // no reopening time known
  };
  for (const auto& [kind, action] : cases) {
    CommandOutcome failed;
    failed.error = core::Error{kind, "why"};
    const auto decision = decide(ids, failed, now);
    EXPECT_EQ(decision.action, action) << core::to_string(kind);
    EXPECT_EQ(decision.outcome.error, std::string(core::to_string(kind)) + ": why");
    EXPECT_EQ(decision.outcome.finished_at, now);
  }
  CommandOutcome closed;
  closed.error = core::market_closed("closed");
  closed.reopen_at = now + std::chrono::hours{3};
  const auto parked = decide(ids, closed, now);
  EXPECT_EQ(parked.action, QueueAction::kParkUntil);
  EXPECT_EQ(parked.park_until, now + std::chrono::hours{3});
  EXPECT_EQ(parked.outcome.status, core::OutcomeStatus::kMarketClosed);
}

}  // namespace
}  // namespace ep::processor

namespace ep::processor {
namespace {

// The account lease is the fence before any order: the processor asks the queue for the
// event's own account, and a lost lease places nothing and retries the event.
TEST(Handle, ARebalanceConfirmsTheLeaseOfItsAccountBeforeOrders) {
  World world;
  const auto decision = world.handle(testing::event_json("l1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_FALSE(world.broker.placed().empty());
  const auto checks = world.queue.lease_checks();
  ASSERT_FALSE(checks.empty());
  for (const auto& account : checks) EXPECT_EQ(account, testing::kAccount);
}

TEST(Handle, ALostLeasePlacesNothingAndRetriesTheEvent) {
  World world;
  world.queue.lose_lease();
  const auto decision = world.handle(testing::event_json("l2", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_TRUE(world.broker.placed().empty());
  EXPECT_THAT(decision.outcome.error, HasSubstr("lost"));
  EXPECT_THAT(decision.outcome.error, HasSubstr("no order was placed"));
  EXPECT_EQ(world.queue.lease_checks().size(), 1u);
}

TEST(Handle, ThePrintCommandsNeedNoLeaseCheck) {
  World world;
  world.queue.lose_lease();
  const auto decision =
      world.handle(R"({"event_id":"p9","account_id":"DU123","data":{"exec":"print-positions"}})");
  EXPECT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_TRUE(world.queue.lease_checks().empty());
}

TEST(Handle, DepthBombIsDeadLetteredWithItsReasonAndIds) {
  World world;
  const std::string bomb = R"({"event_id":"d1","account_id":")" + std::string(kAccount) +
                           R"(","data":{"exec":"rebalance","x":)" + std::string(60'000, '[') +
                           std::string(60'000, ']') + "}}";
  const auto decision = world.handle(bomb);
  EXPECT_EQ(decision.action, QueueAction::kDeadLetter);
  EXPECT_EQ(decision.outcome.error,
            "invalid_input: event refused: JSON nested deeper than 64 levels");
  EXPECT_EQ(decision.outcome.event_id, "d1");
  EXPECT_EQ(decision.outcome.command, "rebalance");
  EXPECT_TRUE(world.broker.calls().empty());
}

}  // namespace
}  // namespace ep::processor
