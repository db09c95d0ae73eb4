// The rebalance workflow on the fake broker: convergence, every queue decision it can lead
// to, and restart safety.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/planner.hpp"
#include "processor/testing/test_world.hpp"

namespace ep::processor {
namespace {

using ::testing::HasSubstr;

using test::OrderScript;
using test::utc;
using testing::event_json;
using testing::kAccount;
using testing::World;

std::vector<std::string> refs(const std::vector<core::OrderRequest>& orders) {
  std::vector<std::string> out;
  for (const auto& order : orders) out.push_back(order.order_ref);
  return out;
}

TEST(Rebalance, BuysTheTargetsFromCashAndFinishes) {
  World world;
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_EQ(decision.outcome.status, core::OutcomeStatus::kDone);
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 132);  // 99000 x 0.6 / 450
  // 99000 x 0.4 / 100 = 396 would leave the cash 1.98 below the reserve once the
  // commission estimate is counted.
  EXPECT_EQ(world.broker.shares(kAccount, "TLT"), 395);
  EXPECT_EQ(refs(world.broker.placed()),
            (std::vector<std::string>{"ep:e1:buy:SPY", "ep:e1:buy:TLT"}));
  ASSERT_EQ(decision.outcome.orders.size(), 2u);
  const auto result = nlohmann::json::parse(decision.outcome.result);
  EXPECT_DOUBLE_EQ(result["cash"]["buy_budget"].get<double>(), 99000.0);
  std::vector<std::string> phases;
  for (const auto& [name, ms] : decision.outcome.phase_ms) phases.push_back(name);
  for (const char* phase : {"account", "allocations", "contracts", "hours", "reconcile", "prices",
                            "plan", "what_if", "buys"}) {
    EXPECT_NE(std::find(phases.begin(), phases.end(), phase), phases.end()) << phase;
  }
}

TEST(Rebalance, ConvergesSellingFirstAndASecondRunTradesNothing) {
  World world;
  world.broker.set_account(kAccount, 50000, {{"TLT", 500}, {"GLD", 50}});
  world.broker.set_price("GLD", 200);
  const auto first = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(first.action, QueueAction::kFinish) << first.outcome.error;
  const auto placed = world.broker.placed();
  ASSERT_GE(placed.size(), 3u);
  EXPECT_EQ(placed[0].side, core::Side::kSell);  // TLT trimmed first, then GLD liquidated
  EXPECT_EQ(placed[0].symbol, "TLT");
  EXPECT_EQ(placed[1].order_ref, "ep:e1:sell:GLD");
  EXPECT_EQ(placed[2].side, core::Side::kBuy);
  EXPECT_EQ(world.broker.shares(kAccount, "GLD"), 0);

  // The planner's targets on the broker's final state: nothing left to do.
  const auto value = world.broker.net_liquidation(kAccount);
  const auto plan = core::make_plan({value,
                                     world.broker.cash(kAccount),
                                     1.0,
                                     {{"SPY", world.broker.shares(kAccount, "SPY"), 0, 0},
                                      {"TLT", world.broker.shares(kAccount, "TLT"), 0, 0}},
                                     {{"SPY", 450}, {"TLT", 100}},
                                     {{"SPY", 0.6}, {"TLT", 0.4}},
                                     {}});
  EXPECT_TRUE(plan.sells.empty());
  EXPECT_TRUE(plan.buys.empty());

  const auto second = world.handle(event_json("e2", "rebalance"));
  ASSERT_EQ(second.action, QueueAction::kFinish) << second.outcome.error;
  EXPECT_EQ(world.broker.placed().size(), placed.size());
}

TEST(Rebalance, EveryBrokerCallCarriesADeadlineFromTheSettings) {
  World world;
  world.settings.request_timeout = std::chrono::seconds{7};
  world.settings.order_completion_timeout = std::chrono::seconds{45};
  world.broker.add_open_order({0, 0, kAccount, "SPY", core::Side::kBuy, 1, 0, "Submitted", "x"});
  ASSERT_EQ(world.handle(event_json("e1", "rebalance")).action, QueueAction::kFinish);
  const auto start = world.clock.monotonic();
  for (const auto& call : world.broker.calls()) {
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(call.deadline - start).count();
    if (call.name == "place_orders") {
      EXPECT_EQ(seconds, 45) << call.name;
    } else if (call.name == "cancel_open_orders") {
      EXPECT_EQ(seconds, 60) << call.name;
    } else {
      EXPECT_EQ(seconds, 7) << call.name;
    }
  }
}

TEST(Rebalance, AccountMismatchIsDeadLetteredWithoutOrders) {
  World world;
  const auto decision = world.handle(event_json("e1", "rebalance", kAccount, "DU999"));
  EXPECT_EQ(decision.action, QueueAction::kDeadLetter);
  EXPECT_THAT(decision.outcome.error, HasSubstr("differs from data.account_config.account_id"));
  EXPECT_TRUE(world.broker.placed().empty());
}

TEST(Rebalance, UnmanagedAccountIsDeadLettered) {
  World world;
  world.broker.set_managed_accounts({"DU555"});
  const auto decision = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kDeadLetter);
  EXPECT_THAT(decision.outcome.error, HasSubstr("not managed"));
  EXPECT_TRUE(world.broker.placed().empty());
  EXPECT_TRUE(world.allocations.fetches().empty());
}

