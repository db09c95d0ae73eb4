#include "tws_client/pacer.hpp"

#include <algorithm>

namespace ep::tws_client {

RateWindow::RateWindow(int limit, std::chrono::nanoseconds window)
    : limit_(static_cast<std::size_t>(std::max(limit, 1))), window_(window) {}

SteadyTime RateWindow::next_allowed(SteadyTime now) const {
  if (sent_.size() < limit_) return now;
  // The oldest of the last `limit` sends must have left the window.
  return std::max(now, sent_.front() + window_);
}

void RateWindow::record(SteadyTime sent_at) {
  sent_.push_back(sent_at);
  while (sent_.size() > limit_) sent_.pop_front();
}

Pacer::Pacer(int messages_per_second, std::chrono::milliseconds guard)
    : window_(messages_per_second, std::chrono::seconds(1) + guard) {}

bool Pacer::acquire(SteadyTime deadline) {
  std::unique_lock lock(mu_);
  bool counted = false;
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    const auto allowed = window_.next_allowed(now);
    if (allowed <= now) {
      window_.record(now);
      return true;
    }
    if (allowed > deadline) return false;
    if (!counted) {
      ++waits_;
      counted = true;
    }
    // Pacing wait: until the oldest token comes back (woken early only spuriously).
    cv_.wait_until(lock, allowed);
  }
}

std::int64_t Pacer::waits() const {
  std::lock_guard lock(mu_);
  return waits_;
}

}  // namespace ep::tws_client
