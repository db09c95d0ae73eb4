#include "tws_client/shared_slots.hpp"

#include <algorithm>

namespace ep::tws_client {

SharedSlots::SharedSlots(SharedSlotSettings settings) : settings_(settings) {
  settings_.max_batch = std::max(settings_.max_batch, 1);
}

bool SharedSlots::take_held(SteadyTime now) {
  if (held_ == 0 || now >= valid_until_) return false;
  --held_;
  return true;
}

int SharedSlots::wanted(SteadyTime now) {
  if (last_grant_ > 0) {
    const int used = last_grant_ - (now < valid_until_ ? 0 : held_);
    if (held_ > 0 && now >= valid_until_) {
      batch_ = std::max(1, used);  // slots expired unused: ask for what was used
    } else if (held_ == 0 && now < valid_until_ && used == batch_) {
      batch_ = std::min(settings_.max_batch, batch_ * 2);  // all used, more wanted at once
    }
  }
  held_ = 0;
  last_grant_ = 0;
  return batch_;
}

void SharedSlots::granted(SteadyTime asked_at, const core::MessageGrant& grant) {
  held_ = std::max(grant.granted, 0);
  last_grant_ = held_;
  valid_until_ = asked_at + settings_.validity;
  sharers_ = std::max(grant.sharers, 1);
  fallback_until_ = {};
  late_in_a_row_ = 0;
}

bool SharedSlots::late_answer() {
  held_ = 0;
  last_grant_ = 0;
  return ++late_in_a_row_ >= settings_.max_late_answers;
}

void SharedSlots::unreachable(SteadyTime now) {
  late_in_a_row_ = 0;
  held_ = 0;
  last_grant_ = 0;
  fallback_until_ = now + settings_.fallback_for;
}

int SharedSlots::fallback_rate() const {
  return std::max(1, settings_.messages_per_second / sharers_);
}

}  // namespace ep::tws_client
