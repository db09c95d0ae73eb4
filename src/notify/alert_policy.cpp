#include "notify/alert_policy.hpp"

#include <fmt/format.h>

#include <cctype>
#include <utility>

namespace ep::notify {
namespace {

Notification about_event(const core::OutcomeRecord& outcome, NotificationKind kind) {
  Notification n;
  n.kind = kind;
  n.event_id = outcome.event_id;
  n.account_id = outcome.account_id;
  n.command = outcome.command;
  n.reason = outcome.error;
  n.timestamp = outcome.finished_at;
  return n;
}

// "event e-1 (rebalance, account DU1)", or "an event that could not be read" without ids.
std::string event_words(const core::OutcomeRecord& outcome) {
  if (outcome.event_id.empty()) return "an event that could not be read";
  std::string words = "event " + outcome.event_id;
  if (!outcome.command.empty() || !outcome.account_id.empty()) {
    words += fmt::format(" ({}{}{})", outcome.command,
                         outcome.command.empty() || outcome.account_id.empty() ? "" : ", ",
                         outcome.account_id.empty() ? "" : "account " + outcome.account_id);
  }
  return words;
}

}  // namespace

std::string duration_words(std::chrono::milliseconds duration) {
  const double seconds = static_cast<double>(duration.count()) / 1000.0;
  if (seconds < 120) return fmt::format("{:.0f} s", seconds);
  return fmt::format("{:.1f} min", seconds / 60.0);
}

AlertPolicy::AlertPolicy(AlertPolicyOptions options) : options_(std::move(options)) {}

Triggered AlertPolicy::dead_lettered(const core::OutcomeRecord& outcome, core::Deadline now) {
  // An event id already reported (the same event dead-lettered again after a requeue) is not
  // reported twice; events without an id are only rate limited.
  if (!outcome.event_id.empty() && !remember(outcome.event_id)) return {};
  auto n = about_event(outcome, NotificationKind::kDeadLetter);
  n.severity = Severity::kCritical;
  std::string words = event_words(outcome);
  words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
  n.message = words + " was moved to the dead-letter list; it will not be retried";
  return limited(std::move(n), now);
}

Triggered AlertPolicy::retried(const core::OutcomeRecord& outcome, std::int64_t times_queued,
                               core::Deadline now) {
  const std::int64_t retries = times_queued;
  if (retries != static_cast<std::int64_t>(options_.retry_threshold) + 1) return {};
  auto n = about_event(outcome, NotificationKind::kRetryThreshold);
  n.severity = Severity::kWarning;
  std::string words = event_words(outcome);
  words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
  n.message = fmt::format("{} failed {} times and is retried again (more than {} retries)", words,
                          retries, options_.retry_threshold);
  return limited(std::move(n), now);
}

Triggered AlertPolicy::trading_mode(bool matches, std::string_view error, core::Timestamp wall,
                                    core::Deadline /*now*/) {
  if (matches) {
    mode_mismatch_ = false;
    return {};
  }
  if (mode_mismatch_) return {};
  mode_mismatch_ = true;
  Notification n;
  n.kind = NotificationKind::kTradingModeMismatch;
  n.severity = Severity::kCritical;
  n.message =
      "Trading mode mismatch: no event is processed until the gateway's accounts match "
      "TRADING_MODE";
  n.reason = std::string(error);
  n.timestamp = wall;
  return {std::move(n), std::nullopt};
}

Triggered AlertPolicy::gateway(bool connected, std::string_view last_error, core::Timestamp wall,
                               core::Deadline now) {
  if (connected) {
    const bool was_reported = gateway_down_reported_;
    const auto since = gateway_down_since_;
    gateway_down_since_.reset();
    gateway_down_reported_ = false;
    if (!was_reported || !since) return {};
    Notification n;
    n.kind = NotificationKind::kGatewayRecovered;
    n.severity = Severity::kInfo;
    n.message = fmt::format(
        "IB Gateway reachable again after {}",
        duration_words(std::chrono::duration_cast<std::chrono::milliseconds>(now - *since)));
    n.timestamp = wall;
    return {std::move(n), std::nullopt};
  }
  if (!gateway_down_since_) gateway_down_since_ = now;
  const auto down_for =
      std::chrono::duration_cast<std::chrono::milliseconds>(now - *gateway_down_since_);
  if (gateway_down_reported_ || down_for < options_.gateway_down_after) return {};
  gateway_down_reported_ = true;
  Notification n;
  n.kind = NotificationKind::kGatewayDown;
  n.severity = Severity::kCritical;
  n.message = fmt::format("IB Gateway unreachable for {} (threshold {}); events wait for it",
                          duration_words(down_for), duration_words(options_.gateway_down_after));
  n.reason = std::string(last_error);
  n.timestamp = wall;
  return {std::move(n), std::nullopt};
}

std::vector<Notification> AlertPolicy::tick(core::Timestamp wall, core::Deadline now) {
  std::vector<NotificationKind> kinds;
  for (const auto& entry : windows_) kinds.push_back(entry.first);
  for (const auto kind : kinds) close_window_if_over(kind, now);
  std::vector<Notification> summaries;
  for (const auto& [kind, count] : pending_summaries_) {
    Notification n;
    n.kind = NotificationKind::kSuppressed;
    n.severity = Severity::kWarning;
    n.message = fmt::format(
        "{} more {} notification(s) were held back by the rate limit ({} per {}); the "
        "management API lists them all",
        count, to_string(kind), options_.burst, duration_words(options_.window));
    n.reason = std::string(to_string(kind));
    n.timestamp = wall;
    summaries.push_back(std::move(n));
  }
  pending_summaries_.clear();
  return summaries;
}

Triggered AlertPolicy::limited(Notification notification, core::Deadline now) {
  const NotificationKind kind = notification.kind;
  close_window_if_over(kind, now);
  auto [it, opened] = windows_.try_emplace(kind);
  if (opened) it->second.start = now;
  Window& window = it->second;
  if (window.sent < options_.burst) {
    ++window.sent;
    return {std::move(notification), std::nullopt};
  }
  ++window.held_back;
  return {std::nullopt, kind};
}

void AlertPolicy::close_window_if_over(NotificationKind kind, core::Deadline now) {
  const auto it = windows_.find(kind);
  if (it == windows_.end() || now < it->second.start + options_.window) return;
  if (it->second.held_back > 0) pending_summaries_.emplace_back(kind, it->second.held_back);
  windows_.erase(it);
}

bool AlertPolicy::remember(const std::string& event_id) {
  if (!dead_letter_ids_.insert(event_id).second) return false;
  dead_letter_order_.push_back(event_id);
  if (dead_letter_order_.size() > options_.remembered_events) {
    dead_letter_ids_.erase(dead_letter_order_.front());
    dead_letter_order_.pop_front();
  }
  return true;
}

}  // namespace ep::notify
