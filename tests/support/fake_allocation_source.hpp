// A scriptable core::AllocationSource for tests: answers per strategy, can fail N times first,
// and records every fetch. Thread-safe (a processor thread may call it while a test reads it).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/allocation_source.hpp"

namespace ep::test {

class FakeAllocationSource final : public core::AllocationSource {
 public:
  core::Result<core::AllocationAnswer> fetch(const std::string& strategy) override;

  // The answer for a strategy: weights in the given order.
  void set(const std::string& strategy, std::vector<core::TargetAllocation> allocations);
  void set_error(const std::string& strategy, core::Error error);
  // The next `count` fetches (any strategy) fail with kUnavailable.
  void fail_next(int count);
  // Runs at the start of every fetch, outside the lock (e.g. to hold a processor mid-event).
  void on_fetch(std::function<void()> hook);

  std::vector<std::string> fetches() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, core::Result<core::AllocationAnswer>> answers_;
  int failures_left_ = 0;
  std::vector<std::string> fetches_;
  std::function<void()> hook_;
};

}  // namespace ep::test
