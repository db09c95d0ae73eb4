#include "monitor_http/health_routes.hpp"

#include <cmath>
#include <string>

#include "logging/log.hpp"
#include "monitor_http/http_error.hpp"

namespace ep::monitor_http {
namespace {

using nlohmann::json;

// The Redis flag is the truth every processor obeys; the processor's own view is the fallback
// when Redis cannot be asked.
bool is_paused(const ApiContext& context) {
  auto paused = context.inspector.paused();
  return paused.ok() ? paused.value() : context.live().paused;
}

// A health answer when the store cannot count the queue: 503, status "error", the message and
// the `extra` keys the endpoint's answer has.
void send_health_error(ApiResponse& response, const std::string& message,
                       json extra = json::object()) {
  extra["status"] = "error";
  extra["healthy"] = false;
  extra["message"] = message;
  send_json(response, 503, extra);
}

void health(const ApiContext& context, ApiResponse& response) {
  auto counts = context.inspector.counts(context.clock.now());
  if (!counts.ok()) {
    send_health_error(
        response, "Health check failed: " + counts.error().message,
        {{"events_with_retries", 0}, {"delayed_events", 0}, {"paused", is_paused(context)}});
    return;
  }
  const bool paused = is_paused(context);
  const auto retries = counts->events_with_retries;
  const auto delayed = counts->delayed_events_count;
  const bool healthy = retries == 0 && delayed == 0;
  std::string message = healthy ? "No events require retry"
                                : std::to_string(retries) + " events with retries, " +
                                      std::to_string(delayed) + " delayed events";
  if (paused) message += "; processing is paused";
  send_json(response, 200,
            {{"status", healthy ? "healthy" : "unhealthy"},
             {"healthy", healthy},
             {"events_with_retries", retries},
             {"delayed_events", delayed},
             {"message", message},
             {"paused", paused}});
}

// Seconds, to the millisecond: 0 when the retry statistics were counted for this answer.
double rounded_age(double seconds) {
  return std::round(seconds * 1000.0) / 1000.0;
}

void health_detailed(const ApiContext& context, ApiResponse& response) {
  auto counts = context.inspector.counts(context.clock.now());
  if (!counts.ok()) {
    send_health_error(response, "Detailed health check failed: " + counts.error().message);
    return;
  }
  const auto& c = counts.value();
  const bool healthy = c.events_with_retries == 0 && c.delayed_events_count == 0;
  const bool paused = is_paused(context);
  json distribution = json::object();
  for (const auto& [times_queued, events] : c.retry_distribution) {
    distribution[std::to_string(times_queued)] = events;
  }
  const LiveStatus live = context.live();
  std::string message = std::string("System ") + (healthy ? "healthy" : "has issues") + ": " +
                        std::to_string(c.events_with_retries) + " events with retries, " +
                        std::to_string(c.delayed_events_count) + " delayed events";
  if (paused) message += "; processing is paused";
  send_json(response, 200,
            {{"status", healthy ? "healthy" : "unhealthy"},
             {"healthy", healthy},
             {"queue_length", c.queue_length},
             {"active_events_count", c.active_events_count},
             {"delayed_events_count", c.delayed_events_count},
             {"total_events", c.queue_length + c.delayed_events_count},
             {"events_with_retries", c.events_with_retries},
             {"max_retry_count", c.max_retry_count},
             {"retry_distribution", distribution},
             {"retry_statistics_age_seconds", rounded_age(c.retry_statistics_age_seconds)},
             {"message", message},
             {"paused", paused},
             {"market_closed_count", c.market_closed_count},
             {"dead_letter_count", c.dead_letter_count},
             {"processing_count", c.processing_count},
             {"gateway_connected", live.gateway_connected},
             {"trading_mode_ok", live.trading_mode_ok},
             {"processor", live.processor},
             {"gateway", live.gateway},
             {"service_version", context.service_version(live)}});
}

void ready(const ApiContext& context, ApiResponse& response) {
  const LiveStatus live = context.live();
  auto ping = context.inspector.ping();
  json reasons = json::array();
  if (!ping.ok()) reasons.push_back("redis unreachable: " + ping.error().message);
  if (ping.ok() && !live.redis_ok) reasons.push_back("processor has no Redis connection");
  if (!live.gateway_connected) reasons.push_back("IB Gateway not connected");
  if (!live.trading_mode_ok) {
    reasons.push_back("trading mode check failed: " + (live.trading_mode_error.empty()
                                                           ? std::string("not checked yet")
                                                           : live.trading_mode_error));
  }
  const bool is_ready = reasons.empty();
  send_json(response, is_ready ? 200 : 503,
            {{"status", is_ready ? "ready" : "not_ready"},
             {"ready", is_ready},
             {"checks",
              {{"redis", ping.ok() && live.redis_ok},
               {"gateway", live.gateway_connected},
               {"trading_mode", live.trading_mode_ok}}},
             {"reasons", reasons}});
}

void metrics(const ApiContext& context, ApiResponse& response) {
  auto counts = context.inspector.counts(context.clock.now());
  if (counts.ok()) {
    context.metrics.queue_counts(counts.value());
  } else {  // serve the last known lengths; the scrape itself still works
    log::warn("metrics: queue counts unavailable", {{"error", counts.error().message}});
  }
  response.status = 200;
  context.metrics.process(read_process_stats());
  response.set_content(context.metrics.serialize(), "text/plain; version=0.0.4; charset=utf-8");
}

void set_paused(const ApiContext& context, bool paused, ApiResponse& response) {
  take(context.inspector.set_paused(paused), paused ? "pause processing" : "resume processing");
  log::warn(paused ? "processing paused through the management API"
                   : "processing resumed through the management API");
  send_json(response, 200,
            {{"message", paused ? "Processing paused: events stay in the queue until "
                                  "POST /processing/resume"
                                : "Processing resumed"},
             {"paused", paused}});
}

}  // namespace

void add_health_routes(Router& router, const ApiContext& context) {
  const ApiContext* ctx = &context;
  router.get("/health",
             [ctx](const auto&, auto& response, const auto&) { health(*ctx, response); });
  router.get("/health/detailed",
             [ctx](const auto&, auto& response, const auto&) { health_detailed(*ctx, response); });
  router.get_immediate("/health/live", [ctx](const auto&, auto& response, const auto&) {
    send_json(response, 200,
              {{"status", "alive"}, {"service_version", ctx->settings.service_version}});
  });
  router.get("/health/ready",
             [ctx](const auto&, auto& response, const auto&) { ready(*ctx, response); });
  router.get("/metrics",
             [ctx](const auto&, auto& response, const auto&) { metrics(*ctx, response); });
  router.post("/processing/pause", [ctx](const auto&, auto& response, const auto&) {
    set_paused(*ctx, true, response);
  });
  router.post("/processing/resume", [ctx](const auto&, auto& response, const auto&) {
    set_paused(*ctx, false, response);
  });
}

}  // namespace ep::monitor_http
