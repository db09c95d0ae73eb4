// A settable core::Clock for tests: wall time and monotonic time move only when a test says so
// or a wait moves them, so retry, park, market-hours and run-loop decisions are tested without
// sleeping. A wait (wait_until) moves virtual time to its deadline at once, so the run loop's
// backoffs and pause polls take no real time; with hold_waits(true) a wait blocks instead until
// the test moves the clock past its deadline or its stop token fires (to test what ends a wait).
// Thread-safe: a test thread may move it while a processor thread reads it or waits on it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "core/clock.hpp"

namespace ep::test {

class FakeClock final : public core::Clock {
 public:
  // Starts at `wall` (default 2024-07-22T15:00:00Z, a Monday at 11:00 New York).
  explicit FakeClock(core::Timestamp wall = default_start());

  core::Timestamp now() const override;
  core::Deadline monotonic() const override;
  bool wait_until(core::Deadline deadline, std::stop_token stop) const override;

  void set_now(core::Timestamp wall);
  // Moves wall and monotonic time forward together.
  void advance(std::chrono::milliseconds step);

  // true: waits block until the clock is moved past their deadline or their token stops;
  // false again releases the blocked ones as if their deadline had come.
  void hold_waits(bool hold);
  // With hold_waits(true): true once a wait is blocked on the clock, false after `limit` (real
  // time) without one.
  bool wait_for_blocked_wait(std::chrono::milliseconds limit) const;
  // Waits begun so far, and the virtual time they moved the clock.
  std::int64_t waits() const;
  std::chrono::nanoseconds waited() const;

  static core::Timestamp default_start();

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable_any moved_;
  // Mutable: a wait, const on the port, moves virtual time like the real clock's time passes.
  mutable core::Timestamp wall_;
  mutable core::Deadline steady_;
  mutable std::int64_t waits_ = 0;
  mutable std::chrono::nanoseconds waited_{0};
  bool hold_ = false;
  mutable int blocked_ = 0;  // waits blocked now (hold_waits)
};

// UTC time point from calendar fields, for readable tests.
core::Timestamp utc(int year, unsigned month, unsigned day, int hour, int minute, int second = 0);

}  // namespace ep::test
