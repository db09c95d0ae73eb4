#include "tws_client/mapping.hpp"

#include <fmt/format.h>

#include <cmath>

#include "tws/field_reader.hpp"

namespace ep::tws_client {

tws::Contract stock_contract(const core::Symbol& symbol, std::int64_t con_id,
                             const std::string& primary_exchange) {
  tws::Contract contract;
  contract.con_id = con_id;
  contract.symbol = symbol;
  contract.sec_type = "STK";
  contract.exchange = "SMART";
  contract.primary_exchange = primary_exchange;
  contract.currency = "USD";
  return contract;
}

tws::PlaceOrder order_message(const core::OrderRequest& request, std::int64_t order_id,
                              bool what_if) {
  tws::PlaceOrder message;
  // A held position is sold as its own contract (conId), never looked up by symbol again.
  message.contract = stock_contract(request.symbol, request.con_id);
  tws::Order& order = message.order;
  order.order_id = order_id;
  order.action = std::string(core::to_string(request.side));
  order.total_quantity = tws::Decimal::of(static_cast<double>(request.quantity));
  order.order_type = std::string(core::to_string(request.order_type));
  if (request.order_type == core::OrderType::kLimit) order.lmt_price = request.limit_price;
  order.tif = request.time_in_force;
  order.account = request.account;
  order.order_ref = request.order_ref;
  order.outside_rth = request.outside_rth;
  order.transmit = true;
  order.what_if = what_if;
  return message;
}

std::optional<core::Side> side_from_tws(std::string_view action) {
  if (action == "BUY" || action == "BOT") return core::Side::kBuy;
  if (action == "SELL" || action == "SSHORT" || action == "SLD") return core::Side::kSell;
  return std::nullopt;
}

core::Shares whole_shares(const tws::Decimal& quantity) {
  if (!std::isfinite(quantity.value) || tws::is_unset_double(quantity.value)) return 0;
  return static_cast<core::Shares>(std::llround(quantity.value));
}

core::Quantity decimal_quantity(const tws::Decimal& quantity) {
  if (!std::isfinite(quantity.value) || tws::is_unset_double(quantity.value)) return 0;
  return quantity.value;
}

bool is_terminal_status(std::string_view status) {
  return status == "Filled" || status == "Cancelled" || status == "ApiCancelled" ||
         status == "Inactive";
}

core::Result<core::OpenOrder> to_open_order(const tws::OpenOrder& message,
                                            const std::optional<tws::OrderStatus>& status) {
  const auto side = side_from_tws(message.order.action);
  if (!side) {
    // Guessing a side would let a plan count a working sell as a buy (or the reverse).
    return core::unknown_outcome(fmt::format(
        "open order {} of client id {} ({} {}, account {}) has an unrecognised action '{}': "
        "what it does to the account is not known, so nothing is placed next to it",
        message.order.order_id, message.order.client_id, message.contract.symbol,
        message.order.total_quantity.text, message.order.account, message.order.action));
  }
  core::OpenOrder out;
  out.order_id = message.order.order_id;
  out.client_id = message.order.client_id;
  out.account = message.order.account;
  out.symbol = message.contract.symbol;
  out.side = *side;
  out.quantity = whole_shares(message.order.total_quantity);
  out.filled = status ? whole_shares(status->filled) : 0;
  out.status = status ? status->status : message.state.status;
  out.order_ref = message.order.order_ref;
  return out;
}

core::Result<core::Execution> to_execution(const tws::ExecDetails& message) {
  const auto side = side_from_tws(message.execution.side);
  if (!side) {
    return core::unknown_outcome(fmt::format(
        "execution {} of order {} ({}, account {}) has an unrecognised side '{}': what it did "
        "to the account is not known, so nothing is placed",
        message.execution.exec_id, message.execution.order_id, message.contract.symbol,
        message.execution.acct_number, message.execution.side));
  }
  core::Execution out;
  out.exec_id = message.execution.exec_id;
  out.order_id = message.execution.order_id;
  out.account = message.execution.acct_number;
  out.symbol = message.contract.symbol;
  out.side = *side;
  out.shares = whole_shares(message.execution.shares);
  out.price = message.execution.price;
  out.order_ref = message.execution.order_ref;
  out.time = message.execution.time;
  return out;
}

std::optional<double> margin_value(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto value = tws::parse_double(text);
  if (!value || tws::is_unset_double(*value)) return std::nullopt;
  return value;
}

}  // namespace ep::tws_client
