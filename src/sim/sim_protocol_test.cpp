// ibsim over a real loopback socket, driven by our tws codec (not tws_client): connect ->
// positions -> order -> fill, the end markers, version negotiation, client ids, faults and the
// control endpoint. Bounded: every wait has a deadline of a few seconds.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>

#include "sim/control_http.hpp"
#include "sim/server.hpp"
#include "sim/testing/test_client.hpp"

namespace ep::sim {
namespace {

using testing::TestClient;
using namespace std::chrono_literals;

const std::string kAccount = "DU1000001";

class SimProtocolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = std::string(EP_SOURCE_DIR) + "/tests/data/ibsim/basic.yaml";
    auto scenario = load_scenario_file(path, std::chrono::system_clock::now());
    ASSERT_TRUE(scenario.ok()) << scenario.error().message;
    ledger_ = std::filesystem::temp_directory_path() /
              ("ibsim-test-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl");
    std::filesystem::remove(ledger_);
    auto server = Server::start(ServerOptions{path, ledger_.string(), 0}, *scenario);
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(*server);
    auto control = ControlServer::start(*server_, 0);
    ASSERT_TRUE(control.ok()) << control.error().message;
    control_ = std::move(*control);
  }
  void TearDown() override {
    if (control_) control_->stop();
    if (server_) server_->stop();
    std::filesystem::remove(ledger_);
  }

  static tws::Contract stock(const std::string& symbol) {
    tws::Contract c;
    c.symbol = symbol;
    return c;
  }
  static tws::PlaceOrder market(std::int64_t id, const std::string& action, double qty,
                                const std::string& symbol) {
    tws::PlaceOrder m;
    m.contract = stock(symbol);
    m.order.order_id = id;
    m.order.action = action;
    m.order.total_quantity = tws::Decimal::of(qty);
    m.order.order_type = "MKT";
    m.order.account = kAccount;
    m.order.order_ref = "test-" + std::to_string(id);
    return m;
  }
  static bool has_error(const TestClient& c, std::int64_t id, int code) {
    for (const auto& e : c.all<tws::ErrorMessage>()) {
      if (e.id == id && e.code == code) return true;
    }
    return false;
  }
  httplib::Result post(const std::string& path, const std::string& body) {
    httplib::Client http("127.0.0.1", control_->port());
    return http.Post(path.c_str(), body, "application/json");
  }

  std::filesystem::path ledger_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<ControlServer> control_;
};

TEST_F(SimProtocolTest, ConnectPositionsOrderFill) {
  TestClient client(server_->port());
  ASSERT_EQ(client.start(7), 178);
  auto accounts = client.wait_for<tws::ManagedAccounts>();
  ASSERT_TRUE(accounts);
  EXPECT_EQ(accounts->accounts, std::vector<std::string>{kAccount});
  auto next_id = client.wait_for<tws::NextValidId>();
  ASSERT_TRUE(next_id);
  EXPECT_EQ(next_id->order_id, 1);
  for (int code : {2104, 2106, 2158}) {
    EXPECT_TRUE(client.wait_for<tws::ErrorMessage>(
        [code](const auto& e) { return e.code == code && e.id == -1; }));
  }

  std::size_t since = client.mark();
  client.send(tws::ReqPositions{});
  ASSERT_TRUE(client.wait_for<tws::PositionEnd>({}, since));
  auto positions = client.all<tws::Position>();
  ASSERT_EQ(positions.size(), 2u);
  EXPECT_EQ(positions[0].contract.symbol, "SPY");
  EXPECT_EQ(positions[0].position.value, 100);
  EXPECT_DOUBLE_EQ(positions[0].avg_cost, 450.25);
  EXPECT_EQ(positions[0].contract.exchange, "ARCA");

  since = client.mark();
  client.send(market(1, "BUY", 10, "TLT"));
  auto filled =
      client.wait_for<tws::OrderStatus>([](const auto& s) { return s.status == "Filled"; }, since);
  ASSERT_TRUE(filled);
  EXPECT_EQ(filled->filled.value, 10);
  EXPECT_EQ(filled->remaining.value, 0);
  EXPECT_DOUBLE_EQ(filled->avg_fill_price, 92.02);
  EXPECT_EQ(filled->client_id, 7);
  std::vector<std::string> statuses;
  for (const auto& s : client.all<tws::OrderStatus>()) statuses.push_back(s.status);
  ASSERT_GE(statuses.size(), 3u);
  EXPECT_EQ(statuses.front(), "PreSubmitted");
  EXPECT_EQ(statuses[1], "Submitted");
  ASSERT_TRUE(client.wait_for<tws::CommissionReport>({}, since));
  auto execs = client.all<tws::ExecDetails>();
  ASSERT_EQ(execs.size(), 2u);  // partial_fill_chunks: 2
  EXPECT_EQ(execs[0].execution.shares.value + execs[1].execution.shares.value, 10);
  EXPECT_EQ(execs[1].execution.cum_qty.value, 10);
  EXPECT_EQ(execs[0].execution.order_ref, "test-1");
  EXPECT_TRUE(client.decode_errors.empty());

  auto state = server_->state();
  EXPECT_NEAR(state["accounts"][kAccount]["cash"].get<double>(), 100000 - 10 * 92.02 - 1.0, 1e-6);
  EXPECT_EQ(state["accounts"][kAccount]["positions"]["TLT"], 60);
  EXPECT_EQ(state["orders"][0]["status"], "Filled");
  EXPECT_EQ(state["orders"][0]["client_id"], 7);
  EXPECT_EQ(state["fills"].size(), 2u);
}

