#include "tws_client/order_tracker.hpp"

#include <gtest/gtest.h>

namespace ep::tws_client {
namespace {

core::OrderRequest spy_buy() {
  core::OrderRequest request;
  request.account = "DU1";
  request.symbol = "SPY";
  request.quantity = 100;
  request.order_ref = "ep:e1:buy:SPY";
  return request;
}

tws::OrderStatus status(std::int64_t id, const std::string& text, double filled, double avg) {
  tws::OrderStatus s;
  s.order_id = id;
  s.status = text;
  s.filled = tws::Decimal::of(filled);
  s.remaining = tws::Decimal::of(100 - filled);
  s.avg_fill_price = avg;
  return s;
}

tws::ExecDetails exec(std::int64_t id, const std::string& exec_id, double shares, double price) {
  tws::ExecDetails e;
  e.execution.order_id = id;
  e.execution.exec_id = exec_id;
  e.execution.shares = tws::Decimal::of(shares);
  e.execution.price = price;
  e.execution.side = "BOT";
  return e;
}

tws::CommissionReport commission(const std::string& exec_id, double amount) {
  tws::CommissionReport r;
  r.exec_id = exec_id;
  r.commission = amount;
  return r;
}

tws::ErrorMessage error(std::int64_t id, int code, const std::string& text) {
  tws::ErrorMessage e;
  e.id = id;
  e.code = code;
  e.message = text;
  return e;
}

TEST(OrderTracker, PartialFillsAccumulateUntilFilledWithCommissions) {
  OrderTracker tracker(spy_buy(), 7);
  tracker.apply(status(7, "Submitted", 0, 0));
  tracker.apply(exec(7, "e1", 40, 100.0));
  tracker.apply(commission("e1", 1.0));
  tracker.apply(status(7, "Submitted", 40, 100.0));
  EXPECT_FALSE(tracker.terminal());
  tracker.apply(exec(7, "e2", 60, 101.0));
  tracker.apply(exec(7, "e2", 60, 101.0));  // duplicates are normal
  tracker.apply(status(7, "Filled", 100, 100.6));
  EXPECT_TRUE(tracker.terminal());
  EXPECT_FALSE(tracker.complete());  // e2's commission is still due
  tracker.apply(commission("e2", 1.5));
  EXPECT_TRUE(tracker.complete());
  const auto outcome = tracker.outcome();
  EXPECT_EQ(outcome.state, core::OrderState::kFilled);
  EXPECT_EQ(outcome.filled, 100);
  EXPECT_DOUBLE_EQ(outcome.average_price, 100.6);
  EXPECT_DOUBLE_EQ(outcome.commission, 2.5);
  ASSERT_EQ(outcome.fills.size(), 2u);
}

TEST(OrderTracker, CommissionBeforeItsExecutionIsKept) {
  OrderTracker tracker(spy_buy(), 7);
  tracker.apply(commission("e1", 0.35));
  tracker.apply(exec(7, "e1", 100, 50.0));
  tracker.apply(status(7, "Filled", 100, 50.0));
  EXPECT_TRUE(tracker.complete());
  EXPECT_DOUBLE_EQ(tracker.outcome().commission, 0.35);
}

TEST(OrderTracker, AnOpenOrderSayingFilledWaitsForTheSharesThatFilled) {
  OrderTracker tracker(spy_buy(), 7);
  tws::OpenOrder open;
  open.order.order_id = 7;
  open.state.status = "Filled";
  tracker.apply(open);  // before the orderStatus and the executions that carry the count
  EXPECT_TRUE(tracker.terminal());
  EXPECT_FALSE(tracker.complete());
  // Read now (the grace ran out): every share filled, at a price not yet known.
  EXPECT_EQ(tracker.outcome().filled, 100);
  EXPECT_DOUBLE_EQ(tracker.outcome().average_price, 0.0);
  tracker.apply(exec(7, "e1", 60, 100.0));
  tracker.apply(commission("e1", 1.0));
  EXPECT_FALSE(tracker.complete());  // 60 of 100
  tracker.apply(exec(7, "e2", 40, 100.5));
  tracker.apply(commission("e2", 1.0));
  ASSERT_TRUE(tracker.complete());
  const auto outcome = tracker.outcome();
  EXPECT_EQ(outcome.state, core::OrderState::kFilled);
  EXPECT_EQ(outcome.filled, 100);
  EXPECT_DOUBLE_EQ(outcome.average_price, 100.2);
}

TEST(OrderTracker, RejectionErrorEndsTheOrderWithTheReason) {
  OrderTracker tracker(spy_buy(), 7);
  tracker.apply(error(7, 399, "Order Message: Warning"));  // a warning: still working
  EXPECT_FALSE(tracker.terminal());
  tracker.apply(error(7, 201, "Order rejected - Reason: no funds"));
  ASSERT_TRUE(tracker.terminal());
  const auto outcome = tracker.outcome();
  EXPECT_EQ(outcome.state, core::OrderState::kRejected);
  EXPECT_NE(outcome.error.find("no funds"), std::string::npos);
}

TEST(OrderTracker, CancelledInactiveAndUnknown) {
  OrderTracker cancelled(spy_buy(), 1);
  cancelled.apply(status(1, "ApiCancelled", 0, 0));
  EXPECT_EQ(cancelled.outcome().state, core::OrderState::kCancelled);

  OrderTracker inactive(spy_buy(), 2);
  inactive.apply(status(2, "Inactive", 0, 0));
  EXPECT_EQ(inactive.outcome().state, core::OrderState::kInactive);

  OrderTracker working(spy_buy(), 3);
  working.apply(status(3, "Submitted", 10, 99.0));
  working.apply(status(4, "Filled", 100, 99.0));  // another order's status
  const auto outcome = working.outcome("deadline");
  EXPECT_EQ(outcome.state, core::OrderState::kUnknown);
  EXPECT_EQ(outcome.filled, 10);
  EXPECT_EQ(outcome.error, "deadline");
}

}  // namespace
}  // namespace ep::tws_client
