// From the validated Config to each adapter's own settings: the one place that knows both
// sides, so no adapter reads configuration by itself. Pure functions, any thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "allocation_api/http_allocation_source.hpp"
#include "config/config.hpp"
#include "core/secret_redactor.hpp"
#include "monitor_http/api_settings.hpp"
#include "notify/alert_policy.hpp"
#include "notify/webhook_notifier.hpp"
#include "processor/settings.hpp"
#include "redis_queue/gateway_budget.hpp"
#include "redis_queue/redis_event_queue.hpp"
#include "redis_queue/redis_options.hpp"
#include "tws_client/client_config.hpp"

namespace ep::app {

// The one redactor of every secret (ALLOCATIONS_API_KEY, REDIS_PASSWORD, MANAGEMENT_API_TOKEN,
// NOTIFY_WEBHOOK_URL and its path and query), its spellings computed once; the logger, the
// queue's records, the API answers and the notification bodies share it.
std::shared_ptr<const core::SecretRedactor> secret_redactor(const config::Config& config);

redis_queue::RedisOptions redis_options(const config::Config& config);
redis_queue::QueueSettings queue_settings(const config::Config& config);
// How often the supervisor refreshes this worker's liveness key and lease: a third of the
// liveness TTL (processing.worker_liveness_ttl), so two heartbeats may fail before it expires.
std::chrono::milliseconds heartbeat_period(const config::Config& config);
tws_client::ClientConfig client_config(const config::Config& config);
// Shared pacing (PACING_MODE=shared): the gateway's message budget, keyed by IB_HOST:port and
// counting a grant for as long as the client's pacing window plus the slot's validity, so the
// gateway never sees more than PACING_MESSAGES_PER_SECOND in a second from all processors.
redis_queue::GatewayBudgetSettings gateway_budget_settings(const config::Config& config,
                                                           const std::string& worker_id);
// The budget's own Redis connection: short timeouts, since a message waits on each call (and
// paces locally when it fails).
redis_queue::RedisOptions budget_redis_options(const config::Config& config);
allocation_api::AllocationApiOptions allocation_options(const config::Config& config);
processor::Settings processor_settings(const config::Config& config);
monitor_http::ApiSettings api_settings(const config::Config& config);
// The webhook sender's settings (url empty when no webhook is configured) and the rules of what
// is notified (README "Notifications").
notify::WebhookOptions webhook_options(const config::Config& config);
notify::AlertPolicyOptions alert_policy_options(const config::Config& config);

// WORKER_NAME, else the host name: the base of the worker id (worker_slots.hpp), the same
// across restarts.
std::string worker_name(const config::Config& config);

}  // namespace ep::app