TEST(Rebalance, AllocationErrorIsRetried) {
  World world;
  world.allocations.fail_next(1);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_EQ(decision.outcome.status, core::OutcomeStatus::kRetry);
  EXPECT_THAT(decision.outcome.error, HasSubstr("HTTP 500"));
  EXPECT_TRUE(world.broker.placed().empty());
  // The next attempt succeeds.
  EXPECT_EQ(world.handle(event_json("e1", "rebalance")).action, QueueAction::kFinish);
}

TEST(Rebalance, MalformedAllocationAnswerIsRetriedNotDeadLettered) {
  World world;
  world.allocations.set_error("etf", core::invalid_input("allocation 0.5x is not a number"));
  const auto decision = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_TRUE(world.broker.placed().empty());
}

struct GuardCase {
  const char* name;
  std::vector<core::TargetAllocation> allocations;
  const char* message;
};

TEST(Rebalance, AllocationGuardsTripWithoutAnyOrder) {
  const std::vector<GuardCase> cases = {
      {"empty", {}, "empty allocation list"},
      {"leverage", {{"SPY", 0.7}, {"TLT", 0.35}}, "above 1.01"},
      {"duplicate", {{"SPY", 0.5}, {"SPY", 0.5}}, "more than once"},
      {"out of range", {{"SPY", 1.5}}, "outside [0, 1]"},
  };
  for (const auto& guard : cases) {
    World world;
    world.broker.set_account(kAccount, 1000, {{"SPY", 100}, {"TLT", 100}});
    world.allocations.set("etf", guard.allocations);
    const auto decision = world.handle(event_json("e1", "rebalance"));
    EXPECT_EQ(decision.action, QueueAction::kRetryLater) << guard.name;
    EXPECT_THAT(decision.outcome.error, HasSubstr(guard.message)) << guard.name;
    EXPECT_TRUE(world.broker.placed().empty()) << guard.name;
    EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 100) << guard.name;
  }
}

TEST(Rebalance, AllocationsBelowOneProceedWithAWarning) {
  World world;
  world.allocations.set("etf", {{"SPY", 0.5}, {"TLT", 0.3}});
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  const auto result = nlohmann::json::parse(decision.outcome.result);
  ASSERT_EQ(result["warnings"].size(), 1u);
  EXPECT_THAT(result["warnings"][0].get<std::string>(), HasSubstr("below 0.99"));
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 110);  // 99000 x 0.5 / 450
}

TEST(Rebalance, UnknownTargetSymbolIsRetriedAndTheAccountIsNotSold) {
  World world;
  world.broker.set_account(kAccount, 0, {{"SPY", 100}, {"TLT", 100}});
  world.allocations.set("etf", {{"SPY", 0.5}, {"NOPE", 0.5}});
  world.broker.set_contract_error("NOPE", core::invalid_input("No security definition"));
  const auto decision = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_THAT(decision.outcome.error, HasSubstr("NOPE cannot be resolved"));
  EXPECT_TRUE(world.broker.placed().empty());
}

