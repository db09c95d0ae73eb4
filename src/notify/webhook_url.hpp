// NOTIFY_WEBHOOK_URL split for the HTTP client. The URL is a secret (a Slack hook's path or an
// ntfy topic is its only credential): no error here quotes it, and what may be shown of it is
// `display`, the scheme and host alone. Pure; any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ep::notify {

struct WebhookTarget {
  std::string scheme_host_port;  // "https://hooks.slack.com:443", what httplib::Client takes
  std::string target;            // path and query, sent as they are ("/" when none)
  std::string display;           // "https://hooks.slack.com": the most a log line may show
  bool https = true;
};

// Accepts http:// and https:// URLs with a host, an optional port 1..65535, a path and a query;
// a fragment is dropped (it never travels). kInvalidInput, naming the rule and never the URL,
// for another scheme, spaces or control characters, user info (user:password@), an empty host
// or a bad port.
core::Result<WebhookTarget> parse_webhook_url(std::string_view url);

}  // namespace ep::notify
