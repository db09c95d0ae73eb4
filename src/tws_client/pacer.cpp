#include "tws_client/pacer.hpp"

#include <algorithm>
#include <string>

#include "logging/log.hpp"

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
    : Pacer(messages_per_second, guard, nullptr, std::chrono::milliseconds{0}) {}

Pacer::Pacer(int messages_per_second, std::chrono::milliseconds guard,
             std::shared_ptr<core::MessageBudget> budget, std::chrono::milliseconds slot_validity)
    : window_length_(std::chrono::seconds(1) + guard),
      window_(messages_per_second, window_length_),
      budget_(std::move(budget)),
      slots_(SharedSlotSettings{.messages_per_second = messages_per_second,
                                .validity = slot_validity}),
      fallback_rate_(messages_per_second),
      fallback_window_(messages_per_second, window_length_) {}

bool Pacer::acquire(SteadyTime deadline) {
  std::unique_lock lock(mu_);
  bool counted = false;
  // Pacing wait: until a token may come back (woken early only spuriously).
  auto wait_until = [&](SteadyTime at) {
    if (at > deadline) return false;
    if (at <= std::chrono::steady_clock::now()) return true;
    if (!counted) {
      ++waits_;
      counted = true;
    }
    cv_.wait_until(lock, at);
    return true;
  };
  for (;;) {
    const auto now = std::chrono::steady_clock::now();
    const auto allowed = window_.next_allowed(now);
    if (allowed > now) {
      if (!wait_until(allowed)) return false;
      continue;
    }
    if (budget_) {
      const auto step = take_shared(now);
      if (!step.taken) {
        if (!wait_until(step.retry_at)) return false;
        continue;
      }
    }
    window_.record(now);
    return true;
  }
}

Pacer::SharedStep Pacer::take_shared(SteadyTime now) {
  if (slots_.take_held(now)) return {.taken = true};
  if (slots_.in_fallback(now)) {
    const auto allowed = fallback_window_.next_allowed(now);
    if (allowed > now) return {.retry_at = std::min(allowed, slots_.fallback_until())};
    fallback_window_.record(now);
    return {.taken = true};
  }
  const bool was_failing = slots_.fallback_until() != SteadyTime{};
  auto grant = budget_->take(slots_.wanted(now));
  const auto after = std::chrono::steady_clock::now();
  // A slot's validity runs from the ask (the grant happened after it): an answer slower than
  // that brings only slots too old to use, and waiting on it would never send.
  if (grant && grant->granted > 0 && !slots_.usable(now, after)) {
    if (!slots_.late_answer()) return {.retry_at = after};  // ask again at once
    grant = core::unavailable(
        "the budget answered after " +
        std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(after - now).count()) +
        " ms, later than a slot may be used, several times in a row");
  }
  if (!grant) {
    ++budget_failures_;
    slots_.unreachable(after);
    if (slots_.fallback_rate() != fallback_rate_) {
      fallback_rate_ = slots_.fallback_rate();
      fallback_window_ = RateWindow(fallback_rate_, window_length_);
    }
    if (!was_failing) {
      log::warn("shared message budget unreachable: pacing this connection alone",
                {{"budget", budget_->describe()},
                 {"messages_per_second", slots_.fallback_rate()},
                 {"error", grant.error().message}});
    }
    return {.retry_at = after};
  }
  if (was_failing)
    log::info("shared message budget reachable again", {{"budget", budget_->describe()}});
  slots_.granted(now, *grant);
  if (grant->granted > 0) return {.retry_at = after};
  return {.retry_at = after + grant->retry_after};
}

std::int64_t Pacer::waits() const {
  return waits_.load();
}

std::int64_t Pacer::budget_failures() const {
  return budget_failures_.load();
}

}  // namespace ep::tws_client
