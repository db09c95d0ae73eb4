// The JSON the adapter reads and writes: fields of an event (docs/compatibility.md §2), the
// payload edits of a requeue, new events in the broker's format, dead-letter records and
// outcome records (keys.hpp describes each). Pure functions that never throw; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain.hpp"
#include "core/event_queue.hpp"

namespace ep::redis_queue {

// What the adapter needs to know of an event. Missing or mistyped fields stay empty / 0.
struct EventFields {
  bool valid = false;  // the payload is a JSON object
  std::string event_id;
  std::string account_id;
  std::string exec;  // data.exec
  std::int64_t times_queued = 0;
  std::string created_at;
  std::string last_error;
  // account_id and data.exec are both JSON strings (even empty ones), whatever else is broken.
  bool has_dedup_parts = false;
};

// Reads the top two levels only, so a payload of any depth is fine; one over the record bound
// (core::kRecordJsonLimits, 8 MiB) yields nothing (not valid).
EventFields parse_event_fields(std::string_view payload);

// "<account_id>:<exec>" of active_events_set; nullopt when either part is missing or is not a
// string. An empty part still makes a key: the broker SADDs whatever the strings are, so that
// is the key to release.
std::optional<std::string> dedup_key(const EventFields& fields);

// The payload for rebalance_delayed_set: times_queued + 1 (a missing or non-integer count is
// taken as 1), last_error and last_error_at set; every other byte unchanged. nullopt when the
// payload is not a JSON object (it is then stored as it is).
std::optional<std::string> payload_for_retry(std::string_view payload, std::string_view error,
                                             core::Timestamp at);
// The payload for delayed_execution_set: last_error and last_error_at set, nothing else.
std::optional<std::string> payload_with_error(std::string_view payload, std::string_view error,
                                              core::Timestamp at);

// A new event as the broker makes it: {"event_id", "account_id", "data": {...data, "exec"},
// "times_queued": 1, "created_at", "status": "pending"}. Error text when data_json is not a
// JSON object.
struct NewEvent {
  std::string event_id;
  std::string payload;
  std::string error;  // non-empty when the input was refused
};
NewEvent make_new_event(std::string_view account_id, std::string_view exec,
                        std::string_view data_json, core::Timestamp now);

// Random (version 4) UUID in the usual 8-4-4-4-12 hex form.
std::string make_uuid4();

// Element of rebalance_dead_letter; the event is kept whole as a string, even when malformed.
std::string dead_letter_record(std::string_view payload, std::string_view reason,
                               core::Timestamp failed_at, std::string_view event_id,
                               std::string_view account_id);

// Element of rebalance_history for an outcome; `status` is where the event went.
std::string outcome_record_json(const core::OutcomeRecord& outcome, core::OutcomeStatus status);

}  // namespace ep::redis_queue
