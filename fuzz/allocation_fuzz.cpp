// libFuzzer target for the allocation answer parser (allocation_api/allocation_answer.hpp).
// Input: byte 0 picks the HTTP status (mostly 200), the rest is the body, in which every
// "$KEY" is replaced by a fixed fake API key, so the fuzzer can put the key anywhere.
// Besides "no crash, no UB, no out-of-bounds read", it checks:
// - a refusal has a short message (under 600 bytes, no control characters) naming the status,
//   never containing the key, and the documented kind (kUnavailable for 5xx and 429,
//   kInvalidInput otherwise);
// - only HTTP 200 is accepted, with at least one allocation, each symbol non-empty, without
//   control characters or surrounding spaces and unique case-insensitively, each weight in
//   [0, 1], and a warning exactly when the sum is further than kSumTolerance from 1.
#include <array>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "allocation_api/allocation_answer.hpp"
#include "fuzz_check.hpp"

namespace {

constexpr std::string_view kFakeApiKey = "FUZZ-fake-api-key-5d1c9e0b";
constexpr std::string_view kKeyMarker = "$KEY";
constexpr std::array<int, 16> kStatuses = {200, 200, 200, 200, 200, 200, 200, 200,
                                           200, 201, 204, 301, 404, 429, 500, 503};

std::string with_key(std::string_view input) {
  std::string out;
  for (std::size_t at = 0; at < input.size();) {
    if (input.substr(at, kKeyMarker.size()) == kKeyMarker) {
      out += kFakeApiKey;
      at += kKeyMarker.size();
    } else {
      out += input[at++];
    }
  }
  return out;
}

std::string upper(std::string_view text) {
  std::string out;
  for (const char c : text) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void check_accepted(const ep::core::AllocationAnswer& answer) {
  FUZZ_REQUIRE(!answer.allocations.empty());
  std::set<std::string> seen;
  double sum = 0;
  for (const auto& allocation : answer.allocations) {
    const std::string_view symbol = allocation.symbol;
    FUZZ_REQUIRE(!symbol.empty() && !ep::fuzz::has_control_character(symbol));
    FUZZ_REQUIRE(!std::isspace(static_cast<unsigned char>(symbol.front())) &&
                 !std::isspace(static_cast<unsigned char>(symbol.back())));
    FUZZ_REQUIRE(seen.insert(upper(symbol)).second);
    FUZZ_REQUIRE(std::isfinite(allocation.weight) && allocation.weight >= 0 &&
                 allocation.weight <= 1);
    sum += allocation.weight;
  }
  const bool off = std::fabs(sum - 1.0) > ep::allocation_api::kSumTolerance;
  FUZZ_REQUIRE(answer.warnings.empty() != off);
  for (const auto& warning : answer.warnings)
    FUZZ_REQUIRE(!ep::fuzz::contains(warning, kFakeApiKey));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int status = kStatuses[data[0] % kStatuses.size()];
  const std::string body = with_key({reinterpret_cast<const char*>(data + 1), size - 1});
  const auto answer = ep::allocation_api::parse_allocation_answer(status, body, kFakeApiKey);
  if (answer) {
    FUZZ_REQUIRE(status == 200);
    check_accepted(*answer);
    return 0;
  }
  const ep::core::Error& error = answer.error();
  FUZZ_REQUIRE(ep::fuzz::is_clear(error));
  FUZZ_REQUIRE(!ep::fuzz::contains(error.message, kFakeApiKey));
  FUZZ_REQUIRE(error.message.size() < 600 && !ep::fuzz::has_control_character(error.message));
  FUZZ_REQUIRE(ep::fuzz::contains(error.message, "HTTP " + std::to_string(status)));
  const bool server_side = status >= 500 || status == 429;
  FUZZ_REQUIRE(error.kind == (server_side ? ep::core::ErrorKind::kUnavailable
                                          : ep::core::ErrorKind::kInvalidInput));
  return 0;
}
