#include "notify/webhook_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace ep::notify {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char lower, char c) {
           return std::tolower(static_cast<unsigned char>(c)) == lower;
         });
}

}  // namespace

core::Result<WebhookTarget> parse_webhook_url(std::string_view url) {
  const bool clean = std::none_of(url.begin(), url.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u >= 0x7f;
  });
  if (!clean) {
    return core::invalid_input("must be a URL without spaces, control or non-ASCII characters");
  }
  WebhookTarget target;
  std::string_view rest;
  if (starts_with_nocase(url, "https://")) {
    rest = url.substr(8);
  } else if (starts_with_nocase(url, "http://")) {
    target.https = false;
    rest = url.substr(7);
  } else {
    return core::invalid_input("must start with http:// or https://");
  }
  rest = rest.substr(0, rest.find('#'));  // a fragment never travels
  const std::size_t authority_end = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, authority_end);
  std::string_view path =
      authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return core::invalid_input("must not contain user info (user:password@)");
  }
  std::string_view host = authority;
  std::string_view port_text;
  if (host.starts_with('[')) {  // [::1]:8080
    const std::size_t close = host.find(']');
    if (close == std::string_view::npos)
      return core::invalid_input("has an unclosed [ in its host");
    const std::string_view after = host.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) {
      return core::invalid_input("has text after its [host]");
    }
    if (!after.empty()) port_text = after.substr(1);
    host = host.substr(0, close + 1);
  } else if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    port_text = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.empty() || host == "[]") return core::invalid_input("has no host");
  int port = target.https ? 443 : 80;
  if (!port_text.empty() || authority.ends_with(':')) {
    const auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc{} || end != port_text.data() + port_text.size() || port < 1 ||
        port > 65535) {
      return core::invalid_input("has a port outside 1..65535");
    }
  }
  std::string host_lower(host);
  std::transform(host_lower.begin(), host_lower.end(), host_lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string scheme = target.https ? "https://" : "http://";
  target.scheme_host_port = scheme + host_lower + ":" + std::to_string(port);
  target.display = scheme + host_lower;
  if (path.empty()) {
    target.target = "/";
  } else if (path.starts_with('?')) {
    target.target = "/" + std::string(path);
  } else {
    target.target = std::string(path);
  }
  return target;
}

}  // namespace ep::notify
