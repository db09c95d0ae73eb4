#include "processor/reconcile.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

#include "processor/order_ref.hpp"

namespace ep::processor {

namespace {

// The account's open orders, each named with what an operator needs to find it.
std::vector<std::string> open_of_account(const std::vector<core::OpenOrder>& orders,
                                         const std::string& account) {
  std::vector<std::string> named;
  for (const auto& order : orders) {
    if (order.account != account) continue;
    named.push_back(fmt::format("{} {} order {} of client id {} ({})", order.symbol,
                                core::to_string(order.side), order.order_id, order.client_id,
                                order.status));
  }
  return named;
}

}  // namespace

core::Result<ReconcileReport> reconcile_earlier_attempts(core::Broker& broker,
                                                         const std::string& account,
                                                         const std::string& event_id,
                                                         const ReconcileDeadlines& deadlines,
                                                         bool cancel_all_of_event) {
  ReconcileReport report;
  auto open = broker.open_orders(deadlines.request);
  if (!open) return open.error();
  for (const auto& order : open.value()) {
    if (order.account != account) continue;
    if (belongs_to_event(order.order_ref, event_id)) {
      report.working_of_event += 1;
      report.working.push_back(order);
    } else {
      report.working_other += 1;
    }
  }
  if (report.working_other > 0 || (cancel_all_of_event && report.working_of_event > 0)) {
    report.working.clear();
    // The original cancels every open order of the account before a rebalance; a working leg
    // of an earlier attempt is cancelled too, and the plan below re-derives what is left.
    auto cancelled = broker.cancel_open_orders(account, deadlines.cancel);
    if (!cancelled) return cancelled.error();
    report.cancelled = cancelled.value();
    auto after = broker.open_orders(deadlines.request);
    if (!after) return after.error();
    if (const auto left = open_of_account(after.value(), account); !left.empty()) {
      return core::unknown_outcome(fmt::format(
          "{} open order(s) of {} still working after the cancel ({}); not placing anything "
          "next to them",
          left.size(), account, fmt::join(left, "; ")));
    }
  }

  auto executions = broker.executions_today(account, deadlines.request);
  if (!executions) return executions.error();
  std::map<std::string, EarlierFill> legs;
  for (const auto& execution : executions.value()) {
    if (execution.account == account || execution.account.empty())
      report.executions_of_account += 1;
    if (!belongs_to_event(execution.order_ref, event_id)) continue;
    auto& leg = legs[execution.order_ref];
    const auto before = static_cast<double>(leg.shares);
    leg.order_ref = execution.order_ref;
    leg.symbol = execution.symbol;
    leg.side = execution.side;
    leg.shares += execution.shares;
    leg.commission += execution.commission;
    if (leg.shares > 0) {
      leg.average_price =
          (leg.average_price * before + execution.price * static_cast<double>(execution.shares)) /
          static_cast<double>(leg.shares);
    }
  }
  for (auto& [ref, leg] : legs) report.earlier_fills.push_back(std::move(leg));
  return report;
}

std::map<core::Symbol, core::Side> ReconcileReport::traded_sides() const {
  std::map<core::Symbol, core::Side> sides;
  for (const auto& fill : earlier_fills) {
    if (fill.shares > 0) sides[fill.symbol] = fill.side;
  }
  return sides;
}

nlohmann::json to_json(const ReconcileReport& report) {
  auto fills = nlohmann::json::array();
  for (const auto& fill : report.earlier_fills) {
    fills.push_back({{"order_ref", fill.order_ref},
                     {"symbol", fill.symbol},
                     {"side", core::to_string(fill.side)},
                     {"shares", fill.shares},
                     {"average_price", fill.average_price},
                     {"commission", fill.commission}});
  }
  auto working = nlohmann::json::array();
  for (const auto& order : report.working) {
    working.push_back({{"order_ref", order.order_ref},
                       {"order_id", order.order_id},
                       {"client_id", order.client_id},
                       {"quantity", order.quantity},
                       {"filled", order.filled}});
  }
  return {{"working_of_event", report.working_of_event},
          {"kept_working", working},
          {"working_other", report.working_other},
          {"cancelled", report.cancelled},
          {"earlier_fills", fills}};
}

}  // namespace ep::processor
