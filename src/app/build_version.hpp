// The version this binary was built as: the CMake project version plus the short git commit
// of the source tree when CMake configured it ("0.1.0+78d33dd", "0.1.0" outside a git checkout).
// Known without any configuration, unlike SERVICE_VERSION (what the health endpoints report).
#pragma once

#include <string_view>

namespace ep::app {

std::string_view build_version();

}  // namespace ep::app
