// An in-memory core::EventQueue for processor tests. Records which outcome each event got, with
// its payload, outcome record and park time; can be told to fail any operation with
// kUnavailable N times (a Redis outage). next() waits up to its timeout for a push, so a
// processor loop in another thread does not spin. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/event_queue.hpp"

namespace ep::test {

enum class QueueOp {
  kNext,
  kFinish,
  kRetryLater,
  kParkUntil,
  kDeadLetter,
  kPromoteDue,
  kRecoverOrphans,
  kHeartbeat,
  kPaused,
  kConfirmLease,
};

struct RecordedOutcome {
  QueueOp action = QueueOp::kFinish;  // kFinish, kRetryLater, kParkUntil or kDeadLetter
  std::string payload;
  core::OutcomeRecord outcome;
  std::optional<core::Timestamp> park_until;
};

class FakeEventQueue final : public core::EventQueue {
 public:
  core::Result<std::optional<core::QueuedEvent>> next(std::chrono::milliseconds wait) override;
  core::Result<void> finish(const core::QueuedEvent& event,
                            const core::OutcomeRecord& outcome) override;
  core::Result<void> retry_later(const core::QueuedEvent& event,
                                 const core::OutcomeRecord& outcome) override;
  core::Result<void> park_until(const core::QueuedEvent& event, core::Timestamp when,
                                const core::OutcomeRecord& outcome) override;
  core::Result<void> dead_letter(const core::QueuedEvent& event,
                                 const core::OutcomeRecord& outcome) override;
  core::Result<std::size_t> promote_due(core::Timestamp now) override;
  core::Result<std::size_t> recover_orphans() override;
  core::Result<void> heartbeat() override;
  core::Result<bool> paused() override;
  // Fails (as the Redis adapter does) once lose_lease() was called; records the accounts asked.
  core::Result<void> confirm_lease(const std::string& account_id) override;

  void push(std::string payload);
  void set_paused(bool paused);
  // From now on the lease is lost: confirm_lease() fails.
  void lose_lease();
  // From now on the claim on every event in processing is lost (another worker recovered it):
  // outcomes and confirm_lease() fail with kClaimLost and record nothing, as the Redis adapter.
  void lose_claim();
  std::vector<std::string> lease_checks() const;  // account of each confirm_lease() call
  // The next `count` calls of `op` fail with kUnavailable.
  void fail(QueueOp op, int count);
  // The next `count` calls of any operation fail with kUnavailable.
  void fail_all(int count);

  std::vector<RecordedOutcome> outcomes() const;
  std::size_t pending() const;     // events waiting in the queue
  std::size_t processing() const;  // taken by next() and not yet given an outcome
  int calls(QueueOp op) const;     // successful and failed calls of `op`
  std::vector<core::Timestamp> promote_times() const;
  // Waits (real time, bounded) until `op` was called at least `count` times.
  bool wait_for_calls(QueueOp op, int count, std::chrono::milliseconds timeout) const;
  // Waits (real time, bounded) until at least `count` outcomes are recorded.
  bool wait_for_outcomes(std::size_t count, std::chrono::milliseconds timeout) const;

 private:
  // Counts the call; true when it must fail. Caller holds the lock.
  bool count_and_maybe_fail(QueueOp op);
  core::Result<void> record(QueueOp op, const core::QueuedEvent& event,
                            const core::OutcomeRecord& outcome,
                            std::optional<core::Timestamp> when);

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<std::string> queue_;
  std::vector<std::string> processing_;
  std::vector<RecordedOutcome> outcomes_;
  std::map<QueueOp, int> failures_left_;
  int fail_all_left_ = 0;
  std::map<QueueOp, int> calls_;
  std::vector<core::Timestamp> promote_times_;
  bool paused_ = false;
  bool lease_lost_ = false;
  bool claim_lost_ = false;
  std::vector<std::string> lease_checks_;
};

}  // namespace ep::test
