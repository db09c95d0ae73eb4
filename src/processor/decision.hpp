// The one queue action an event gets from its command's outcome: done -> finish,
// kInvalidInput -> dead_letter, kMarketClosed with a time -> park_until(next open), anything
// else -> retry_later. Pure; any thread.
#pragma once

#include <optional>
#include <string_view>

#include "core/event_queue.hpp"
#include "processor/command.hpp"
#include "processor/event.hpp"

namespace ep::processor {

enum class QueueAction { kFinish, kRetryLater, kParkUntil, kDeadLetter };
std::string_view to_string(QueueAction action);  // finish, retry_later, park_until, dead_letter

struct Decision {
  QueueAction action = QueueAction::kRetryLater;
  std::optional<core::Timestamp> park_until;  // with kParkUntil
  core::OutcomeRecord outcome;
};

// `ids` names the event in the record (best effort for payloads that did not parse).
Decision decide(const EventIds& ids, const CommandOutcome& outcome, core::Timestamp now);

}  // namespace ep::processor