TEST_F(SimProtocolTest, EveryConnectRequestEndsWithItsMarker) {
  TestClient client(server_->port());
  ASSERT_EQ(client.start(9), 178);
  ASSERT_TRUE(client.wait_for<tws::NextValidId>());
  const std::size_t since = client.mark();
  client.send(tws::ReqOpenOrders{});
  client.send(tws::ReqCompletedOrders{});
  client.send(tws::ReqAccountUpdates{true, kAccount});
  client.send(tws::ReqAccountUpdatesMulti{31, kAccount, "", false});
  client.send(tws::ReqPositionsMulti{32, kAccount, ""});
  client.send(tws::ReqExecutions{33, {}});
  client.send(tws::ReqAccountSummary{34, "All", "NetLiquidation,TotalCashValue"});
  client.send(tws::ReqCurrentTime{});
  client.send(tws::ReqIds{});
  client.send(tws::ReqManagedAccts{});
  EXPECT_TRUE(client.wait_for<tws::OpenOrderEnd>({}, since));
  EXPECT_TRUE(client.wait_for<tws::CompletedOrdersEnd>({}, since));
  auto end = client.wait_for<tws::AccountDownloadEnd>({}, since);
  ASSERT_TRUE(end);
  EXPECT_EQ(end->account, kAccount);
  EXPECT_TRUE(client.wait_for<tws::AccountUpdateMultiEnd>(
      [](const auto& m) { return m.req_id == 31; }, since));
  EXPECT_TRUE(
      client.wait_for<tws::PositionMultiEnd>([](const auto& m) { return m.req_id == 32; }, since));
  EXPECT_TRUE(
      client.wait_for<tws::ExecDetailsEnd>([](const auto& m) { return m.req_id == 33; }, since));
  EXPECT_TRUE(
      client.wait_for<tws::AccountSummaryEnd>([](const auto& m) { return m.req_id == 34; }, since));
  auto time = client.wait_for<tws::CurrentTime>({}, since);
  ASSERT_TRUE(time);
  EXPECT_NEAR(static_cast<double>(time->epoch_seconds),
              static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count()),
              5);
  EXPECT_TRUE(client.wait_for<tws::NextValidId>({}, since));
  EXPECT_TRUE(client.wait_for<tws::ManagedAccounts>({}, since));
  auto summary = client.all<tws::AccountSummary>();
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_EQ(summary[0].tag, "NetLiquidation");
  EXPECT_EQ(summary[0].value, "154600.00");
  EXPECT_EQ(client.all<tws::PositionMulti>().size(), 2u);
  EXPECT_TRUE(client.decode_errors.empty());
}

