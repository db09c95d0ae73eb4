// The fault plan in force on the running gateway (the scenario's `faults:` block, then what
// POST /faults merged in) and the firing of its one-shot faults: each take_* says whether a
// fault fires now and, if so, uses it up, so that it fires once. What a fault does to
// connections and orders is up to the part that meets it (the Hub, the order lifecycle); this
// class keeps the plan, the restart window and the gateway-wide pacing meter.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "sim/faults.hpp"

namespace ep::sim {

class ActiveFaults {
 public:
  // A plan that already asks for a restart at start-up refuses connections from now on; a
  // connectivity loss needs connected clients, so one in the scenario never fires.
  explicit ActiveFaults(FaultPlan plan);

  const FaultPlan& plan() const { return plan_; }
  nlohmann::json json() const { return to_json(plan_); }

  // What a merged plan asks to happen at once, besides changing the plan.
  struct Immediate {
    bool restart = false;                     // drop every connection (refuse_connections_ms)
    std::optional<int> connectivity_lost_ms;  // 1100 now, then restore_code after this long
    int restore_code = 1102;
  };
  // Merges `json` into the plan (merge_faults); nothing changes on an invalid plan.
  core::Result<Immediate> merge(const nlohmann::json& json);
  // Back to a scenario's plan (POST /reset). A restart already under way keeps running; a
  // restart or connectivity loss in the scenario does not fire.
  void replace(FaultPlan plan);

  // True while a restart fault refuses new connections.
  bool refusing_connections() const;
  // The meter of every client's messages together (pacing_per_gateway).
  PacingMeter& gateway_pacing() { return gateway_pacing_; }

  // close_after_messages, for the next connection that completes startApi.
  std::optional<int> take_message_budget();
  // close_at_step: true when `step` is the planned one.
  bool take_close_at_step(const std::string& step);
  // gap_percent: the quote gap the next real order of `symbol` finds, if it is planned for it.
  std::optional<double> take_gap(const std::string& symbol);
  // stall_orders: true when this order of `symbol` is to stay in PreSubmitted.
  bool take_stall(const std::string& symbol);

 private:
  // Starts the restart window when the plan asks for one; true if it did.
  bool start_refusing_if_planned();

  FaultPlan plan_;
  SteadyTime refuse_until_{};
  PacingMeter gateway_pacing_;
};

}  // namespace ep::sim
