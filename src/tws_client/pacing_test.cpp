// Pacing against the scripted server: 200 requests in one call; the server timestamps every
// arrival and no 1-second window may hold more than 50 messages.
#include <gtest/gtest.h>

#include <algorithm>

#include "tws_client/testing/fast_config.hpp"
#include "tws_client/testing/scripted_server.hpp"
#include "tws_client/tws_broker.hpp"

namespace ep::tws_client::testing {
namespace {

using namespace std::chrono_literals;

TEST(Pacing, TwoHundredRequestsNeverExceedFiftyInAnySecond) {
  ScriptedTwsServer server;
  server.set_script([](Peer& peer, const tws::Request& request) {
    if (const auto* r = std::get_if<tws::ReqContractDetails>(&request)) {
      answer_contract_details(peer, *r, 1000 + r->req_id);
    }
  });
  auto config = fast_config(server.port());
  config.heartbeat_interval = 60s;  // only our requests on the wire
  TwsBroker broker(config);         // default pacing: 50 per second
  std::vector<core::Symbol> symbols;
  for (int i = 0; i < 200; ++i) symbols.push_back("S" + std::to_string(i));
  auto results = broker.contract_details(symbols, in_ms(15000));
  ASSERT_EQ(results.size(), 200u);
  for (std::size_t i = 0; i < results.size(); ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].error().message;
    EXPECT_EQ(results[i]->symbol, symbols[i]);
    EXPECT_EQ(results[i]->primary_exchange, "ARCA");
  }
  const auto received = server.received();
  ASSERT_GE(received.size(), 201u);  // startApi + 200 requests
  std::vector<std::chrono::steady_clock::time_point> at;
  for (const auto& r : received) at.push_back(r.at);
  std::sort(at.begin(), at.end());
  std::size_t most = 0;
  for (std::size_t i = 0, j = 0; i < at.size(); ++i) {
    while (at[i] - at[j] >= 1s) ++j;  // window [at[j], at[i]] is shorter than 1 s
    most = std::max(most, i - j + 1);
  }
  EXPECT_LE(most, 50u);
  EXPECT_GE(most, 40u);  // and pacing does not crawl either
  EXPECT_GT(broker.status().pacing_waits, 0);
}

}  // namespace
}  // namespace ep::tws_client::testing
