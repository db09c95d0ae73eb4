// Session and account messages (docs/tws-wire-protocol.md §7.1, §7.2, §7.5): nextValidId,
// managedAccounts, currentTime, error, accountValue, portfolioValue, accountUpdateTime,
// accountDownloadEnd, position(+End), accountSummary(+End), positionMulti(+End),
// accountUpdateMulti(+End).
#include "tws/contract_layout.hpp"
#include "tws/in_messages.hpp"
#include "tws/layout_io.hpp"
#include "tws/message_ids.hpp"

namespace ep::tws {
namespace detail {

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
  auto& c = m.contract;
  io(c.con_id, "conId");
  io(c.symbol, "symbol");
  io(c.sec_type, "secType");
  io(c.last_trade_date, "lastTradeDateOrContractMonth");
  io(c.strike, "strike");
  io(c.right, "right");
  io(c.multiplier, "multiplier");
  io(c.primary_exchange, "primaryExchange");  // there is no exchange field
  io(c.currency, "currency");
  io(c.local_symbol, "localSymbol");
  io(c.trading_class, "tradingClass");
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
  contract_block11(io, m.contract);
  io(m.position, "position");
  io(m.avg_cost, "avgCost");
}
template <class Io, class M>
requires Is<M, PositionEnd>
void layout(Io& io, M& /*m*/) {
  io.version(1);
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
// End markers with version 1 and a request id.
template <class Io, class M>
requires(Is<M, AccountSummaryEnd> || Is<M, PositionMultiEnd> ||
         Is<M, AccountUpdateMultiEnd>) void layout(Io& io, M& m) {
  io.version(1);
  io(m.req_id, "reqId");
}
template <class Io, class M>
requires Is<M, PositionMulti>
void layout(Io& io, M& m) {
  io.version(1);
  io(m.req_id, "reqId");
  io(m.account, "account");
  contract_block11(io, m.contract);
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

FamilyResult decode_account_message(int id, const Fields& f, int v, Incoming& out,
                                    core::Error& error) {
  switch (id) {
    case in_id::kNextValidId:
      return read_into<NextValidId>(f, "nextValidId", v, out, error);
    case in_id::kManagedAccounts:
      return read_into<ManagedAccounts>(f, "managedAccounts", v, out, error);
    case in_id::kCurrentTime:
      return read_into<CurrentTime>(f, "currentTime", v, out, error);
    case in_id::kErrorMessage:
      return read_into<ErrorMessage>(f, "error", v, out, error);
    case in_id::kAccountValue:
      return read_into<AccountValue>(f, "accountValue", v, out, error);
    case in_id::kPortfolioValue:
      return read_into<PortfolioValue>(f, "portfolioValue", v, out, error);
    case in_id::kAccountUpdateTime:
      return read_into<AccountUpdateTime>(f, "accountUpdateTime", v, out, error);
    case in_id::kAccountDownloadEnd:
      return read_into<AccountDownloadEnd>(f, "accountDownloadEnd", v, out, error);
    case in_id::kPosition:
      return read_into<Position>(f, "position", v, out, error);
    case in_id::kPositionEnd:
      return read_into<PositionEnd>(f, "positionEnd", v, out, error);
    case in_id::kAccountSummary:
      return read_into<AccountSummary>(f, "accountSummary", v, out, error);
    case in_id::kAccountSummaryEnd:
      return read_into<AccountSummaryEnd>(f, "accountSummaryEnd", v, out, error);
    case in_id::kPositionMulti:
      return read_into<PositionMulti>(f, "positionMulti", v, out, error);
    case in_id::kPositionMultiEnd:
      return read_into<PositionMultiEnd>(f, "positionMultiEnd", v, out, error);
    case in_id::kAccountUpdateMulti:
      return read_into<AccountUpdateMulti>(f, "accountUpdateMulti", v, out, error);
    case in_id::kAccountUpdateMultiEnd:
      return read_into<AccountUpdateMultiEnd>(f, "accountUpdateMultiEnd", v, out, error);
    default:
      return FamilyResult::kNotMine;
  }
}

}  // namespace detail

#define EP_TWS_ENCODE(Type, id)             \
  Fields encode(const Type& m, int v) {     \
    return detail::write_message(id, m, v); \
  }
EP_TWS_ENCODE(NextValidId, in_id::kNextValidId)
EP_TWS_ENCODE(ManagedAccounts, in_id::kManagedAccounts)
EP_TWS_ENCODE(CurrentTime, in_id::kCurrentTime)
EP_TWS_ENCODE(ErrorMessage, in_id::kErrorMessage)
EP_TWS_ENCODE(AccountValue, in_id::kAccountValue)
EP_TWS_ENCODE(PortfolioValue, in_id::kPortfolioValue)
EP_TWS_ENCODE(AccountUpdateTime, in_id::kAccountUpdateTime)
EP_TWS_ENCODE(AccountDownloadEnd, in_id::kAccountDownloadEnd)
EP_TWS_ENCODE(Position, in_id::kPosition)
EP_TWS_ENCODE(PositionEnd, in_id::kPositionEnd)
EP_TWS_ENCODE(AccountSummary, in_id::kAccountSummary)
EP_TWS_ENCODE(AccountSummaryEnd, in_id::kAccountSummaryEnd)
EP_TWS_ENCODE(PositionMulti, in_id::kPositionMulti)
EP_TWS_ENCODE(PositionMultiEnd, in_id::kPositionMultiEnd)
EP_TWS_ENCODE(AccountUpdateMulti, in_id::kAccountUpdateMulti)
EP_TWS_ENCODE(AccountUpdateMultiEnd, in_id::kAccountUpdateMultiEnd)
#undef EP_TWS_ENCODE

}  // namespace ep::tws
