#include "processor/json_views.hpp"

#include <cmath>

namespace ep::processor {

namespace {
using nlohmann::json;

// Money rounded to cents for readability; NaN would make invalid JSON, so it becomes null.
json money(double value) {
  if (!std::isfinite(value)) return nullptr;
  return std::round(value * 100.0) / 100.0;
}
}  // namespace

json to_json(const core::Position& position) {
  return {{"symbol", position.symbol},
          {"shares", position.shares},
          {"average_cost", money(position.average_cost)},
          {"market_value", money(position.market_value)},
          {"con_id", position.con_id},
          {"currency", position.currency}};
}

json to_json(const core::OpenOrder& order) {
  return {{"order_id", order.order_id},
          {"client_id", order.client_id},
          {"account", order.account},
          {"symbol", order.symbol},
          {"side", core::to_string(order.side)},
          {"quantity", order.quantity},
          {"filled", order.filled},
          {"status", order.status},
          {"order_ref", order.order_ref}};
}

json to_json(const core::Execution& execution) {
  return {{"exec_id", execution.exec_id},
          {"order_id", execution.order_id},
          {"symbol", execution.symbol},
          {"side", core::to_string(execution.side)},
          {"shares", execution.shares},
          {"price", execution.price},
          {"commission", money(execution.commission)},
          {"order_ref", execution.order_ref},
          {"time", execution.time}};
}

json to_json(const core::OrderIntent& order) {
  return {{"side", core::to_string(order.side)},
          {"symbol", order.symbol},
          {"quantity", order.quantity},
          {"estimated_value", money(order.estimated_value)}};
}

json to_json(const core::SkippedOrder& skipped) {
  return {{"side", skipped.side ? json(core::to_string(*skipped.side)) : json(nullptr)},
          {"symbol", skipped.symbol},
          {"quantity", skipped.quantity},
          {"estimated_value", money(skipped.estimated_value)},
          {"reason", skipped.reason}};
}

json to_json(const core::OrderOutcome& outcome) {
  auto fills = json::array();
  for (const auto& fill : outcome.fills) {
    fills.push_back({{"exec_id", fill.exec_id},
                     {"shares", fill.shares},
                     {"price", fill.price},
                     {"commission", money(fill.commission)},
                     {"time", fill.time}});
  }
  return {{"order_ref", outcome.request.order_ref},
          {"order_id", outcome.order_id},
          {"symbol", outcome.request.symbol},
          {"side", core::to_string(outcome.request.side)},
          {"quantity", outcome.request.quantity},
          {"state", core::to_string(outcome.state)},
          {"filled", outcome.filled},
          {"average_price", outcome.average_price},
          {"commission", money(outcome.commission)},
          {"fills", fills},
          {"error", outcome.error}};
}

json to_json(const core::Plan& plan) {
  return {{"sells", to_json_array<core::OrderIntent>(plan.sells)},
          {"buys", to_json_array<core::OrderIntent>(plan.buys)},
          {"buy_candidates", to_json_array<core::OrderIntent>(plan.buy_candidates)},
          {"skipped", to_json_array<core::SkippedOrder>(plan.skipped)},
          {"warnings", plan.warnings},
          {"reserve", money(plan.reserve)},
          {"investable", money(plan.investable)},
          {"buy_budget", money(plan.buy_budget)}};
}

json target_weights(std::span<const core::TargetAllocation> targets) {
  json out = json::object();
  for (const auto& target : targets) out[target.symbol] = target.weight;
  return out;
}

}  // namespace ep::processor
