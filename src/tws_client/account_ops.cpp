#include "tws_client/account_ops.hpp"

#include <algorithm>
#include <map>
#include <mutex>

#include "logging/log.hpp"
#include "tws/field_reader.hpp"
#include "tws_client/mapping.hpp"
#include "tws_client/receive_loop.hpp"

namespace ep::tws_client {
namespace {

std::optional<double> usd_value(const std::map<std::string, std::string>& values,
                                const std::string& key) {
  auto it = values.find(key);
  if (it == values.end()) return std::nullopt;
  auto value = tws::parse_double(it->second);
  if (!value || tws::is_unset_double(*value)) return std::nullopt;
  return value;
}

}  // namespace

core::Result<core::AccountSnapshot> fetch_account_snapshot(Session& session,
                                                           const std::string& account,
                                                           Deadline deadline) {
  const auto accounts = session.managed_accounts();
  if (std::find(accounts.begin(), accounts.end(), account) == accounts.end()) {
    return core::invalid_input("account " + account + " is not managed by this gateway login");
  }
  std::unique_lock singleton(session.singleton_mutex(Singleton::kAccountUpdates), std::defer_lock);
  if (!singleton.try_lock_until(deadline)) {
    return core::unavailable("account updates busy until the deadline");
  }
  auto mailbox = std::make_shared<Mailbox>();
  Listener listener(session.registry(), mailbox);
  listener.add_singleton(Singleton::kAccountUpdates);
  if (auto sent = session.send(tws::ReqAccountUpdates{true, account}, deadline); !sent) {
    return core::unavailable("account snapshot not requested: " + sent.error().message);
  }

  std::map<std::string, std::string> usd_values;  // key -> value, USD only
  // By symbol and conId: one symbol may be held in two listings (e.g. USD and CAD).
  std::map<std::pair<std::string, std::int64_t>, core::Position> positions;
  bool ended = false;
  const auto end = receive_until(
      *mailbox, deadline, [&] { return ended; },
      [&](const tws::Incoming& message) {
        if (const auto* value = std::get_if<tws::AccountValue>(&message)) {
          if (value->account == account && value->currency == "USD") {
            usd_values[value->key] = value->value;
          }
        } else if (const auto* item = std::get_if<tws::PortfolioValue>(&message)) {
          if (item->account != account) return;
          if (item->contract.sec_type != "STK") {
            log::info("portfolio item ignored (not a stock)",
                      {{"account_id", account},
                       {"symbol", item->contract.symbol},
                       {"sec_type", item->contract.sec_type}});
            return;
          }
          core::Position position;
          position.symbol = item->contract.symbol;
          position.shares = decimal_quantity(item->position);
          position.con_id = item->contract.con_id;
          position.currency = item->contract.currency;
          position.average_cost = tws::is_unset_double(item->average_cost) ? 0 : item->average_cost;
          position.market_value = tws::is_unset_double(item->market_value) ? 0 : item->market_value;
          if (position.shares == 0) {
            positions.erase({position.symbol, position.con_id});
          } else {
            positions[{position.symbol, position.con_id}] = position;
          }
        } else if (const auto* download_end = std::get_if<tws::AccountDownloadEnd>(&message)) {
          ended = download_end->account == account;
        }
      });
  const auto incomplete = [&] {
    return cut_short(InFlight::kReadOnly,
                     end.words("account snapshot",
                               "account snapshot for " + account + " incomplete at the deadline"));
  };
  // Nothing more is sent on a connection reported lost.
  if (end.connection_lost()) return incomplete();
  // Unsubscribe even after a timeout, so the gateway stops streaming (best effort: a small
  // frame with a free pacing token goes out even at the deadline; otherwise it is skipped).
  static_cast<void>(session.send(tws::ReqAccountUpdates{false, account}, deadline));
  if (!ended) return incomplete();
  core::AccountSnapshot snapshot;
  snapshot.account_id = account;
  auto net = usd_value(usd_values, "NetLiquidation");
  if (!net) return core::unavailable("gateway reported no NetLiquidation in USD for " + account);
  snapshot.net_liquidation = *net;
  auto cash = usd_value(usd_values, "TotalCashValue");
  if (!cash) cash = usd_value(usd_values, "AvailableFunds");
  if (!cash) {
    return core::unavailable(
        "gateway reported neither TotalCashValue nor AvailableFunds in USD for " + account);
  }
  snapshot.cash = *cash;
  for (auto& [key, position] : positions) snapshot.positions.push_back(position);
  return snapshot;
}

}  // namespace ep::tws_client
