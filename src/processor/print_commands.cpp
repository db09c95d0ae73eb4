#include "processor/print_commands.hpp"

#include "processor/json_views.hpp"

namespace ep::processor {

using nlohmann::json;

core::Result<json> print_positions(const CommandContext& context) {
  const auto& account = context.event.account_id;
  auto snapshot = context.ports.broker.account_snapshot(account, context.request_deadline());
  if (!snapshot) return snapshot.error();
  return json{{"account_id", account},
              {"positions", to_json_array<core::Position>(snapshot->positions)}};
}

core::Result<json> print_equity(const CommandContext& context) {
  const auto& account = context.event.account_id;
  auto snapshot = context.ports.broker.account_snapshot(account, context.request_deadline());
  if (!snapshot) return snapshot.error();
  return json{{"account_id", account},
              {"net_liquidation", snapshot->net_liquidation},
              {"cash", snapshot->cash}};
}

core::Result<json> print_orders(const CommandContext& context) {
  const auto& account = context.event.account_id;
  auto orders = context.ports.broker.open_orders(context.request_deadline());
  if (!orders) return orders.error();
  auto listed = json::array();
  for (const auto& order : orders.value()) {
    if (order.account == account) listed.push_back(to_json(order));
  }
  return json{{"account_id", account}, {"open_orders", listed}};
}

core::Result<json> cancel_orders(const CommandContext& context) {
  const auto& account = context.event.account_id;
  auto cancelled = context.ports.broker.cancel_open_orders(
      account, context.deadline_in(context.settings.cancel_timeout));
  if (!cancelled) return cancelled.error();
  return json{{"account_id", account}, {"cancelled", cancelled.value()}};
}

}  // namespace ep::processor
