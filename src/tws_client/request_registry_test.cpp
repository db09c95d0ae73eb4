#include "tws_client/request_registry.hpp"

#include <gtest/gtest.h>

namespace ep::tws_client {
namespace {

using namespace std::chrono_literals;

std::optional<Delivery> take_now(Mailbox& mailbox) {
  return mailbox.take(std::chrono::steady_clock::now() + 10ms);
}

TEST(RequestRegistry, RoutesByRequestIdOrderIdAndExecutionId) {
  RequestRegistry registry;
  auto quotes = std::make_shared<Mailbox>();
  auto orders = std::make_shared<Mailbox>();
  Listener quote_listener(registry, quotes);
  Listener order_listener(registry, orders);
  quote_listener.add_request(5);
  order_listener.add_order(6);

  EXPECT_TRUE(registry.dispatch(tws::TickSnapshotEnd{5}));
  EXPECT_FALSE(registry.dispatch(tws::TickSnapshotEnd{99}));
  tws::ErrorMessage error;
  error.id = 6;
  error.code = 201;
  EXPECT_TRUE(registry.dispatch(error));
  tws::ExecDetails exec;
  exec.execution.order_id = 6;
  exec.execution.exec_id = "x1";
  EXPECT_TRUE(registry.dispatch(exec));
  tws::CommissionReport report;
  report.exec_id = "x1";
  EXPECT_TRUE(registry.dispatch(report));  // follows its execution

  ASSERT_TRUE(take_now(*quotes).has_value());
  EXPECT_FALSE(take_now(*quotes).has_value());
  int order_messages = 0;
  while (take_now(*orders)) ++order_messages;
  EXPECT_EQ(order_messages, 3);
}

TEST(RequestRegistry, SingletonsAndUnregistration) {
  RequestRegistry registry;
  auto mailbox = std::make_shared<Mailbox>();
  {
    Listener listener(registry, mailbox);
    listener.add_singleton(Singleton::kOpenOrders);
    EXPECT_TRUE(registry.dispatch(tws::OpenOrderEnd{}));
    EXPECT_FALSE(registry.dispatch(tws::PositionEnd{}));
  }
  EXPECT_FALSE(registry.dispatch(tws::OpenOrderEnd{}));  // the listener is gone
}

TEST(RequestRegistry, CloseFailsWaitingAndLaterCalls) {
  RequestRegistry registry;
  auto waiting = std::make_shared<Mailbox>();
  Listener listener(registry, waiting);
  listener.add_request(1);
  registry.close(core::unavailable("gone"));
  auto delivery = take_now(*waiting);
  ASSERT_TRUE(delivery && std::holds_alternative<ConnectionLost>(*delivery));

  auto late = std::make_shared<Mailbox>();
  Listener late_listener(registry, late);
  late_listener.add_request(2);
  delivery = take_now(*late);
  ASSERT_TRUE(delivery && std::holds_alternative<ConnectionLost>(*delivery));
}

}  // namespace
}  // namespace ep::tws_client
