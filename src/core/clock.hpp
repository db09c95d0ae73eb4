// The Clock port: time enters the core only through here, so market-hours and retry decisions
// are tested without sleeping. SystemClock is the real one; tests use a settable fake.
#pragma once

#include "core/domain.hpp"

namespace ep::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
  virtual Deadline monotonic() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override { return std::chrono::system_clock::now(); }
  Deadline monotonic() const override { return std::chrono::steady_clock::now(); }
};

}  // namespace ep::core
