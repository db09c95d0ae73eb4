#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "logging/log.hpp"
#include "tws_client/mapping.hpp"
#include "tws_client/order_ops.hpp"
#include "tws_client/order_tracker.hpp"
#include "tws_client/receive_loop.hpp"

namespace ep::tws_client {
namespace {

core::OrderOutcome not_sent(const core::OrderRequest& request, std::int64_t order_id,
                            const std::string& why) {
  core::OrderOutcome out;
  out.request = request;
  out.order_id = order_id;
  out.state = core::OrderState::kRejected;
  out.error = "not sent: " + why;
  return out;
}

// "fills of 2 sells and 1 buy"; "fills and commissions of 1 ended order" for one that ended
// with its fills or commissions still on their way.
std::string pending_text(std::span<const core::OrderRequest> orders,
                         const std::vector<std::optional<OrderTracker>>& trackers) {
  std::size_t sells = 0;
  std::size_t buys = 0;
  std::size_t commissions = 0;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    if (!trackers[i] || trackers[i]->complete()) continue;
    if (trackers[i]->terminal()) {
      ++commissions;
    } else {
      ++(orders[i].side == core::Side::kSell ? sells : buys);
    }
  }
  auto count = [](std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  std::string text;
  if (sells + buys > 0) {
    text = "fills of ";
    if (sells > 0) text += count(sells, "sell", "sells");
    if (sells > 0 && buys > 0) text += " and ";
    if (buys > 0) text += count(buys, "buy", "buys");
  }
  if (commissions > 0) {
    if (!text.empty()) text += "; ";
    text += "fills and commissions of " + count(commissions, "ended order", "ended orders");
  }
  return text;
}

}  // namespace

std::vector<core::OrderOutcome> run_orders(Session& session, const ClientConfig& config,
                                           std::span<const core::OrderRequest> orders,
                                           Deadline deadline, WaitBoard* board) {
  std::vector<std::optional<core::OrderOutcome>> settled(orders.size());
  std::vector<std::optional<OrderTracker>> trackers(orders.size());
  auto mailbox = std::make_shared<Mailbox>();
  Listener listener(session.registry(), mailbox);

  for (std::size_t i = 0; i < orders.size(); ++i) {
    const auto& request = orders[i];
    if (request.quantity <= 0) {
      settled[i] = not_sent(request, 0, "quantity must be positive");
      continue;
    }
    const auto order_id = session.next_id();
    listener.add_order(order_id);  // before sending: the first status can be immediate
    trackers[i].emplace(request, order_id);
    auto sent = session.send(order_message(request, order_id, false), deadline);
    if (!sent && sent.error().kind != core::ErrorKind::kUnknownOutcome) {
      settled[i] = not_sent(request, order_id, sent.error().message);
      trackers[i].reset();
      continue;
    }
    log::info("order sent", {{"order_id", order_id},
                             {"account_id", request.account},
                             {"symbol", request.symbol},
                             {"side", core::to_string(request.side)},
                             {"quantity", request.quantity},
                             {"order_ref", request.order_ref}});
  }

  // Terminal orders still wait (briefly) for fills and commissions that are on their way.
  std::map<std::size_t, Deadline> grace;
  auto pending = [&] {
    std::size_t count = 0;
    for (std::size_t i = 0; i < orders.size(); ++i) {
      if (trackers[i] && !trackers[i]->complete()) ++count;
    }
    return count;
  };
  WaitReport report(board, deadline);
  const auto next = [&]() -> std::optional<Deadline> {
    if (pending() == 0) return std::nullopt;
    report.update(pending_text(orders, trackers));
    // Wait for the deadline while any order is still working; once all are terminal, only
    // for the grace period of their missing fills/commissions.
    Deadline wake = Deadline::min();
    for (std::size_t i = 0; i < orders.size(); ++i) {
      if (!trackers[i] || trackers[i]->complete()) continue;
      if (!trackers[i]->terminal()) {
        wake = deadline;
        break;
      }
      auto [it, added] = grace.emplace(
          i, std::min(deadline, std::chrono::steady_clock::now() + config.commission_grace));
      wake = std::max(wake, it->second);
    }
    if (std::chrono::steady_clock::now() >= wake) return std::nullopt;
    return report.wake(wake);
  };
  const auto end = receive_until(*mailbox, deadline, next, [&](const tws::Incoming& incoming) {
    std::visit(
        [&](const auto& message) {
          using T = std::decay_t<decltype(message)>;
          if constexpr (std::is_same_v<T, tws::OrderStatus> || std::is_same_v<T, tws::OpenOrder> ||
                        std::is_same_v<T, tws::ExecDetails> ||
                        std::is_same_v<T, tws::CommissionReport> ||
                        std::is_same_v<T, tws::ErrorMessage>) {
            for (auto& tracker : trackers) {
              if (tracker) tracker->apply(message);
            }
          }
        },
        incoming);
  });
  // An order not terminal by now is kUnknown (OrderTracker::outcome) with this reason.
  const std::string why = end.words("connection lost after the order was sent",
                                    "no final order state before the deadline");

  std::vector<core::OrderOutcome> outcomes;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    if (settled[i]) {
      outcomes.push_back(std::move(*settled[i]));
      continue;
    }
    outcomes.push_back(trackers[i]->outcome(why));
    const auto& outcome = outcomes.back();
    log::info("order outcome", {{"order_id", outcome.order_id},
                                {"symbol", outcome.request.symbol},
                                {"state", core::to_string(outcome.state)},
                                {"filled", outcome.filled},
                                {"error", outcome.error}});
  }
  return outcomes;
}

}  // namespace ep::tws_client
