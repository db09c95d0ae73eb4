// Connection behaviour against the scripted loopback server: handshake, version rejection,
// client ids (random, configured, 326), deadlines, reconnects, heartbeats, 1100/1102.
#include <gtest/gtest.h>

#include "logging/log.hpp"
#include "tws_client/testing/fast_config.hpp"
#include "tws_client/testing/scripted_server.hpp"
#include "tws_client/tws_broker.hpp"

namespace ep::tws_client::testing {
namespace {

using namespace std::chrono_literals;
using State = core::BrokerStatus::State;

// Creates the logger on the main thread before any client thread logs, and keeps the test
// output to warnings (this binary's other test files share it).
const bool kLoggingReady = log::setup("warning");

TEST(Connection, HandshakeStartApiAndManagedAccounts) {
  ScriptedTwsServer server;
  TwsBroker broker(fast_config(server.port()));
  auto accounts = broker.managed_accounts(in_ms(2000));
  ASSERT_TRUE(accounts.ok()) << accounts.error().message;
  EXPECT_EQ(*accounts, std::vector<std::string>{"DU111111"});
  const auto status = broker.status();
  EXPECT_EQ(status.state, State::kConnected);
  EXPECT_FALSE(status.down_since.has_value());
  EXPECT_EQ(status.managed_accounts, std::vector<std::string>{"DU111111"});
  const auto ids = server.start_api_client_ids();
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_GE(ids[0], 1000);
  EXPECT_LE(ids[0], 2999);
  EXPECT_EQ(ids[0], broker.client_id());
}

TEST(Connection, ConfiguredClientIdIsUsed) {
  ScriptedTwsServer server;
  auto config = fast_config(server.port());
  config.client_id = 42;
  TwsBroker broker(config);
  ASSERT_TRUE(broker.managed_accounts(in_ms(2000)).ok());
  EXPECT_EQ(server.start_api_client_ids(), std::vector<int>{42});
}

TEST(Connection, ServerVersionOutsideTheRangeIsRejected) {
  ScriptedTwsServer::Options options;
  options.reply_version = 175;
  ScriptedTwsServer server(options);
  TwsBroker broker(fast_config(server.port()));
  auto accounts = broker.managed_accounts(in_ms(300));
  ASSERT_FALSE(accounts.ok());
  EXPECT_EQ(accounts.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_NE(accounts.error().message.find("175"), std::string::npos) << accounts.error().message;
  EXPECT_NE(broker.status().state, State::kConnected);
  EXPECT_TRUE(server.start_api_client_ids().empty());  // never got as far as startApi
}

TEST(Connection, GatewayDownGivesUnavailableAtTheDeadline) {
  std::uint16_t port = 0;
  {
    ScriptedTwsServer gone;
    port = gone.port();
  }
  TwsBroker broker(fast_config(port));
  const auto start = std::chrono::steady_clock::now();
  auto accounts = broker.managed_accounts(in_ms(200));
  ASSERT_FALSE(accounts.ok());
  EXPECT_EQ(accounts.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1000ms);
  const auto status = broker.status();
  EXPECT_EQ(status.state, State::kDown);
  EXPECT_TRUE(status.down_since.has_value());
  EXPECT_FALSE(status.last_error.empty());
}

TEST(Connection, UnansweredRequestFailsAtItsDeadline) {
  ScriptedTwsServer server;  // no script: reqContractDetails is never answered
  TwsBroker broker(fast_config(server.port()));
  ASSERT_TRUE(broker.managed_accounts(in_ms(2000)).ok());
  const std::vector<core::Symbol> symbols{"SPY"};
  const auto start = std::chrono::steady_clock::now();
  auto results = broker.contract_details(symbols, in_ms(300));
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(results.size(), 1u);
  ASSERT_FALSE(results[0].ok());
  EXPECT_EQ(results[0].error().kind, core::ErrorKind::kUnavailable);
  EXPECT_GE(waited, 300ms);
  EXPECT_LT(waited, 1500ms);
}

TEST(Connection, ClientIdInUseRetriesTheSameIdUntilItIsFree) {
  ScriptedTwsServer::Options options;
  options.client_ids_in_use = {1500};
  ScriptedTwsServer server(options);
  auto config = fast_config(server.port());
  config.client_id = 1500;
  TwsBroker broker(config);
  auto refused = broker.managed_accounts(in_ms(400));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, core::ErrorKind::kUnavailable);
  EXPECT_NE(refused.error().message.find("326"), std::string::npos) << refused.error().message;
  EXPECT_NE(broker.status().last_error.find("client id 1500 in use"), std::string::npos)
      << broker.status().last_error;
  // The holder goes away (a killed process's socket closing): the same id connects.
  server.set_client_ids_in_use({});
  auto accounts = broker.managed_accounts(in_ms(3000));
  ASSERT_TRUE(accounts.ok()) << accounts.error().message;
  const auto ids = server.start_api_client_ids();
  ASSERT_GE(ids.size(), 3u);  // refused at least twice, then accepted
  for (const int id : ids) EXPECT_EQ(id, 1500);
  EXPECT_EQ(broker.client_id(), 1500);
}

TEST(Connection, AReconnectKeepsTheClientId) {
  ScriptedTwsServer server;
  auto config = fast_config(server.port());
  config.client_id = 1500;
  TwsBroker broker(config);
  ASSERT_TRUE(broker.managed_accounts(in_ms(3000)).ok());
  server.set_client_ids_in_use({1500});  // the old socket lingers at the gateway for a while
  server.drop_connection();
  ASSERT_TRUE(server.wait_until(
      [](const auto& r) { return requests_of<tws::StartApi>(r).size() == 3; }, 3000ms));
  server.set_client_ids_in_use({});
  ASSERT_TRUE(server.wait_until(
      [](const auto& r) { return requests_of<tws::StartApi>(r).size() >= 4; }, 3000ms));
  ASSERT_TRUE(broker.managed_accounts(in_ms(3000)).ok());
  for (const int id : server.start_api_client_ids()) EXPECT_EQ(id, 1500);
}

TEST(Connection, ReconnectsAfterTheServerClosesTheConnection) {
  ScriptedTwsServer server;
  TwsBroker broker(fast_config(server.port()));
  ASSERT_TRUE(broker.managed_accounts(in_ms(2000)).ok());
  server.drop_connection();
  ASSERT_TRUE(server.wait_until(
      [](const auto& r) { return requests_of<tws::StartApi>(r).size() == 2; }, 3000ms));
  auto accounts = broker.managed_accounts(in_ms(2000));
  ASSERT_TRUE(accounts.ok()) << accounts.error().message;
  const auto status = broker.status();
  EXPECT_EQ(status.state, State::kConnected);
  EXPECT_EQ(status.reconnects, 1);
  EXPECT_EQ(server.connections(), 2);
}

TEST(Connection, MissedHeartbeatsCountAsALostConnection) {
  ScriptedTwsServer::Options options;
  options.answer_heartbeats = false;
  ScriptedTwsServer server(options);
  auto config = fast_config(server.port());
  config.heartbeat_interval = 50ms;
  config.heartbeat_max_missed = 2;
  TwsBroker broker(config);
  ASSERT_TRUE(broker.managed_accounts(in_ms(2000)).ok());
  ASSERT_TRUE(server.wait_until(
      [](const auto& r) { return requests_of<tws::StartApi>(r).size() >= 2; }, 3000ms));
  EXPECT_GE(requests_of<tws::ReqCurrentTime>(server.received()).size(), 2u);
}

TEST(Connection, HeartbeatsAnsweredKeepTheConnection) {
  ScriptedTwsServer server;
  auto config = fast_config(server.port());
  config.heartbeat_interval = 30ms;
  TwsBroker broker(config);
  ASSERT_TRUE(broker.managed_accounts(in_ms(2000)).ok());
  ASSERT_TRUE(server.wait_until(
      [](const auto& r) { return requests_of<tws::ReqCurrentTime>(r).size() >= 5; }, 3000ms));
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(broker.status().state, State::kConnected);
}

TEST(Connection, GatewayLinkLossFailsPendingCallsUntilRestored) {
  ScriptedTwsServer server;  // contract details never answered
  TwsBroker broker(fast_config(server.port()));
  ASSERT_TRUE(broker.managed_accounts(in_ms(2000)).ok());
  std::thread gateway([&] {
    server.wait_until(
        [](const auto& r) { return requests_of<tws::ReqContractDetails>(r).size() == 1; }, 2000ms);
    server.peer()->send_error(-1, 1100, "Connectivity between IB and TWS has been lost.");
  });
  const std::vector<core::Symbol> symbols{"SPY"};
  const auto start = std::chrono::steady_clock::now();
  auto results = broker.contract_details(symbols, in_ms(5000));
  gateway.join();
  ASSERT_FALSE(results[0].ok());
  EXPECT_EQ(results[0].error().kind, core::ErrorKind::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2000ms);
  EXPECT_EQ(broker.status().state, State::kDown);
  EXPECT_FALSE(broker.managed_accounts(in_ms(100)).ok());  // waits for the link

  server.peer()->send_error(-1, 1102, "Connectivity restored - data maintained.");
  auto accounts = broker.managed_accounts(in_ms(2000));
  ASSERT_TRUE(accounts.ok()) << accounts.error().message;
  EXPECT_EQ(broker.status().state, State::kConnected);
  EXPECT_EQ(server.connections(), 1);  // the socket itself stayed
}

}  // namespace
}  // namespace ep::tws_client::testing
