// The account snapshot against the scripted server: reqAccountUpdates until accountDownloadEnd,
// USD values only, AvailableFunds as the cash fallback, stock positions, then unsubscribe.
#include <gtest/gtest.h>

#include "tws_client/testing/fast_config.hpp"
#include "tws_client/testing/scripted_server.hpp"
#include "tws_client/tws_broker.hpp"

namespace ep::tws_client::testing {
namespace {

tws::PortfolioValue holding(const std::string& symbol, const std::string& sec_type, double shares,
                            double value, double cost) {
  tws::PortfolioValue item;
  item.contract.symbol = symbol;
  item.contract.sec_type = sec_type;
  item.position = tws::Decimal::of(shares);
  item.market_value = value;
  item.average_cost = cost;
  item.account = kAccount;
  return item;
}

void account_gateway(Peer& peer, const tws::Request& request, bool with_total_cash) {
  const auto* r = std::get_if<tws::ReqAccountUpdates>(&request);
  if (r == nullptr || !r->subscribe) return;
  peer.send(tws::AccountValue{"NetLiquidation", "90000.0", "EUR", kAccount});
  peer.send(tws::AccountValue{"NetLiquidation", "100000.50", "USD", kAccount});
  if (with_total_cash) peer.send(tws::AccountValue{"TotalCashValue", "2500.25", "USD", kAccount});
  peer.send(tws::AccountValue{"AvailableFunds", "1800.0", "USD", kAccount});
  peer.send(tws::AccountValue{"AccountType", "INDIVIDUAL", "", kAccount});
  peer.send(holding("SPY", "STK", 100, 50000.0, 480.5));
  peer.send(holding("ES", "FUT", 1, 1000.0, 5000.0));
  peer.send(holding("OLD", "STK", 0, 0.0, 0.0));
  peer.send(holding("QQQ", "STK", 20, 9000.0, 400.0));
  peer.send(tws::AccountUpdateTime{"10:05"});
  peer.send(tws::AccountDownloadEnd{kAccount});
}

TEST(Account, SnapshotFromAccountUpdates) {
  ScriptedTwsServer server;
  server.set_script([](Peer& peer, const tws::Request& r) { account_gateway(peer, r, true); });
  TwsBroker broker(fast_config(server.port()));
  auto snapshot = broker.account_snapshot(kAccount, in_ms(2000));
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
  EXPECT_EQ(snapshot->account_id, kAccount);
  EXPECT_DOUBLE_EQ(snapshot->net_liquidation, 100000.50);
  EXPECT_DOUBLE_EQ(snapshot->cash, 2500.25);
  ASSERT_EQ(snapshot->positions.size(), 2u);  // sorted; the future and the empty one left out
  EXPECT_EQ(snapshot->positions[0].symbol, "QQQ");
  EXPECT_EQ(snapshot->positions[1].symbol, "SPY");
  EXPECT_EQ(snapshot->positions[1].shares, 100);
  EXPECT_DOUBLE_EQ(snapshot->positions[1].average_cost, 480.5);
  EXPECT_DOUBLE_EQ(snapshot->positions[1].market_value, 50000.0);

  ASSERT_TRUE(server.wait_until(
      [](const auto& received) {
        for (const auto& r : received) {
          const auto* u = std::get_if<tws::ReqAccountUpdates>(&r.request);
          if (u != nullptr && !u->subscribe && u->account == kAccount) return true;
        }
        return false;
      },
      std::chrono::milliseconds(1000)));
}

TEST(Account, AvailableFundsIsTheCashFallback) {
  ScriptedTwsServer server;
  server.set_script([](Peer& peer, const tws::Request& r) { account_gateway(peer, r, false); });
  TwsBroker broker(fast_config(server.port()));
  auto snapshot = broker.account_snapshot(kAccount, in_ms(2000));
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
  EXPECT_DOUBLE_EQ(snapshot->cash, 1800.0);
}

TEST(Account, UnknownAccountIsInvalidInput) {
  ScriptedTwsServer server;
  TwsBroker broker(fast_config(server.port()));
  auto snapshot = broker.account_snapshot("U999", in_ms(2000));
  ASSERT_FALSE(snapshot.ok());
  EXPECT_EQ(snapshot.error().kind, core::ErrorKind::kInvalidInput);
}

}  // namespace
}  // namespace ep::tws_client::testing
