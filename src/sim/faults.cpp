#include "sim/faults.hpp"

namespace ep::sim {
namespace {

constexpr int kMaxMs = 3'600'000;
constexpr int kMaxCount = 1'000'000;

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

// Sets a fault that is always there (e.g. a limit) to an integer within min..max.
template <class Field>
core::Result<void> set_int(Field& field, const nlohmann::json& value, const std::string& key,
                           int min, int max) {
  auto n = get_int(value, key, min, max);
  if (!n) return n.error();
  field = *n;
  return core::success();
}

// Sets a fault that fires or not: null switches it off.
core::Result<void> set_optional_int(std::optional<int>& field, const nlohmann::json& value,
                                    const std::string& key, int min, int max) {
  if (value.is_null()) {
    field.reset();
    return core::success();
  }
  return set_int(field, value, key, min, max);
}

core::Result<void> set_string(std::string& field, const nlohmann::json& value,
                              const std::string& key) {
  if (!value.is_string()) return core::invalid_input("fault '" + key + "' must be a string");
  field = value.get<std::string>();
  return core::success();
}

core::Result<void> set_fault(FaultPlan& plan, const std::string& key, const nlohmann::json& value) {
  if (key == "close_after_messages")
    return set_optional_int(plan.close_after_messages, value, key, 1, kMaxCount);
  if (key == "close_at_step") {
    if (value.is_null()) {
      plan.close_at_step.reset();
      return core::success();
    }
    if (!value.is_string() || !known_step(value.get<std::string>())) {
      return core::invalid_input(
          "fault 'close_at_step' must be after_first_fill, after_first_buy_fill, "
          "after_first_sell_fill or after_first_order");
    }
    plan.close_at_step = value.get<std::string>();
    return core::success();
  }
  if (key == "refuse_connections_ms")
    return set_optional_int(plan.refuse_connections_ms, value, key, 0, kMaxMs);
  if (key == "connectivity_lost_ms")
    return set_optional_int(plan.connectivity_lost_ms, value, key, 0, kMaxMs);
  if (key == "connectivity_restore_code")
    return set_int(plan.connectivity_restore_code, value, key, 1101, 1102);
  if (key == "pacing_max_per_second")
    return set_int(plan.pacing_max_per_second, value, key, 0, kMaxCount);
  if (key == "pacing_disconnect_after_seconds")
    return set_int(plan.pacing_disconnect_after_seconds, value, key, 1, 3600);
  if (key == "pacing_per_gateway") {
    if (!value.is_boolean())
      return core::invalid_input("fault 'pacing_per_gateway' must be true or false");
    plan.pacing_per_gateway = value.get<bool>();
    return core::success();
  }
  if (key == "snapshot_end_delay_ms")
    return set_int(plan.snapshot_end_delay_ms, value, key, 0, kMaxMs);
  if (key == "stall_orders") return set_int(plan.stall_orders, value, key, 0, kMaxCount);
  if (key == "stall_symbol") return set_string(plan.stall_symbol, value, key);
  if (key == "gap_percent") {
    if (!value.is_number() || value.get<double>() <= -50 || value.get<double>() > 100)
      return core::invalid_input("fault 'gap_percent' must be a number in (-50, 100]");
    plan.gap_percent = value.get<double>();
    return core::success();
  }
  if (key == "gap_symbol") return set_string(plan.gap_symbol, value, key);
  return core::invalid_input("unknown fault '" + key + "'");
}

template <class T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

core::Result<FaultPlan> merge_faults(const FaultPlan& base, const nlohmann::json& json) {
  if (!json.is_object()) return core::invalid_input("faults must be a JSON object");
  FaultPlan plan = base;
  for (const auto& [key, value] : json.items()) {
    if (auto set = set_fault(plan, key, value); !set) return set.error();
  }
  return plan;
}

nlohmann::json to_json(const FaultPlan& plan) {
  nlohmann::json out = nlohmann::json::object();
  out["close_after_messages"] = or_null(plan.close_after_messages);
  out["close_at_step"] = or_null(plan.close_at_step);
  out["refuse_connections_ms"] = or_null(plan.refuse_connections_ms);
  out["connectivity_lost_ms"] = or_null(plan.connectivity_lost_ms);
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