TEST(Rebalance, TargetWithoutPriceIsRetried) {
  World world;
  world.broker.set_account(kAccount, 0, {{"TLT", 1000}});
  world.broker.set_price_error("SPY", core::unavailable("no market data permissions"));
  const auto decision = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_THAT(decision.outcome.error, HasSubstr("no usable price for target SPY"));
  EXPECT_TRUE(world.broker.placed().empty());
}

TEST(Rebalance, MarketClosedParksUntilTheLatestNextOpen) {
  World world;
  world.clock.set_now(utc(2024, 7, 22, 12, 0));  // 08:00 New York, before the open
  core::ContractInfo tlt{"TLT",
                         2,
                         "NASDAQ",
                         "US/Eastern",
                         "20240722:1000-20240722:1600",
                         "20240722:1000-20240722:1600"};
  world.broker.set_contract(tlt);  // opens half an hour after SPY
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kParkUntil) << decision.outcome.error;
  EXPECT_EQ(decision.outcome.status, core::OutcomeStatus::kMarketClosed);
  ASSERT_TRUE(decision.park_until.has_value());
  EXPECT_EQ(*decision.park_until, utc(2024, 7, 22, 14, 0));  // 10:00 EDT
  EXPECT_TRUE(world.broker.placed().empty());
  EXPECT_TRUE(world.broker.what_ifs().empty());
}

TEST(Rebalance, ExtendedHoursUseTheTradingHours) {
  World world;
  world.clock.set_now(utc(2024, 7, 22, 12, 0));  // 08:00 New York
  world.settings.extended_hours = true;
  for (const char* symbol : {"SPY", "TLT"}) {
    world.broker.set_contract({symbol, 1, "ARCA", "US/Eastern", "20240722:0400-20240722:2000",
                               "20240722:0930-20240722:1600"});
  }
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  ASSERT_FALSE(world.broker.placed().empty());
  EXPECT_TRUE(world.broker.placed()[0].outside_rth);
}

TEST(Rebalance, WhatIfRejectionOfASellRetriesWithNoOrderPlaced) {
  World world;
  world.broker.set_account(kAccount, 10000, {{"TLT", 900}});
  world.broker.reject_what_if("TLT", "Order rejected - no shares");
  const auto decision = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_THAT(decision.outcome.error, HasSubstr("rejected: what-if rejected 1 order(s)"));
  EXPECT_THAT(decision.outcome.error, HasSubstr("no shares"));
  EXPECT_EQ(world.broker.what_ifs().size(), 1u);  // the sells are checked before anything
  EXPECT_TRUE(world.broker.placed().empty());
}

TEST(Rebalance, WhatIfRejectionOfABuyAfterTheSellsRetriesAndNeverSellsAgain) {
  World world;
  world.broker.set_account(kAccount, 10000, {{"TLT", 900}});
  world.broker.reject_what_if("SPY", "Order rejected - insufficient buying power");
  const auto first = world.handle(event_json("e1", "rebalance", kAccount, kAccount, 0.0));
  EXPECT_EQ(first.action, QueueAction::kRetryLater);
  EXPECT_THAT(first.outcome.error, HasSubstr("insufficient buying power"));
  // The TLT sell was checked and placed on its own, then the SPY buy was checked after it.
  ASSERT_EQ(world.broker.what_ifs().size(), 2u);
  EXPECT_EQ(world.broker.what_ifs()[0].symbol, "TLT");
  EXPECT_EQ(world.broker.what_ifs()[1].symbol, "SPY");
  EXPECT_EQ(refs(world.broker.placed()), (std::vector<std::string>{"ep:e1:sell:TLT"}));

  world.broker.accept_what_if("SPY");
  const auto second = world.handle(event_json("e1", "rebalance", kAccount, kAccount, 0.0));
  ASSERT_EQ(second.action, QueueAction::kFinish) << second.outcome.error;
  const auto placed = refs(world.broker.placed());
  EXPECT_EQ(std::count(placed.begin(), placed.end(), "ep:e1:sell:TLT"), 1);
  EXPECT_EQ(std::count(placed.begin(), placed.end(), "ep:e1:buy:SPY"), 1);
  EXPECT_EQ(std::count(placed.begin(), placed.end(), "ep:e1:buy:TLT"), 0);  // never bought back
}

