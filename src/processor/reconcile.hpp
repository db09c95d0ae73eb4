// Restart safety of a rebalance: before placing anything, find what an earlier attempt of the
// same event left behind. Working orders of this event alone are kept (a slow leg is waited
// on, not replaced: see the rebalance); when any other order of the account works, every open
// order of the account is cancelled and confirmed gone, as the original does. Today's
// executions of this event are summed per leg (order_ref). Processor thread; broker calls with
// the given deadlines.
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
  std::size_t working_of_event = 0;        // open orders carrying this event's order_ref prefix
  std::size_t working_other = 0;           // other open orders of the account
  std::size_t cancelled = 0;               // as confirmed by the broker
  std::vector<core::OpenOrder> working;    // this event's orders left working (nothing else was)
  std::vector<EarlierFill> earlier_fills;  // sorted by order_ref
  std::size_t executions_of_account = 0;   // today's executions of the account, any order

  // symbol -> the side this event already traded it (the plan never trades it back).
  std::map<core::Symbol, core::Side> traded_sides() const;
  // True when the account had no open order and no execution today when reconciled: nothing
  // traded it between an account read taken before the reconcile and the reconcile itself (a
  // fill in between would show as an open order or as today's execution), so that read still
  // holds its positions and the account need not be read again.
  bool account_untouched() const {
    return working_of_event == 0 && working_other == 0 && cancelled == 0 &&
           executions_of_account == 0;
  }
};

struct ReconcileDeadlines {
  core::Deadline request;
  core::Deadline cancel;
};

// Errors: the broker's (retry later); kUnknownOutcome when orders are still working after the
// cancel, since placing more next to them could double a leg.
// cancel_all_of_event: cancel this event's working orders too (they no longer match the plan).
core::Result<ReconcileReport> reconcile_earlier_attempts(core::Broker& broker,
                                                         const std::string& account,
                                                         const std::string& event_id,
                                                         const ReconcileDeadlines& deadlines,
                                                         bool cancel_all_of_event = false);

nlohmann::json to_json(const ReconcileReport& report);

}  // namespace ep::processor
