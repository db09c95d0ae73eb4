// The client's side of a message budget shared by every client of one gateway
// (core::MessageBudget, README "Several processors"): which slots it holds, how many to ask for
// at once, and the local rate to fall back to while the budget cannot be reached. Pure: time is
// passed in; Pacer owns one per connection and does the asking.
//
// Slots are asked for in small batches so the budget's cost (one Redis call per batch) stays
// small. A granted slot is valid for `validity` only: the budget counts it from the moment it
// was granted, so a slot used later than that could make the gateway see more than the limit
// in one second. The batch grows (doubling, up to max_batch) while every slot of the last batch
// was used and more were wanted before it ran out, and shrinks to what was used when slots
// expired unused (an unused slot still counts against every other processor for a window).
#pragma once

#include <chrono>

#include "core/message_budget.hpp"

namespace ep::tws_client {

using SteadyTime = std::chrono::steady_clock::time_point;

struct SharedSlotSettings {
  int messages_per_second = 50;  // the shared bound (and the local limit)
  std::chrono::nanoseconds validity{std::chrono::milliseconds{20}};
  int max_batch = 4;
  // How long to pace locally after the budget could not be reached before asking it again.
  std::chrono::nanoseconds fallback_for{std::chrono::seconds{1}};
  // Answers in a row that came back later than the validity (their slots unusable) before the
  // budget counts as unreachable. One slow answer (a busy host) is asked again at once:
  // pacing alone while the other processors keep using the whole budget would exceed it.
  int max_late_answers = 3;
};

class SharedSlots {
 public:
  explicit SharedSlots(SharedSlotSettings settings);

  // Uses one held slot if one is still valid at `now`.
  bool take_held(SteadyTime now);
  // How many slots to ask for now: the batch size, adapted to how the last batch was used.
  int wanted(SteadyTime now);
  // `asked_at`: when the budget was asked (the grant is no older), the start of the validity.
  void granted(SteadyTime asked_at, const core::MessageGrant& grant);
  // Whether slots asked for at `asked_at` can still be used at `now`.
  bool usable(SteadyTime asked_at, SteadyTime now) const {
    return now < asked_at + settings_.validity;
  }
  // The budget did not answer: pace locally until now + fallback_for.
  void unreachable(SteadyTime now);
  // The budget answered too late to use the slots. True when that happened max_late_answers
  // times in a row: then it counts as unreachable.
  bool late_answer();

  bool in_fallback(SteadyTime now) const { return now < fallback_until_; }
  SteadyTime fallback_until() const { return fallback_until_; }
  // The local rate while the budget is unreachable: the shared bound divided by the clients
  // that shared it when it last answered, at least 1 message per second.
  int fallback_rate() const;
  int batch() const { return batch_; }

 private:
  SharedSlotSettings settings_;
  int batch_ = 1;
  int held_ = 0;        // slots of the last grant not used yet
  int last_grant_ = 0;  // slots in the last grant
  SteadyTime valid_until_{};
  SteadyTime fallback_until_{};
  int sharers_ = 1;
  int late_in_a_row_ = 0;
};

}  // namespace ep::tws_client
