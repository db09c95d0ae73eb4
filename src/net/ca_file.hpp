// The CA file an HTTPS client is told to trust instead of the system store (the allocation
// API's and the webhook's): checked when the client is made, so a typo is one clear error at
// start instead of a TLS failure on every request. Any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ep::net {

// Ok when no file is named or the named one is a regular file; else kInvalidInput
// "<client> CA file '<path>' does not exist" (a path is no secret).
core::Result<void> check_ca_file(std::string_view client, const std::optional<std::string>& path);

}  // namespace ep::net
