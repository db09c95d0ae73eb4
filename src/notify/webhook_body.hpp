// A Notification as the HTTP request the webhook receives, in one of three shapes
// (NOTIFY_WEBHOOK_FORMAT, README "Notifications"): json (our fields), slack (an incoming
// webhook's {"text": ...}) and ntfy (a plain-text publish with Title, Priority and Tags
// headers). Pure; any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notify/notification.hpp"

namespace ep::notify {

enum class WebhookFormat { kJson, kSlack, kNtfy };
std::string_view to_string(WebhookFormat format);                          // json, slack, ntfy
std::optional<WebhookFormat> parse_webhook_format(std::string_view text);  // case-insensitive

inline constexpr std::string_view kServiceName = "event-processor";
// A reason longer than this is cut (at a character boundary) and marked with "...": a body
// stays small whatever error text a broker or an API produced.
inline constexpr std::size_t kMaxReasonBytes = 1000;

struct WebhookRequest {
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
  std::string body;
};

WebhookRequest render_webhook(const Notification& notification, WebhookFormat format);

}  // namespace ep::notify
