// What is worth telling the operator, and when (README "Notifications"): turns what the service
// observes (an outcome written to the queue, the gateway's state, the trading-mode verdict) into
// at most one Notification, with the dedupe and rate-limit rules that keep an operator from
// being flooded. Pure: no I/O, time comes in as arguments. Not thread-safe: one owner (app's
// Alerts) serialises the calls.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/event_queue.hpp"
#include "notify/notification.hpp"

namespace ep::notify {

struct AlertPolicyOptions {
  // An event that has to be retried more than this many times is reported once, when its
  // retry count goes from retry_threshold to retry_threshold + 1.
  int retry_threshold = 5;
  // The gateway unreachable this long (without a break the supervisor saw) is one outage.
  std::chrono::milliseconds gateway_down_after{std::chrono::minutes{5}};
  // Per-event kinds (dead letter, retry threshold): at most `burst` per `window`; the rest are
  // counted and reported in one kSuppressed summary when the window ends.
  int burst = 10;
  std::chrono::milliseconds window{std::chrono::minutes{10}};
  // Event ids remembered for the dead-letter dedupe (the oldest is forgotten first).
  std::size_t remembered_events = 1024;
};

// What one observation produced: a notification to send, or one the rate limit held back.
struct Triggered {
  std::optional<Notification> send;
  std::optional<NotificationKind> held_back;
};

class AlertPolicy {
 public:
  explicit AlertPolicy(AlertPolicyOptions options);

  // An outcome written with status dead_letter: once per event id.
  Triggered dead_lettered(const core::OutcomeRecord& outcome, core::Deadline now);
  // An outcome written with status retry for an event that ran with `times_queued` (1 on its
  // first attempt, +1 per retry; the run with t failed, so the event is now retried for the
  // t-th time): once, when that retry count crosses the threshold. Deterministic, so with
  // several workers only the one writing the crossing retry reports it, and a restart does not
  // report it again.
  Triggered retried(const core::OutcomeRecord& outcome, std::int64_t times_queued,
                    core::Deadline now);
  // The trading-mode verdict of a check: once per mismatch episode (a match ends it).
  Triggered trading_mode(bool matches, std::string_view error, core::Timestamp wall,
                         core::Deadline now);
  // The gateway's state as last observed: kGatewayDown once per outage longer than
  // gateway_down_after, kGatewayRecovered when that outage ends.
  Triggered gateway(bool connected, std::string_view last_error, core::Timestamp wall,
                    core::Deadline now);
  // Summaries of what the rate limit held back in windows that ended by `now`.
  std::vector<Notification> tick(core::Timestamp wall, core::Deadline now);

  const AlertPolicyOptions& options() const { return options_; }

 private:
  struct Window {
    core::Deadline start{};
    int sent = 0;
    int held_back = 0;
  };
  Triggered limited(Notification notification, core::Deadline now);
  void close_window_if_over(NotificationKind kind, core::Deadline now);
  bool remember(const std::string& event_id);

  AlertPolicyOptions options_;
  std::map<NotificationKind, Window> windows_;
  std::vector<std::pair<NotificationKind, int>> pending_summaries_;
  std::set<std::string> dead_letter_ids_;
  std::deque<std::string> dead_letter_order_;
  bool mode_mismatch_ = false;
  std::optional<core::Deadline> gateway_down_since_;
  bool gateway_down_reported_ = false;
};

// "45 s" below two minutes, else "7.5 min": how long an outage lasted, for a message.
std::string duration_words(std::chrono::milliseconds duration);

}  // namespace ep::notify
