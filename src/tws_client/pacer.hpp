// Outgoing message pacing for one gateway connection. IB allows 50 messages per second and may
// disconnect a client that sends more. The limiter is a token bucket with `limit` tokens in
// which every token comes back exactly one window after it was spent; a window is 1 s plus a
// guard, so even with delivery jitter no 1 s window at the gateway sees more than `limit`.
// Bursts up to the limit go out at once. RateWindow is the pure rule (time passed in); Pacer
// makes senders wait for a token (never fail while the deadline allows) and is thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace ep::tws_client {

using SteadyTime = std::chrono::steady_clock::time_point;

class RateWindow {
 public:
  RateWindow(int limit, std::chrono::nanoseconds window);

  // The earliest time, at or after now, at which one more message may be sent.
  SteadyTime next_allowed(SteadyTime now) const;
  void record(SteadyTime sent_at);

 private:
  std::size_t limit_;
  std::chrono::nanoseconds window_;
  std::deque<SteadyTime> sent_;  // the last `limit` send times, oldest first
};

class Pacer {
 public:
  Pacer(int messages_per_second, std::chrono::milliseconds guard);

  // Takes a token, waiting for one if needed (a pacing wait, not a sleep on the event path).
  // False when no token frees up before the deadline: then nothing may be sent.
  bool acquire(SteadyTime deadline);
  // How many acquire() calls had to wait.
  std::int64_t waits() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  RateWindow window_;
  std::int64_t waits_ = 0;
};

}  // namespace ep::tws_client
