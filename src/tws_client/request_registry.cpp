#include "tws_client/request_registry.hpp"

#include <algorithm>
#include <set>
#include <type_traits>

#include "tws_client/overloaded.hpp"

namespace ep::tws_client {
namespace {

// Messages answered to a request id.
template <class T>
constexpr bool kByRequestId =
    std::is_same_v<T, tws::TickPrice> || std::is_same_v<T, tws::TickSize> ||
    std::is_same_v<T, tws::TickString> || std::is_same_v<T, tws::TickGeneric> ||
    std::is_same_v<T, tws::TickSnapshotEnd> || std::is_same_v<T, tws::MarketDataType> ||
    std::is_same_v<T, tws::TickReqParams> || std::is_same_v<T, tws::ContractDetails> ||
    std::is_same_v<T, tws::ContractDetailsEnd> || std::is_same_v<T, tws::HistoricalData> ||
    std::is_same_v<T, tws::HistoricalDataUpdate> || std::is_same_v<T, tws::AccountSummary> ||
    std::is_same_v<T, tws::AccountSummaryEnd> || std::is_same_v<T, tws::ExecDetailsEnd> ||
    std::is_same_v<T, tws::PositionMulti> || std::is_same_v<T, tws::PositionMultiEnd> ||
    std::is_same_v<T, tws::AccountUpdateMulti> || std::is_same_v<T, tws::AccountUpdateMultiEnd>;

template <class T>
constexpr bool kAccountUpdates =
    std::is_same_v<T, tws::AccountValue> || std::is_same_v<T, tws::PortfolioValue> ||
    std::is_same_v<T, tws::AccountUpdateTime> || std::is_same_v<T, tws::AccountDownloadEnd>;

template <class Map, class Key>
void append(std::vector<std::shared_ptr<Mailbox>>& out, const Map& map, const Key& key) {
  auto it = map.find(key);
  if (it != map.end()) out.insert(out.end(), it->second.begin(), it->second.end());
}

}  // namespace

Listener::Listener(RequestRegistry& registry, std::shared_ptr<Mailbox> mailbox)
    : registry_(registry), mailbox_(std::move(mailbox)) {}

Listener::~Listener() {
  registry_.remove(mailbox_.get());
}

void Listener::add_request(std::int64_t request_id) {
  registry_.add_request(request_id, mailbox_);
}
void Listener::add_order(std::int64_t order_id) {
  registry_.add_order(order_id, mailbox_);
}
void Listener::add_singleton(Singleton kind) {
  registry_.add_singleton(kind, mailbox_);
}

void RequestRegistry::add(std::map<std::int64_t, std::vector<MailboxPtr>>& map, std::int64_t key,
                          const MailboxPtr& mailbox) {
  std::lock_guard lock(mu_);
  if (closed_) {
    mailbox->post_lost(*closed_);
    return;
  }
  map[key].push_back(mailbox);
}

void RequestRegistry::add_request(std::int64_t id, const MailboxPtr& mailbox) {
  add(requests_, id, mailbox);
}

void RequestRegistry::add_order(std::int64_t id, const MailboxPtr& mailbox) {
  add(orders_, id, mailbox);
}

void RequestRegistry::add_singleton(Singleton kind, const MailboxPtr& mailbox) {
  std::lock_guard lock(mu_);
  if (closed_) {
    mailbox->post_lost(*closed_);
    return;
  }
  singletons_[kind].push_back(mailbox);
}

void RequestRegistry::remove(const Mailbox* mailbox) {
  std::lock_guard lock(mu_);
  auto prune = [&](auto& map) {
    for (auto it = map.begin(); it != map.end();) {
      auto& list = it->second;
      list.erase(std::remove_if(list.begin(), list.end(),
                                [&](const MailboxPtr& p) { return p.get() == mailbox; }),
                 list.end());
      it = list.empty() ? map.erase(it) : std::next(it);
    }
  };
  prune(requests_);
  prune(orders_);
  prune(executions_);
  prune(singletons_);
}

std::vector<std::shared_ptr<Mailbox>> RequestRegistry::targets_for(const tws::Incoming& message) {
  std::vector<MailboxPtr> out;
  std::visit(
      Overloaded{
          [&](const tws::ErrorMessage& m) {
            if (m.id < 0) return;
            // Request ids and order ids come from one counter, so an id names one thing.
            append(out, requests_, m.id);
            append(out, orders_, m.id);
          },
          [&](const tws::OrderStatus& m) {
            if (ours(m.client_id)) append(out, orders_, m.order_id);
            append(out, singletons_, Singleton::kOpenOrders);
          },
          [&](const tws::OpenOrder& m) {
            if (ours(m.order.client_id)) append(out, orders_, m.order.order_id);
            append(out, singletons_, Singleton::kOpenOrders);
          },
          [&](const tws::OpenOrderEnd&) { append(out, singletons_, Singleton::kOpenOrders); },
          [&](const tws::ExecDetails& m) {
            if (m.req_id >= 0) append(out, requests_, m.req_id);
            if (ours(m.execution.client_id)) append(out, orders_, m.execution.order_id);
            for (const auto& mailbox : out) {
              auto& list = executions_[m.execution.exec_id];
              if (std::find(list.begin(), list.end(), mailbox) == list.end()) {
                list.push_back(mailbox);
              }
            }
          },
          [&](const tws::CommissionReport& m) { append(out, executions_, m.exec_id); },
          [&](const tws::Position&) { append(out, singletons_, Singleton::kPositions); },
          [&](const tws::PositionEnd&) { append(out, singletons_, Singleton::kPositions); },
          [&](const auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (kByRequestId<T>) {
              append(out, requests_, m.req_id);
            } else if constexpr (kAccountUpdates<T>) {
              append(out, singletons_, Singleton::kAccountUpdates);
            }
          },
      },
      message);
  // One delivery per mailbox even when it registered under several keys.
  std::set<const Mailbox*> seen;
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](const MailboxPtr& p) { return !seen.insert(p.get()).second; }),
            out.end());
  return out;
}

bool RequestRegistry::dispatch(const tws::Incoming& message) {
  std::vector<MailboxPtr> targets;
  {
    std::lock_guard lock(mu_);
    targets = targets_for(message);
  }
  for (const auto& mailbox : targets) mailbox->post(message);
  return !targets.empty();
}

void RequestRegistry::fail_all(const core::Error& error) {
  std::set<MailboxPtr> all;
  {
    std::lock_guard lock(mu_);
    for (const auto* map : {&requests_, &orders_}) {
      for (const auto& [key, list] : *map) all.insert(list.begin(), list.end());
    }
    for (const auto& [key, list] : singletons_) all.insert(list.begin(), list.end());
  }
  for (const auto& mailbox : all) mailbox->post_lost(error);
}

void RequestRegistry::close(const core::Error& error) {
  {
    std::lock_guard lock(mu_);
    closed_ = error;
  }
  fail_all(error);
}

}  // namespace ep::tws_client
