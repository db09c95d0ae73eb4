// Control characters (C0 and DEL) in texts that come from outside: ids, symbols, answers of the
// allocation API. Such a character in an id or a log line hides what it says; callers refuse
// the text or cut it. Pure; any thread.
#pragma once

#include <algorithm>
#include <string_view>

namespace ep::core {

inline bool is_control_character(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

inline bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return is_control_character(static_cast<unsigned char>(c)); });
}

}  // namespace ep::core
