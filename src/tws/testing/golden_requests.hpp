// Test-only: the requests that tests/peer/golden/record_requests.js makes @stoqey/ib send,
// built with our API (same values, same order), for the golden-bytes comparison.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tws/messages_out.hpp"

namespace ep::tws::golden {

std::vector<std::pair<std::string, Request>> requests();

}  // namespace ep::tws::golden
