// The adapters of `event-processor run`, wired to each other once: the Redis queue and
// inspector, the TWS broker, the metrics and the observed ports, the processor, the live state
// and the management API over them. The only place besides the operator commands that names the
// concrete adapters (docs/architecture.md). Built and owned by run_service (service.hpp) on the
// main thread; the members are used from the threads it starts, each as its header allows.
#pragma once

#include <memory>

#include "app/alerts.hpp"
#include "app/live_state.hpp"
#include "app/observed_ports.hpp"
#include "app/worker_slots.hpp"
#include "config/config.hpp"
#include "core/allocation_source.hpp"
#include "core/clock.hpp"
#include "core/secret_redactor.hpp"
#include "monitor_http/management_api.hpp"
#include "monitor_http/metrics.hpp"
#include "notify/webhook_notifier.hpp"
#include "processor/processor.hpp"
#include "redis_queue/gateway_budget.hpp"
#include "redis_queue/redis_event_queue.hpp"
#include "redis_queue/redis_queue_inspector.hpp"
#include "tws_client/tws_broker.hpp"

namespace ep::app {

struct ServiceParts {
  // `config`, `allocations`, `clock`, `metrics` and `notifier` (null: no webhook) must outlive
  // the parts; `redis` is where the queue and the inspector connect.
  ServiceParts(const config::Config& config, const WorkerIdentity& identity,
               std::shared_ptr<const core::SecretRedactor> redactor,
               core::AllocationSource& allocations, const core::Clock& clock,
               const redis_queue::RedisOptions& redis, monitor_http::Metrics& metrics,
               notify::WebhookNotifier* notifier);

  // What the health answers and the status page show: the processor, the gateway, the checks.
  monitor_http::LiveStatus live_status() const;

  const config::Config& config;
  redis_queue::RedisEventQueue queue;
  redis_queue::RedisQueueInspector inspector;
  // The gateway's message budget shared with every processor on it (PACING_MODE=shared).
  std::shared_ptr<redis_queue::GatewayMessageBudget> message_budget;
  tws_client::TwsBroker broker;
  monitor_http::Metrics& metrics;
  Alerts alerts;
  ObservedQueue observed_queue;
  ObservedAllocations observed_allocations;
  processor::Processor processor;
  LiveState live;
  monitor_http::ManagementApi api;
};

}  // namespace ep::app
