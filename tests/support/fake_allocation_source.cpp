#include "tests/support/fake_allocation_source.hpp"

namespace ep::test {

core::Result<core::AllocationAnswer> FakeAllocationSource::fetch(const std::string& strategy) {
  std::function<void()> hook;
  {
    std::lock_guard lock(mutex_);
    hook = hook_;
  }
  if (hook) hook();
  std::lock_guard lock(mutex_);
  fetches_.push_back(strategy);
  if (failures_left_ > 0) {
    --failures_left_;
    return core::unavailable("allocation API answered HTTP 500 (fake)");
  }
  const auto it = answers_.find(strategy);
  if (it == answers_.end()) {
    return core::unavailable("allocation API answered HTTP 404 for " + strategy + " (fake)");
  }
  return it->second;
}

void FakeAllocationSource::set(const std::string& strategy,
                               std::vector<core::TargetAllocation> allocations) {
  std::lock_guard lock(mutex_);
  core::AllocationAnswer answer;
  answer.strategy_name = strategy;
  answer.allocations = std::move(allocations);
  answers_.insert_or_assign(strategy, core::Result<core::AllocationAnswer>(std::move(answer)));
}

void FakeAllocationSource::set_error(const std::string& strategy, core::Error error) {
  std::lock_guard lock(mutex_);
  answers_.insert_or_assign(strategy, core::Result<core::AllocationAnswer>(std::move(error)));
}

void FakeAllocationSource::fail_next(int count) {
  std::lock_guard lock(mutex_);
  failures_left_ = count;
}

void FakeAllocationSource::on_fetch(std::function<void()> hook) {
  std::lock_guard lock(mutex_);
  hook_ = std::move(hook);
}

std::vector<std::string> FakeAllocationSource::fetches() const {
  std::lock_guard lock(mutex_);
  return fetches_;
}

}  // namespace ep::test
