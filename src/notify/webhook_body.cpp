#include "notify/webhook_body.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace ep::notify {
namespace {

using nlohmann::json;

// `text` cut to kMaxReasonBytes without splitting a UTF-8 sequence; control characters other
// than a newline become spaces (a plain-text body must not carry them).
std::string bounded(std::string_view text) {
  std::string out;
  if (text.size() > kMaxReasonBytes) {
    std::size_t cut = kMaxReasonBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    out = std::string(text.substr(0, cut)) + "...";
  } else {
    out = std::string(text);
  }
  std::replace_if(
      out.begin(), out.end(),
      [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n'; }, ' ');
  return out;
}

json text_or_null(const std::string& text) {
  return text.empty() ? json(nullptr) : json(text);
}

std::string dump(const json& value) {
  // Broker and API texts may hold invalid UTF-8: replaced, never thrown on.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// "Event e-1 ... (account DU1, rebalance)": the lines after the message, shared by the
// plain-text shapes.
std::string detail_lines(const Notification& n) {
  std::string lines;
  if (!n.event_id.empty()) lines += "\nEvent: " + n.event_id;
  if (!n.account_id.empty()) lines += "\nAccount: " + n.account_id;
  if (!n.command.empty()) lines += "\nCommand: " + n.command;
  if (!n.reason.empty()) lines += "\nReason: " + bounded(n.reason);
  return lines;
}

// Slack's mrkdwn treats these three as control characters (its "escaping text" rules).
std::string slack_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

// How ntfy shows a severity: its priority (5 urgent, 4 high, 3 default) and an emoji tag.
struct NtfyStyle {
  std::string_view priority;
  std::string_view tag;
};

NtfyStyle ntfy_style(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
      return {"5", "rotating_light"};
    case Severity::kWarning:
      return {"4", "warning"};
    case Severity::kInfo:
      return {"3", "white_check_mark"};
  }
  return {"4", "warning"};
}

}  // namespace

std::string_view to_string(WebhookFormat format) {
  switch (format) {
    case WebhookFormat::kJson:
      return "json";
    case WebhookFormat::kSlack:
      return "slack";
    case WebhookFormat::kNtfy:
      return "ntfy";
  }
  return "json";
}

std::optional<WebhookFormat> parse_webhook_format(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "json") return WebhookFormat::kJson;
  if (lower == "slack") return WebhookFormat::kSlack;
  if (lower == "ntfy") return WebhookFormat::kNtfy;
  return std::nullopt;
}

WebhookRequest render_webhook(const Notification& n, WebhookFormat format) {
  WebhookRequest request;
  const std::string kind(to_string(n.kind));
  const std::string severity(to_string(n.severity));
  switch (format) {
    case WebhookFormat::kJson:
      request.content_type = "application/json";
      request.body = dump({{"kind", kind},
                           {"severity", severity},
                           {"message", n.message},
                           {"event_id", text_or_null(n.event_id)},
                           {"account_id", text_or_null(n.account_id)},
                           {"command", text_or_null(n.command)},
                           {"reason", text_or_null(bounded(n.reason))},
                           {"timestamp", iso8601_utc(n.timestamp)},
                           {"service", kServiceName}});
      break;
    case WebhookFormat::kSlack:
      request.content_type = "application/json";
      request.body = dump({{"text", slack_escape(fmt::format(
                                        "[{}] {} ({}): {}{}\nAt: {}", kServiceName, kind, severity,
                                        n.message, detail_lines(n), iso8601_utc(n.timestamp)))}});
      break;
    case WebhookFormat::kNtfy:
      request.content_type = "text/plain; charset=utf-8";
      request.headers = {{"Title", fmt::format("{}: {}", kServiceName, kind)},
                         {"Priority", std::string(ntfy_style(n.severity).priority)},
                         {"Tags", fmt::format("{},{}", ntfy_style(n.severity).tag, kind)}};
      request.body = n.message + detail_lines(n) + "\nAt: " + iso8601_utc(n.timestamp);
      break;
  }
  return request;
}

}  // namespace ep::notify
