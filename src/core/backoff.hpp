// Capped exponential backoff with jitter, the one used for every retry of a lost neighbour
// (Redis in the processor loop and at start, the gateway reconnect): each failure doubles the
// base delay up to the cap, and the delay drawn is uniform in [base/2, base] so several
// processors do not retry in step. Pure (the caller waits). Not thread-safe; one per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace ep::core {

class Backoff {
 public:
  Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap,
          std::uint64_t seed = std::random_device{}());

  // The wait before the next attempt; grows with each call until reset().
  std::chrono::milliseconds next_delay();
  void reset() { failures_ = 0; }
  int failures() const { return failures_; }

 private:
  std::chrono::milliseconds initial_;
  std::chrono::milliseconds cap_;
  int failures_ = 0;
  std::mt19937_64 random_;
};

}  // namespace ep::core
