// What the processor is told by the app at start (config.yaml and the environment, already
// validated there). Plain value; read-only once the processor runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/broker.hpp"
#include "core/buy_sizing.hpp"
#include "core/planner.hpp"
#include "core/replacements.hpp"

namespace ep::processor {

// Optional money-safety caps (README "Safety"); 0 turns a cap off, which is the default.
struct SizeCaps {
  double max_order_percent = 0;     // one order's value as % of net liquidation
  double max_turnover_percent = 0;  // sells + buys of one rebalance as % of net liquidation
};

struct Settings {
  // Queue housekeeping.
  std::chrono::seconds retry_check_interval{60};   // promote_due cadence
  std::chrono::seconds orphan_check_interval{60};  // recover_orphans cadence (and once at start)
  std::chrono::milliseconds queue_wait{1000};  // longest wait of one next(); bounds stop latency
  std::chrono::milliseconds pause_poll{1000};  // re-check of the pause flag while paused

  // Broker deadlines.
  std::chrono::seconds order_completion_timeout{60};
  std::chrono::seconds cancel_timeout{60};
  std::chrono::seconds request_timeout{30};

  // Orders.
  bool extended_hours = false;        // trading hours instead of liquid hours; outsideRth
  std::string time_in_force = "DAY";  // DAY or GTC
  core::OrderType order_type = core::OrderType::kMarket;
  double limit_collar_percent = 0.5;
  std::chrono::seconds limit_reprice{10};
  int limit_max_reprices = 2;
  bool limit_fallback_market = false;
  bool dry_run = false;  // every rebalance runs as print-rebalance
  core::PlannerOptions planner;
  std::vector<core::Replacement> replacements;  // strategy symbol -> the symbol held instead
  core::CommissionModel commission;  // the estimate a buy's cost includes (IB fixed pricing)
  SizeCaps caps;

  // Redis outages: capped exponential backoff with jitter. The cap is low so that processing
  // resumes within about 2 s of Redis answering again even when nothing wakes the wait (the
  // service's heartbeat usually ends it sooner); one attempt a second or two costs Redis nothing.
  std::chrono::milliseconds backoff_initial{250};
  std::chrono::milliseconds backoff_max{1500};
  // After a stop request, how long the outcome of the in-flight event may still be retried
  // before it is left in the processing list for orphan recovery.
  std::chrono::seconds shutdown_grace{10};
};

}  // namespace ep::processor
