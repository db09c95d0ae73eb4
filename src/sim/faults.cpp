#include "sim/faults.hpp"

namespace ep::sim {
namespace {

core::Result<int> get_int(const nlohmann::json& value, const std::string& key, int min, int max) {
  if (!value.is_number_integer())
    return core::invalid_input("fault '" + key + "' must be an integer");
  auto number = value.get<long long>();
  if (number < min || number > max) {
    return core::invalid_input("fault '" + key + "' must be within " + std::to_string(min) + ".." +
                               std::to_string(max));
  }
  return static_cast<int>(number);
}

bool known_step(const std::string& step) {
  return step == kStepAfterFirstFill || step == kStepAfterFirstBuyFill ||
         step == kStepAfterFirstSellFill || step == kStepAfterFirstOrder;
}

}  // namespace

core::Result<FaultPlan> merge_faults(const FaultPlan& base, const nlohmann::json& json) {
  if (!json.is_object()) return core::invalid_input("faults must be a JSON object");
  FaultPlan plan = base;
  constexpr int kMaxMs = 3'600'000;
  for (const auto& [key, value] : json.items()) {
    const bool clear = value.is_null();
    if (key == "close_after_messages") {
      if (clear) {
        plan.close_after_messages.reset();
        continue;
      }
      auto n = get_int(value, key, 1, 1'000'000);
      if (!n) return n.error();
      plan.close_after_messages = *n;
    } else if (key == "close_at_step") {
      if (clear) {
        plan.close_at_step.reset();
        continue;
      }
      if (!value.is_string() || !known_step(value.get<std::string>())) {
        return core::invalid_input(
            "fault 'close_at_step' must be after_first_fill, after_first_buy_fill, "
            "after_first_sell_fill or after_first_order");
      }
      plan.close_at_step = value.get<std::string>();
    } else if (key == "refuse_connections_ms") {
      if (clear) {
        plan.refuse_connections_ms.reset();
        continue;
      }
      auto n = get_int(value, key, 0, kMaxMs);
      if (!n) return n.error();
      plan.refuse_connections_ms = *n;
    } else if (key == "connectivity_lost_ms") {
      if (clear) {
        plan.connectivity_lost_ms.reset();
        continue;
      }
      auto n = get_int(value, key, 0, kMaxMs);
      if (!n) return n.error();
      plan.connectivity_lost_ms = *n;
    } else if (key == "connectivity_restore_code") {
      auto n = get_int(value, key, 1101, 1102);
      if (!n) return n.error();
      plan.connectivity_restore_code = *n;
    } else if (key == "pacing_max_per_second") {
      auto n = get_int(value, key, 0, 1'000'000);
      if (!n) return n.error();
      plan.pacing_max_per_second = *n;
    } else if (key == "pacing_disconnect_after_seconds") {
      auto n = get_int(value, key, 1, 3600);
      if (!n) return n.error();
      plan.pacing_disconnect_after_seconds = *n;
    } else if (key == "pacing_per_gateway") {
      if (!value.is_boolean()) {
        return core::invalid_input("fault 'pacing_per_gateway' must be true or false");
      }
      plan.pacing_per_gateway = value.get<bool>();
    } else if (key == "snapshot_end_delay_ms") {
      auto n = get_int(value, key, 0, kMaxMs);
      if (!n) return n.error();
      plan.snapshot_end_delay_ms = *n;
    } else if (key == "stall_orders") {
      auto n = get_int(value, key, 0, 1'000'000);
      if (!n) return n.error();
      plan.stall_orders = *n;
    } else if (key == "gap_percent") {
      if (!value.is_number() || value.get<double>() <= -50 || value.get<double>() > 100) {
        return core::invalid_input("fault 'gap_percent' must be a number in (-50, 100]");
      }
      plan.gap_percent = value.get<double>();
    } else if (key == "gap_symbol") {
      if (!value.is_string()) return core::invalid_input("fault 'gap_symbol' must be a string");
      plan.gap_symbol = value.get<std::string>();
    } else if (key == "stall_symbol") {
      if (!value.is_string()) return core::invalid_input("fault 'stall_symbol' must be a string");
      plan.stall_symbol = value.get<std::string>();
    } else {
      return core::invalid_input("unknown fault '" + key + "'");
    }
  }
  return plan;
}

nlohmann::json to_json(const FaultPlan& plan) {
  nlohmann::json out = nlohmann::json::object();
  out["close_after_messages"] =
      plan.close_after_messages ? nlohmann::json(*plan.close_after_messages) : nullptr;
  out["close_at_step"] = plan.close_at_step ? nlohmann::json(*plan.close_at_step) : nullptr;
  out["refuse_connections_ms"] =
      plan.refuse_connections_ms ? nlohmann::json(*plan.refuse_connections_ms) : nullptr;
  out["connectivity_lost_ms"] =
      plan.connectivity_lost_ms ? nlohmann::json(*plan.connectivity_lost_ms) : nullptr;
  out["connectivity_restore_code"] = plan.connectivity_restore_code;
  out["pacing_max_per_second"] = plan.pacing_max_per_second;
  out["pacing_disconnect_after_seconds"] = plan.pacing_disconnect_after_seconds;
  out["pacing_per_gateway"] = plan.pacing_per_gateway;
  out["snapshot_end_delay_ms"] = plan.snapshot_end_delay_ms;
  out["stall_orders"] = plan.stall_orders;
  out["stall_symbol"] = plan.stall_symbol;
  out["gap_percent"] = plan.gap_percent;
  out["gap_symbol"] = plan.gap_symbol;
  return out;
}

bool step_matches(const std::string& wanted, const std::string& step) {
  if (wanted == step) return true;
  // Any first fill satisfies "after_first_fill".
  return wanted == kStepAfterFirstFill &&
         (step == kStepAfterFirstBuyFill || step == kStepAfterFirstSellFill);
}

PacingMeter::Verdict PacingMeter::on_message(SteadyTime now, int max_per_second,
                                             int disconnect_after_seconds) {
  if (max_per_second <= 0) return Verdict::kOk;
  if (!started_ || now - window_start_ >= std::chrono::seconds{1}) {
    // A quiet gap of a whole window ends a run of violations.
    const bool consecutive = started_ && now - window_start_ < std::chrono::seconds{2};
    if (!(consecutive && warned_in_window_)) violating_windows_ = 0;
    started_ = true;
    window_start_ = now;
    count_ = 0;
    warned_in_window_ = false;
  }
  ++count_;
  if (count_ <= max_per_second) return Verdict::kOk;
  if (warned_in_window_) return Verdict::kOk;
  warned_in_window_ = true;
  ++violating_windows_;
  return violating_windows_ >= disconnect_after_seconds ? Verdict::kDisconnect : Verdict::kExceeded;
}

}  // namespace ep::sim
