// Outgoing message pacing for one gateway connection. IB allows 50 messages per second and may
// disconnect a client that sends more. The limiter is a token bucket with `limit` tokens in
// which every token comes back exactly one window after it was spent; a window is 1 s plus a
// guard, so even with delivery jitter no 1 s window at the gateway sees more than `limit`.
// Bursts up to the limit go out at once. RateWindow is the pure rule (time passed in); Pacer
// makes senders wait for a token (never fail while the deadline allows) and is thread-safe.
//
// With a shared budget (core::MessageBudget: one per gateway, shared by every processor on it),
// a message needs a slot of the budget as well as a local token, so the local limit holds
// whatever the budget says. While the budget cannot be reached the connection paces locally at
// the shared bound divided by the clients that shared it (shared_slots.hpp), and asks again
// after a second: trading never waits on the budget beyond the sender's deadline.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>

#include "core/message_budget.hpp"
#include "tws_client/shared_slots.hpp"

namespace ep::tws_client {

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
  // Paced by `budget` too (shared mode); slots are used within `slot_validity` of their grant.
  Pacer(int messages_per_second, std::chrono::milliseconds guard,
        std::shared_ptr<core::MessageBudget> budget, std::chrono::milliseconds slot_validity);

  // Takes a token, waiting for one if needed (a pacing wait, not a sleep on the event path).
  // False when no token frees up before the deadline: then nothing may be sent.
  bool acquire(SteadyTime deadline);
  // How many acquire() calls had to wait.
  std::int64_t waits() const;
  // Shared mode: how many times the budget did not answer (local pacing took over).
  std::int64_t budget_failures() const;

 private:
  struct SharedStep {
    bool taken = false;
    SteadyTime retry_at{};
  };
  // One step towards a slot of the shared budget, with mu_ held. The budget is asked with the
  // lock held: the session's write lock serializes senders anyway.
  SharedStep take_shared(SteadyTime now);

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::chrono::nanoseconds window_length_;
  RateWindow window_;
  // Read without mu_ (status): a sender may hold mu_ while the budget answers.
  std::atomic<std::int64_t> waits_{0};
  std::shared_ptr<core::MessageBudget> budget_;  // null: per-connection pacing only
  SharedSlots slots_;
  // Local pacing while the budget does not answer; kept across outages (a new one only when
  // the rate changes) so two outages a moment apart do not allow two bursts in one window.
  int fallback_rate_;
  RateWindow fallback_window_;
  std::atomic<std::int64_t> budget_failures_{0};
};

}  // namespace ep::tws_client