TEST(Rebalance, RejectedSellStopsTheBuys) {
  World world;
  world.broker.set_account(kAccount, 0, {{"TLT", 1000}});
  world.broker.set_order_script(
      "TLT", core::Side::kSell,
      test::order_ends(core::OrderState::kRejected, 0, "no shares to locate"));
  const auto decision = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_THAT(decision.outcome.error, HasSubstr("the buys did not run"));
  EXPECT_EQ(refs(world.broker.placed()), (std::vector<std::string>{"ep:e1:sell:TLT"}));
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 0);
}

TEST(Rebalance, PartlyFilledCancelledSellStopsTheBuysAndCountsItsFill) {
  World world;
  world.broker.set_account(kAccount, 0, {{"TLT", 1000}});
  world.broker.set_order_script(
      "TLT", core::Side::kSell,
      test::order_ends(core::OrderState::kCancelled, 0.5, "cancelled by system"));
  const auto decision = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  ASSERT_EQ(decision.outcome.orders.size(), 1u);
  EXPECT_EQ(decision.outcome.orders[0].filled, 302);  // half of the 604 sold
  EXPECT_EQ(world.broker.shares(kAccount, "TLT"), 698);
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 0);
}

TEST(Rebalance, UnknownSellOutcomeRetriesAndTheNextAttemptDoesNotSellAgain) {
  World world;
  world.without_commissions();
  world.broker.set_account(kAccount, 0, {{"TLT", 1000}});
  // The sell reaches the broker and fills, but the answer is lost.
  world.broker.set_order_script("TLT", core::Side::kSell,
                                test::order_ends(core::OrderState::kUnknown, 1.0));
  const auto first = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(first.action, QueueAction::kRetryLater);
  EXPECT_THAT(first.outcome.error, HasSubstr("unknown_outcome"));
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 0);

  world.broker.set_order_script("TLT", core::Side::kSell, {});
  const auto second = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(second.action, QueueAction::kFinish) << second.outcome.error;
  const auto placed = refs(world.broker.placed());
  EXPECT_EQ(std::count(placed.begin(), placed.end(), "ep:e1:sell:TLT"), 1);
  const auto result = nlohmann::json::parse(second.outcome.result);
  ASSERT_EQ(result["reconcile"]["earlier_fills"].size(), 1u);
  EXPECT_EQ(result["reconcile"]["earlier_fills"][0]["order_ref"], "ep:e1:sell:TLT");
  EXPECT_EQ(result["reconcile"]["earlier_fills"][0]["shares"], 604);
  EXPECT_EQ(world.broker.shares(kAccount, "TLT"), 396);
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 132);
}

TEST(Rebalance, WorkingOrdersAreCancelledBeforeAnythingIsPlaced) {
  World world;
  world.add_earlier_spy_buy(10, 4);
  world.broker.add_open_order({0, 8, kAccount, "QQQ", core::Side::kBuy, 5, 0, "Submitted", ""});
  world.broker.add_open_order({0, 8, "DU999", "QQQ", core::Side::kBuy, 5, 0, "Submitted", ""});
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  const auto names = world.broker.call_names();
  const auto cancel = std::find(names.begin(), names.end(), "cancel_open_orders");
  const auto place = std::find(names.begin(), names.end(), "place_orders");
  ASSERT_NE(cancel, names.end());
  EXPECT_LT(cancel, place);
  const auto result = nlohmann::json::parse(decision.outcome.result);
  EXPECT_EQ(result["reconcile"]["working_of_event"], 1);
  EXPECT_EQ(result["reconcile"]["working_other"], 1);
  EXPECT_EQ(world.broker.open_orders_now().size(), 1u);  // the other account's stays
}

