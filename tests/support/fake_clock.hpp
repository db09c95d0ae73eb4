// A settable core::Clock for tests: wall time and monotonic time move only when a test says so,
// so retry, park and market-hours decisions are tested without sleeping. Thread-safe: a test
// thread may move it while a processor thread reads it.
#pragma once

#include <chrono>
#include <mutex>

#include "core/clock.hpp"

namespace ep::test {

class FakeClock final : public core::Clock {
 public:
  // Starts at `wall` (default 2024-07-22T15:00:00Z, a Monday at 11:00 New York).
  explicit FakeClock(core::Timestamp wall = default_start());

  core::Timestamp now() const override;
  core::Deadline monotonic() const override;

  void set_now(core::Timestamp wall);
  // Moves wall and monotonic time forward together.
  void advance(std::chrono::milliseconds step);

  static core::Timestamp default_start();

 private:
  mutable std::mutex mutex_;
  core::Timestamp wall_;
  core::Deadline steady_;
};

// UTC time point from calendar fields, for readable tests.
core::Timestamp utc(int year, unsigned month, unsigned day, int hour, int minute, int second = 0);

}  // namespace ep::test
