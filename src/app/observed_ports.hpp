// Decorators of two ports that feed the Prometheus metrics and the notifications without the
// processor knowing about them: every queue outcome (command, status, orders, phase times; dead
// letters and retries to Alerts) and every allocation fetch (latency). Same threading as the
// wrapped ports; Metrics and Alerts are thread-safe.
#pragma once

#include "app/alerts.hpp"
#include "core/allocation_source.hpp"
#include "core/event_queue.hpp"
#include "monitor_http/metrics.hpp"

namespace ep::app {

class ObservedQueue final : public core::EventQueue {
 public:
  // alerts: null when nothing is to be notified.
  ObservedQueue(core::EventQueue& inner, monitor_http::Metrics& metrics, Alerts* alerts = nullptr)
      : inner_(inner), metrics_(metrics), alerts_(alerts) {}

  core::Result<std::optional<core::QueuedEvent>> next(std::chrono::milliseconds wait) override {
    return inner_.next(wait);
  }
  core::Result<void> finish(const core::QueuedEvent& event,
                            const core::OutcomeRecord& outcome) override;
  core::Result<void> retry_later(const core::QueuedEvent& event,
                                 const core::OutcomeRecord& outcome) override;
  core::Result<void> park_until(const core::QueuedEvent& event, core::Timestamp when,
                                const core::OutcomeRecord& outcome) override;
  core::Result<void> dead_letter(const core::QueuedEvent& event,
                                 const core::OutcomeRecord& outcome) override;
  core::Result<std::size_t> promote_due(core::Timestamp now) override {
    return inner_.promote_due(now);
  }
  core::Result<std::size_t> recover_orphans() override { return inner_.recover_orphans(); }
  core::Result<void> heartbeat() override { return inner_.heartbeat(); }
  core::Result<void> confirm_lease(const std::string& account_id) override {
    return inner_.confirm_lease(account_id);
  }
  core::Result<bool> paused() override { return inner_.paused(); }

 private:
  // Records the outcome once it is safely written (a failed write is retried by the processor).
  core::Result<void> observe(core::Result<void> written, const core::QueuedEvent& event,
                             const core::OutcomeRecord& outcome, core::OutcomeStatus status);

  core::EventQueue& inner_;
  monitor_http::Metrics& metrics_;
  Alerts* alerts_;
};

class ObservedAllocations final : public core::AllocationSource {
 public:
  ObservedAllocations(core::AllocationSource& inner, monitor_http::Metrics& metrics)
      : inner_(inner), metrics_(metrics) {}
  core::Result<core::AllocationAnswer> fetch(const std::string& strategy) override;

 private:
  core::AllocationSource& inner_;
  monitor_http::Metrics& metrics_;
};

}  // namespace ep::app
