// The start-up steps of `event-processor run` before any event is touched: the logger with the
// secret redactor, this worker's identity (claimed in Redis), and the trading-mode gate (the
// gateway's accounts must match TRADING_MODE, README "Safety"). Called once, on the main
// thread, by run_service (service.hpp); each wait is on the Clock port and ends on a stop.
#pragma once

#include <memory>
#include <optional>
#include <stop_token>
#include <string_view>

#include "app/alerts.hpp"
#include "app/live_state.hpp"
#include "app/worker_identity.hpp"
#include "app/worker_slots.hpp"
#include "config/config.hpp"
#include "core/broker.hpp"
#include "core/clock.hpp"
#include "core/secret_redactor.hpp"
#include "redis_queue/redis_connection.hpp"

namespace ep::app {

// Installs the one redactor in the logger (before the first line: every line, record and answer
// is redacted with it), then logs the start with the redacted configuration and its notices.
std::shared_ptr<const core::SecretRedactor> start_logging(const config::Config& config);

// Claims this worker's slot and client id (worker_slots.hpp), waiting for Redis with capped
// backoff like every other start-up dependency; nullopt once a stop was requested.
std::optional<WorkerIdentity> claim_identity(redis_queue::RedisConnection& redis,
                                             const config::Config& config, const Holder& self,
                                             const core::Clock& clock, std::stop_token stop);

// Asks the gateway for its accounts until they match `mode` (true) or a stop was requested
// (false); the verdict is kept in `live` for the health answers and told to `alerts`.
bool await_trading_mode(core::Broker& broker, LiveState& live, Alerts& alerts,
                        std::string_view mode, const core::Clock& clock, std::stop_token stop);

}  // namespace ep::app
