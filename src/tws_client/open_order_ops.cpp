#include "tws_client/open_order_ops.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "tws_client/mapping.hpp"
#include "tws_client/receive_loop.hpp"

namespace ep::tws_client {

core::Result<std::vector<OpenOrderView>> collect_open_orders(Session& session, Deadline deadline) {
  std::unique_lock singleton(session.singleton_mutex(Singleton::kOpenOrders), std::defer_lock);
  if (!singleton.try_lock_until(deadline)) {
    return core::unavailable("open orders request busy until the deadline");
  }
  auto mailbox = std::make_shared<Mailbox>();
  Listener listener(session.registry(), mailbox);
  listener.add_singleton(Singleton::kOpenOrders);
  if (auto sent = session.send(tws::ReqAllOpenOrders{}, deadline); !sent) {
    return core::unavailable("open orders not requested: " + sent.error().message);
  }
  // Keyed by permId (unique across client ids), falling back to the order id.
  std::map<std::int64_t, OpenOrderView> orders;
  std::map<std::int64_t, tws::OrderStatus> statuses;  // by order id, may precede openOrder
  auto key_of = [](const tws::Order& order) {
    return order.perm_id != 0 ? order.perm_id : -order.order_id;
  };
  bool ended = false;
  const auto end = receive_until(
      *mailbox, deadline, [&] { return ended; },
      [&](const tws::Incoming& message) {
        if (const auto* open = std::get_if<tws::OpenOrder>(&message)) {
          if (!open->order.what_if) orders[key_of(open->order)].order = *open;
        } else if (const auto* status = std::get_if<tws::OrderStatus>(&message)) {
          statuses[status->order_id] = *status;
        } else if (std::holds_alternative<tws::OpenOrderEnd>(message)) {
          ended = true;
        }
      });
  if (!ended) {
    return cut_short(InFlight::kReadOnly,
                     end.words("open orders", "open orders incomplete at the deadline"));
  }
  std::vector<OpenOrderView> out;
  for (auto& [key, view] : orders) {
    auto status = statuses.find(view.order.order.order_id);
    if (status != statuses.end() &&
        (view.order.order.perm_id == 0 || status->second.perm_id == view.order.order.perm_id)) {
      view.status = status->second;
    }
    out.push_back(std::move(view));
  }
  return out;
}

core::Result<std::vector<core::OpenOrder>> fetch_open_orders(Session& session, Deadline deadline) {
  auto views = collect_open_orders(session, deadline);
  if (!views) return views.error();
  std::vector<core::OpenOrder> out;
  for (const auto& view : *views) {
    const std::string& status = view.status ? view.status->status : view.order.state.status;
    if (status == "Filled" || status == "Cancelled" || status == "ApiCancelled") {
      continue;  // reported once more on its way out; no longer open
    }
    // One unreadable order fails the whole answer: the port has no account filter, and a
    // caller must never plan next to an order whose direction it does not know.
    auto order = to_open_order(view.order, view.status);
    if (!order) return order.error();
    out.push_back(std::move(*order));
  }
  return out;
}

core::Result<void> await_orders_done(Session& session, const std::string& account,
                                     std::span<const std::string> order_refs, Deadline deadline,
                                     std::chrono::milliseconds look_interval, WaitBoard* board) {
  auto mailbox = std::make_shared<Mailbox>();
  Listener listener(session.registry(), mailbox);
  std::set<std::int64_t> followed;
  WaitReport report(board, deadline);
  std::vector<std::string> working;  // as of the last complete look
  // Once a look saw them working, the orders are in flight: a wait cut short says they are
  // still working as far as we know, and names them.
  const auto still_working = [&](const std::string& why) {
    return cut_short(InFlight::kOrders,
                     fmt::format("still working {}: {}", why, fmt::join(working, "; ")));
  };
  const std::string at_deadline = "at the deadline";
  const auto when_cut = [&](const ReceiveEnd& end) {
    return end.connection_lost() ? "when the connection was lost (" + end.lost_reason() + ")"
                                 : at_deadline;
  };
  for (;;) {
    auto open = fetch_open_orders(session, deadline);
    if (!open) {
      // A look cut short (every kUnavailable of fetch_open_orders is the deadline or the
      // connection) after one that saw the orders working says nothing new about them.
      const bool cut = open.error().kind == core::ErrorKind::kUnavailable;
      if (!cut || working.empty()) return open.error();
      if (std::chrono::steady_clock::now() >= deadline) return still_working(at_deadline);
      return still_working("when a look failed (" + open.error().message + ")");
    }
    working.clear();
    for (const auto& order : *open) {
      if (order.account != account ||
          std::find(order_refs.begin(), order_refs.end(), order.order_ref) == order_refs.end()) {
        continue;
      }
      working.push_back(fmt::format("{} {} {} ({} of {} filled, order {} of client id {})",
                                    order.order_ref, core::to_string(order.side), order.symbol,
                                    order.filled, order.quantity, order.order_id, order.client_id));
      if (followed.insert(order.order_id).second) listener.add_order(order.order_id);
    }
    if (working.empty()) return core::success();
    const std::string waiting_for = fmt::format("{} working order{} of an earlier attempt",
                                                working.size(), working.size() == 1 ? "" : "s");
    report.update(waiting_for);
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return still_working(at_deadline);
    // The open-orders answer also reached this mailbox: only news after it may wake us.
    if (auto lost = drop_queued(*mailbox)) return still_working(when_cut(*lost));
    const auto look_again = std::min(deadline, now + look_interval);
    bool final_status = false;
    const auto next = [&]() -> std::optional<Deadline> {
      if (final_status || std::chrono::steady_clock::now() >= look_again) return std::nullopt;
      report.update(waiting_for);  // also logs the progress line when one is due
      return report.wake(look_again);
    };
    const auto end = receive_until(*mailbox, deadline, next, [&](const tws::Incoming& message) {
      const auto* status = std::get_if<tws::OrderStatus>(&message);
      if (status != nullptr && is_terminal_status(status->status)) final_status = true;
    });
    if (end.why() != ReceiveEnd::Why::kDone) return still_working(when_cut(end));
    // No look at the deadline itself: it could only fail for want of time.
    if (std::chrono::steady_clock::now() >= deadline) return still_working(at_deadline);
  }
}

}  // namespace ep::tws_client
