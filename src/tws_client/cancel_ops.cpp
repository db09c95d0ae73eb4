#include <map>
#include <set>

#include "logging/log.hpp"
#include "tws_client/error_policy.hpp"
#include "tws_client/mapping.hpp"
#include "tws_client/open_order_ops.hpp"

namespace ep::tws_client {

core::Result<std::size_t> cancel_account_orders(Session& session, const std::string& account,
                                                Deadline deadline) {
  auto open = fetch_open_orders(session, deadline);
  if (!open) return open.error();
  // cancelOrder only reaches orders of our own client id (order ids are per client id, so
  // another client's order 7 is not ours); other clients' and manual TWS orders are reported.
  std::vector<std::int64_t> targets;
  std::vector<std::string> foreign;
  for (const auto& order : *open) {
    if (order.account != account) continue;
    if (order.order_id == 0 || order.client_id != session.client_id()) {
      foreign.push_back(order.symbol + " order " + std::to_string(order.order_id) +
                        " of client id " + std::to_string(order.client_id));
      continue;
    }
    targets.push_back(order.order_id);
  }
  auto foreign_error = [&] {
    std::string text;
    for (const auto& f : foreign) text += (text.empty() ? "" : ", ") + f;
    return core::rejected(std::to_string(foreign.size()) + " open orders of " + account +
                          " cannot be cancelled by client id " +
                          std::to_string(session.client_id()) + ": " + text);
  };
  if (targets.empty()) {
    if (!foreign.empty()) return foreign_error();
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
  auto settle = [&](std::int64_t order_id, bool was_cancelled, const std::string& how) {
    if (waiting.erase(order_id) == 0) return;
    if (was_cancelled) ++cancelled;
    log::info("cancel settled", {{"order_id", order_id}, {"account_id", account}, {"how", how}});
  };
  std::string lost_reason;
  while (!waiting.empty()) {
    auto delivery = mailbox->take(deadline);
    if (!delivery) break;
    if (auto* lost = std::get_if<ConnectionLost>(&*delivery)) {
      lost_reason = lost->error.message;
      break;
    }
    const auto& message = std::get<tws::Incoming>(*delivery);
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
        settle(error->id, false, describe(*error));
      }
    }
  }
  if (!waiting.empty()) {
    return core::unknown_outcome(
        std::to_string(waiting.size()) + " of " + std::to_string(sent_count) +
        " cancellations for " + account + " unconfirmed" +
        (lost_reason.empty() ? " at the deadline" : ": " + lost_reason));
  }
  if (!foreign.empty()) {
    log::warn("open orders of other client ids left", {{"account_id", account},
                                                       {"cancelled", cancelled}});
    return foreign_error();
  }
  if (sent_count < targets.size()) {
    return core::unavailable(std::to_string(targets.size() - sent_count) +
                             " cancellations for " + account + " not sent");
  }
  return cancelled;
}

}  // namespace ep::tws_client
