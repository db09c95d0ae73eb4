// A guard in front of every JSON parser: checks the nesting depth and the size of a JSON text
// before any library builds it into a tree. Tree builders and printers recurse per level, so a
// hostile text nested 100,000 deep would overflow the stack; this scan is iterative and costs
// one pass over the bytes. It does not validate the JSON (the parser does that afterwards).
// Pure; any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ep::core {

struct JsonLimits {
  std::size_t max_depth = 64;
  std::size_t max_bytes = 1024 * 1024;
};

// Limits for events (queue payloads), for the records we write around them (a dead letter
// holds its event as a string, so it may be larger than the event), and for management API request
// bodies (allocation API answers have their own, allocation_answer.hpp). A real event is about
// 5 levels deep, an outcome record 5.
inline constexpr JsonLimits kEventJsonLimits{64, 1024 * 1024};
inline constexpr JsonLimits kRecordJsonLimits{64, 8 * 1024 * 1024};
inline constexpr JsonLimits kRequestJsonLimits{64, 64 * 1024};

// Deepest nesting of [ and { outside strings (escapes honoured); stops counting once it
// passes `stop_after` (so a bomb costs no more than needed).
std::size_t json_nesting_depth(std::string_view text,
                               std::size_t stop_after = static_cast<std::size_t>(-1));

// nullopt when `text` is within the limits, else the reason: "JSON larger than N bytes" or
// "JSON nested deeper than N levels".
std::optional<std::string> check_json_limits(std::string_view text, const JsonLimits& limits);

}  // namespace ep::core
