#include "allocation_api/request_target.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/control_characters.hpp"

namespace ep::allocation_api {
namespace {

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
}

core::Error bad_url(std::string_view url, std::string_view why) {
  // The URL is configuration, not a secret, but cut it anyway in case it is junk.
  return core::invalid_input(
      fmt::format("allocation API URL '{}' is not usable: {}", url.substr(0, 200), why));
}

}  // namespace

core::Result<ApiEndpoint> parse_api_url(std::string_view url) {
  ApiEndpoint endpoint;
  std::string_view rest;
  if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    endpoint.https = false;
    rest = url.substr(7);
  } else {
    return bad_url(url, "it must start with https:// or http://");
  }
  if (std::any_of(url.begin(), url.end(), [](char c) {
        return core::is_control_character(static_cast<unsigned char>(c)) || c == ' ';
      })) {
    return bad_url(url, "it contains spaces or control characters");
  }
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return bad_url(url, "a query or fragment is not allowed");
  }
  const std::size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos)
    return bad_url(url, "user info is not allowed");

  std::string_view host = authority;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad_url(url, "unclosed IPv6 bracket");
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad_url(url, "junk after the IPv6 address");
      port_text = after.substr(1);
    }
  } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port_text = authority.substr(colon + 1);
  }
  if (host.empty() || host == "[]") return bad_url(url, "no host");
  if (!port_text.empty() || authority.back() == ':') {
    int port = 0;
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port < 1 ||
        port > 65535) {
      return bad_url(url, "the port must be 1..65535");
    }
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  endpoint.scheme_host_port =
      std::string(url.substr(0, (endpoint.https ? 8 : 7) + authority.size()));
  endpoint.base_path = std::string(path);
  return endpoint;
}

core::Result<std::string> encode_strategy_segment(std::string_view strategy) {
  if (strategy.empty()) return core::invalid_input("strategy id is empty");
  if (strategy.size() > kMaxStrategyLength) {
    return core::invalid_input(fmt::format("strategy id is longer than {} characters (starts '{}')",
                                           kMaxStrategyLength, strategy.substr(0, 40)));
  }
  if (strategy == "." || strategy == "..") {
    return core::invalid_input(fmt::format("strategy id '{}' is not allowed", strategy));
  }
  for (const char c : strategy) {
    const auto u = static_cast<unsigned char>(c);
    if (core::is_control_character(u) || c == '/' || c == '\\') {
      return core::invalid_input("strategy id holds '/', '\\' or control characters");
    }
  }
  std::string encoded;
  for (const char c : strategy) {
    const auto u = static_cast<unsigned char>(c);
    if (is_unreserved(u))
      encoded += c;
    else
      encoded += fmt::format("%{:02X}", static_cast<unsigned>(u));
  }
  return encoded;
}

std::string allocations_path(const ApiEndpoint& endpoint, std::string_view encoded_strategy) {
  return fmt::format("{}/{}/allocations", endpoint.base_path, encoded_strategy);
}

}  // namespace ep::allocation_api