TEST_F(SimProtocolTest, VersionNegotiationAndClientIds) {
  TestClient old_client(server_->port());
  EXPECT_EQ(old_client.handshake(150, 175), -1);
  EXPECT_TRUE(old_client.wait_closed());
  TestClient insync(server_->port());
  ASSERT_EQ(insync.handshake(157, 176), 176);  // ib_insync 0.9.86: the faProfile layouts
  insync.send(tws::StartApi{15, ""});
  ASSERT_TRUE(insync.wait_for<tws::NextValidId>());
  insync.send(market(1, "BUY", 1, "SPY"));
  auto filled =
      insync.wait_for<tws::OpenOrder>([](const auto& o) { return o.state.status == "Filled"; });
  ASSERT_TRUE(filled);
  EXPECT_EQ(filled->order.order_ref, "test-1");
  EXPECT_TRUE(insync.wait_for<tws::CommissionReport>());
  EXPECT_TRUE(insync.decode_errors.empty());

  TestClient first(server_->port());
  ASSERT_EQ(first.start(5), 178);
  ASSERT_TRUE(first.wait_for<tws::NextValidId>());
  TestClient second(server_->port());
  ASSERT_EQ(second.start(5), 178);
  auto refused = second.wait_for<tws::ErrorMessage>([](const auto& e) { return e.code == 326; });
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->id, -1);
  EXPECT_TRUE(second.wait_closed());
  EXPECT_FALSE(first.peer_closed);
}

TEST_F(SimProtocolTest, WhatIfAndRejections) {
  TestClient client(server_->port());
  ASSERT_EQ(client.start(3), 178);
  ASSERT_TRUE(client.wait_for<tws::NextValidId>());
  std::size_t since = client.mark();
  auto what_if = market(1, "BUY", 10, "SPY");
  what_if.order.what_if = true;
  client.send(what_if);
  auto answer = client.wait_for<tws::OpenOrder>({}, since);
  ASSERT_TRUE(answer);
  EXPECT_TRUE(answer->order.what_if);
  EXPECT_EQ(answer->state.init_margin_before, "54600.00");
  EXPECT_EQ(answer->state.init_margin_after, "59600.00");
  EXPECT_EQ(answer->state.init_margin_change, "5000.00");
  EXPECT_EQ(answer->state.commission, 1.0);
  auto unknown = market(2, "BUY", 1, "NOPE");
  client.send(unknown);
  client.send(market(3, "BUY", 1.5, "SPY"));
  client.send(market(4, "BUY", 1, "GLD"));  // closed all day, no outsideRth
  client.send(market(5, "SELL", 1000, "SPY"));
  ASSERT_TRUE(client.wait_for<tws::ErrorMessage>([](const auto& e) { return e.id == 5; }, since));
  EXPECT_TRUE(has_error(client, 2, 200));
  EXPECT_TRUE(has_error(client, 3, 201));
  EXPECT_TRUE(has_error(client, 4, 201));
  EXPECT_TRUE(has_error(client, 5, 201));
  EXPECT_TRUE(client.all<tws::OrderStatus>().empty());
  EXPECT_EQ(client.all<tws::OpenOrder>().size(), 1u);
}

TEST_F(SimProtocolTest, LimitOrderRestsAndCancels) {
  TestClient client(server_->port());
  ASSERT_EQ(client.start(4), 178);
  ASSERT_TRUE(client.wait_for<tws::NextValidId>());
  const std::size_t since = client.mark();
  auto limit = market(1, "BUY", 5, "SPY");
  limit.order.order_type = "LMT";
  limit.order.lmt_price = 400.0;
  client.send(limit);
  ASSERT_TRUE(client.wait_for<tws::OrderStatus>(
      [](const auto& s) { return s.status == "Submitted"; }, since));
  client.send(tws::CancelOrder{1, ""});
  ASSERT_TRUE(client.wait_for<tws::OrderStatus>(
      [](const auto& s) { return s.status == "Cancelled"; }, since));
  ASSERT_TRUE(client.wait_for<tws::ErrorMessage>(
      [](const auto& e) { return e.id == 1 && e.code == 202; }, since));
  client.send(tws::CancelOrder{1, ""});
  ASSERT_TRUE(client.wait_for<tws::ErrorMessage>(
      [](const auto& e) { return e.id == 1 && e.code == 10148; }, since));
  client.send(tws::CancelOrder{99, ""});
  ASSERT_TRUE(client.wait_for<tws::ErrorMessage>(
      [](const auto& e) { return e.id == 99 && e.code == 10147; }, since));
}

