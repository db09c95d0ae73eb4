// Hub handlers for accounts, positions, contracts, market data, time and ids
// (docs/tws-wire-protocol.md §6.1-6.4 and §8): each answer ends with its end marker, even when the
// list is empty.
#include <algorithm>

#include "sim/hub.hpp"
#include "sim/market_data.hpp"
#include "sim/messages.hpp"

namespace ep::sim {

const SymbolSpec* Hub::lookup(const tws::Contract& contract) const {
  if (!contract.sec_type.empty() && contract.sec_type != "STK") return nullptr;
  if (!contract.currency.empty() && contract.currency != "USD") return nullptr;
  return broker_.resolve(contract.con_id, contract.symbol);
}

void Hub::handle(Session& s, const tws::ReqCurrentTime&) {
  s.send(tws::CurrentTime{
      std::chrono::duration_cast<std::chrono::seconds>(now().time_since_epoch()).count()});
}

void Hub::handle(Session& s, const tws::ReqIds&) {
  s.send(tws::NextValidId{broker_.next_order_id(s.client_id())});
}

void Hub::handle(Session& s, const tws::ReqManagedAccts&) {
  s.send(tws::ManagedAccounts{account_ids()});
}

void Hub::send_account_snapshot(Session& s, const std::string& account) {
  for (const auto& row : account_update_rows(broker_, account)) {
    s.send(tws::AccountValue{row.key, row.value, row.currency, account});
  }
  if (const AccountState* state = broker_.account(account)) {
    for (const auto& [symbol, position] : state->positions) {
      if (const SymbolSpec* spec = broker_.symbol(symbol))
        s.send(portfolio_message(account, *spec, position));
    }
  }
  s.send(tws::AccountUpdateTime{format_account_time(now())});
  s.send(tws::AccountDownloadEnd{account});
}

void Hub::handle(Session& s, const tws::ReqAccountUpdates& m) {
  if (!m.subscribe) {
    s.account_updates.reset();
    return;
  }
  // An empty code means the only (here: the first) account, as with a single-account login.
  std::string account = m.account.empty() ? broker_.accounts().front().id : m.account;
  if (broker_.account(account) == nullptr) {
    s.send_error(-1, 321,
                 "Error validating request.-'bB' : cause - Invalid account code '" + account + "'");
    return;
  }
  if (s.account_updates && *s.account_updates != account) {
    s.send_error(-1, 2100,
                 "New account data requested from TWS.  API client has been unsubscribed from "
                 "account data.");
  }
  s.account_updates = account;
  send_account_snapshot(s, account);
}

void Hub::push_account(const std::string& account, const std::string& symbol) {
  for (const auto& session : live_sessions()) {
    if (session->account_updates == account) {
      for (const auto& row : account_update_rows(broker_, account)) {
        session->send(tws::AccountValue{row.key, row.value, row.currency, account});
      }
      const AccountState* state = broker_.account(account);
      for (const auto& [name, position] : state->positions) {
        if (!symbol.empty() && name != symbol) continue;
        if (const SymbolSpec* spec = broker_.symbol(name))
          session->send(portfolio_message(account, *spec, position));
      }
      session->send(tws::AccountUpdateTime{format_account_time(now())});
      session->send(tws::AccountDownloadEnd{account});
    }
    if (session->positions_subscribed && !symbol.empty()) {
      const AccountState* state = broker_.account(account);
      auto it = state->positions.find(symbol);
      const SymbolSpec* spec = broker_.symbol(symbol);
      if (it != state->positions.end() && spec != nullptr)
        session->send(position_message(account, *spec, it->second));
    }
  }
}

void Hub::handle(Session& s, const tws::ReqAccountSummary& m) {
  for (const auto& account : account_ids()) {
    if (m.group != "All" && m.group != account) continue;
    for (const auto& row : account_summary_rows(broker_, account, m.tags)) {
      s.send(tws::AccountSummary{m.req_id, account, row.key, row.value, row.currency});
    }
  }
  s.send(tws::AccountSummaryEnd{m.req_id});
}

void Hub::handle(Session& s, const tws::ReqPositions&) {
  s.positions_subscribed = true;
  for (const auto& account : broker_.accounts()) {
    for (const auto& [symbol, position] : account.positions) {
      if (const SymbolSpec* spec = broker_.symbol(symbol))
        s.send(position_message(account.id, *spec, position));
    }
  }
  s.send(tws::PositionEnd{});
}

void Hub::handle(Session& s, const tws::CancelPositions&) {
  s.positions_subscribed = false;
}

void Hub::handle(Session& s, const tws::ReqAccountUpdatesMulti& m) {
  for (const auto& account : account_ids()) {
    if (!m.account.empty() && m.account != "All" && m.account != account) continue;
    for (const auto& row : account_update_rows(broker_, account)) {
      s.send(tws::AccountUpdateMulti{m.req_id, account, m.model_code, row.key, row.value,
                                     row.currency});
    }
  }
  s.send(tws::AccountUpdateMultiEnd{m.req_id});
}

void Hub::handle(Session& s, const tws::ReqPositionsMulti& m) {
  for (const auto& account : broker_.accounts()) {
    if (!m.account.empty() && m.account != "All" && m.account != account.id) continue;
    for (const auto& [symbol, position] : account.positions) {
      const SymbolSpec* spec = broker_.symbol(symbol);
      if (spec == nullptr) continue;
      tws::Position p = position_message(account.id, *spec, position);
      s.send(tws::PositionMulti{m.req_id, account.id, p.contract, p.position, p.avg_cost,
                                m.model_code});
    }
  }
  s.send(tws::PositionMultiEnd{m.req_id});
}

void Hub::handle(Session& s, const tws::ReqContractDetails& m) {
  const SymbolSpec* spec = lookup(m.contract);
  if (spec == nullptr) {
    s.send_error(m.req_id, 200, "No security definition has been found for the request");
    return;
  }
  s.send(contract_details_message(m.req_id, *spec, now()));
  s.send(tws::ContractDetailsEnd{m.req_id});
}

void Hub::handle(Session& s, const tws::ReqMarketDataType& m) {
  s.market_data_type = std::clamp(m.market_data_type, 1, 4);
}

void Hub::handle(Session& s, const tws::ReqMktData& m) {
  const SymbolSpec* spec = lookup(m.contract);
  if (spec == nullptr) {
    s.send_error(m.req_id, 200, "No security definition has been found for the request");
    return;
  }
  if (m.snapshot && !m.generic_tick_list.empty()) {
    s.send_error(m.req_id, 414,
                 "Snapshot market data subscription is not applicable to generic ticks");
    return;
  }
  MarketDataAnswer answer = answer_market_data(m.req_id, *spec, s.market_data_type, now());
  if (answer.refusal) {
    s.send(*answer.refusal);
    return;
  }
  if (answer.notice) s.send(*answer.notice);
  s.send(tws::MarketDataType{m.req_id, answer.market_data_type});
  for (const auto& tick : answer.ticks) s.send(tick);
  if (!m.snapshot) {
    s.streams[m.req_id] = StreamSubscription{spec->symbol, answer.market_data_type};
    return;
  }
  const int end_delay_ms = faults_.snapshot_end_delay_ms;
  if (end_delay_ms <= 0) {
    s.send(tws::TickSnapshotEnd{m.req_id});
    return;
  }
  schedule(end_delay_ms, [self = s.shared_from_this(), req_id = m.req_id] {
    if (self->is_open()) self->send(tws::TickSnapshotEnd{req_id});
  });
}

void Hub::handle(Session& s, const tws::CancelMktData& m) {
  s.streams.erase(m.req_id);
}

void Hub::push_prices(const std::string& symbol) {
  const SymbolSpec* spec = broker_.symbol(symbol);
  if (spec == nullptr) return;
  for (const auto& session : live_sessions()) {
    for (const auto& [req_id, stream] : session->streams) {
      if (stream.symbol != symbol) continue;
      for (const auto& tick : price_update_ticks(req_id, *spec, stream.market_data_type))
        session->send(tick);
    }
  }
}

void Hub::handle(Session& s, const tws::ReqHistoricalData& m) {
  const SymbolSpec* spec = lookup(m.contract);
  if (spec == nullptr) {
    s.send_error(m.req_id, 200, "No security definition has been found for the request");
    return;
  }
  auto bars = historical_bars(m, *spec, now());
  if (!bars) {
    s.send_error(m.req_id, 321, "Error validating request.-'bP' : cause - " + bars.error().message);
    return;
  }
  s.send(*bars);
}

}  // namespace ep::sim
