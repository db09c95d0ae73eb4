// Every Redis key the event processor reads or writes, in one place: the compatible keys shared
// with the original's neighbours (docs/compatibility.md §1) and the ones this project adds. The
// README's "Redis keys" table is written from this header. Constants only; usable from any thread.
#pragma once

#include <string>
#include <string_view>

namespace ep::redis_queue::keys {

// --- Compatible with the original deployment (docs/compatibility.md §1); do not rename. ---

// List of event JSON. The broker LPUSHes new events; workers consume from the RIGHT end (FIFO).
inline constexpr std::string_view kQueue = "rebalance_queue";

// Sorted set of failed events waiting for a retry. Member = event JSON (times_queued already
// incremented, last_error/last_error_at added); score = unix seconds when it was parked. Ready
// when score <= now - retry_delay_seconds; then it goes back to kQueue with its dedup key.
inline constexpr std::string_view kDelayedSet = "rebalance_delayed_set";

// Set of "<account_id>:<exec>" for events that are queued or being processed. The broker (and
// POST /queue/events) drops a new event whose key is present; a worker SREMs the key when the
// event leaves processing (done, retry, market closed or dead letter).
inline constexpr std::string_view kActiveSet = "active_events_set";

// --- Ours (this project). ---

// List per worker: the take script (lease_scripts.hpp) moves an event from kQueue to here
// (LPUSH); it stays here until its outcome is recorded, so a crash loses nothing. Orphans (worker's
// liveness key gone) are moved back to the RIGHT (consuming) end of kQueue, oldest nearest the end.
inline constexpr std::string_view kProcessingPrefix = "rebalance_processing:";

// String per worker with a TTL (QueueSettings::liveness_ttl, default 15 s), refreshed by
// heartbeat() and by each next(). Its absence marks the worker dead for recover_orphans().
inline constexpr std::string_view kWorkerPrefix = "rebalance_worker:";

// Set of worker ids that registered, so the processing lists of dead workers can be found.
inline constexpr std::string_view kWorkers = "rebalance_workers";

// Sorted set of events parked because the market is closed. Member = event JSON (with
// last_error/last_error_at); score = unix seconds when the next session opens. Due when
// score <= now; then it goes back to kQueue with its dedup key.
inline constexpr std::string_view kMarketClosedSet = "delayed_execution_set";

// List of permanent failures, newest first (LPUSH). Each element is JSON:
// {"event": <the event JSON as a string, kept whole even when malformed>, "reason": "...",
//  "failed_at": ISO-8601 time, "event_id": "...", "account_id": "..."}.
inline constexpr std::string_view kDeadLetter = "rebalance_dead_letter";

// Capped list (LPUSH + LTRIM to kHistoryLength) of outcome records, newest first. Each is JSON:
// {event_id, account_id, command, status, error, result (embedded JSON when parseable, else a
//  string, null when empty), orders [{symbol, side, quantity, order_id, order_ref, state,
//  filled, average_price, commission, fills [{exec_id, shares, price, commission, time}], error}],
//  phases {name: ms}, finished_at}. An order has the keys the result's orders have; records of
//  versions before that say action and avg_price (monitor_http/history_query.hpp renames them).
inline constexpr std::string_view kHistory = "rebalance_history";
inline constexpr long kHistoryLength = 1000;

// Flag: processing is paused while this key exists (set by the management API). The take
// script checks it in the same atomic step as the take: after the API answered, nothing starts.
inline constexpr std::string_view kPaused = "rebalance_paused";

// String per account with a TTL (QueueSettings::liveness_ttl, set in ms): the account's lease, so
// one account runs one event at a time across every processor. Value "<worker id>#<fencing token>".
// Set by the take script, renewed by heartbeat() and by the fence right before orders are placed
// (both only while the value is still ours), deleted with the event's outcome (ditto). A dead
// worker's lease simply expires; a worker with the same id takes its own lease over at once.
inline constexpr std::string_view kLeasePrefix = "rebalance_lease:";

// Counter (INCR) giving each lease a fencing token, so a lease taken over after expiry never
// has the value the earlier holder checks for.
inline constexpr std::string_view kLeaseToken = "rebalance_lease_token";

// List holding at most one token: pushed each time an outcome releases a lease. A worker whose
// queued events all belong to leased accounts waits on it (BLPOP) instead of sleeping, so it
// takes the freed account's next event as soon as the lease goes.
inline constexpr std::string_view kLeaseReleased = "rebalance_lease_released";

// String per worker: the claim on the event in its processing list, "<worker id>#<token>" (the
// same token as the event's lease), set by the take script. Every outcome script and the fence
// before orders check it: a worker whose list was recovered meanwhile finds it replaced by
// "recovered by <worker id>" (kept kRecoveredClaimTtl) and records, releases and places
// nothing more for that event. Deleted with the outcome. docs/queue.md "Fenced claims".
inline constexpr std::string_view kClaimPrefix = "rebalance_claim:";
inline constexpr long kRecoveredClaimTtl = 86400;

// String per attempt with a TTL (kOutcomeMarkerTtl): "the outcome of this claim is written",
// value the event id. An outcome script resent after a timeout (its first copy may still run
// later, e.g. once a frozen Redis resumes) finds it and writes nothing twice.
inline constexpr std::string_view kOutcomePrefix = "rebalance_outcome:";
inline constexpr long kOutcomeMarkerTtl = 86400;

// The message budget of one IB Gateway shared by every processor on it (gateway_budget.hpp,
// PACING_MODE=shared), suffixed with the gateway's "host:port". Slots: list of the Redis times
// (microseconds) of the grants within the budget's window, oldest first, at most the limit.
// Sharers: sorted set of the worker ids that asked recently, score = the time of the last ask.
inline constexpr std::string_view kMessageSlotsPrefix = "tws_message_slots:";
inline constexpr std::string_view kMessageSharersPrefix = "tws_message_sharers:";

inline std::string processing_list(std::string_view worker_id) {
  return std::string(kProcessingPrefix).append(worker_id);
}
inline std::string worker_liveness(std::string_view worker_id) {
  return std::string(kWorkerPrefix).append(worker_id);
}
inline std::string processing_claim(std::string_view worker_id) {
  return std::string(kClaimPrefix).append(worker_id);
}
inline std::string outcome_marker(std::string_view claim) {
  return std::string(kOutcomePrefix).append(claim);
}
inline std::string account_lease(std::string_view account_id) {
  return std::string(kLeasePrefix).append(account_id);
}

}  // namespace ep::redis_queue::keys