TEST_F(SimProtocolTest, MarketDataKindsAndHistory) {
  TestClient client(server_->port());
  ASSERT_EQ(client.start(6), 178);
  ASSERT_TRUE(client.wait_for<tws::NextValidId>());
  std::size_t since = client.mark();
  client.send(tws::ReqMarketDataType{3});
  client.send(tws::ReqMktData{41, stock("VTI"), "", true, false, {}});
  ASSERT_TRUE(
      client.wait_for<tws::TickSnapshotEnd>([](const auto& m) { return m.req_id == 41; }, since));
  EXPECT_TRUE(has_error(client, 41, 10167));
  auto type = client.wait_for<tws::MarketDataType>({}, since);
  ASSERT_TRUE(type);
  EXPECT_EQ(type->market_data_type, 3);
  auto last =
      client.wait_for<tws::TickPrice>([](const auto& t) { return t.tick_type == 68; }, since);
  ASSERT_TRUE(last);
  EXPECT_DOUBLE_EQ(last->price, 250.0);
  client.send(tws::ReqMktData{42, stock("IWM"), "", true, false, {}});
  ASSERT_TRUE(client.wait_for<tws::ErrorMessage>([](const auto& e) { return e.id == 42; }, since));
  EXPECT_TRUE(has_error(client, 42, 10168));

  since = client.mark();
  tws::ReqHistoricalData history;
  history.req_id = 43;
  history.contract = stock("SPY");
  history.duration = "3 D";
  history.bar_size = "1 day";
  client.send(history);
  auto bars = client.wait_for<tws::HistoricalData>({}, since);
  ASSERT_TRUE(bars);
  ASSERT_EQ(bars->bars.size(), 3u);
  EXPECT_DOUBLE_EQ(bars->bars[2].close, 500.0);
  EXPECT_DOUBLE_EQ(bars->bars[1].close, 498.0);
  EXPECT_TRUE(client.decode_errors.empty());
}

TEST_F(SimProtocolTest, FaultCloseAtFirstSellFillThenReconnect) {
  ASSERT_EQ(post("/faults", R"({"close_at_step": "after_first_sell_fill"})")->status, 200);
  {
    TestClient client(server_->port());
    ASSERT_EQ(client.start(8), 178);
    ASSERT_TRUE(client.wait_for<tws::NextValidId>());
    client.send(market(1, "BUY", 1, "SPY"));
    ASSERT_TRUE(
        client.wait_for<tws::OrderStatus>([](const auto& s) { return s.status == "Filled"; }));
    EXPECT_FALSE(client.peer_closed);  // a buy fill is not the step
    client.send(market(2, "SELL", 10, "SPY"));
    EXPECT_TRUE(client.wait_closed());
    EXPECT_FALSE(client.all<tws::ExecDetails>().empty());
  }
  TestClient again(server_->port());
  ASSERT_EQ(again.start(8), 178);
  auto next_id = again.wait_for<tws::NextValidId>();
  ASSERT_TRUE(next_id);
  EXPECT_EQ(next_id->order_id, 3);  // above every id client 8 used
  // The sell keeps filling while the client is away (bounded wait on the server's state).
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (server_->state()["orders"][1]["status"] != "Filled" &&
         std::chrono::steady_clock::now() < deadline) {
    again.next(20ms);
  }
  EXPECT_EQ(server_->state()["accounts"][kAccount]["positions"]["SPY"], 91);
  const std::size_t since = again.mark();
  again.send(tws::ReqExecutions{50, {}});
  ASSERT_TRUE(again.wait_for<tws::ExecDetailsEnd>({}, since));
  std::size_t queried = 0;
  for (const auto& exec : again.all<tws::ExecDetails>()) queried += exec.req_id == 50 ? 1 : 0;
  EXPECT_EQ(queried, 3u);  // the buy (1 share, one chunk) and the sell in 2 chunks
}

