// Translation between TWS vocabulary (tws::Contract, tws::Order, openOrder, execDetails) and
// the domain types of core::Broker. Pure functions; any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/broker.hpp"
#include "tws/messages_in.hpp"
#include "tws/messages_out.hpp"

namespace ep::tws_client {

// A US stock routed by SMART in USD; conId and primary exchange when known.
tws::Contract stock_contract(const core::Symbol& symbol, std::int64_t con_id = 0,
                             const std::string& primary_exchange = "");

// A whole-share market order, or a limit order at request.limit_price (what_if only previews
// margins and commission).
tws::PlaceOrder order_message(const core::OrderRequest& request, std::int64_t order_id,
                              bool what_if);

// "BUY"/"BOT" -> buy, "SELL"/"SSHORT"/"SLD" -> sell; nullopt otherwise.
std::optional<core::Side> side_from_tws(std::string_view action);

// A decimal quantity as whole shares (rounded to nearest; IB sends whole numbers for us).
core::Shares whole_shares(const tws::Decimal& quantity);
// A holding as reported (fractional shares kept); 0 when unset or not finite.
core::Quantity decimal_quantity(const tws::Decimal& quantity);

// Filled, Cancelled, ApiCancelled, Inactive end an order's life at the broker.
bool is_terminal_status(std::string_view status);

// An action (side) other than those of side_from_tws is kUnknownOutcome naming the order and
// the action: an order's effect is never guessed.
core::Result<core::OpenOrder> to_open_order(const tws::OpenOrder& message,
                                            const std::optional<tws::OrderStatus>& status);
core::Result<core::Execution> to_execution(const tws::ExecDetails& message);

// A what-if openOrder's margin field: nullopt while TWS still sends its placeholder
// (empty or 1.7976931348623157E308).
std::optional<double> margin_value(const std::string& text);

}  // namespace ep::tws_client
