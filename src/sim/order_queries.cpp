#include "sim/order_queries.hpp"

#include <date/date.h>

#include <sstream>

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

// An execution filter's side: "BUY"/"BOT" select bought fills, any other side sold ones.
bool side_matches(const std::string& filter_side, const std::string& fill_side) {
  const bool wants_bought = filter_side == "BUY" || filter_side == "BOT";
  return wants_bought ? fill_side == "BOT" : fill_side == "SLD";
}

}  // namespace

void send_order_state(Session& s, const PaperBroker& broker, const Order& order) {
  const SymbolSpec* spec = broker.symbol(order.request.symbol);
  if (spec == nullptr) return;
  s.send(open_order_message(order, *spec));
  s.send(order_status_message(order));
}

void OrderQueries::send_open_orders(Session& s, std::optional<int> only_client) const {
  for (const auto& order : broker_.orders()) {
    if (!is_open(order.status)) continue;
    if (only_client && order.request.client_id != *only_client) continue;
    send_order_state(s, broker_, order);
  }
  s.send(tws::OpenOrderEnd{});
}

void OrderQueries::handle(Session& s, const tws::ReqOpenOrders&) {
  send_open_orders(s, s.client_id());
}

void OrderQueries::handle(Session& s, const tws::ReqAllOpenOrders&) {
  send_open_orders(s, std::nullopt);
}

void OrderQueries::handle(Session& s, const tws::ReqAutoOpenOrders&) {
  if (s.client_id() != 0) {
    s.send_error(
        -1, 327,
        "Only API connections with clientId set to 0 can set the auto bind TWS orders property.");
  }
}

void OrderQueries::handle(Session& s, const tws::ReqExecutions& m) {
  const tws::ExecutionFilter& f = m.filter;
  const auto since = f.time.empty() ? std::nullopt : parse_filter_time(f.time);
  for (const auto& fill : broker_.fills()) {
    if (f.client_id != 0 && fill.client_id != f.client_id) continue;
    if (!f.account.empty() && fill.account != f.account) continue;
    if (!f.symbol.empty() && fill.symbol != f.symbol) continue;
    if (!f.sec_type.empty() && f.sec_type != "STK") continue;
    if (!f.side.empty() && !side_matches(f.side, fill.side)) continue;
    if (since && fill.time < *since) continue;
    const SymbolSpec* spec = broker_.symbol(fill.symbol);
    if (spec == nullptr) continue;
    s.send(exec_details_message(fill, *spec, m.req_id));
    s.send(commission_message(fill));
  }
  s.send(tws::ExecDetailsEnd{m.req_id});
}

void OrderQueries::handle(Session& s, const tws::ReqCompletedOrders&) {
  for (const auto& order : broker_.orders()) {
    if (is_open(order.status)) continue;
    if (const SymbolSpec* spec = broker_.symbol(order.request.symbol))
      s.send(completed_order_message(order, *spec));
  }
  s.send(tws::CompletedOrdersEnd{});
}

}  // namespace ep::sim
