// What every command gets (the ports, the settings, the parsed event) and gives back (a result
// JSON or an error, with the orders it placed and how long each phase took). Commands run on
// the processor thread, one at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/allocation_source.hpp"
#include "core/broker.hpp"
#include "core/clock.hpp"
#include "processor/event.hpp"
#include "processor/settings.hpp"

namespace ep::processor {

struct Ports {
  core::Broker& broker;
  core::AllocationSource& allocations;
  const core::Clock& clock;
};

struct CommandContext {
  Ports ports;
  const Settings& settings;
  const Event& event;
  // Asked right before any order is placed. It fails when this worker no longer holds the
  // account's lease (another worker may be trading the account now): then nothing is placed.
  std::function<core::Result<void>()> confirm_lease = [] { return core::success(); };
  // Hears each phase of the command as it begins (allocations, account, sells, ...), for the
  // live status; may be empty.
  std::function<void(const std::string& phase)> on_phase = nullptr;

  core::Deadline deadline_in(std::chrono::seconds duration) const {
    return ports.clock.monotonic() + duration;
  }
  core::Deadline request_deadline() const { return deadline_in(settings.request_timeout); }
};

struct CommandOutcome {
  std::optional<core::Error> error;  // none: done
  nlohmann::json result = nlohmann::json::object();
  std::vector<core::OrderOutcome> orders;
  std::vector<std::pair<std::string, std::int64_t>> phase_ms;
  std::optional<core::Timestamp> reopen_at;  // with kMarketClosed: when to run again
};

}  // namespace ep::processor
