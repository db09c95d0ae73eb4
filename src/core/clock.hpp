// The Clock port: time enters the core and the processor only through here, so market-hours,
// retry and run-loop decisions are tested without sleeping: the reads (now, monotonic) and the
// waits (wait_until). SystemClock is the real one; tests use a fake whose waits move virtual
// time (tests/support/fake_clock.hpp). Any thread.
#pragma once

#include <stop_token>

#include "core/domain.hpp"

namespace ep::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
  virtual Deadline monotonic() const = 0;
  // Returns once monotonic() has reached `deadline` (true) or `stop` was requested (false),
  // whichever comes first; at once when either already holds. A default-constructed token never
  // stops, so the wait runs to its deadline.
  virtual bool wait_until(Deadline deadline, std::stop_token stop) const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override { return std::chrono::system_clock::now(); }
  Deadline monotonic() const override { return std::chrono::steady_clock::now(); }
  bool wait_until(Deadline deadline, std::stop_token stop) const override;
};

}  // namespace ep::core
