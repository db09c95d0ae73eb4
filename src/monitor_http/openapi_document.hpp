// The OpenAPI document of the management API: docs/openapi.json, embedded at build time
// (cmake/EmbedText.cmake, src/monitor_http/CMakeLists.txt), so the binary serves exactly the
// document kept in the repository.
#pragma once

#include <string_view>

namespace ep::monitor_http {

extern const std::string_view kOpenApiJson;

}  // namespace ep::monitor_http
