// The notifications of a running service (README "Notifications"): what the app observes (an
// outcome written to the queue, the gateway's status, the trading-mode verdict) goes through
// notify::AlertPolicy, and what it lets through to the webhook sender. Without a webhook every
// method returns at once. Called from the processor thread (outcomes), the supervisor (gateway,
// tick) and the start-up gate (trading mode): one mutex serialises the policy; sending only
// queues, so no caller waits on the network.
#pragma once

#include <mutex>
#include <string_view>
#include <vector>

#include "core/broker.hpp"
#include "core/clock.hpp"
#include "core/event_queue.hpp"
#include "monitor_http/metrics.hpp"
#include "notify/alert_policy.hpp"
#include "notify/webhook_notifier.hpp"

namespace ep::app {

class Alerts {
 public:
  // notifier: null when no webhook is configured (then nothing is evaluated).
  Alerts(notify::AlertPolicyOptions options, notify::WebhookNotifier* notifier,
         monitor_http::Metrics& metrics, const core::Clock& clock);

  // An outcome the queue wrote with this status (done, retry, market_closed, dead_letter).
  void outcome_written(const core::QueuedEvent& event, const core::OutcomeRecord& outcome,
                       core::OutcomeStatus status);
  void trading_mode(bool matches, std::string_view error);
  void gateway(const core::BrokerStatus& status);
  // Sends the rate limit's summaries of windows that ended; call it regularly.
  void tick();

 private:
  void dispatch(std::vector<notify::Triggered> triggered);

  notify::WebhookNotifier* notifier_;
  monitor_http::Metrics& metrics_;
  const core::Clock& clock_;
  std::mutex mutex_;  // guards policy_
  notify::AlertPolicy policy_;
};

}  // namespace ep::app
