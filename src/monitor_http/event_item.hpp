// The JSON item of one queued event as GET /queue/events answers it (docs/compatibility.md §7):
// {event_id, account_id, exec_command, times_queued, created_at, type, retry_after, data}, plus
// ours: reason (when known), execution_time (market_closed: when the session opens) and
// payload (only when the stored event is not a JSON object, so an operator can still see it;
// cut to 256 bytes, with payload_error, when it is too deep or too large to parse:
// core/json_limits.hpp).
// Pure functions; any thread.
#pragma once

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "core/queue_inspector.hpp"

namespace ep::monitor_http {

// retry_after of a delayed event = its score (unix seconds when parked) + retry_delay;
// times in core/iso_time.hpp's one format.
nlohmann::json event_item(const core::EventView& view, std::chrono::seconds retry_delay);

}  // namespace ep::monitor_http
