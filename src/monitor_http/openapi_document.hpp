// The OpenAPI document of the management API: docs/openapi.json, embedded at build time (a
// source file CMake generates from it, src/monitor_http/CMakeLists.txt), so the binary serves
// exactly the document kept in the repository.
#pragma once

#include <string_view>

namespace ep::monitor_http {

std::string_view openapi_document();

}  // namespace ep::monitor_http
