#include "processor/status.hpp"

#include "core/iso_time.hpp"

namespace ep::processor {

std::string_view to_string(ProcessorState state) {
  switch (state) {
    case ProcessorState::kIdle:
      return "idle";
    case ProcessorState::kProcessing:
      return "processing";
    case ProcessorState::kPaused:
      return "paused";
    case ProcessorState::kBackingOff:
      return "backing_off";
    case ProcessorState::kStopped:
      return "stopped";
  }
  return "idle";
}

nlohmann::json to_json(const ProcessorStatus& status) {
  nlohmann::json current = nullptr;
  if (status.current) {
    current = {
        {"event_id", status.current->event_id},
        {"account_id", status.current->account_id},
        {"command", status.current->command},
        {"started_at", core::format_iso_time(status.current->started_at)},
        {"phase", status.current->phase.empty() ? nlohmann::json(nullptr)
                                                : nlohmann::json(status.current->phase)},
        {"phase_since", status.current->phase.empty()
                            ? nlohmann::json(nullptr)
                            : nlohmann::json(core::format_iso_time(status.current->phase_since))}};
  }
  return {{"state", to_string(status.state)},
          {"current_event", current},
          {"handled", status.handled},
          {"retries", status.retries},
          {"dead_letters", status.dead_letters},
          {"parked", status.parked},
          {"orders",
           {{"placed", status.orders_placed},
            {"filled", status.orders_filled},
            {"rejected", status.orders_rejected},
            {"unknown", status.orders_unknown}}},
          {"last_error", status.last_error},
          {"redis_ok", status.redis_ok}};
}

ProcessorStatus StatusBoard::snapshot() const {
  std::lock_guard lock(mutex_);
  return status_;
}

void StatusBoard::set_state(ProcessorState state) {
  std::lock_guard lock(mutex_);
  status_.state = state;
}

void StatusBoard::begin_event(CurrentEvent event) {
  std::lock_guard lock(mutex_);
  status_.state = ProcessorState::kProcessing;
  status_.current = std::move(event);
}

void StatusBoard::set_phase(const std::string& phase, core::Timestamp now) {
  std::lock_guard lock(mutex_);
  if (!status_.current) return;
  status_.current->phase = phase;
  status_.current->phase_since = now;
}

void StatusBoard::end_event(const std::string& command, core::OutcomeStatus status,
                            std::span<const core::OrderOutcome> orders, const std::string& error) {
  std::lock_guard lock(mutex_);
  status_.current.reset();
  status_.state = ProcessorState::kIdle;
  ++status_.handled[(command.empty() ? std::string("unknown") : command) + ":" +
                    std::string(core::to_string(status))];
  if (status == core::OutcomeStatus::kRetry) ++status_.retries;
  if (status == core::OutcomeStatus::kDeadLetter) ++status_.dead_letters;
  if (status == core::OutcomeStatus::kMarketClosed) ++status_.parked;
  for (const auto& order : orders) {
    ++status_.orders_placed;
    if (order.state == core::OrderState::kFilled) {
      ++status_.orders_filled;
    } else if (order.state == core::OrderState::kUnknown) {
      ++status_.orders_unknown;
    } else {
      ++status_.orders_rejected;
    }
  }
  if (!error.empty()) status_.last_error = error;
}

void StatusBoard::set_redis_ok(bool ok, const std::string& error) {
  std::lock_guard lock(mutex_);
  status_.redis_ok = ok;
  if (!ok && !error.empty()) status_.last_error = error;
}

}  // namespace ep::processor
