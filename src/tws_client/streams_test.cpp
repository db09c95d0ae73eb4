// What a rebalance no longer sends, against the scripted server: contract details asked once
// per connection, quotes from one streaming subscription per contract that later requests share
// (updated as the gateway streams), refused live data left to snapshots, streams cancelled when
// idle or after a market data break, and everything asked again on a new connection.
#include <gtest/gtest.h>

#include <atomic>

#include "tws_client/testing/contracts.hpp"
#include "tws_client/testing/fast_config.hpp"
#include "tws_client/testing/scripted_server.hpp"
#include "tws_client/tws_broker.hpp"

namespace ep::tws_client::testing {
namespace {

using namespace std::chrono_literals;

// Live data for SPY and TLT (bid, ask, last), none for NOLIVE (354 on live, a snapshot of
// delayed data otherwise); contract details for every symbol.
void gateway(Peer& peer, const tws::Request& request, std::atomic<int>& type) {
  if (const auto* t = std::get_if<tws::ReqMarketDataType>(&request)) {
    type = t->market_data_type;
  } else if (const auto* c = std::get_if<tws::ReqContractDetails>(&request)) {
    answer_contract_details(peer, *c, c->contract.symbol == "SPY" ? 756733 : 15547841);
  } else if (const auto* m = std::get_if<tws::ReqMktData>(&request)) {
    const int id = m->req_id;
    if (m->contract.symbol == "NOLIVE") {
      if (type < 3) return peer.send_error(id, 354, "Requested market data is not subscribed.");
      peer.send(tws::MarketDataType{id, 3});
      peer.send(tick_price(id, 68, 30.0));
      return peer.send(tws::TickSnapshotEnd{id});
    }
    const double last = m->contract.symbol == "SPY" ? 500.0 : 90.0;
    peer.send(tws::MarketDataType{id, 1});
    peer.send(tick_price(id, 1, last - 0.01));
    peer.send(tick_price(id, 2, last + 0.01));
    peer.send(tick_price(id, 4, last));
    if (m->snapshot) peer.send(tws::TickSnapshotEnd{id});
  }
}

// The streaming subscriptions among the market data requests (snapshots left out).
std::vector<tws::ReqMktData> streams_of(const std::vector<ReceivedRequest>& received) {
  std::vector<tws::ReqMktData> out;
  for (const auto& m : requests_of<tws::ReqMktData>(received)) {
    if (!m.snapshot) out.push_back(m);
  }
  return out;
}

// Calls check until it holds or the timeout passes; each call is a broker round trip or a
// look at what the reader thread applied, so this polls without sleeping.
template <class Check>
bool eventually(Check check, std::chrono::milliseconds timeout = 5000ms) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (check()) return true;
  }
  return false;
}

class Streams : public ::testing::Test {
 protected:
  Streams() {
    server_.set_script([this](Peer& peer, const tws::Request& r) { gateway(peer, r, type_); });
  }
  ClientConfig config() const {
    auto config = fast_config(server_.port());
    config.quote_streams = true;
    config.heartbeat_interval = 60s;  // only our requests on the wire
    return config;
  }
  double price(TwsBroker& broker, const core::ContractInfo& info) {
    auto quotes = broker.prices(std::vector<core::ContractInfo>{info}, in_ms(3000));
    EXPECT_TRUE(quotes[0].ok()) << quotes[0].error().message;
    return quotes[0].ok() ? quotes[0]->price : 0.0;
  }

  std::atomic<int> type_{0};
  ScriptedTwsServer server_;
  const core::ContractInfo spy_ = arca_stock("SPY", 756733);
  const core::ContractInfo tlt_ = arca_stock("TLT", 15547841);
};

TEST_F(Streams, ContractDetailsAreAskedOncePerConnection) {
  TwsBroker broker(config());
  const std::vector<core::Symbol> symbols{"SPY", "TLT"};
  for (int i = 0; i < 3; ++i) {
    auto details = broker.contract_details(symbols, in_ms(3000));
    ASSERT_TRUE(details[0].ok() && details[1].ok());
    EXPECT_EQ(details[0]->symbol, "SPY");
    EXPECT_EQ(details[0]->con_id, 756733);
    EXPECT_EQ(details[1]->symbol, "TLT");
    EXPECT_EQ(details[1]->con_id, 15547841);
  }
  EXPECT_EQ(requests_of<tws::ReqContractDetails>(server_.received()).size(), 2u);

  server_.drop_connection();  // a new connection asks again
  // Until the client notices the drop, the old connection's entries may still answer.
  ASSERT_TRUE(eventually([&] {
    auto again = broker.contract_details(symbols, in_ms(3000));
    return again[0].ok() && again[1].ok() &&
           requests_of<tws::ReqContractDetails>(server_.received(), 2).size() == 2;
  }));
  ASSERT_TRUE(broker.contract_details(symbols, in_ms(3000))[0].ok());
  EXPECT_EQ(requests_of<tws::ReqContractDetails>(server_.received(), 2).size(), 2u);
}

