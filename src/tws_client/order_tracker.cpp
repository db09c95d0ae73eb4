#include "tws_client/order_tracker.hpp"

#include <algorithm>

#include "tws_client/error_policy.hpp"
#include "tws_client/mapping.hpp"

namespace ep::tws_client {

OrderTracker::OrderTracker(core::OrderRequest request, std::int64_t order_id)
    : request_(std::move(request)), order_id_(order_id) {}

void OrderTracker::set_status(const std::string& status) {
  if (terminal_state_) return;
  if (status == "Filled") {
    terminal_state_ = core::OrderState::kFilled;
  } else if (status == "Cancelled" || status == "ApiCancelled") {
    terminal_state_ = core::OrderState::kCancelled;
  } else if (status == "Inactive") {
    terminal_state_ = core::OrderState::kInactive;
  }
}

void OrderTracker::apply(const tws::OrderStatus& status) {
  if (status.order_id != order_id_) return;
  reported_filled_ = std::max(reported_filled_, whole_shares(status.filled));
  if (status.avg_fill_price > 0) reported_average_ = status.avg_fill_price;
  set_status(status.status);
}

void OrderTracker::apply(const tws::OpenOrder& open_order) {
  if (open_order.order.order_id != order_id_ || open_order.order.what_if) return;
  set_status(open_order.state.status);
}

void OrderTracker::apply(const tws::ExecDetails& execution) {
  if (execution.execution.order_id != order_id_) return;
  const auto& e = execution.execution;
  core::Fill fill;
  fill.exec_id = e.exec_id;
  fill.shares = whole_shares(e.shares);
  fill.price = e.price;
  fill.time = e.time;
  if (auto known = commissions_.find(e.exec_id); known != commissions_.end()) {
    fill.commission = known->second;
  }
  fills_[e.exec_id] = fill;  // a repeat or a correction replaces the earlier copy
}

void OrderTracker::apply(const tws::CommissionReport& report) {
  commissions_[report.exec_id] = report.commission;
  if (auto it = fills_.find(report.exec_id); it != fills_.end()) {
    it->second.commission = report.commission;
  }
}

void OrderTracker::apply(const tws::ErrorMessage& error) {
  if (error.id != order_id_ || is_notice(error.code)) return;
  if (is_cancel_confirmation(error.code)) {
    if (!terminal_state_) terminal_state_ = core::OrderState::kCancelled;
    if (error_.empty()) error_ = describe(error);
    return;
  }
  if (error_kind(error.code) != core::ErrorKind::kRejected &&
      error_kind(error.code) != core::ErrorKind::kInvalidInput) {
    return;  // not about this order's fate (e.g. a market data hiccup)
  }
  error_ = describe(error);
  if (!terminal_state_) {
    terminal_state_ = reported_filled_ > 0 || !fills_.empty() ? core::OrderState::kCancelled
                                                              : core::OrderState::kRejected;
  }
}

bool OrderTracker::complete() const {
  if (!terminal_state_) return false;
  core::Shares executed = 0;
  for (const auto& [id, fill] : fills_) {
    if (commissions_.count(id) == 0) return false;  // its commissionReport is still due
    executed += fill.shares;
  }
  // Filled means every share: an openOrder saying Filled may come before the orderStatus and
  // the executions that carry the count, and a fill of 0 shares would misstate the proceeds.
  const core::Shares due = *terminal_state_ == core::OrderState::kFilled
                               ? std::max(reported_filled_, request_.quantity)
                               : reported_filled_;
  return executed >= due;
}

core::OrderOutcome OrderTracker::outcome(const std::string& unknown_reason) const {
  core::OrderOutcome out;
  out.request = request_;
  out.order_id = order_id_;
  out.state = terminal_state_.value_or(core::OrderState::kUnknown);
  core::Shares executed = 0;
  double notional = 0;
  for (const auto& [id, fill] : fills_) {
    out.fills.push_back(fill);
    executed += fill.shares;
    notional += static_cast<double>(fill.shares) * fill.price;
    out.commission += fill.commission;
  }
  out.filled = std::max(executed, reported_filled_);
  // Filled is every share even when their count has not come yet (the grace ran out after an
  // openOrder saying Filled): the shares are the order's; a price not yet reported stays 0.
  if (out.state == core::OrderState::kFilled) out.filled = std::max(out.filled, request_.quantity);
  if (reported_average_ > 0) {
    out.average_price = reported_average_;
  } else if (executed > 0) {
    out.average_price = notional / static_cast<double>(executed);
  }
  out.error = terminal_state_ ? error_ : unknown_reason;
  return out;
}

}  // namespace ep::tws_client
