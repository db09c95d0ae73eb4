#include "monitor_http/change_origin.hpp"

#include <string>

#include "monitor_http/change_guard.hpp"
#include "monitor_http/http_error.hpp"

namespace ep::monitor_http {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "http://host:port" (or https) whose authority is the Host the client addressed.
bool same_origin(std::string_view origin, std::string_view host) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (origin.size() > scheme.size() &&
        equals_ignoring_case(origin.substr(0, scheme.size()), scheme)) {
      return !host.empty() && equals_ignoring_case(origin.substr(scheme.size()), host);
    }
  }
  return false;
}

bool announces_body(const ApiRequest& head) {
  if (head.has_header("Transfer-Encoding")) return true;
  if (!head.has_header("Content-Length")) return false;
  return trim(head.get_header_value("Content-Length")) != "0";
}

// "localhost", "127.0.0.1:8000", "[::1]:8000": the host part names this machine.
bool loopback_host(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    host = close == std::string_view::npos ? host.substr(1) : host.substr(1, close - 1);
  } else if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  return equals_ignoring_case(host, "localhost") || is_loopback_address(host);
}

}  // namespace

void check_change_origin(const ApiRequest& head, bool token_configured) {
  if (head.method == "GET" || head.method == "HEAD") return;
  if (!token_configured && head.has_header("Host") &&
      !loopback_host(trim(head.get_header_value("Host")))) {
    throw HttpError(403,
                    "without MANAGEMENT_API_TOKEN changes must address the API as "
                    "localhost or a loopback address (Host header)");
  }
  if (head.has_header("Sec-Fetch-Site")) {
    const std::string value = head.get_header_value("Sec-Fetch-Site");
    const std::string_view site = trim(value);
    if (!equals_ignoring_case(site, "same-origin") && !equals_ignoring_case(site, "none")) {
      throw HttpError(403,
                      "cross-site changes are refused (Sec-Fetch-Site: " + std::string(site) + ")");
    }
  }
  if (head.has_header("Origin") &&
      !same_origin(trim(head.get_header_value("Origin")), trim(head.get_header_value("Host")))) {
    throw HttpError(403,
                    "changes from another origin are refused; send the request without an "
                    "Origin header (curl, scripts) or from this API's own origin");
  }
  if (head.has_header("Authorization") || head.has_header("X-Requested-With")) return;
  const std::string type = head.get_header_value("Content-Type");
  if (type.empty() && !announces_body(head)) return;  // bodiless curl -X POST
  const auto semicolon = type.find(';');
  const auto media = trim(std::string_view(type).substr(0, semicolon));
  if (!equals_ignoring_case(media, "application/json")) {
    throw HttpError(415,
                    "a change with a body needs 'Content-Type: application/json' (or the "
                    "header 'X-Requested-With')");
  }
}

}  // namespace ep::monitor_http
