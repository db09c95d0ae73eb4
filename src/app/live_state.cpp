#include "app/live_state.hpp"

#include "core/iso_time.hpp"

namespace ep::app {

nlohmann::json to_json(const core::BrokerStatus& status, int client_id) {
  const char* state = status.state == core::BrokerStatus::State::kConnected    ? "connected"
                      : status.state == core::BrokerStatus::State::kConnecting ? "connecting"
                                                                               : "down";
  nlohmann::json out{{"state", state},
                     {"client_id", client_id},
                     {"last_error", status.last_error},
                     {"reconnects", status.reconnects},
                     {"pacing_waits", status.pacing_waits},
                     {"managed_accounts", status.managed_accounts}};
  out["waiting"] = nullptr;
  if (status.waiting) {
    out["waiting"] = {{"what", status.waiting->what},
                      {"text", core::describe(*status.waiting)},
                      {"since", core::format_iso_time(status.waiting->since)},
                      {"waited_ms", status.waiting->waited.count()},
                      {"limit_ms", status.waiting->limit.count()}};
  }
  out["down_since"] = status.down_since ? nlohmann::json(core::format_iso_time(*status.down_since))
                                        : nlohmann::json(nullptr);
  return out;
}

nlohmann::json with_broker_wait(nlohmann::json processor, const core::BrokerStatus& gateway) {
  auto current = processor.find("current_event");
  if (current == processor.end() || !current->is_object()) return processor;
  (*current)["waiting_for"] = nullptr;
  (*current)["waiting_since"] = nullptr;
  if (gateway.waiting) {
    (*current)["waiting_for"] = core::describe(*gateway.waiting);
    (*current)["waiting_since"] = core::format_iso_time(gateway.waiting->since);
  }
  return processor;
}

void LiveState::set_trading_mode(bool ok, std::string error) {
  std::lock_guard lock(mutex_);
  trading_mode_ok_ = ok;
  trading_mode_error_ = std::move(error);
}

void LiveState::set_redis_ok(bool ok) {
  std::lock_guard lock(mutex_);
  redis_ok_ = ok;
}

bool LiveState::trading_mode_ok() const {
  std::lock_guard lock(mutex_);
  return trading_mode_ok_;
}

std::string LiveState::trading_mode_error() const {
  std::lock_guard lock(mutex_);
  return trading_mode_error_;
}

bool LiveState::redis_ok() const {
  std::lock_guard lock(mutex_);
  return redis_ok_;
}

}  // namespace ep::app
