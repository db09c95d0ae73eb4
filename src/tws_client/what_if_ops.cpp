#include <map>
#include <optional>

#include "tws_client/error_policy.hpp"
#include "tws_client/mapping.hpp"
#include "tws_client/order_ops.hpp"
#include "tws_client/receive_loop.hpp"

namespace ep::tws_client {
namespace {

// The real answer: TWS may first send a placeholder with max-double margins.
std::optional<core::WhatIfResult> preview_from(const core::Symbol& symbol,
                                               const tws::OpenOrder& message) {
  const auto& state = message.state;
  auto init_change = margin_value(state.init_margin_change);
  if (!init_change) return std::nullopt;
  core::WhatIfResult result;
  result.symbol = symbol;
  result.init_margin_change = *init_change;
  result.maint_margin_change = margin_value(state.maint_margin_change).value_or(0);
  result.equity_with_loan_change = margin_value(state.equity_with_loan_change).value_or(0);
  result.init_margin_after = margin_value(state.init_margin_after).value_or(0);
  result.maint_margin_after = margin_value(state.maint_margin_after).value_or(0);
  result.commission = state.commission.value_or(0);
  result.warning = state.warning_text;
  return result;
}

}  // namespace

std::vector<core::Result<core::WhatIfResult>> run_what_if(
    Session& session, std::span<const core::OrderRequest> orders, Deadline deadline) {
  std::vector<std::optional<core::Result<core::WhatIfResult>>> results(orders.size());
  std::map<std::int64_t, std::size_t> by_order;
  auto mailbox = std::make_shared<Mailbox>();
  Listener listener(session.registry(), mailbox);
  std::size_t open = 0;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    if (orders[i].quantity <= 0) {
      results[i] = core::invalid_input(orders[i].symbol + ": quantity must be positive");
      continue;
    }
    const auto order_id = session.next_id();
    listener.add_order(order_id);
    by_order[order_id] = i;
    if (auto sent = session.send(order_message(orders[i], order_id, true), deadline); !sent) {
      results[i] =
          core::unavailable(orders[i].symbol + ": what-if not sent: " + sent.error().message);
      continue;
    }
    ++open;
  }
  auto finish = [&](std::size_t i, core::Result<core::WhatIfResult> result) {
    if (results[i]) return;
    results[i] = std::move(result);
    --open;
  };
  const auto end = receive_until(
      *mailbox, deadline, [&] { return open == 0; },
      [&](const tws::Incoming& message) {
        if (const auto* open_order = std::get_if<tws::OpenOrder>(&message)) {
          auto it = by_order.find(open_order->order.order_id);
          if (it == by_order.end() || !open_order->order.what_if) return;
          if (auto preview = preview_from(orders[it->second].symbol, *open_order)) {
            finish(it->second, std::move(*preview));
          }
        } else if (const auto* error = std::get_if<tws::ErrorMessage>(&message)) {
          auto it = by_order.find(error->id);
          if (it == by_order.end() || is_notice(error->code)) return;
          // Any error on a preview means it will not come: the broker refused the order.
          finish(it->second, core::rejected(orders[it->second].symbol + ": " + describe(*error)));
        }
      });
  std::vector<core::Result<core::WhatIfResult>> out;
  for (std::size_t i = 0; i < orders.size(); ++i) {
    if (results[i]) {
      out.push_back(std::move(*results[i]));
    } else {
      // A preview never creates an order: read-only, whatever cut it short.
      const auto& symbol = orders[i].symbol;
      out.push_back(
          cut_short(InFlight::kReadOnly,
                    end.words(symbol, symbol + ": no what-if answer before the deadline")));
    }
  }
  return out;
}

}  // namespace ep::tws_client
