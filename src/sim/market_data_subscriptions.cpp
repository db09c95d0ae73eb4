#include "sim/market_data_subscriptions.hpp"

#include <algorithm>

#include "sim/market_data.hpp"
#include "sim/messages.hpp"

namespace ep::sim {

MarketDataSubscriptions::MarketDataSubscriptions(const PaperBroker& broker,
                                                 const ClientRegistry& clients,
                                                 Scheduler& scheduler, const ActiveFaults& faults)
    : broker_(broker), clients_(clients), scheduler_(scheduler), faults_(faults) {}

const SymbolSpec* MarketDataSubscriptions::resolve_or_refuse(Session& s, int req_id,
                                                             const tws::Contract& contract) const {
  const SymbolSpec* spec =
      is_usd_stock(contract) ? broker_.resolve(contract.con_id, contract.symbol) : nullptr;
  if (spec == nullptr)
    s.send_error(req_id, 200, "No security definition has been found for the request");
  return spec;
}

void MarketDataSubscriptions::handle(Session& s, const tws::ReqContractDetails& m) {
  const SymbolSpec* spec = resolve_or_refuse(s, m.req_id, m.contract);
  if (spec == nullptr) return;
  s.send(contract_details_message(m.req_id, *spec, scheduler_.now()));
  s.send(tws::ContractDetailsEnd{m.req_id});
}

void MarketDataSubscriptions::handle(Session& s, const tws::ReqMarketDataType& m) {
  connections_[s.id()].requested_type = std::clamp(m.market_data_type, 1, 4);
}

void MarketDataSubscriptions::handle(Session& s, const tws::ReqMktData& m) {
  const SymbolSpec* spec = resolve_or_refuse(s, m.req_id, m.contract);
  if (spec == nullptr) return;
  if (m.snapshot && !m.generic_tick_list.empty()) {
    s.send_error(m.req_id, 414,
                 "Snapshot market data subscription is not applicable to generic ticks");
    return;
  }
  auto connection = connections_.find(s.id());
  const int requested_type =
      connection == connections_.end() ? 1 : connection->second.requested_type;
  MarketDataAnswer answer = answer_market_data(m.req_id, *spec, requested_type, scheduler_.now());
  if (answer.refusal) {
    s.send(*answer.refusal);
    return;
  }
  if (answer.notice) s.send(*answer.notice);
  s.send(tws::MarketDataType{m.req_id, answer.market_data_type});
  for (const auto& tick : answer.ticks) s.send(tick);
  if (!m.snapshot) {
    connections_[s.id()].streams[m.req_id] = Stream{spec->symbol, answer.market_data_type};
    return;
  }
  const int end_delay_ms = faults_.plan().snapshot_end_delay_ms;
  if (end_delay_ms <= 0) {
    s.send(tws::TickSnapshotEnd{m.req_id});
    return;
  }
  scheduler_.after(end_delay_ms, [self = s.shared_from_this(), req_id = m.req_id] {
    if (self->is_open()) self->send(tws::TickSnapshotEnd{req_id});
  });
}

void MarketDataSubscriptions::handle(Session& s, const tws::CancelMktData& m) {
  if (auto it = connections_.find(s.id()); it != connections_.end())
    it->second.streams.erase(m.req_id);
}

void MarketDataSubscriptions::push_prices(const std::string& symbol) {
  const SymbolSpec* spec = broker_.symbol(symbol);
  if (spec == nullptr) return;
  for (const auto& session : clients_.live()) {
    auto connection = connections_.find(session->id());
    if (connection == connections_.end()) continue;
    // Copied first: nothing sent below may change the streams being walked.
    const std::map<int, Stream> streams = connection->second.streams;
    for (const auto& [req_id, stream] : streams) {
      if (stream.symbol != symbol) continue;
      for (const auto& tick : price_update_ticks(req_id, *spec, stream.market_data_type))
        session->send(tick);
    }
  }
}

void MarketDataSubscriptions::forget(const Session& s) {
  connections_.erase(s.id());
}

void MarketDataSubscriptions::handle(Session& s, const tws::ReqHistoricalData& m) {
  const SymbolSpec* spec = resolve_or_refuse(s, m.req_id, m.contract);
  if (spec == nullptr) return;
  auto bars = historical_bars(m, *spec, scheduler_.now());
  if (!bars) {
    s.send_error(m.req_id, 321, "Error validating request.-'bP' : cause - " + bars.error().message);
    return;
  }
  s.send(*bars);
}

}  // namespace ep::sim
