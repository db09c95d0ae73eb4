// The processor's live status for the monitoring API: what it is doing now, counters since
// start, the last error and whether Redis answers. StatusBoard is written by the processor
// thread and read by any thread (HTTP workers) through snapshot(); all methods lock.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/broker.hpp"
#include "core/domain.hpp"
#include "core/event_queue.hpp"

namespace ep::processor {

enum class ProcessorState { kIdle, kProcessing, kPaused, kBackingOff, kStopped };
std::string_view to_string(ProcessorState state);  // idle, processing, paused, backing_off, stopped

struct CurrentEvent {
  std::string event_id;
  std::string account_id;
  std::string command;
  core::Timestamp started_at{};
  std::string phase{};  // the command's running phase (phases.hpp); empty before the first
  core::Timestamp phase_since{};
};

struct ProcessorStatus {
  ProcessorState state = ProcessorState::kIdle;
  std::optional<CurrentEvent> current;
  std::map<std::string, std::int64_t> handled;  // "<command>:<status>" -> events
  std::int64_t retries = 0;
  std::int64_t dead_letters = 0;
  std::int64_t parked = 0;
  std::int64_t orders_placed = 0;
  std::int64_t orders_filled = 0;
  std::int64_t orders_rejected = 0;  // ended Cancelled, Inactive or Rejected
  std::int64_t orders_unknown = 0;
  std::string last_error;
  bool redis_ok = true;
};

nlohmann::json to_json(const ProcessorStatus& status);

class StatusBoard {
 public:
  ProcessorStatus snapshot() const;

  void set_state(ProcessorState state);
  void begin_event(CurrentEvent event);
  // The running event entered `phase` at `now`; ignored when no event runs.
  void set_phase(const std::string& phase, core::Timestamp now);
  // Counts the event under its command and outcome status ("rebalance:done", ...).
  void end_event(const std::string& command, core::OutcomeStatus status,
                 std::span<const core::OrderOutcome> orders, const std::string& error);
  void set_redis_ok(bool ok, const std::string& error = {});

 private:
  mutable std::mutex mutex_;
  ProcessorStatus status_;
};

}  // namespace ep::processor
