// Restart safety of a rebalance: before placing anything, find what an earlier attempt of the
// same event left behind. Working orders (of this event, and any other open order of the
// account) are cancelled and confirmed gone; today's executions of this event are summed per
// leg (order_ref) for the outcome. Processor thread; broker calls with the given deadlines.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/broker.hpp"
#include "core/result.hpp"

namespace ep::processor {

struct EarlierFill {
  std::string order_ref;
  core::Symbol symbol;
  core::Side side = core::Side::kBuy;
  core::Shares shares = 0;
  core::Price average_price = 0;
  core::Money commission = 0;
};

struct ReconcileReport {
  std::size_t working_of_event = 0;  // open orders carrying this event's order_ref prefix
  std::size_t working_other = 0;     // other open orders of the account
  std::size_t cancelled = 0;         // as confirmed by the broker
  std::vector<EarlierFill> earlier_fills;  // sorted by order_ref

  // symbol -> the side this event already traded it (the plan never trades it back).
  std::map<core::Symbol, core::Side> traded_sides() const;
};

struct ReconcileDeadlines {
  core::Deadline request;
  core::Deadline cancel;
};

// Errors: the broker's (retry later); kUnknownOutcome when orders are still working after the
// cancel, since placing more next to them could double a leg.
core::Result<ReconcileReport> reconcile_earlier_attempts(core::Broker& broker,
                                                         const std::string& account,
                                                         const std::string& event_id,
                                                         const ReconcileDeadlines& deadlines);

nlohmann::json to_json(const ReconcileReport& report);

}  // namespace ep::processor