TEST_F(SimProtocolTest, FaultCloseAfterMessagesAndPacing) {
  ASSERT_EQ(post("/faults", R"({"close_after_messages": 3})")->status, 200);
  {
    TestClient client(server_->port());
    ASSERT_EQ(client.start(10), 178);
    EXPECT_TRUE(client.wait_closed());
    EXPECT_EQ(client.received.size(), 3u);  // managedAccounts, nextValidId, 2104
  }
  TestClient client(server_->port());
  ASSERT_EQ(client.start(10), 178);
  ASSERT_TRUE(client.wait_for<tws::NextValidId>());
  for (int i = 0; i < 60; ++i) client.send(tws::ReqCurrentTime{});
  auto pacing = client.wait_for<tws::ErrorMessage>([](const auto& e) { return e.code == 100; });
  ASSERT_TRUE(pacing);
  EXPECT_EQ(pacing->id, -1);
  EXPECT_FALSE(client.peer_closed);  // one violating second is not sustained

  ASSERT_EQ(post("/faults", R"({"pacing_max_per_second": 5, "pacing_disconnect_after_seconds": 1})")
                ->status,
            200);
  TestClient flooder(server_->port());
  ASSERT_EQ(flooder.start(13), 178);
  ASSERT_TRUE(flooder.wait_for<tws::NextValidId>());
  for (int i = 0; i < 10; ++i) flooder.send(tws::ReqCurrentTime{});
  EXPECT_TRUE(flooder.wait_closed());
  bool warned = false;
  for (const auto& e : flooder.all<tws::ErrorMessage>())
    warned = warned || (e.code == 100 && e.id == -1);
  EXPECT_TRUE(warned);
}

TEST_F(SimProtocolTest, PacingPerGatewayCountsEveryClientTogether) {
  ASSERT_EQ(post("/faults", R"({"pacing_max_per_second": 12, "pacing_per_gateway": true})")->status,
            200);
  TestClient first(server_->port());
  TestClient second(server_->port());
  ASSERT_EQ(first.start(21), 178);
  ASSERT_EQ(second.start(22), 178);
  ASSERT_TRUE(first.wait_for<tws::NextValidId>());
  ASSERT_TRUE(second.wait_for<tws::NextValidId>());
  // 8 + 8 messages: within each connection's 12, above the gateway's 12 together.
  for (int i = 0; i < 8; ++i) first.send(tws::ReqCurrentTime{});
  for (int i = 0; i < 8; ++i) second.send(tws::ReqCurrentTime{});
  // Whichever client's message crosses the gateway's limit draws the error.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (server_->state()["pacing_errors_sent"].get<int>() == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    first.next(20ms);
    second.next(20ms);
  }
  EXPECT_GE(server_->state()["pacing_errors_sent"].get<int>(), 1)
      << "the gateway's budget is shared by both clients";
}

TEST_F(SimProtocolTest, PacingPerConnectionMetersEachClientAlone) {
  ASSERT_EQ(post("/faults", R"({"pacing_max_per_second": 12})")->status, 200);
  TestClient first(server_->port());
  TestClient second(server_->port());
  ASSERT_EQ(first.start(21), 178);
  ASSERT_EQ(second.start(22), 178);
  ASSERT_TRUE(first.wait_for<tws::NextValidId>());
  ASSERT_TRUE(second.wait_for<tws::NextValidId>());
  for (int i = 0; i < 8; ++i) first.send(tws::ReqCurrentTime{});
  for (int i = 0; i < 8; ++i) second.send(tws::ReqCurrentTime{});
  // Every answer arrives (each request was read), and none is an error 100.
  for (auto* client : {&first, &second}) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (client->all<tws::CurrentTime>().size() < 8 &&
           std::chrono::steady_clock::now() < deadline)
      client->next(20ms);
    EXPECT_EQ(client->all<tws::CurrentTime>().size(), 8u);
  }
  EXPECT_EQ(server_->state()["pacing_errors_sent"].get<int>(), 0);
}

