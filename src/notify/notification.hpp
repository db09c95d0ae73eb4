// What the service tells its operator through the webhook (README "Notifications"): one value
// per message, built by AlertPolicy and rendered by webhook_body. Plain values; any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/domain.hpp"

namespace ep::notify {

enum class NotificationKind {
  kDeadLetter,           // an event was moved to the dead-letter list
  kRetryThreshold,       // an event was retried more than NOTIFY_RETRY_THRESHOLD times
  kTradingModeMismatch,  // the gateway's accounts do not match TRADING_MODE
  kGatewayDown,          // the gateway was unreachable longer than NOTIFY_GATEWAY_DOWN_MINUTES
  kGatewayRecovered,     // the gateway is back after a kGatewayDown
  kSuppressed,           // how many of a kind the rate limit held back
};
inline constexpr NotificationKind kAllKinds[] = {
    NotificationKind::kDeadLetter,          NotificationKind::kRetryThreshold,
    NotificationKind::kTradingModeMismatch, NotificationKind::kGatewayDown,
    NotificationKind::kGatewayRecovered,    NotificationKind::kSuppressed};

// dead_letter, retry_threshold, trading_mode_mismatch, gateway_down, gateway_recovered,
// suppressed: the "kind" field of the body and the metric label.
std::string_view to_string(NotificationKind kind);

enum class Severity { kCritical, kWarning, kInfo };
std::string_view to_string(Severity severity);  // critical, warning, info

struct Notification {
  NotificationKind kind = NotificationKind::kDeadLetter;
  Severity severity = Severity::kWarning;
  std::string message;  // one sentence for a human
  // The event's ids when the notification is about one event, else empty.
  std::string event_id;
  std::string account_id;
  std::string command;
  std::string reason;  // the error that caused it (already redacted where it was made)
  core::Timestamp timestamp{};
};

// The timestamp as ISO-8601 UTC with milliseconds: 2026-12-05T14:30:00.123Z.
std::string iso8601_utc(core::Timestamp when);

}  // namespace ep::notify
