#include "sim/ledger.hpp"

#include <date/date.h>

namespace ep::sim {

std::string format_time_utc(TimePoint at) {
  return date::format("%FT%TZ", date::floor<std::chrono::milliseconds>(at));
}

nlohmann::json order_json(const Order& order) {
  const OrderRequest& r = order.request;
  return {
      {"order_id", r.order_id},
      {"client_id", r.client_id},
      {"perm_id", order.perm_id},
      {"account", r.account},
      {"symbol", r.symbol},
      {"action", r.action},
      {"quantity", r.quantity},
      {"order_type", r.order_type},
      {"lmt_price", r.lmt_price ? nlohmann::json(*r.lmt_price) : nlohmann::json(nullptr)},
      {"tif", r.tif},
      {"outside_rth", r.outside_rth},
      {"order_ref", r.order_ref},
      {"status", to_string(order.status)},
      {"filled", order.filled},
      {"remaining", order.remaining()},
      {"avg_price", order.avg_fill_price},
      {"commission", order.commission_paid},
      {"why", order.completed_status},
      {"placed_at", format_time_utc(order.placed_at)},
      {"what_if", false},
  };
}

nlohmann::json fill_json(const Fill& fill) {
  return {
      {"exec_id", fill.exec_id},
      {"order_id", fill.order_id},
      {"client_id", fill.client_id},
      {"perm_id", fill.perm_id},
      {"account", fill.account},
      {"symbol", fill.symbol},
      {"side", fill.side},
      {"shares", fill.shares},
      {"price", fill.price},
      {"cum_qty", fill.cum_qty},
      {"avg_price", fill.avg_price},
      {"commission", fill.commission},
      {"realized_pnl",
       fill.realized_pnl ? nlohmann::json(*fill.realized_pnl) : nlohmann::json(nullptr)},
      {"order_ref", fill.order_ref},
      {"time", format_time_utc(fill.time)},
  };
}

nlohmann::json what_if_json(const WhatIfCheck& check) {
  const OrderRequest& r = check.request;
  nlohmann::json out = {
      {"order_id", r.order_id},     {"client_id", r.client_id}, {"account", r.account},
      {"symbol", r.symbol},         {"action", r.action},       {"quantity", r.quantity},
      {"order_type", r.order_type}, {"order_ref", r.order_ref}, {"what_if", true},
      {"accepted", check.accepted}, {"reason", check.reason},   {"at", format_time_utc(check.at)},
  };
  if (check.accepted) {
    out["commission"] = check.result.commission;
    out["init_margin_after"] = check.result.init_margin_after;
    out["equity_with_loan_after"] = check.result.equity_with_loan_after;
  }
  return out;
}

nlohmann::json state_json(const PaperBroker& broker) {
  nlohmann::json accounts = nlohmann::json::object();
  for (const auto& account : broker.accounts()) {
    const AccountValues values = broker.values(account.id);
    nlohmann::json positions = nlohmann::json::object();
    nlohmann::json avg_costs = nlohmann::json::object();
    for (const auto& [symbol, position] : account.positions) {
      if (position.quantity == 0) continue;
      positions[symbol] = position.quantity;
      avg_costs[symbol] = position.avg_cost;
    }
    accounts[account.id] = {
        {"cash", values.cash},
        {"net_liquidation", values.net_liquidation},
        {"stock_value", values.stock_value},
        {"realized_pnl", values.realized_pnl},
        {"positions", positions},
        {"avg_costs", avg_costs},
    };
  }
  nlohmann::json orders = nlohmann::json::array();
  for (const auto& order : broker.orders()) orders.push_back(order_json(order));
  nlohmann::json what_ifs = nlohmann::json::array();
  for (const auto& check : broker.what_ifs()) what_ifs.push_back(what_if_json(check));
  nlohmann::json fills = nlohmann::json::array();
  for (const auto& fill : broker.fills()) fills.push_back(fill_json(fill));
  nlohmann::json prices = nlohmann::json::object();
  for (const auto& [symbol, spec] : broker.scenario().symbols) {
    prices[symbol] = {
        {"price", spec.price}, {"bid", spec.bid}, {"ask", spec.ask}, {"close", spec.close}};
  }
  return {{"accounts", accounts},
          {"orders", orders},
          {"what_if_checks", what_ifs},
          {"fills", fills},
          {"prices", prices}};
}

core::Result<void> Ledger::open(const std::string& path) {
  path_ = path;
  if (path.empty()) return core::success();
  file_.open(path, std::ios::app);
  if (!file_) return core::unavailable("cannot open the ledger file '" + path + "'");
  return core::success();
}

void Ledger::write(nlohmann::json line) {
  line["ts"] = format_time_utc(std::chrono::system_clock::now());
  if (file_.is_open()) {
    file_ << line.dump() << '\n';
    file_.flush();
  }
  if (lines_.size() >= kKeptLines) lines_.erase(lines_.begin(), lines_.begin() + kKeptLines / 10);
  lines_.push_back(std::move(line));
}

void Ledger::record_order(const Order& order) {
  nlohmann::json line = order_json(order);
  line["type"] = "order";
  write(std::move(line));
}

void Ledger::record_status(const Order& order) {
  write({{"type", "status"},
         {"order_id", order.request.order_id},
         {"client_id", order.request.client_id},
         {"status", to_string(order.status)},
         {"filled", order.filled},
         {"why", order.completed_status}});
}

void Ledger::record_what_if(const WhatIfCheck& check) {
  nlohmann::json line = what_if_json(check);
  line["type"] = "what_if";
  write(std::move(line));
}

void Ledger::record_fill(const Fill& fill) {
  nlohmann::json line = fill_json(fill);
  line["type"] = "fill";
  write(std::move(line));
}

void Ledger::record_reset() {
  write({{"type", "reset"}});
}

}  // namespace ep::sim
