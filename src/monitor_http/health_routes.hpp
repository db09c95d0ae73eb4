// Health, probes, metrics and the pause switch: GET /health, /health/detailed (the original's
// keys), GET /health/live and /health/ready (Docker and Kubernetes probes), GET /metrics
// (Prometheus text), POST /processing/pause and /processing/resume (README "Safety", behind the
// change guard). Registered once at start; the handlers run on HTTP worker threads.
#pragma once

#include "monitor_http/api_context.hpp"
#include "monitor_http/router.hpp"

namespace ep::monitor_http {

void add_health_routes(Router& router, const ApiContext& context);

}  // namespace ep::monitor_http
