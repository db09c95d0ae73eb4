// The queue endpoints: GET /queue/status, GET /queue/events, GET|DELETE /queue/events/{id},
// POST /queue/events, POST /queue/events/{id}/retry, GET /events/history (filters) and
// GET /events/history/{id}. The compatible ones keep the original's key names and types; ours add
// keys, never rename. Registered once at start; the handlers run on HTTP worker threads.
#pragma once

#include "monitor_http/api_context.hpp"
#include "monitor_http/router.hpp"

namespace ep::monitor_http {

void add_queue_routes(Router& router, const ApiContext& context);

}  // namespace ep::monitor_http
