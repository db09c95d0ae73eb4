// What the processor is told by the app at start (config.yaml and the environment, already
// validated there). Plain value; read-only once the processor runs.
#pragma once

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
  std::int64_t retry_check_interval_s = 60;   // promote_due cadence
  std::int64_t orphan_check_interval_s = 60;  // recover_orphans cadence (and once at start)
  std::int64_t queue_wait_ms = 1000;          // longest wait of one next(); bounds stop latency
  std::int64_t pause_poll_ms = 1000;          // re-check of the pause flag while paused

  // Broker deadlines.
  std::int64_t order_completion_timeout_s = 60;
  std::int64_t cancel_timeout_s = 60;
  std::int64_t request_timeout_s = 30;

  // Orders.
  bool extended_hours = false;        // trading hours instead of liquid hours; outsideRth
  std::string time_in_force = "DAY";  // DAY or GTC
  core::OrderType order_type = core::OrderType::kMarket;
  double limit_collar_percent = 0.5;
  std::int64_t limit_reprice_s = 10;
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
  std::int64_t backoff_initial_ms = 250;
  std::int64_t backoff_max_ms = 1500;
  // After a stop request, how long the outcome of the in-flight event may still be retried
  // before it is left in the processing list for orphan recovery.
  std::int64_t shutdown_grace_s = 10;
};

}  // namespace ep::processor
