#include "app/alerts.hpp"

#include <utility>

#include "processor/event.hpp"

namespace ep::app {

Alerts::Alerts(notify::AlertPolicyOptions options, notify::WebhookNotifier* notifier,
               monitor_http::Metrics& metrics, const core::Clock& clock)
    : notifier_(notifier), metrics_(metrics), clock_(clock), policy_(std::move(options)) {}

void Alerts::outcome_written(const core::QueuedEvent& event, const core::OutcomeRecord& outcome,
                             core::OutcomeStatus status) {
  if (notifier_ == nullptr) return;
  if (status == core::OutcomeStatus::kDeadLetter) {
    std::lock_guard lock(mutex_);
    auto triggered = policy_.dead_lettered(outcome, clock_.monotonic());
    dispatch({std::move(triggered)});
  } else if (status == core::OutcomeStatus::kRetry) {
    // The retry count is the times_queued the event ran with; only a retry reads it (one parse
    // of an event that already parsed once, off the hot path of a successful event).
    const auto parsed = processor::parse_event(event.payload);
    const std::int64_t times_queued = parsed ? parsed->times_queued : 0;
    std::lock_guard lock(mutex_);
    auto triggered = policy_.retried(outcome, times_queued, clock_.monotonic());
    dispatch({std::move(triggered)});
  }
}

void Alerts::trading_mode(bool matches, std::string_view error) {
  if (notifier_ == nullptr) return;
  std::lock_guard lock(mutex_);
  dispatch({policy_.trading_mode(matches, error, clock_.now(), clock_.monotonic())});
}

void Alerts::gateway(const core::BrokerStatus& status) {
  if (notifier_ == nullptr) return;
  const bool connected = status.state == core::BrokerStatus::State::kConnected;
  std::lock_guard lock(mutex_);
  dispatch({policy_.gateway(connected, status.last_error, clock_.now(), clock_.monotonic())});
}

void Alerts::tick() {
  if (notifier_ == nullptr) return;
  std::lock_guard lock(mutex_);
  std::vector<notify::Triggered> summaries;
  for (auto& summary : policy_.tick(clock_.now(), clock_.monotonic())) {
    summaries.push_back({std::move(summary), std::nullopt});
  }
  dispatch(std::move(summaries));
}

void Alerts::dispatch(std::vector<notify::Triggered> triggered) {
  for (auto& one : triggered) {
    if (one.held_back) metrics_.notification(notify::to_string(*one.held_back), "suppressed");
    if (one.send) notifier_->send(*one.send);  // queues only
  }
}

}  // namespace ep::app