TEST(Rebalance, FilledLegOfAnEarlierAttemptIsNotPlacedAgain) {
  World world;
  world.without_commissions();
  // First attempt: the SPY buy filled, then the TLT buy's answer was lost without a fill.
  world.broker.set_order_script("TLT", core::Side::kBuy,
                                test::order_ends(core::OrderState::kUnknown, 0.0));
  const auto first = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(first.action, QueueAction::kRetryLater);
  ASSERT_EQ(world.broker.shares(kAccount, "SPY"), 132);

  world.broker.set_order_script("TLT", core::Side::kBuy, {});
  const auto second = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(second.action, QueueAction::kFinish) << second.outcome.error;
  const auto placed = refs(world.broker.placed());
  EXPECT_EQ(std::count(placed.begin(), placed.end(), "ep:e1:buy:SPY"), 1);
  EXPECT_EQ(std::count(placed.begin(), placed.end(), "ep:e1:buy:TLT"), 2);
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 132);
  EXPECT_EQ(world.broker.shares(kAccount, "TLT"), 396);
}

TEST(Rebalance, SlowLegOfAnEarlierAttemptIsWaitedOnNotReplaced) {
  World world;
  world.without_commissions();
  // An earlier attempt's SPY buy is still working (fills slower than the order timeout): the
  // plan still wants it, so this attempt waits for it instead of cancelling and replacing it.
  world.add_earlier_spy_buy(132);
  world.broker.set_fill_working_on_wait(true);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_EQ(refs(world.broker.placed()), (std::vector<std::string>{"ep:e1:buy:TLT"}));
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 132);
  EXPECT_EQ(world.broker.shares(kAccount, "TLT"), 396);
  EXPECT_EQ(world.calls("cancel_open_orders"), 0);
  EXPECT_EQ(world.calls("await_orders_done"), 1);
  const auto result = nlohmann::json::parse(decision.outcome.result);
  EXPECT_EQ(result["reconcile"]["earlier_fills"][0]["shares"], 132);
}

TEST(Rebalance, SlowLegStillWorkingAtTheDeadlineIsRetriedWithoutCancelOrNewOrder) {
  World world;
  world.add_earlier_spy_buy(132);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_THAT(decision.outcome.error, HasSubstr("waited on, not replaced"));
  EXPECT_TRUE(world.broker.placed().empty());
  EXPECT_EQ(world.calls("cancel_open_orders"), 0);
}

TEST(Rebalance, LegThatNoLongerMatchesIsCancelledAndAFillDuringTheCancelCounts) {
  World world;
  world.without_commissions();
  // An earlier attempt's SPY buy of 50 (the plan now wants 132) is cancelled, and fills just
  // before the cancel lands: only the account re-read after the cancel shows those shares.
  world.add_earlier_spy_buy(50);
  world.broker.set_fill_on_cancel(true);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 132);
  EXPECT_EQ(world.broker.shares(kAccount, "TLT"), 396);
  const auto placed = world.broker.placed();
  ASSERT_EQ(placed.size(), 2u);
  const auto spy = std::find_if(placed.begin(), placed.end(), [](const core::OrderRequest& o) {
    return o.order_ref == "ep:e1:buy:SPY";
  });
  ASSERT_NE(spy, placed.end());
  EXPECT_EQ(spy->quantity, 82);  // what is left after the 50 that filled
  const auto result = nlohmann::json::parse(decision.outcome.result);
  EXPECT_EQ(result["reconcile"]["earlier_fills"][0]["shares"], 50);
}

TEST(Rebalance, OrdersStillWorkingAfterTheCancelStopEverything) {
  World world;
  world.broker.add_open_order({0, 7, kAccount, "SPY", core::Side::kBuy, 10, 0, "Submitted", ""});
  world.broker.fail_call("cancel_open_orders", core::unavailable("cancel timed out"));
  const auto decision = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_TRUE(world.broker.placed().empty());
}

TEST(Rebalance, OrdersLeftAfterTheCancelAreNamedAndNothingIsPlaced) {
  World world;
  world.broker.add_open_order(
      {41, 2933, kAccount, "OLD", core::Side::kSell, 30, 0, "Submitted", "manual"});
  world.broker.set_cancel_without_effect(true);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(decision.action, QueueAction::kRetryLater);
  EXPECT_THAT(decision.outcome.error,
              HasSubstr("still working after the cancel (OLD SELL order 41 of "
                        "client id 2933 (Submitted))"));
  EXPECT_TRUE(world.broker.placed().empty());
}

