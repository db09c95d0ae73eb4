// Decoding of the request target the way the management API reads it: %XX becomes the byte it
// names (a decoded NUL stays in the string, so an id check can refuse it), a malformed escape
// stays as written, and in a query '+' is a space. Pure; any thread.
#pragma once

#include <string>
#include <string_view>

namespace ep::monitor_http {

std::string percent_decode(std::string_view text, bool plus_is_space);

}  // namespace ep::monitor_http
