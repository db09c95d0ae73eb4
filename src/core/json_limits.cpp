#include "core/json_limits.hpp"

#include <fmt/format.h>

namespace ep::core {

std::size_t json_nesting_depth(std::string_view text, std::size_t stop_after) {
  std::size_t depth = 0;
  std::size_t deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > stop_after) return deepest;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;  // unbalanced closers are the parser's business, not a depth
    }
  }
  return deepest;
}

std::optional<std::string> check_json_limits(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return fmt::format("JSON larger than {} bytes", limits.max_bytes);
  }
  if (json_nesting_depth(text, limits.max_depth) > limits.max_depth) {
    return fmt::format("JSON nested deeper than {} levels", limits.max_depth);
  }
  return std::nullopt;
}

}  // namespace ep::core
