#include "processor/decision.hpp"

namespace ep::processor {

std::string_view to_string(QueueAction action) {
  switch (action) {
    case QueueAction::kFinish:
      return "finish";
    case QueueAction::kRetryLater:
      return "retry_later";
    case QueueAction::kParkUntil:
      return "park_until";
    case QueueAction::kDeadLetter:
      return "dead_letter";
  }
  return "retry_later";
}

Decision decide(const EventIds& ids, const CommandOutcome& outcome, core::Timestamp now) {
  Decision decision;
  auto& record = decision.outcome;
  record.event_id = ids.event_id;
  record.account_id = ids.account_id;
  record.command = ids.command;
  // Broker texts may carry invalid UTF-8: replace it rather than throw.
  record.result =
      outcome.result.is_null()
          ? std::string{}
          : outcome.result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  record.orders = outcome.orders;
  record.phase_ms = outcome.phase_ms;
  record.finished_at = now;

  if (!outcome.error) {
    decision.action = QueueAction::kFinish;
    record.status = core::OutcomeStatus::kDone;
    return decision;
  }
  const auto& error = *outcome.error;
  record.error = std::string(core::to_string(error.kind)) + ": " + error.message;
  if (error.kind == core::ErrorKind::kInvalidInput) {
    decision.action = QueueAction::kDeadLetter;
    record.status = core::OutcomeStatus::kDeadLetter;
  } else if (error.kind == core::ErrorKind::kMarketClosed && outcome.reopen_at) {
    decision.action = QueueAction::kParkUntil;
    decision.park_until = outcome.reopen_at;
    record.status = core::OutcomeStatus::kMarketClosed;
  } else {
    // Includes a market-closed answer without a reopening time: retrying is the safe default.
    decision.action = QueueAction::kRetryLater;
    record.status = core::OutcomeStatus::kRetry;
  }
  return decision;
}

}  // namespace ep::processor
