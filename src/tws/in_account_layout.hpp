// Session and account messages (docs/tws-wire-protocol.md §7.1, §7.2, §7.5): nextValidId,
// managedAccounts, currentTime, error, accountValue, portfolioValue, accountUpdateTime,
// accountDownloadEnd, position(+End), accountSummary(+End), positionMulti(+End),
// accountUpdateMulti(+End).
#pragma once

#include "tws/contract_layout.hpp"
#include "tws/layout_io.hpp"
#include "tws/messages_in.hpp"

namespace ep::tws::detail {

template <class Io, class M>
requires Is<M, NextValidId>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.order_id, "orderId");
}
template <class Io, class M>
requires Is<M, ManagedAccounts>
void layout(Io& io, M& m) {
  io.version(1);
  std::string list;
  if constexpr (!Io::kReading) {
    for (const auto& account : m.accounts) list += (list.empty() ? "" : ",") + account;
  }
  io(list, "accountsList");
  if constexpr (Io::kReading) {
    std::size_t start = 0;
    while (start <= list.size()) {
      const auto comma = list.find(',', start);
      const auto end = comma == std::string::npos ? list.size() : comma;
      if (end > start) m.accounts.push_back(list.substr(start, end - start));
      start = end + 1;
    }
  }
}
template <class Io, class M>
requires Is<M, CurrentTime>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.epoch_seconds, "time");
}
template <class Io, class M>
requires Is<M, ErrorMessage>
void layout(Io& io, M& m) {
  io.version(2);  // 166 <= v < 194
  io(m.id, "id");
  io(m.code, "errorCode");
  io(m.message, "errorMessage");
  io(m.advanced_order_reject_json, "advancedOrderRejectJson");
}
template <class Io, class M>
requires Is<M, AccountValue>
void layout(Io& io, M& m) {
  io.version(2);
  io(m.key, "key");
  io(m.value, "value");
  io(m.currency, "currency");
  io(m.account, "accountName");
}
template <class Io, class M>
requires Is<M, PortfolioValue>
void layout(Io& io, M& m) {
  io.version(8);
  contract_block(io, m.contract, Exchanges::kPrimaryOnly);  // there is no exchange field
  io(m.position, "position");
  io(m.market_price, "marketPrice");
  io(m.market_value, "marketValue");
  io(m.average_cost, "averageCost");
  io(m.unrealized_pnl, "unrealizedPNL");
  io(m.realized_pnl, "realizedPNL");
  io(m.account, "accountName");
}
template <class Io, class M>
requires Is<M, AccountUpdateTime>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.time, "timeStamp");
}
template <class Io, class M>
requires Is<M, AccountDownloadEnd>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.account, "accountName");
}
template <class Io, class M>
requires Is<M, Position>
void layout(Io& io, M& m) {
  io.version(3);
  io(m.account, "account");
  contract_block(io, m.contract, Exchanges::kExchangeOnly);
  io(m.position, "position");
  io(m.avg_cost, "avgCost");
}
template <class Io, class M>
requires Is<M, AccountSummary>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.req_id, "reqId");
  io(m.account, "account");
  io(m.tag, "tag");
  io(m.value, "value");
  io(m.currency, "currency");
}
template <class Io, class M>
requires Is<M, PositionMulti>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.req_id, "reqId");
  io(m.account, "account");
  contract_block(io, m.contract, Exchanges::kExchangeOnly);
  io(m.position, "position");
  io(m.avg_cost, "avgCost");
  io(m.model_code, "modelCode");
}
template <class Io, class M>
requires Is<M, AccountUpdateMulti>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.req_id, "reqId");
  io(m.account, "account");
  io(m.model_code, "modelCode");
  io(m.key, "key");
  io(m.value, "value");
  io(m.currency, "currency");
}

}  // namespace ep::tws::detail