TEST_F(Streams, OneSubscriptionAnswersLaterRequestsAndFollowsTheMarket) {
  TwsBroker broker(config());
  const std::vector<core::ContractInfo> both{spy_, tlt_};
  auto first = broker.prices(both, in_ms(3000));
  ASSERT_TRUE(first[0].ok() && first[1].ok());
  EXPECT_DOUBLE_EQ(first[0]->price, 500.0);
  EXPECT_DOUBLE_EQ(first[0]->bid, 499.99);
  EXPECT_DOUBLE_EQ(first[0]->ask, 500.01);
  EXPECT_EQ(first[0]->source, core::PriceSource::kLive);
  EXPECT_DOUBLE_EQ(first[1]->price, 90.0);
  const auto subscriptions = requests_of<tws::ReqMktData>(server_.received());
  ASSERT_EQ(subscriptions.size(), 2u);
  for (const auto& s : subscriptions) EXPECT_FALSE(s.snapshot);

  for (int i = 0; i < 5; ++i) EXPECT_DOUBLE_EQ(price(broker, spy_), 500.0);
  // The market moves: the stream's ticks reach the next request without a request of ours.
  const int spy_id =
      subscriptions[0].contract.symbol == "SPY" ? subscriptions[0].req_id : subscriptions[1].req_id;
  server_.peer()->send(tick_price(spy_id, 1, 501.0));
  server_.peer()->send(tick_price(spy_id, 2, 501.2));
  server_.peer()->send(tick_price(spy_id, 4, 501.1));
  ASSERT_TRUE(eventually([&] { return price(broker, spy_) == 501.1; }));
  auto moved = broker.prices(std::vector<core::ContractInfo>{spy_}, in_ms(3000));
  EXPECT_DOUBLE_EQ(moved[0]->ask, 501.2);
  const auto received = server_.received();
  EXPECT_EQ(requests_of<tws::ReqMktData>(received).size(), 2u);
  EXPECT_EQ(requests_of<tws::CancelMktData>(received).size(), 0u);
  EXPECT_EQ(requests_of<tws::ReqMarketDataType>(received).size(), 1u);
}

TEST_F(Streams, ANoAskTickTakesBackTheStreamsAsk) {
  TwsBroker broker(config());
  EXPECT_DOUBLE_EQ(price(broker, spy_), 500.0);
  const int spy_id = streams_of(server_.received()).at(0).req_id;
  // "-1 = no ask now" (a halt, the close), then a trade to know the ticks before it arrived.
  server_.peer()->send(tick_price(spy_id, 2, -1.0));
  server_.peer()->send(tick_price(spy_id, 4, 500.5));
  ASSERT_TRUE(eventually([&] { return price(broker, spy_) == 500.5; }));
  auto quotes = broker.prices(std::vector<core::ContractInfo>{spy_}, in_ms(3000));
  ASSERT_TRUE(quotes[0].ok());
  EXPECT_DOUBLE_EQ(quotes[0]->ask, 0.0);  // not the stale 500.01
  EXPECT_DOUBLE_EQ(quotes[0]->bid, 499.99);
  server_.peer()->send(tick_price(spy_id, 2, 500.7));
  server_.peer()->send(tick_price(spy_id, 4, 500.6));
  ASSERT_TRUE(eventually([&] { return price(broker, spy_) == 500.6; }));
  EXPECT_DOUBLE_EQ(broker.prices(std::vector<core::ContractInfo>{spy_}, in_ms(3000))[0]->ask,
                   500.7);
}

TEST_F(Streams, AStreamNeverAnswersForAnotherSymbol) {
  TwsBroker broker(config());
  EXPECT_DOUBLE_EQ(price(broker, spy_), 500.0);
  // The same conId under another symbol (a caller's mix-up): never SPY's quote.
  EXPECT_DOUBLE_EQ(price(broker, arca_stock("TLT", spy_.con_id)), 90.0);
}

