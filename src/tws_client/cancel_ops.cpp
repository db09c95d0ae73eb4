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
  std::vector<std::int64_t> targets;
  for (const auto& order : *open) {
    if (order.account != account) continue;
    if (order.order_id == 0) {  // a manual TWS order never bound to the API
      log::warn("open order without an API order id not cancelled",
                {{"account_id", account}, {"symbol", order.symbol}});
      continue;
    }
    targets.push_back(order.order_id);
  }
  if (targets.empty()) return std::size_t{0};

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
  if (sent_count < targets.size()) {
    return core::unavailable(std::to_string(targets.size() - sent_count) +
                             " cancellations for " + account + " not sent");
  }
  return cancelled;
}

}  // namespace ep::tws_client