TEST(Rebalance, BuysSpendTheSmallerOfComputedAndReportedCash) {
  World world;
  world.broker.set_account(kAccount, 0, {{"TLT", 1000}});
  // A large commission the order outcome does not report (its report came late): the
  // account's cash is lower than the fills say, and the buys must use the account's figure.
  world.broker.set_commission(5000);
  OrderScript late_report;
  late_report.report_commission = false;
  world.broker.set_order_script("TLT", core::Side::kSell, late_report);
  const auto decision = world.handle(event_json("e1", "rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  const auto result = nlohmann::json::parse(decision.outcome.result);
  const auto cash = result["cash"];
  EXPECT_DOUBLE_EQ(cash["sell_proceeds"].get<double>(), 60400.0);  // 604 TLT x 100
  EXPECT_DOUBLE_EQ(cash["computed"].get<double>(), 60400.0);
  EXPECT_DOUBLE_EQ(cash["reported"].get<double>(), 55400.0);
  EXPECT_DOUBLE_EQ(cash["used"].get<double>(), 55400.0);
  EXPECT_DOUBLE_EQ(cash["buy_budget"].get<double>(), 54400.0);
  // SPY needed 59400: cut to what the real cash pays, commission included (120 x 450 + 1).
  ASSERT_EQ(result["buys_skipped"].size(), 1u) << result.dump(2);
  EXPECT_EQ(world.broker.shares(kAccount, "SPY"), 120);
}

TEST(Rebalance, SizeCapsParkThePlanWithoutOrdersAndPassWhenWide) {
  World world;
  world.settings.caps.max_order_percent = 50;  // SPY is 59.4% of the account
  const auto capped = world.handle(event_json("e1", "rebalance"));
  EXPECT_EQ(capped.action, QueueAction::kRetryLater);
  EXPECT_THAT(capped.outcome.error, HasSubstr("over the 50% cap"));
  EXPECT_THAT(capped.outcome.error, HasSubstr("\"buys\""));  // the plan is in it
  EXPECT_TRUE(world.broker.placed().empty());

  world.settings.caps = {0, 90};  // turnover 99%
  EXPECT_EQ(world.handle(event_json("e1", "rebalance")).action, QueueAction::kRetryLater);
  EXPECT_TRUE(world.broker.placed().empty());

  world.settings.caps = {60, 100};
  EXPECT_EQ(world.handle(event_json("e1", "rebalance")).action, QueueAction::kFinish);
  EXPECT_EQ(world.broker.placed().size(), 2u);
}

TEST(Rebalance, PrintRebalanceAndDryRunPlaceCancelAndCheckNothing) {
  for (bool dry_run_setting : {false, true}) {
    World world;
    world.settings.dry_run = dry_run_setting;
    world.broker.set_account(kAccount, 50000, {{"TLT", 500}});
    world.broker.add_open_order({0, 7, kAccount, "SPY", core::Side::kBuy, 1, 0, "Submitted", ""});
    const auto decision =
        world.handle(event_json("e1", dry_run_setting ? "rebalance" : "print-rebalance"));
    ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
    const auto result = nlohmann::json::parse(decision.outcome.result);
    EXPECT_TRUE(result["dry_run"].get<bool>());
    EXPECT_EQ(result["plan"]["sells"].size(), 1u);
    EXPECT_EQ(result["plan"]["buys"].size(), 1u);
    EXPECT_DOUBLE_EQ(result["account"]["cash"].get<double>(), 50000.0);
    EXPECT_TRUE(world.broker.placed().empty());
    EXPECT_TRUE(world.broker.what_ifs().empty());
    EXPECT_EQ(world.broker.open_orders_now().size(), 1u);
  }
}

TEST(Rebalance, PrintRebalanceReportsAClosedMarketInsteadOfParking) {
  World world;
  world.clock.set_now(utc(2024, 7, 27, 15, 0));  // Saturday
  const auto decision = world.handle(event_json("e1", "print-rebalance"));
  ASSERT_EQ(decision.action, QueueAction::kFinish) << decision.outcome.error;
  const auto result = nlohmann::json::parse(decision.outcome.result);
  EXPECT_FALSE(result["market_open"].get<bool>());
}
}  // namespace
}  // namespace ep::processor
