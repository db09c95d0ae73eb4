// Waiting on orders an earlier attempt left working (Broker::await_orders_done) against the
// scripted server: the wait ends once the orders are gone, ignores other orders, wakes early
// on a final status of ours, and is an unknown outcome naming them when they still work at the
// deadline or the connection is lost while they work.
#include <gtest/gtest.h>

#include <atomic>

#include "tws_client/testing/fast_config.hpp"
#include "tws_client/testing/scripted_server.hpp"
#include "tws_client/tws_broker.hpp"

namespace ep::tws_client::testing {
namespace {

// A sell of SPY an earlier attempt left working.
tws::OpenOrder working(std::int64_t id, const std::string& ref, const std::string& account,
                       int client_id) {
  auto message = open_order(id, "SPY", account, "Submitted", client_id);
  message.order.action = "SELL";
  message.order.order_ref = ref;
  return message;
}

ClientConfig quick_looks(std::uint16_t port) {
  auto config = fast_config(port);
  config.working_order_look_interval = std::chrono::milliseconds(50);
  return config;
}

const std::vector<std::string> kAwaited{"ep:e1:sell:SPY"};

// await_orders_done for kAwaited, after a first look with a generous deadline: a slow
// handshake (sanitizer builds) must not use up a short deadline under test.
core::Result<void> await_when_connected(const ScriptedTwsServer& server, int deadline_ms) {
  TwsBroker broker(quick_looks(server.port()));
  if (auto first = broker.open_orders(in_ms(10000)); !first) return first.error();
  return broker.await_orders_done(kAccount, kAwaited, in_ms(deadline_ms));
}

// The operator learns which order is still working and whose it is.
void expect_unknown_naming_order_7(const core::Result<void>& done) {
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().kind, core::ErrorKind::kUnknownOutcome) << done.error().message;
  EXPECT_NE(done.error().message.find("ep:e1:sell:SPY SELL SPY (0 of 10 filled, order 7 of client "
                                      "id 4242)"),
            std::string::npos)
      << done.error().message;
}

TEST(AwaitOrders, EndsOnceTheAwaitedOrdersAreGone) {
  ScriptedTwsServer server;
  std::atomic<int> looks{0};
  server.set_script([&](Peer& peer, const tws::Request& request) {
    if (!std::holds_alternative<tws::ReqAllOpenOrders>(request)) return;
    if (++looks <= 2) peer.send(working(7, "ep:e1:sell:SPY", kAccount, peer.client_id() + 5));
    peer.send(working(8, "ep:other:sell:SPY", kAccount, peer.client_id()));  // not awaited
    peer.send(tws::OpenOrderEnd{});
  });
  TwsBroker broker(quick_looks(server.port()));
  auto done = broker.await_orders_done(kAccount, kAwaited, in_ms(3000));
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(looks.load(), 3);
}

TEST(AwaitOrders, OrdersOfAnotherAccountOrRefDoNotHoldTheWait) {
  ScriptedTwsServer server;
  std::atomic<int> looks{0};
  server.set_script([&](Peer& peer, const tws::Request& request) {
    if (!std::holds_alternative<tws::ReqAllOpenOrders>(request)) return;
    ++looks;
    peer.send(working(7, "ep:e1:sell:SPY", "DU999999", peer.client_id()));
    peer.send(working(9, "ep:e2:sell:SPY", kAccount, peer.client_id()));
    peer.send(tws::OpenOrderEnd{});
  });
  TwsBroker broker(quick_looks(server.port()));
  ASSERT_TRUE(broker.await_orders_done(kAccount, kAwaited, in_ms(3000)).ok());
  EXPECT_EQ(looks.load(), 1);
}

TEST(AwaitOrders, StillWorkingAtTheDeadlineIsAnUnknownOutcomeNamingTheOrder) {
  ScriptedTwsServer server;
  server.set_script([&](Peer& peer, const tws::Request& request) {
    if (!std::holds_alternative<tws::ReqAllOpenOrders>(request)) return;
    peer.send(working(7, "ep:e1:sell:SPY", kAccount, 4242));
    peer.send(tws::OpenOrderEnd{});
  });
  expect_unknown_naming_order_7(await_when_connected(server, 400));
}

TEST(AwaitOrders, ALookCutShortByTheDeadlineStillNamesTheWorkingOrder) {
  ScriptedTwsServer server;
  std::atomic<int> looks{0};
  server.set_script([&](Peer& peer, const tws::Request& request) {
    if (!std::holds_alternative<tws::ReqAllOpenOrders>(request)) return;
    if (++looks > 2) return;  // the first look (the connect check) and the second are answered
    peer.send(working(7, "ep:e1:sell:SPY", kAccount, 4242));
    peer.send(tws::OpenOrderEnd{});
  });
  expect_unknown_naming_order_7(await_when_connected(server, 400));
  EXPECT_GE(looks.load(), 3);  // a later look was asked for and never completed
}

TEST(AwaitOrders, AConnectionLostWhileTheOrdersWorkIsAnUnknownOutcomeNamingThem) {
  ScriptedTwsServer server;
  std::atomic<int> looks{0};
  server.set_script([&](Peer& peer, const tws::Request& request) {
    if (!std::holds_alternative<tws::ReqAllOpenOrders>(request)) return;
    peer.send(working(7, "ep:e1:sell:SPY", kAccount, 4242));
    peer.send(tws::OpenOrderEnd{});
    // The first look is the connect check; the connection dies right after the second.
    if (++looks == 2) peer.close();
  });
  // The orders were seen working: their fate is unknown, not merely unavailable.
  expect_unknown_naming_order_7(await_when_connected(server, 10000));
}

}  // namespace
}  // namespace ep::tws_client::testing
