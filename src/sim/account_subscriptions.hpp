// The account side of ibsim (docs/tws-wire-protocol.md §6.1-6.3, §8): managed accounts,
// account updates with the portfolio, account summaries, positions and their per-account
// ("multi") forms, each ended by its end marker even when empty. It keeps which connection
// subscribed to which account's updates and to positions, so that a fill or a reset can push
// the new values to exactly those connections, as TWS does.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/client_registry.hpp"
#include "sim/paper_broker.hpp"
#include "sim/scheduler.hpp"
#include "sim/session.hpp"
#include "tws/messages_out.hpp"

namespace ep::sim {

class AccountSubscriptions {
 public:
  AccountSubscriptions(const PaperBroker& broker, const ClientRegistry& clients,
                       const Scheduler& clock);

  void handle(Session& s, const tws::ReqManagedAccts& m);
  void handle(Session& s, const tws::ReqAccountUpdates& m);
  void handle(Session& s, const tws::ReqAccountSummary& m);
  void handle(Session& s, const tws::ReqPositions& m);
  void handle(Session& s, const tws::CancelPositions& m);
  void handle(Session& s, const tws::ReqAccountUpdatesMulti& m);
  void handle(Session& s, const tws::ReqPositionsMulti& m);

  // The scenario's account codes, in file order (managedAccounts).
  std::vector<std::string> account_ids() const;
  // After a fill of `traded_symbol` in `account`: the account's values and that symbol's
  // portfolio row to the account's update subscribers, the symbol's position to the position
  // subscribers. An empty symbol (after a reset) sends the whole portfolio and no position.
  void push_account(const std::string& account, const std::string& traded_symbol);
  // After a reset: push_account for every account.
  void push_all_accounts();
  // The connection closed: its subscriptions end with it.
  void forget(const Session& s);

 private:
  // The rows of an account update: values, portfolio (one symbol, or all when `only_symbol`
  // is empty), update time and accountDownloadEnd.
  void send_account_update(Session& s, const std::string& account,
                           const std::string& only_symbol) const;

  const PaperBroker& broker_;
  const ClientRegistry& clients_;
  const Scheduler& clock_;
  std::map<std::uint64_t, std::string> account_updates_;  // session id -> subscribed account
  std::set<std::uint64_t> position_subscribers_;          // session ids
};

}  // namespace ep::sim
