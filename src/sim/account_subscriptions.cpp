#include "sim/account_subscriptions.hpp"

#include "sim/messages.hpp"

namespace ep::sim {
namespace {

// The account filter of the "multi" requests: empty or "All" selects every account.
bool selects(const std::string& filter, const std::string& account) {
  return filter.empty() || filter == "All" || filter == account;
}

}  // namespace

AccountSubscriptions::AccountSubscriptions(const PaperBroker& broker, const ClientRegistry& clients,
                                           const Scheduler& clock)
    : broker_(broker), clients_(clients), clock_(clock) {}

std::vector<std::string> AccountSubscriptions::account_ids() const {
  std::vector<std::string> ids;
  for (const auto& account : broker_.accounts()) ids.push_back(account.id);
  return ids;
}

void AccountSubscriptions::handle(Session& s, const tws::ReqManagedAccts&) {
  s.send(tws::ManagedAccounts{account_ids()});
}

void AccountSubscriptions::send_account_update(Session& s, const std::string& account,
                                               const std::string& only_symbol) const {
  for (const auto& row : account_update_rows(broker_, account)) {
    s.send(tws::AccountValue{row.key, row.value, row.currency, account});
  }
  if (const AccountState* state = broker_.account(account)) {
    for (const auto& [symbol, position] : state->positions) {
      if (!only_symbol.empty() && symbol != only_symbol) continue;
      if (const SymbolSpec* spec = broker_.symbol(symbol))
        s.send(portfolio_message(account, *spec, position));
    }
  }
  s.send(tws::AccountUpdateTime{format_account_time(clock_.now())});
  s.send(tws::AccountDownloadEnd{account});
}

void AccountSubscriptions::handle(Session& s, const tws::ReqAccountUpdates& m) {
  if (!m.subscribe) {
    account_updates_.erase(s.id());
    return;
  }
  // An empty code means the only (here: the first) account, as with a single-account login.
  std::string account = m.account.empty() ? broker_.accounts().front().id : m.account;
  if (broker_.account(account) == nullptr) {
    s.send_error(-1, 321,
                 "Error validating request.-'bB' : cause - Invalid account code '" + account + "'");
    return;
  }
  // TWS streams one account per client: asking for another ends the first subscription.
  if (auto it = account_updates_.find(s.id());
      it != account_updates_.end() && it->second != account) {
    s.send_error(-1, 2100,
                 "New account data requested from TWS.  API client has been unsubscribed from "
                 "account data.");
  }
  account_updates_[s.id()] = account;
  send_account_update(s, account, /*only_symbol=*/"");
}

void AccountSubscriptions::push_account(const std::string& account,
                                        const std::string& traded_symbol) {
  for (const auto& session : clients_.live()) {
    if (auto it = account_updates_.find(session->id());
        it != account_updates_.end() && it->second == account) {
      send_account_update(*session, account, traded_symbol);
    }
    if (traded_symbol.empty() || position_subscribers_.count(session->id()) == 0) continue;
    const AccountState* state = broker_.account(account);
    auto position = state->positions.find(traded_symbol);
    const SymbolSpec* spec = broker_.symbol(traded_symbol);
    if (position != state->positions.end() && spec != nullptr)
      session->send(position_message(account, *spec, position->second));
  }
}

void AccountSubscriptions::push_all_accounts() {
  for (const auto& account : account_ids()) push_account(account, /*symbol=*/"");
}

void AccountSubscriptions::forget(const Session& s) {
  account_updates_.erase(s.id());
  position_subscribers_.erase(s.id());
}

void AccountSubscriptions::handle(Session& s, const tws::ReqAccountSummary& m) {
  for (const auto& account : account_ids()) {
    if (m.group != "All" && m.group != account) continue;
    for (const auto& row : account_summary_rows(broker_, account, m.tags)) {
      s.send(tws::AccountSummary{m.req_id, account, row.key, row.value, row.currency});
    }
  }
  s.send(tws::AccountSummaryEnd{m.req_id});
}

void AccountSubscriptions::handle(Session& s, const tws::ReqPositions&) {
  position_subscribers_.insert(s.id());
  for (const auto& account : broker_.accounts()) {
    for (const auto& [symbol, position] : account.positions) {
      if (const SymbolSpec* spec = broker_.symbol(symbol))
        s.send(position_message(account.id, *spec, position));
    }
  }
  s.send(tws::PositionEnd{});
}

void AccountSubscriptions::handle(Session& s, const tws::CancelPositions&) {
  position_subscribers_.erase(s.id());
}

void AccountSubscriptions::handle(Session& s, const tws::ReqAccountUpdatesMulti& m) {
  for (const auto& account : account_ids()) {
    if (!selects(m.account, account)) continue;
    for (const auto& row : account_update_rows(broker_, account)) {
      s.send(tws::AccountUpdateMulti{m.req_id, account, m.model_code, row.key, row.value,
                                     row.currency});
    }
  }
  s.send(tws::AccountUpdateMultiEnd{m.req_id});
}

void AccountSubscriptions::handle(Session& s, const tws::ReqPositionsMulti& m) {
  for (const auto& account : broker_.accounts()) {
    if (!selects(m.account, account.id)) continue;
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

}  // namespace ep::sim
