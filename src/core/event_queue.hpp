// The EventQueue port: reliable consumption of rebalance events. Implemented over Redis by
// redis_queue (the original's keys plus our own) and by fakes in tests/support. An event taken
// with next() stays in this worker's processing list until exactly one of finish, retry_later,
// park_until or dead_letter succeeds, so a crash at any moment loses nothing. Taking an event
// also leases its account to this worker until the outcome is written: one account runs one
// event at a time across every processor. Called from the processor thread only, except
// heartbeat() (any thread).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/broker.hpp"
#include "core/domain.hpp"
#include "core/result.hpp"

namespace ep::core {

// An event exactly as it sits in Redis: the JSON text is kept whole so unknown fields survive.
struct QueuedEvent {
  std::string payload;
};

// Where an event went after its attempt; the record's "status" and the metrics' outcome label.
enum class OutcomeStatus { kDone, kRetry, kMarketClosed, kDeadLetter };
inline constexpr std::array<OutcomeStatus, 4> kOutcomeStatuses = {
    OutcomeStatus::kDone, OutcomeStatus::kRetry, OutcomeStatus::kMarketClosed,
    OutcomeStatus::kDeadLetter};
std::string_view to_string(OutcomeStatus status);  // done, retry, market_closed, dead_letter
std::optional<OutcomeStatus> parse_outcome_status(std::string_view text);

// What happened to one event; appended to the history and shown by the API.
struct OutcomeRecord {
  std::string event_id;
  std::string account_id;
  std::string command;
  OutcomeStatus status = OutcomeStatus::kRetry;
  std::string error;   // reason in words, empty when done
  std::string result;  // command output as JSON text (positions, equity, plan...), may be empty
  std::vector<OrderOutcome> orders;
  std::vector<std::pair<std::string, std::int64_t>> phase_ms;  // phase name, wall milliseconds
  Timestamp finished_at{};
};

class EventQueue {
 public:
  virtual ~EventQueue() = default;

  // Refreshes this worker's liveness, then waits up to `wait` for an event and moves it into
  // this worker's processing list, leasing its account. Skips events of accounts leased by
  // another worker (keeping each account's order); takes nothing while processing is paused.
  // May return nothing before `wait` has passed (only events of busy accounts are queued).
  virtual Result<std::optional<QueuedEvent>> next(std::chrono::milliseconds wait) = 0;
  // Done: out of the processing list, dedup key removed, outcome appended to the history.
  virtual Result<void> finish(const QueuedEvent& event, const OutcomeRecord& outcome) = 0;
  // Failure: times_queued + 1, into rebalance_delayed_set (score = now), dedup key removed.
  virtual Result<void> retry_later(const QueuedEvent& event, const OutcomeRecord& outcome) = 0;
  // Market closed: into delayed_execution_set with score = when the next session opens.
  virtual Result<void> park_until(const QueuedEvent& event, Timestamp when,
                                  const OutcomeRecord& outcome) = 0;
  // Permanent failure: kept whole in rebalance_dead_letter with the reason and time.
  virtual Result<void> dead_letter(const QueuedEvent& event, const OutcomeRecord& outcome) = 0;
  // Moves ready retries and due market-closed events back to the queue; returns how many.
  virtual Result<std::size_t> promote_due(Timestamp now) = 0;
  // Moves events of dead workers' processing lists back to the consuming end; returns how many.
  virtual Result<std::size_t> recover_orphans() = 0;
  // Refreshes this worker's liveness key and the lease of the event it runs.
  virtual Result<void> heartbeat() = 0;
  // The fence, asked right before orders are placed for the event being run: succeeds (and
  // extends the lease) only while this worker still holds the account's lease. Fails with
  // kUnavailable when the lease was lost or cannot be checked: then nothing may be placed.
  virtual Result<void> confirm_lease(const std::string& account_id) = 0;
  // True while an operator has paused processing.
  virtual Result<bool> paused() = 0;
};

}  // namespace ep::core
