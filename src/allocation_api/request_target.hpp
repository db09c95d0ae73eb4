// Where an allocation request goes: the API base URL split for the HTTP client, and the
// strategy id checked and percent-encoded into one path segment, so an id can never change the
// path (no "../", no "/", no query). Pure functions; callable from any thread.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ep::allocation_api {

inline constexpr std::size_t kMaxStrategyLength = 128;

struct ApiEndpoint {
  std::string scheme_host_port;  // "https://host:8443", what httplib::Client takes
  std::string base_path;         // "/api/v1/strategies" (no trailing slash; may be empty)
  bool https = true;
};

// Accepts http:// and https:// URLs with a host, an optional port (1..65535) and an optional
// path; no user info, query or fragment. kInvalidInput otherwise.
core::Result<ApiEndpoint> parse_api_url(std::string_view url);

// The strategy id as one percent-encoded path segment. kInvalidInput when it is empty, longer
// than kMaxStrategyLength, "." or "..", or holds '/', '\\' or control characters.
core::Result<std::string> encode_strategy_segment(std::string_view strategy);

// base_path + "/" + segment + "/allocations".
std::string allocations_path(const ApiEndpoint& endpoint, std::string_view encoded_strategy);

}  // namespace ep::allocation_api