TEST_F(SimProtocolTest, FaultConnectivityStallAndRefusal) {
  TestClient client(server_->port());
  ASSERT_EQ(client.start(11), 178);
  ASSERT_TRUE(client.wait_for<tws::NextValidId>());
  ASSERT_EQ(
      post("/faults", R"({"connectivity_lost_ms": 50, "connectivity_restore_code": 1101})")->status,
      200);
  ASSERT_TRUE(client.wait_for<tws::ErrorMessage>([](const auto& e) { return e.code == 1100; }));
  ASSERT_TRUE(client.wait_for<tws::ErrorMessage>([](const auto& e) { return e.code == 1101; }));

  ASSERT_EQ(post("/faults", R"({"stall_orders": 1, "stall_symbol": "SPY"})")->status, 200);
  std::size_t since = client.mark();
  client.send(market(1, "BUY", 1, "SPY"));
  ASSERT_TRUE(client.wait_for<tws::OrderStatus>(
      [](const auto& s) { return s.status == "PreSubmitted"; }, since));
  EXPECT_FALSE(client.wait_for<tws::OrderStatus>(
      [](const auto& s) { return s.status != "PreSubmitted"; }, since, 300ms));
  client.send(tws::ReqGlobalCancel{});
  ASSERT_TRUE(client.wait_for<tws::OrderStatus>(
      [](const auto& s) { return s.status == "Cancelled"; }, since));

  ASSERT_EQ(post("/faults", R"({"refuse_connections_ms": 400})")->status, 200);
  EXPECT_TRUE(client.wait_closed());
  TestClient refused(server_->port());
  EXPECT_EQ(refused.handshake(), -1);
  // A gateway restart ends: connections work again (bounded retry, no fixed sleep).
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  int version = -1;
  while (version < 0 && std::chrono::steady_clock::now() < deadline) {
    TestClient retry(server_->port());
    version = retry.handshake();
    if (version < 0) retry.wait_closed(100ms);
  }
  EXPECT_EQ(version, 178);
}

TEST_F(SimProtocolTest, ControlEndpoint) {
  httplib::Client http("127.0.0.1", control_->port());
  auto state = http.Get("/state");
  ASSERT_TRUE(state);
  ASSERT_EQ(state->status, 200);
  auto json = nlohmann::json::parse(state->body);
  EXPECT_EQ(json["accounts"][kAccount]["cash"], 100000);
  EXPECT_EQ(json["accounts"][kAccount]["net_liquidation"], 154600);
  EXPECT_EQ(json["accounts"][kAccount]["positions"]["SPY"], 100);
  EXPECT_TRUE(json["orders"].is_array());

  EXPECT_EQ(post("/prices", R"({"SPY": 510})")->status, 200);
  EXPECT_EQ(server_->state()["prices"]["SPY"]["price"], 510);
  EXPECT_EQ(server_->state()["accounts"][kAccount]["net_liquidation"], 155600);
  EXPECT_EQ(post("/prices", R"({"NOPE": 1})")->status, 400);
  EXPECT_EQ(post("/prices", "not json")->status, 400);
  EXPECT_EQ(post("/faults", R"({"bogus": 1})")->status, 400);

  TestClient client(server_->port());
  ASSERT_EQ(client.start(12), 178);
  ASSERT_TRUE(client.wait_for<tws::NextValidId>());
  client.send(market(1, "BUY", 2, "TLT"));
  ASSERT_TRUE(
      client.wait_for<tws::OrderStatus>([](const auto& s) { return s.status == "Filled"; }));
  auto ledger = nlohmann::json::parse(http.Get("/ledger")->body);
  EXPECT_EQ(ledger["lines"][0]["type"], "order");
  EXPECT_EQ(ledger["lines"].back()["type"], "status");
  ASSERT_EQ(post("/reset", "")->status, 200);
  auto after = server_->state();
  EXPECT_EQ(after["accounts"][kAccount]["cash"], 100000);
  EXPECT_EQ(after["prices"]["SPY"]["price"], 500);
  EXPECT_TRUE(after["orders"].empty());
  EXPECT_EQ(after["clients"], nlohmann::json::array({12}));
}

}  // namespace
}  // namespace ep::sim
