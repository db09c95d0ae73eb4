#include "sim/order_lifecycle.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "logging/log.hpp"
#include "sim/messages.hpp"
#include "sim/order_queries.hpp"

namespace ep::sim {
namespace {

// Order ids are positive 32-bit numbers at IB.
bool valid_order_id(std::int64_t id) {
  return id > 0 && id <= std::numeric_limits<int>::max();
}

OrderRequest order_request(const tws::PlaceOrder& m, int client_id) {
  OrderRequest request;
  request.client_id = client_id;
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
  if (!is_usd_stock(m.contract)) {
    request.symbol = "";  // the broker answers 200 for what it does not list
    request.con_id = -1;
  }
  return request;
}

}  // namespace

OrderLifecycle::OrderLifecycle(PaperBroker& broker, Ledger& ledger, const ClientRegistry& clients,
                               ActiveFaults& faults, Scheduler& scheduler,
                               MarketDataSubscriptions& market_data, AccountSubscriptions& accounts)
    : broker_(broker),
      ledger_(ledger),
      clients_(clients),
      faults_(faults),
      scheduler_(scheduler),
      market_data_(market_data),
      accounts_(accounts) {}

void OrderLifecycle::handle(Session& s, const tws::ReqIds&) {
  s.send(tws::NextValidId{broker_.next_order_id(s.client_id())});
}

void OrderLifecycle::handle(Session& s, const tws::PlaceOrder& m) {
  if (!valid_order_id(m.order.order_id)) {
    s.send_error(m.order.order_id, 103, "Duplicate order id");
    return;
  }
  const OrderRequest request = order_request(m, s.client_id());
  const OrderKey key{request.client_id, request.order_id};
  const std::size_t what_ifs_before = broker_.what_ifs().size();
  PlaceOutcome outcome = broker_.place(request, scheduler_.now());
  if (request.what_if) {
    answer_what_if(s, request, outcome, what_ifs_before);
    return;
  }
  if (outcome.kind == PlaceOutcome::Kind::kRejected) {
    // A duplicate id (103) names an earlier order: it is not recorded again.
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
  send_order_state(s, broker_, *order);
  reached_step(kStepAfterFirstOrder, key.first);
  if (auto percent = faults_.take_gap(order->request.symbol))
    gap_quotes(order->request.symbol, *percent);
  if (faults_.take_stall(order->request.symbol)) {
    log::info("ibsim: fault: order stalled in PreSubmitted",
              {{"client_id", key.first}, {"order_id", key.second}});
    return;
  }
  scheduler_.after(
      broker_.scenario().latency.submit_delay_ms,
      [this, key, generation = generation_] { advance_to_submitted(key, generation); });
}

void OrderLifecycle::answer_what_if(Session& s, const OrderRequest& request,
                                    const PlaceOutcome& outcome, std::size_t what_ifs_before) {
  if (broker_.what_ifs().size() > what_ifs_before)
    ledger_.record_what_if(broker_.what_ifs().back());
  if (outcome.kind == PlaceOutcome::Kind::kWhatIf) {
    const OrderRequest& resolved = broker_.what_ifs().back().request;
    s.send(what_if_message(resolved, *broker_.symbol(resolved.symbol), *outcome.what_if));
  } else {
    s.send_error(request.order_id, outcome.rejection.code, outcome.rejection.message);
  }
}

void OrderLifecycle::gap_quotes(const std::string& symbol, double percent) {
  const SymbolSpec* spec = broker_.symbol(symbol);
  if (spec == nullptr) return;
  const double factor = 1 + percent / 100.0;
  auto cents = [&](double value) { return std::round(value * factor * 100.0) / 100.0; };
  log::info("ibsim: fault: quote gap", {{"symbol", spec->symbol}, {"percent", percent}});
  broker_.set_prices(spec->symbol, cents(spec->price), cents(spec->bid), cents(spec->ask),
                     std::nullopt);
  market_data_.push_prices(spec->symbol);
}

void OrderLifecycle::advance_to_submitted(OrderKey key, std::uint64_t generation) {
  const Order* order = broker_.order(key);
  if (generation != generation_ || order == nullptr || order->status != OrderStatus::kPreSubmitted)
    return;
  broker_.set_status(key, OrderStatus::kSubmitted);
  if (Session* session = clients_.holder(key.first)) send_order_state(*session, broker_, *order);
  scheduler_.after(broker_.scenario().latency.fill_delay_ms, [this, key, generation] {
    fill_chunk(key, broker_.scenario().latency.partial_fill_chunks, generation);
  });
}

void OrderLifecycle::fill_chunk(OrderKey key, int chunks_left, std::uint64_t generation) {
  const Order* order = broker_.order(key);
  if (generation != generation_ || order == nullptr || order->status != OrderStatus::kSubmitted)
    return;
  const double size = std::ceil(order->remaining() / std::max(chunks_left, 1));
  auto fill = broker_.execute(key, size, scheduler_.now());
  if (!fill) return;  // a limit order that is not marketable rests until prices move
  ledger_.record_fill(*fill);
  const SymbolSpec* spec = broker_.symbol(fill->symbol);
  if (Session* session = clients_.holder(key.first)) {
    session->send(exec_details_message(*fill, *spec, -1));
    if (order->status == OrderStatus::kFilled) {
      send_order_state(*session, broker_, *order);
    } else {
      session->send(order_status_message(*order));
    }
    session->send(commission_message(*fill));
  }
  if (order->status == OrderStatus::kFilled) ledger_.record_status(*order);
  accounts_.push_account(fill->account, fill->symbol);
  reached_step(fill->side == "BOT" ? kStepAfterFirstBuyFill : kStepAfterFirstSellFill, key.first);
  if (order->status != OrderStatus::kFilled) {
    const int next_chunks = std::max(chunks_left - 1, 1);
    scheduler_.after(
        broker_.scenario().latency.fill_interval_ms,
        [this, key, next_chunks, generation] { fill_chunk(key, next_chunks, generation); });
  }
}

void OrderLifecycle::retry_resting_orders() {
  std::vector<OrderKey> resting;
  for (const auto& order : broker_.orders()) {
    if (order.status == OrderStatus::kSubmitted && order.request.order_type == "LMT")
      resting.push_back(order.key());
  }
  for (const auto& key : resting) fill_chunk(key, 1, generation_);
}

void OrderLifecycle::cancel_one(OrderKey key, const std::string& why, bool pending_first) {
  const Order* order = broker_.order(key);
  if (order == nullptr || !is_open(order->status)) return;
  Session* session = clients_.holder(key.first);
  if (session != nullptr && pending_first)
    session->send(order_status_message(*order, "PendingCancel"));
  if (broker_.cancel(key, scheduler_.now(), why)) return;
  ledger_.record_status(*order);
  if (session != nullptr) {
    session->send(order_status_message(*order));
    session->send_error(key.second, 202, "Order Canceled - reason:");
  }
}

void OrderLifecycle::handle(Session& s, const tws::CancelOrder& m) {
  if (!valid_order_id(m.order_id)) {
    s.send_error(
        m.order_id, 10147,
        "OrderId " + std::to_string(m.order_id) + " that needs to be cancelled is not found.");
    return;
  }
  const OrderKey key{s.client_id(), static_cast<int>(m.order_id)};
  const Order* order = broker_.order(key);
  if (order == nullptr || !is_open(order->status)) {
    auto refusal = broker_.cancel(key, scheduler_.now(), "");
    s.send_error(m.order_id, refusal ? refusal->code : 10147,
                 refusal ? refusal->message : "Order not found");
    return;
  }
  cancel_one(key, "Cancelled by Trader", /*pending_first=*/true);
}

void OrderLifecycle::handle(Session&, const tws::ReqGlobalCancel&) {
  std::vector<OrderKey> open_orders;
  for (const auto& order : broker_.orders()) {
    if (is_open(order.status)) open_orders.push_back(order.key());
  }
  for (const auto& key : open_orders)
    cancel_one(key, "Cancelled by Global Cancel", /*pending_first=*/false);
}

void OrderLifecycle::reached_step(const std::string& step, int client_id) {
  if (!faults_.take_close_at_step(step)) return;
  if (Session* session = clients_.holder(client_id))
    session->close_after_flush("fault: close_at_step " + step);
}

}  // namespace ep::sim
