#include "notify/notification.hpp"

#include <fmt/format.h>

#include <ctime>

namespace ep::notify {

std::string_view to_string(NotificationKind kind) {
  switch (kind) {
    case NotificationKind::kDeadLetter:
      return "dead_letter";
    case NotificationKind::kRetryThreshold:
      return "retry_threshold";
    case NotificationKind::kTradingModeMismatch:
      return "trading_mode_mismatch";
    case NotificationKind::kGatewayDown:
      return "gateway_down";
    case NotificationKind::kGatewayRecovered:
      return "gateway_recovered";
    case NotificationKind::kSuppressed:
      return "suppressed";
  }
  return "unknown";
}

std::string_view to_string(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
      return "critical";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "warning";
}

std::string iso8601_utc(core::Timestamp when) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch());
  const auto seconds = std::chrono::floor<std::chrono::seconds>(ms);
  const std::time_t t = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&t, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                     (ms - seconds).count());
}

}  // namespace ep::notify
