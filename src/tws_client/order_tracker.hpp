// Follows one placed order through the messages the gateway sends about it (orderStatus,
// openOrder, execDetails, commissionReport, error) and says when it has reached a terminal
// state and when its fills and commissions are complete. Duplicate messages are normal and
// harmless (fills are keyed by execution id). Pure logic, no I/O; one thread.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/broker.hpp"
#include "tws/messages_in.hpp"

namespace ep::tws_client {

class OrderTracker {
 public:
  OrderTracker(core::OrderRequest request, std::int64_t order_id);

  void apply(const tws::OrderStatus& status);
  void apply(const tws::OpenOrder& open_order);
  void apply(const tws::ExecDetails& execution);
  void apply(const tws::CommissionReport& report);
  void apply(const tws::ErrorMessage& error);

  // Filled, Cancelled/ApiCancelled, Inactive, or refused with an error.
  bool terminal() const { return terminal_state_.has_value(); }
  // Terminal, and every execution the status reported has arrived with its commission.
  bool complete() const;

  // The outcome so far: the terminal state, or kUnknown (deadline, connection lost) with
  // `unknown_reason` as its error text.
  core::OrderOutcome outcome(const std::string& unknown_reason = "") const;

 private:
  void set_status(const std::string& status);

  core::OrderRequest request_;
  std::int64_t order_id_;
  std::optional<core::OrderState> terminal_state_;
  std::string error_;
  core::Shares reported_filled_ = 0;
  double reported_average_ = 0;
  std::map<std::string, core::Fill> fills_;    // by execution id
  std::map<std::string, double> commissions_;  // by execution id (may come before the fill)
};

}  // namespace ep::tws_client
