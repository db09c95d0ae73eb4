// A rebalance event as the processor understands it, parsed from the JSON text that sits in
// Redis (docs/compatibility.md §2). Parsing is pure and strict about the fields the processor
// relies on; the original text is kept elsewhere (core::QueuedEvent) so unknown fields survive.
// Any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/commands.hpp"
#include "core/domain.hpp"
#include "core/result.hpp"

namespace ep::processor {

struct Event {
  std::string event_id;
  std::string account_id;
  std::string command;  // data.exec, the name of one of core::kCommands
  core::CommandKind kind = core::CommandKind::kRebalance;  // that command's row
  std::optional<core::AccountConfig> account_config;       // always set for (print-)rebalance
  std::int64_t times_queued = 0;
  std::string created_at;  // as written by the event broker, may be empty
};

// kInvalidInput with one sentence naming the offending field when the payload is unusable.
// The ids and strings the processor uses must be non-empty and free of control characters.
core::Result<Event> parse_event(std::string_view payload);

// Best effort for outcome records of payloads that did not parse: the "event_id",
// "account_id" and "data.exec" strings when present, else empty.
struct EventIds {
  std::string event_id;
  std::string account_id;
  std::string command;
};
EventIds peek_ids(std::string_view payload);

}  // namespace ep::processor
