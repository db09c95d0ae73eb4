// Hub handlers for orders (docs/tws-wire-protocol.md §6.5, §6.6, §9, §10): placeOrder (what-if or
// real), the lifecycle PreSubmitted -> Submitted -> execDetails + commissionReport per fill ->
// Filled, cancels (PendingCancel -> Cancelled + 202), open/completed orders and executions. Orders
// are bound to the client id that placed them; their messages go to the connection that currently
// holds that client id (fills happen even while it is disconnected, as at IB).
#include <date/date.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "logging/log.hpp"
#include "sim/hub.hpp"
#include "sim/messages.hpp"

namespace ep::sim {
namespace {

std::optional<TimePoint> parse_filter_time(const std::string& text) {
  for (const char* format : {"%Y%m%d-%H:%M:%S", "%Y%m%d %H:%M:%S"}) {
    std::istringstream in(text);
    date::sys_seconds at;
    in >> date::parse(format, at);
    if (!in.fail()) return at;
  }
  return std::nullopt;
}

}  // namespace

void Hub::send_order_state(Session& s, const Order& order) {
  const SymbolSpec* spec = broker_.symbol(order.request.symbol);
  if (spec == nullptr) return;
  s.send(open_order_message(order, *spec));
  s.send(order_status_message(order));
}

void Hub::handle(Session& s, const tws::PlaceOrder& m) {
  if (m.order.order_id <= 0 || m.order.order_id > std::numeric_limits<int>::max()) {
    s.send_error(m.order.order_id, 103, "Duplicate order id");  // ids are positive 32-bit at IB
    return;
  }
  OrderRequest request;
  request.client_id = s.client_id();
  request.order_id = static_cast<int>(m.order.order_id);
  request.account = m.order.account;
  request.symbol = m.contract.symbol;
  request.con_id = m.contract.con_id;
  request.action = m.order.action;
  request.quantity = m.order.total_quantity.value;
  request.order_type = m.order.order_type;
  request.lmt_price = m.order.lmt_price;
  request.tif = m.order.tif;
  request.order_ref = m.order.order_ref;
  request.outside_rth = m.order.outside_rth;
  request.what_if = m.order.what_if;
  if ((!m.contract.sec_type.empty() && m.contract.sec_type != "STK") ||
      (!m.contract.currency.empty() && m.contract.currency != "USD")) {
    request.symbol = "";  // only USD stocks exist here: the broker answers 200
    request.con_id = -1;
  }
  const OrderKey key{request.client_id, request.order_id};
  const std::size_t what_ifs_before = broker_.what_ifs().size();
  PlaceOutcome outcome = broker_.place(request, now());

  if (request.what_if) {
    if (broker_.what_ifs().size() > what_ifs_before)
      ledger_.record_what_if(broker_.what_ifs().back());
    if (outcome.kind == PlaceOutcome::Kind::kWhatIf) {
      const OrderRequest& resolved = broker_.what_ifs().back().request;
      s.send(what_if_message(resolved, *broker_.symbol(resolved.symbol), *outcome.what_if));
    } else {
      s.send_error(request.order_id, outcome.rejection.code, outcome.rejection.message);
    }
    return;
  }
  if (outcome.kind == PlaceOutcome::Kind::kRejected) {
    if (outcome.rejection.code != 103) {
      if (const Order* order = broker_.order(key)) ledger_.record_order(*order);
    }
    log::info("ibsim: order rejected", {{"client_id", key.first},
                                        {"order_id", key.second},
                                        {"code", outcome.rejection.code},
                                        {"reason", outcome.rejection.message}});
    s.send_error(request.order_id, outcome.rejection.code, outcome.rejection.message);
    return;
  }
  const Order* order = broker_.order(key);
  ledger_.record_order(*order);
  send_order_state(s, *order);
  reached_step(kStepAfterFirstOrder, key.first);
  if (faults_.gap_percent != 0 &&
      (faults_.gap_symbol.empty() || faults_.gap_symbol == order->request.symbol)) {
    if (const SymbolSpec* spec = broker_.symbol(order->request.symbol)) {
      const double factor = 1 + faults_.gap_percent / 100.0;
      auto cents = [&](double value) { return std::round(value * factor * 100.0) / 100.0; };
      log::info("ibsim: fault: quote gap",
                {{"symbol", spec->symbol}, {"percent", faults_.gap_percent}});
      broker_.set_prices(spec->symbol, cents(spec->price), cents(spec->bid), cents(spec->ask),
                         std::nullopt);
      push_prices(spec->symbol);
    }
    faults_.gap_percent = 0;
  }
  if (faults_.stall_orders > 0 &&
      (faults_.stall_symbol.empty() || faults_.stall_symbol == order->request.symbol)) {
    --faults_.stall_orders;
    log::info("ibsim: fault: order stalled in PreSubmitted",
              {{"client_id", key.first}, {"order_id", key.second}});
    return;
  }
  schedule(broker_.scenario().latency.submit_delay_ms,
           [this, key, generation = generation_] { advance_to_submitted(key, generation); });
}

void Hub::advance_to_submitted(OrderKey key, std::uint64_t generation) {
  const Order* order = broker_.order(key);
  if (generation != generation_ || order == nullptr || order->status != OrderStatus::kPreSubmitted)
    return;
  broker_.set_status(key, OrderStatus::kSubmitted);
  if (Session* session = owner(key.first)) send_order_state(*session, *order);
  schedule(broker_.scenario().latency.fill_delay_ms, [this, key, generation] {
    fill_chunk(key, broker_.scenario().latency.partial_fill_chunks, generation);
  });
}

void Hub::fill_chunk(OrderKey key, int chunks_left, std::uint64_t generation) {
  const Order* order = broker_.order(key);
  if (generation != generation_ || order == nullptr || order->status != OrderStatus::kSubmitted)
    return;
  const double size = std::ceil(order->remaining() / std::max(chunks_left, 1));
  auto fill = broker_.execute(key, size, now());
  if (!fill) return;  // a limit order that is not marketable rests until prices move
  ledger_.record_fill(*fill);
  const SymbolSpec* spec = broker_.symbol(fill->symbol);
  if (Session* session = owner(key.first)) {
    session->send(exec_details_message(*fill, *spec, -1));
    if (order->status == OrderStatus::kFilled) {
      send_order_state(*session, *order);
    } else {
      session->send(order_status_message(*order));
    }
    session->send(commission_message(*fill));
  }
  if (order->status == OrderStatus::kFilled) ledger_.record_status(*order);
  push_account(fill->account, fill->symbol);
  reached_step(fill->side == "BOT" ? kStepAfterFirstBuyFill : kStepAfterFirstSellFill, key.first);
  if (order->status != OrderStatus::kFilled) {
    const int next_chunks = std::max(chunks_left - 1, 1);
    schedule(broker_.scenario().latency.fill_interval_ms,
             [this, key, next_chunks, generation] { fill_chunk(key, next_chunks, generation); });
  }
}

void Hub::retry_resting_orders() {
  std::vector<OrderKey> resting;
  for (const auto& order : broker_.orders()) {
    if (order.status == OrderStatus::kSubmitted && order.request.order_type == "LMT")
      resting.push_back(order.key());
  }
  for (const auto& key : resting) fill_chunk(key, 1, generation_);
}

void Hub::cancel_one(OrderKey key, const std::string& why, bool pending_first) {
  const Order* order = broker_.order(key);
  if (order == nullptr || !is_open(order->status)) return;
  Session* session = owner(key.first);
  if (session != nullptr && pending_first)
    session->send(order_status_message(*order, "PendingCancel"));
  if (broker_.cancel(key, now(), why)) return;
  ledger_.record_status(*order);
  if (session != nullptr) {
    session->send(order_status_message(*order));
    session->send_error(key.second, 202, "Order Canceled - reason:");
  }
}

void Hub::handle(Session& s, const tws::CancelOrder& m) {
  if (m.order_id <= 0 || m.order_id > std::numeric_limits<int>::max()) {
    s.send_error(
        m.order_id, 10147,
        "OrderId " + std::to_string(m.order_id) + " that needs to be cancelled is not found.");
    return;
  }
  const OrderKey key{s.client_id(), static_cast<int>(m.order_id)};
  const Order* order = broker_.order(key);
  if (order == nullptr || !is_open(order->status)) {
    auto refusal = broker_.cancel(key, now(), "");
    s.send_error(m.order_id, refusal ? refusal->code : 10147,
                 refusal ? refusal->message : "Order not found");
    return;
  }
  cancel_one(key, "Cancelled by Trader", /*pending_first=*/true);
}

void Hub::handle(Session&, const tws::ReqGlobalCancel&) {
  std::vector<OrderKey> open_orders;
  for (const auto& order : broker_.orders()) {
    if (is_open(order.status)) open_orders.push_back(order.key());
  }
  for (const auto& key : open_orders)
    cancel_one(key, "Cancelled by Global Cancel", /*pending_first=*/false);
}

void Hub::handle(Session& s, const tws::ReqOpenOrders&) {
  for (const auto& order : broker_.orders()) {
    if (is_open(order.status) && order.request.client_id == s.client_id())
      send_order_state(s, order);
  }
  s.send(tws::OpenOrderEnd{});
}

void Hub::handle(Session& s, const tws::ReqAllOpenOrders&) {
  for (const auto& order : broker_.orders()) {
    if (is_open(order.status)) send_order_state(s, order);
  }
  s.send(tws::OpenOrderEnd{});
}

void Hub::handle(Session& s, const tws::ReqAutoOpenOrders&) {
  if (s.client_id() != 0) {
    s.send_error(
        -1, 327,
        "Only API connections with clientId set to 0 can set the auto bind TWS orders property.");
  }
}

void Hub::handle(Session& s, const tws::ReqExecutions& m) {
  const tws::ExecutionFilter& f = m.filter;
  const auto since = f.time.empty() ? std::nullopt : parse_filter_time(f.time);
  for (const auto& fill : broker_.fills()) {
    if (f.client_id != 0 && fill.client_id != f.client_id) continue;
    if (!f.account.empty() && fill.account != f.account) continue;
    if (!f.symbol.empty() && fill.symbol != f.symbol) continue;
    if (!f.sec_type.empty() && f.sec_type != "STK") continue;
    if (!f.side.empty() &&
        !((f.side == "BUY" || f.side == "BOT") ? fill.side == "BOT" : fill.side == "SLD"))
      continue;
    if (since && fill.time < *since) continue;
    const SymbolSpec* spec = broker_.symbol(fill.symbol);
    if (spec == nullptr) continue;
    s.send(exec_details_message(fill, *spec, m.req_id));
    s.send(commission_message(fill));
  }
  s.send(tws::ExecDetailsEnd{m.req_id});
}

void Hub::handle(Session& s, const tws::ReqCompletedOrders&) {
  for (const auto& order : broker_.orders()) {
    if (is_open(order.status)) continue;
    if (const SymbolSpec* spec = broker_.symbol(order.request.symbol))
      s.send(completed_order_message(order, *spec));
  }
  s.send(tws::CompletedOrdersEnd{});
}

}  // namespace ep::sim
