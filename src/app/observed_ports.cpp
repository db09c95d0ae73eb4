#include "app/observed_ports.hpp"

#include <chrono>

namespace ep::app {
namespace {

std::string_view metric_state(core::OrderState state) {
  switch (state) {
    case core::OrderState::kFilled:
      return "filled";
    case core::OrderState::kCancelled:
      return "cancelled";
    case core::OrderState::kInactive:
    case core::OrderState::kRejected:
      return "rejected";
    case core::OrderState::kUnknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace

core::Result<void> ObservedQueue::observe(core::Result<void> written,
                                          const core::QueuedEvent& event,
                                          const core::OutcomeRecord& outcome,
                                          core::OutcomeStatus status) {
  if (!written) return written;
  if (alerts_ != nullptr) alerts_->outcome_written(event, outcome, status);
  metrics_.event_handled(outcome.command, status);
  for (const auto& order : outcome.orders) {
    metrics_.order_state("placed");
    metrics_.order_state(metric_state(order.state));
    if (order.slippage) {
      metrics_.order_slippage(core::to_string(order.request.side),
                              core::to_string(order.request.order_type),
                              order.slippage->vs_quote_bp);
    }
  }
  for (const auto& [phase, ms] : outcome.phase_ms) {
    metrics_.phase_duration(phase, static_cast<double>(ms) / 1000.0);
  }
  return written;
}

core::Result<void> ObservedQueue::finish(const core::QueuedEvent& event,
                                         const core::OutcomeRecord& outcome) {
  return observe(inner_.finish(event, outcome), event, outcome, core::OutcomeStatus::kDone);
}

core::Result<void> ObservedQueue::retry_later(const core::QueuedEvent& event,
                                              const core::OutcomeRecord& outcome) {
  return observe(inner_.retry_later(event, outcome), event, outcome, core::OutcomeStatus::kRetry);
}

core::Result<void> ObservedQueue::park_until(const core::QueuedEvent& event, core::Timestamp when,
                                             const core::OutcomeRecord& outcome) {
  return observe(inner_.park_until(event, when, outcome), event, outcome,
                 core::OutcomeStatus::kMarketClosed);
}

core::Result<void> ObservedQueue::dead_letter(const core::QueuedEvent& event,
                                              const core::OutcomeRecord& outcome) {
  return observe(inner_.dead_letter(event, outcome), event, outcome,
                 core::OutcomeStatus::kDeadLetter);
}

core::Result<core::AllocationAnswer> ObservedAllocations::fetch(const std::string& strategy) {
  const auto started = std::chrono::steady_clock::now();
  auto answer = inner_.fetch(strategy);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  metrics_.allocation_latency(took.count());
  return answer;
}

}  // namespace ep::app
