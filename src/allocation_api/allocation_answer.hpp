// Validation of an allocation API answer (docs/allocation-api.md): the HTTP status and the
// body in, a strategy's target weights or a clear error out. Pure: no I/O, no logging, callable
// from any thread. HttpAllocationSource calls it after each fetch; tests call it directly.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/allocation_source.hpp"
#include "core/result.hpp"
#include "core/secret_redactor.hpp"

namespace ep::allocation_api {

// The allowed difference between the sum of the allocations and 1 before a warning.
inline constexpr double kSumTolerance = 0.01;
// Deeper JSON than this is refused before parsing (a good answer is 4 levels deep).
inline constexpr std::size_t kMaxJsonDepth = 32;
// (The size is bounded while reading: AllocationApiOptions::max_body_bytes.)

// Accepts HTTP 200 with {"status": "success", "data": {"name": ..., "allocations": [{"symbol":
// "SPY", "allocation": 0.6}, ...]}}: each symbol a non-empty string without control characters
// or surrounding spaces, unique (case-insensitively); each allocation a JSON number in [0, 1];
// at least one allocation (an empty list would sell the whole account). A sum further than
// kSumTolerance from 1 only adds a warning, as the original does.
//
// Errors name the HTTP status and carry body_excerpt(body, secret):
//   kUnavailable  for 5xx and 429 (the API is down or throttling us),
//   kInvalidInput for every other status and every malformed 200 answer.
// Every secret `redactor` knows (the API key among them) is redacted from the excerpt, in every
// spelling; the second form redacts the one `secret`.
core::Result<core::AllocationAnswer> parse_allocation_answer(int http_status, std::string_view body,
                                                             const core::SecretRedactor& redactor);
core::Result<core::AllocationAnswer> parse_allocation_answer(int http_status, std::string_view body,
                                                             std::string_view secret = {});

}  // namespace ep::allocation_api
