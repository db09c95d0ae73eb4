#include "tests/support/fake_event_queue.hpp"

#include <algorithm>

namespace ep::test {

namespace {
core::Error redis_down() {
  return core::unavailable("redis: connection refused (fake)");
}
}  // namespace

bool FakeEventQueue::count_and_maybe_fail(QueueOp op) {
  ++calls_[op];
  changed_.notify_all();
  if (fail_all_left_ > 0) {
    --fail_all_left_;
    return true;
  }
  auto& left = failures_left_[op];
  if (left > 0) {
    --left;
    return true;
  }
  return false;
}

core::Result<std::optional<core::QueuedEvent>> FakeEventQueue::next(
    std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  if (count_and_maybe_fail(QueueOp::kNext)) return redis_down();
  changed_.wait_for(lock, wait, [&] { return !queue_.empty(); });
  if (queue_.empty()) return std::optional<core::QueuedEvent>{};
  std::string payload = std::move(queue_.front());
  queue_.pop_front();
  processing_.push_back(payload);
  return std::optional<core::QueuedEvent>{core::QueuedEvent{std::move(payload)}};
}

core::Result<void> FakeEventQueue::record(QueueOp op, const core::QueuedEvent& event,
                                          const core::OutcomeRecord& outcome,
                                          std::optional<core::Timestamp> when) {
  std::lock_guard lock(mutex_);
  if (count_and_maybe_fail(op)) return redis_down();
  if (claim_lost_) return core::claim_lost("claim lost (fake): the outcome was not recorded");
  const auto it = std::find(processing_.begin(), processing_.end(), event.payload);
  if (it == processing_.end()) {
    return core::internal_error("fake queue: event is not in the processing list");
  }
  processing_.erase(it);
  outcomes_.push_back({op, event.payload, outcome, when});
  changed_.notify_all();
  return core::success();
}

core::Result<void> FakeEventQueue::finish(const core::QueuedEvent& event,
                                          const core::OutcomeRecord& outcome) {
  return record(QueueOp::kFinish, event, outcome, std::nullopt);
}

core::Result<void> FakeEventQueue::retry_later(const core::QueuedEvent& event,
                                               const core::OutcomeRecord& outcome) {
  return record(QueueOp::kRetryLater, event, outcome, std::nullopt);
}

core::Result<void> FakeEventQueue::park_until(const core::QueuedEvent& event, core::Timestamp when,
                                              const core::OutcomeRecord& outcome) {
  return record(QueueOp::kParkUntil, event, outcome, when);
}

core::Result<void> FakeEventQueue::dead_letter(const core::QueuedEvent& event,
                                               const core::OutcomeRecord& outcome) {
  return record(QueueOp::kDeadLetter, event, outcome, std::nullopt);
}

core::Result<std::size_t> FakeEventQueue::promote_due(core::Timestamp now) {
  std::lock_guard lock(mutex_);
  if (count_and_maybe_fail(QueueOp::kPromoteDue)) return redis_down();
  promote_times_.push_back(now);
  return std::size_t{0};
}

core::Result<std::size_t> FakeEventQueue::recover_orphans() {
  std::lock_guard lock(mutex_);
  if (count_and_maybe_fail(QueueOp::kRecoverOrphans)) return redis_down();
  return std::size_t{0};
}

core::Result<void> FakeEventQueue::heartbeat() {
  std::lock_guard lock(mutex_);
  if (count_and_maybe_fail(QueueOp::kHeartbeat)) return redis_down();
  return core::success();
}

core::Result<bool> FakeEventQueue::paused() {
  std::lock_guard lock(mutex_);
  if (count_and_maybe_fail(QueueOp::kPaused)) return redis_down();
  return paused_;
}

core::Result<void> FakeEventQueue::confirm_lease(const std::string& account_id) {
  std::lock_guard lock(mutex_);
  if (count_and_maybe_fail(QueueOp::kConfirmLease)) return redis_down();
  lease_checks_.push_back(account_id);
  if (claim_lost_) return core::claim_lost("claim lost (fake): no order was placed");
  if (lease_lost_) {
    return core::unavailable("lease on account " + account_id +
                             " lost (fake): no order was placed");
  }
  return core::success();
}

void FakeEventQueue::lose_lease() {
  std::lock_guard lock(mutex_);
  lease_lost_ = true;
}

void FakeEventQueue::lose_claim() {
  std::lock_guard lock(mutex_);
  claim_lost_ = true;
}

std::vector<std::string> FakeEventQueue::lease_checks() const {
  std::lock_guard lock(mutex_);
  return lease_checks_;
}

void FakeEventQueue::push(std::string payload) {
  std::lock_guard lock(mutex_);
  queue_.push_back(std::move(payload));
  changed_.notify_all();
}

void FakeEventQueue::set_paused(bool paused) {
  std::lock_guard lock(mutex_);
  paused_ = paused;
}

void FakeEventQueue::fail(QueueOp op, int count) {
  std::lock_guard lock(mutex_);
  failures_left_[op] = count;
}

void FakeEventQueue::fail_all(int count) {
  std::lock_guard lock(mutex_);
  fail_all_left_ = count;
}

std::vector<RecordedOutcome> FakeEventQueue::outcomes() const {
  std::lock_guard lock(mutex_);
  return outcomes_;
}

std::size_t FakeEventQueue::pending() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::size_t FakeEventQueue::processing() const {
  std::lock_guard lock(mutex_);
  return processing_.size();
}

int FakeEventQueue::calls(QueueOp op) const {
  std::lock_guard lock(mutex_);
  const auto it = calls_.find(op);
  return it == calls_.end() ? 0 : it->second;
}

std::vector<core::Timestamp> FakeEventQueue::promote_times() const {
  std::lock_guard lock(mutex_);
  return promote_times_;
}

bool FakeEventQueue::wait_for_calls(QueueOp op, int count,
                                    std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] {
    const auto it = calls_.find(op);
    return it != calls_.end() && it->second >= count;
  });
}

bool FakeEventQueue::wait_for_outcomes(std::size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return outcomes_.size() >= count; });
}

}  // namespace ep::test