TEST_F(Streams, RefusedLiveDataIsLeftToSnapshotsForTheConnection) {
  TwsBroker broker(config());
  const auto nolive = arca_stock("NOLIVE", 4242);
  for (int i = 0; i < 3; ++i) {
    auto quotes = broker.prices(std::vector<core::ContractInfo>{nolive}, in_ms(3000));
    ASSERT_TRUE(quotes[0].ok()) << quotes[0].error().message;
    EXPECT_DOUBLE_EQ(quotes[0]->price, 30.0);
    EXPECT_EQ(quotes[0]->source, core::PriceSource::kDelayed);
  }
  // Tried once; the gateway ended it (354), nothing to cancel.
  EXPECT_EQ(streams_of(server_.received()).size(), 1u);
  EXPECT_EQ(requests_of<tws::CancelMktData>(server_.received()).size(), 0u);
}

TEST_F(Streams, IdleStreamsAreCancelledAndStartedAgain) {
  auto settings = config();
  settings.quote_stream_idle = 0ms;  // every earlier use is too old
  TwsBroker broker(settings);
  EXPECT_DOUBLE_EQ(price(broker, spy_), 500.0);
  EXPECT_DOUBLE_EQ(price(broker, spy_), 500.0);
  const auto received = server_.received();
  const auto subscriptions = requests_of<tws::ReqMktData>(received);
  const auto cancels = requests_of<tws::CancelMktData>(received);
  ASSERT_EQ(subscriptions.size(), 2u);
  ASSERT_EQ(cancels.size(), 1u);
  EXPECT_EQ(cancels[0].req_id, subscriptions[0].req_id);
}

TEST_F(Streams, AMarketDataBreakRestartsTheStream) {
  TwsBroker broker(config());
  EXPECT_DOUBLE_EQ(price(broker, spy_), 500.0);
  server_.peer()->send_error(-1, 2103, "Market data farm connection is broken:usfarm");
  // The notice is read on the reader thread; the next requests restart the stream once. A
  // request that sees the break only after its stream check takes a snapshot instead (the
  // stream is not trusted across the break), so only streaming subscriptions are counted.
  ASSERT_TRUE(eventually([&] {
    price(broker, spy_);
    return streams_of(server_.received()).size() == 2;
  }));
  const auto received = server_.received();
  const auto subscriptions = streams_of(received);
  ASSERT_EQ(requests_of<tws::CancelMktData>(received).size(), 1u);
  EXPECT_EQ(requests_of<tws::CancelMktData>(received)[0].req_id, subscriptions[0].req_id);
  EXPECT_DOUBLE_EQ(price(broker, spy_), 500.0);
  EXPECT_EQ(streams_of(server_.received()).size(), 2u);
}

TEST_F(Streams, ANewConnectionSubscribesAgain) {
  TwsBroker broker(config());
  EXPECT_DOUBLE_EQ(price(broker, spy_), 500.0);
  server_.drop_connection();
  // Until the client notices the drop, the old connection's stream may still answer.
  ASSERT_TRUE(eventually([&] {
    auto quotes = broker.prices(std::vector<core::ContractInfo>{spy_}, in_ms(3000));
    return quotes[0].ok() && !requests_of<tws::ReqMktData>(server_.received(), 2).empty();
  }));
  EXPECT_DOUBLE_EQ(price(broker, spy_), 500.0);
  const auto on_second = requests_of<tws::ReqMktData>(server_.received(), 2);
  ASSERT_EQ(on_second.size(), 1u);
  EXPECT_FALSE(on_second[0].snapshot);
}

TEST_F(Streams, OffMeansSnapshotsOnly) {
  auto settings = config();
  settings.quote_streams = false;
  TwsBroker broker(settings);
  EXPECT_DOUBLE_EQ(price(broker, spy_), 500.0);
  EXPECT_DOUBLE_EQ(price(broker, spy_), 500.0);
  const auto subscriptions = requests_of<tws::ReqMktData>(server_.received());
  ASSERT_EQ(subscriptions.size(), 2u);
  for (const auto& s : subscriptions) EXPECT_TRUE(s.snapshot);
}

}  // namespace
}  // namespace ep::tws_client::testing
