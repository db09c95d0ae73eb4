#include "sim/active_faults.hpp"

#include "logging/log.hpp"

namespace ep::sim {
namespace {

// An empty symbol in a fault plan means every symbol.
bool applies_to(const std::string& planned_symbol, const std::string& symbol) {
  return planned_symbol.empty() || planned_symbol == symbol;
}

}  // namespace

ActiveFaults::ActiveFaults(FaultPlan plan) : plan_(std::move(plan)) {
  start_refusing_if_planned();
  plan_.connectivity_lost_ms.reset();
}

bool ActiveFaults::start_refusing_if_planned() {
  if (!plan_.refuse_connections_ms) return false;
  refuse_until_ =
      std::chrono::steady_clock::now() + std::chrono::milliseconds{*plan_.refuse_connections_ms};
  plan_.refuse_connections_ms.reset();
  return true;
}

core::Result<ActiveFaults::Immediate> ActiveFaults::merge(const nlohmann::json& json) {
  auto plan = merge_faults(plan_, json);
  if (!plan) return plan.error();
  plan_ = *plan;
  log::info("ibsim: faults set", {{"faults", to_json(plan_)}});
  Immediate now;
  now.restart = start_refusing_if_planned();
  if (plan_.connectivity_lost_ms) {
    now.connectivity_lost_ms = plan_.connectivity_lost_ms;
    now.restore_code = plan_.connectivity_restore_code;
    plan_.connectivity_lost_ms.reset();
  }
  return now;
}

void ActiveFaults::replace(FaultPlan plan) {
  plan_ = std::move(plan);
  plan_.refuse_connections_ms.reset();
  plan_.connectivity_lost_ms.reset();
}

bool ActiveFaults::refusing_connections() const {
  return std::chrono::steady_clock::now() < refuse_until_;
}

std::optional<int> ActiveFaults::take_message_budget() {
  std::optional<int> budget = plan_.close_after_messages;
  plan_.close_after_messages.reset();
  return budget;
}

bool ActiveFaults::take_close_at_step(const std::string& step) {
  if (!plan_.close_at_step || !step_matches(*plan_.close_at_step, step)) return false;
  plan_.close_at_step.reset();
  return true;
}

std::optional<double> ActiveFaults::take_gap(const std::string& symbol) {
  if (plan_.gap_percent == 0 || !applies_to(plan_.gap_symbol, symbol)) return std::nullopt;
  const double percent = plan_.gap_percent;
  plan_.gap_percent = 0;
  return percent;
}

bool ActiveFaults::take_stall(const std::string& symbol) {
  if (plan_.stall_orders <= 0 || !applies_to(plan_.stall_symbol, symbol)) return false;
  --plan_.stall_orders;
  return true;
}

}  // namespace ep::sim
