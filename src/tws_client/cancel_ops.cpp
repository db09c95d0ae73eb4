#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "logging/log.hpp"
#include "tws_client/error_policy.hpp"
#include "tws_client/mapping.hpp"
#include "tws_client/open_order_ops.hpp"
#include "tws_client/receive_loop.hpp"

namespace ep::tws_client {
namespace {

// An open order of the account that this client id could not cancel, and why.
struct Stuck {
  std::int64_t order_id = 0;
  std::string symbol;
  int client_id = 0;  // the client id that placed it
  std::string why;    // empty: another client id's order; else the gateway's refusal
};

// As fetch_open_orders: an order reported Filled or cancelled is on its way out.
bool still_open(const OpenOrderView& view) {
  const std::string& status = view.status ? view.status->status : view.order.state.status;
  return status != "Filled" && status != "Cancelled" && status != "ApiCancelled";
}

// IB lets only the placing client id cancel an order, so the event cannot go on until an
// operator removes these orders: the message names each one and the ways to do that (README
// "Troubleshooting").
core::Error stuck_error(const std::string& account, int our_client_id,
                        const std::vector<Stuck>& stuck) {
  std::string orders;
  std::set<int> owners;
  for (const auto& s : stuck) {
    orders += fmt::format("{}{} order {} placed by client id {}{}", orders.empty() ? "" : ", ",
                          s.symbol, s.order_id, s.client_id,
                          s.why.empty() ? "" : " (cancel refused: " + s.why + ")");
    if (s.client_id != our_client_id) owners.insert(s.client_id);
  }
  std::string ids;
  for (const int id : owners) ids += (ids.empty() ? "" : " or ") + std::to_string(id);
  return core::rejected(fmt::format(
      "{} open order(s) of {} cannot be cancelled by our client id {}: {}. Only the client id "
      "that placed an order can cancel it: cancel it in TWS or the gateway{}, or use the "
      "gateway's master API client id",
      stuck.size(), account, our_client_id, orders,
      ids.empty() ? "" : ", or run this worker with IB_CLIENT_ID=" + ids));
}

}  // namespace

core::Result<std::size_t> cancel_account_orders(Session& session, const std::string& account,
                                                Deadline deadline,
                                                std::optional<std::span<const std::int64_t>> only) {
  // The raw views, not core::OpenOrder: cancelling needs no side, so an order whose action we
  // do not recognise can still be cancelled here.
  auto open = collect_open_orders(session, deadline);
  if (!open) return open.error();
  // cancelOrder only reaches orders of our own client id (order ids are per client id, so
  // another client's order 7 is not ours); other clients' and manual TWS orders are reported.
  std::vector<std::int64_t> targets;
  std::map<std::int64_t, std::string> symbols;
  std::vector<Stuck> stuck;
  for (const auto& view : *open) {
    const auto& order = view.order.order;
    if (order.account != account || !still_open(view)) continue;
    const bool ours = order.order_id != 0 && order.client_id == session.client_id();
    if (only && (!ours || std::find(only->begin(), only->end(), order.order_id) == only->end())) {
      continue;  // not one of the orders asked for: someone else's business
    }
    if (!ours) {
      stuck.push_back({order.order_id, view.order.contract.symbol, order.client_id, ""});
      continue;
    }
    targets.push_back(order.order_id);
    symbols[order.order_id] = view.order.contract.symbol;
  }
  if (targets.empty()) {
    if (!stuck.empty()) return stuck_error(account, session.client_id(), stuck);
    return std::size_t{0};
  }

  auto mailbox = std::make_shared<Mailbox>();
  Listener listener(session.registry(), mailbox);
  std::set<std::int64_t> waiting;
  for (auto order_id : targets) listener.add_order(order_id);
  for (auto order_id : targets) {
    auto sent = session.send(tws::CancelOrder{order_id, ""}, deadline);
    if (!sent && sent.error().kind != core::ErrorKind::kUnknownOutcome) {
      if (waiting.empty()) return core::unavailable("cancel not sent: " + sent.error().message);
      break;  // the ones already sent may take effect: report them below
    }
    waiting.insert(order_id);
  }
  const std::size_t sent_count = waiting.size();
  std::size_t cancelled = 0;
  std::map<std::int64_t, std::string> refused;  // 10147/10148/161: gone, or not cancellable
  auto settle = [&](std::int64_t order_id, bool was_cancelled, const std::string& how) {
    if (waiting.erase(order_id) == 0) return;
    if (was_cancelled) ++cancelled;
    log::info("cancel settled", {{"order_id", order_id}, {"account_id", account}, {"how", how}});
  };
  const auto end = receive_until(
      *mailbox, deadline, [&] { return waiting.empty(); },
      [&](const tws::Incoming& message) {
        if (const auto* status = std::get_if<tws::OrderStatus>(&message)) {
          if (status->status == "Cancelled" || status->status == "ApiCancelled") {
            settle(status->order_id, true, status->status);
          } else if (is_terminal_status(status->status)) {
            settle(status->order_id, false, status->status);
          }
        } else if (const auto* error = std::get_if<tws::ErrorMessage>(&message)) {
          if (is_cancel_confirmation(error->code)) {
            settle(error->id, true, describe(*error));
          } else if (is_order_already_gone(error->code)) {
            if (waiting.count(error->id) > 0) refused[error->id] = describe(*error);
            settle(error->id, false, describe(*error));
          }
        }
      });
  if (!waiting.empty()) {
    // A cancel sent may have taken effect without its confirmation reaching us.
    const std::string unconfirmed = std::to_string(waiting.size()) + " of " +
                                    std::to_string(sent_count) + " cancellations for " + account +
                                    " unconfirmed";
    return cut_short(InFlight::kOrders, end.words(unconfirmed, unconfirmed + " at the deadline"));
  }
  if (!refused.empty()) {
    // Usually the order ended meanwhile (filled); if the gateway still lists it as working,
    // the refusal is real and nobody may trade next to it.
    auto after = collect_open_orders(session, deadline);
    if (!after) return after.error();
    for (const auto& view : *after) {
      const auto& order = view.order.order;
      const auto it = refused.find(order.order_id);
      if (order.account != account || order.client_id != session.client_id() ||
          it == refused.end() || !still_open(view)) {
        continue;
      }
      stuck.push_back({order.order_id, symbols[order.order_id], order.client_id, it->second});
    }
  }
  if (!stuck.empty()) {
    log::warn("open orders this client id cannot cancel are left",
              {{"account_id", account}, {"cancelled", cancelled}});
    return stuck_error(account, session.client_id(), stuck);
  }
  if (sent_count < targets.size()) {
    return core::unavailable(std::to_string(targets.size() - sent_count) + " cancellations for " +
                             account + " not sent");
  }
  return cancelled;
}

}  // namespace ep::tws_client
