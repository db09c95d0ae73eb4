// Prices against the scripted server: live snapshot, fallback through frozen and delayed on
// 354/10167/10168, to the historical close, midpoint, unknown symbol, stage timeouts.
#include <gtest/gtest.h>

#include <map>

#include "tws_client/testing/fast_config.hpp"
#include "tws_client/testing/scripted_server.hpp"
#include "tws_client/tws_broker.hpp"

namespace ep::tws_client::testing {
namespace {

using namespace std::chrono_literals;

tws::HistoricalData bars(int req_id, double previous_close, double last_close) {
  tws::HistoricalData data;
  data.req_id = req_id;
  tws::Bar bar;
  bar.date = "20250721";
  bar.close = previous_close;
  data.bars.push_back(bar);
  bar.date = "20250722";
  bar.close = last_close;
  data.bars.push_back(bar);
  return data;
}

// A gateway with live data for LIVE and MID only, delayed data for DELAYED and ADVISED,
// nothing but history for HIST, silence for SILENT, and no such symbol as NOPE.
void market(Peer& peer, const tws::Request& request, int& type) {
  if (const auto* r = std::get_if<tws::ReqMarketDataType>(&request)) {
    type = r->market_data_type;
    return;
  }
  if (const auto* h = std::get_if<tws::ReqHistoricalData>(&request)) {
    if (h->contract.symbol == "HIST") peer.send(bars(h->req_id, 40.0, 42.0));
    if (h->contract.symbol == "SILENT") peer.send(bars(h->req_id, 7.0, 8.0));
    return;
  }
  const auto* r = std::get_if<tws::ReqMktData>(&request);
  if (r == nullptr) return;
  const int id = r->req_id;
  const std::string& symbol = r->contract.symbol;
  auto end = [&] { peer.send(tws::TickSnapshotEnd{id}); };
  if (symbol == "NOPE") return peer.send_error(id, 200, "No security definition has been found");
  if (symbol == "SILENT") return;
  if (symbol == "LIVE") {
    peer.send(tws::MarketDataType{id, 1});
    peer.send(tick_price(id, 1, 10.4));
    peer.send(tick_price(id, 4, 10.5));
    return end();
  }
  if (symbol == "MID") {
    peer.send(tws::MarketDataType{id, 1});
    peer.send(tick_price(id, 1, 9.0));
    peer.send(tick_price(id, 2, 11.0));
    peer.send(tick_price(id, 4, -1.0));
    return end();
  }
  if (symbol == "ADVISED") {  // TWS shows delayed data on its own
    peer.send_error(id, 10167, "Requested market data is not subscribed. Displaying delayed");
    peer.send(tws::MarketDataType{id, 3});
    peer.send(tick_price(id, 68, 30.0));
    return end();
  }
  if (type < 3) return peer.send_error(id, 354, "Requested market data is not subscribed.");
  if (symbol == "DELAYED") {
    peer.send(tws::MarketDataType{id, 3});
    peer.send(tick_price(id, 66, 19.0));
    peer.send(tick_price(id, 68, 20.0));
    return end();
  }
  peer.send_error(id, 10168,
                  "Requested market data is not subscribed. Delayed market data is not enabled.");
}

std::vector<core::ContractInfo> contracts(const std::vector<std::string>& symbols) {
  std::vector<core::ContractInfo> out;
  for (const auto& s : symbols) {
    core::ContractInfo info;
    info.symbol = s;
    info.con_id = 100 + static_cast<std::int64_t>(out.size());
    out.push_back(info);
  }
  return out;
}

class Prices : public ::testing::Test {
 protected:
  Prices() {
    server_.set_script([this](Peer& peer, const tws::Request& r) { market(peer, r, type_); });
  }
  int type_ = 0;  // the server thread's view of reqMarketDataType
  ScriptedTwsServer server_;
  TwsBroker broker_{fast_config(server_.port())};
};

TEST_F(Prices, EachSymbolFallsBackOnlyAsFarAsItMust) {
  const auto asked = contracts({"LIVE", "MID", "DELAYED", "ADVISED", "HIST", "NOPE"});
  auto quotes = broker_.prices(asked, in_ms(5000));
  ASSERT_EQ(quotes.size(), asked.size());
  std::map<std::string, core::Result<core::Quote>> by_symbol;
  for (std::size_t i = 0; i < asked.size(); ++i) by_symbol.emplace(asked[i].symbol, quotes[i]);

  auto expect_quote = [&](const std::string& symbol, double price, core::PriceSource source) {
    const auto& q = by_symbol.at(symbol);
    ASSERT_TRUE(q.ok()) << symbol << ": " << q.error().message;
    EXPECT_EQ(q->symbol, symbol);
    EXPECT_DOUBLE_EQ(q->price, price) << symbol;
    EXPECT_EQ(q->source, source) << symbol;
  };
  expect_quote("LIVE", 10.5, core::PriceSource::kLive);
  expect_quote("MID", 10.0, core::PriceSource::kLive);
  expect_quote("DELAYED", 20.0, core::PriceSource::kDelayed);
  expect_quote("ADVISED", 30.0, core::PriceSource::kDelayed);
  expect_quote("HIST", 42.0, core::PriceSource::kHistoricalClose);
  // The last trade is kept beside the price (slippage against the last); a midpoint has none.
  EXPECT_DOUBLE_EQ(by_symbol.at("LIVE")->last, 10.5);
  EXPECT_DOUBLE_EQ(by_symbol.at("MID")->last, 0);
  ASSERT_FALSE(by_symbol.at("NOPE").ok());
  EXPECT_EQ(by_symbol.at("NOPE").error().kind, core::ErrorKind::kInvalidInput);

  // The kinds went out in order, and history was asked the documented way.
  std::vector<int> types;
  int historical = 0;
  for (const auto& r : server_.received()) {
    if (const auto* t = std::get_if<tws::ReqMarketDataType>(&r.request)) {
      types.push_back(t->market_data_type);
    }
    if (const auto* h = std::get_if<tws::ReqHistoricalData>(&r.request)) {
      ++historical;
      EXPECT_EQ(h->contract.symbol, "HIST");
      EXPECT_EQ(h->bar_size, "1 day");
      EXPECT_EQ(h->duration, "2 D");
      EXPECT_EQ(h->what_to_show, "TRADES");
    }
    if (const auto* m = std::get_if<tws::ReqMktData>(&r.request)) {
      EXPECT_TRUE(m->snapshot);
    }
  }
  ASSERT_GE(types.size(), 3u);
  EXPECT_EQ(types.front(), 1);
  EXPECT_TRUE(std::find(types.begin(), types.end(), 2) != types.end());
  EXPECT_TRUE(std::find(types.begin(), types.end(), 3) != types.end());
  EXPECT_EQ(historical, 1);
}

TEST_F(Prices, SilenceMovesOnAtEachStageTimeout) {
  const auto asked = contracts({"SILENT"});
  const auto start = std::chrono::steady_clock::now();
  auto quotes = broker_.prices(asked, in_ms(5000));
  ASSERT_TRUE(quotes[0].ok()) << quotes[0].error().message;
  EXPECT_DOUBLE_EQ(quotes[0]->price, 8.0);
  EXPECT_EQ(quotes[0]->source, core::PriceSource::kHistoricalClose);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 3 * 400ms);  // three silent kinds
}

TEST_F(Prices, OverallDeadlineEndsTheSearch) {
  const auto asked = contracts({"SILENT", "LIVE"});
  ASSERT_TRUE(broker_.managed_accounts(in_ms(10000)).ok());  // connected before the deadline
  auto quotes = broker_.prices(asked, in_ms(250));
  ASSERT_FALSE(quotes[0].ok());
  EXPECT_EQ(quotes[0].error().kind, core::ErrorKind::kUnavailable);
  ASSERT_TRUE(quotes[1].ok());
  EXPECT_DOUBLE_EQ(quotes[1]->price, 10.5);
}

}  // namespace
}  // namespace ep::tws_client::testing
