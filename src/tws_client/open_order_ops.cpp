#include "tws_client/open_order_ops.hpp"

#include <map>
#include <mutex>

#include "tws_client/mapping.hpp"

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
  for (;;) {
    auto delivery = mailbox->take(deadline);
    if (!delivery) return core::unavailable("open orders incomplete at the deadline");
    if (auto* lost = std::get_if<ConnectionLost>(&*delivery)) {
      return core::unavailable("open orders: " + lost->error.message);
    }
    const auto& message = std::get<tws::Incoming>(*delivery);
    if (const auto* open = std::get_if<tws::OpenOrder>(&message)) {
      if (open->order.what_if) continue;
      orders[key_of(open->order)].order = *open;
    } else if (const auto* status = std::get_if<tws::OrderStatus>(&message)) {
      statuses[status->order_id] = *status;
    } else if (std::holds_alternative<tws::OpenOrderEnd>(message)) {
      break;
    }
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

}  // namespace ep::tws_client
