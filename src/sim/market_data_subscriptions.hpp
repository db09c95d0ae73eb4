// The market side of ibsim (docs/tws-wire-protocol.md §6.4, §7.6, §12): contract details,
// market data (snapshots, and streams that tick again when a price moves), the data kind each
// connection asked for with reqMarketDataType, and historical bars. It keeps each connection's
// streams so that a price move (POST /prices, a gap fault) reaches exactly the connections
// that stream that symbol. What the answers contain is market_data.hpp's pure logic.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "sim/active_faults.hpp"
#include "sim/client_registry.hpp"
#include "sim/paper_broker.hpp"
#include "sim/scheduler.hpp"
#include "sim/session.hpp"
#include "tws/messages_out.hpp"

namespace ep::sim {

class MarketDataSubscriptions {
 public:
  MarketDataSubscriptions(const PaperBroker& broker, const ClientRegistry& clients,
                          Scheduler& scheduler, const ActiveFaults& faults);

  void handle(Session& s, const tws::ReqContractDetails& m);
  void handle(Session& s, const tws::ReqMarketDataType& m);
  void handle(Session& s, const tws::ReqMktData& m);
  void handle(Session& s, const tws::CancelMktData& m);
  void handle(Session& s, const tws::ReqHistoricalData& m);

  // The symbol's prices moved: bid, ask and last to every stream of it.
  void push_prices(const std::string& symbol);
  // The connection closed: its streams end with it.
  void forget(const Session& s);

 private:
  struct Stream {
    std::string symbol;
    int market_data_type = 1;  // the kind it was answered with (live or delayed tick ids)
  };
  struct ConnectionState {
    int requested_type = 1;         // the last reqMarketDataType (1..4)
    std::map<int, Stream> streams;  // reqMktData without snapshot, by reqId
  };

  // The symbol a request's contract names, or nullptr after answering error 200.
  const SymbolSpec* resolve_or_refuse(Session& s, int req_id, const tws::Contract& contract) const;

  const PaperBroker& broker_;
  const ClientRegistry& clients_;
  Scheduler& scheduler_;
  const ActiveFaults& faults_;
  std::map<std::uint64_t, ConnectionState> connections_;  // by session id
};

}  // namespace ep::sim
