#include "core/event_queue.hpp"

namespace ep::core {

std::string_view to_string(OutcomeStatus status) {
  switch (status) {
    case OutcomeStatus::kDone:
      return "done";
    case OutcomeStatus::kRetry:
      return "retry";
    case OutcomeStatus::kMarketClosed:
      return "market_closed";
    case OutcomeStatus::kDeadLetter:
      return "dead_letter";
  }
  return "retry";
}

std::optional<OutcomeStatus> parse_outcome_status(std::string_view text) {
  for (const auto status : kOutcomeStatuses) {
    if (to_string(status) == text) return status;
  }
  return std::nullopt;
}

}  // namespace ep::core
