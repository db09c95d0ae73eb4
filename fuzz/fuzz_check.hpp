// Shared by the libFuzzer targets: the property check that stops the run, and the small text
// tests the properties are written with. Header-only; called from the fuzzer's one thread.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/result.hpp"

namespace ep::fuzz {

// A violated property: name it on stderr and abort, so libFuzzer keeps the input as a crash.
[[noreturn]] inline void property_failed(const char* what, const char* file, int line) {
  std::fprintf(stderr, "fuzz property violated at %s:%d: %s\n", file, line, what);
  std::abort();
}

inline bool contains(std::string_view text, std::string_view part) {
  return !part.empty() && text.find(part) != std::string_view::npos;
}

inline bool has_control_character(std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

// True when `output` shows `secret` that the fuzzer did not write itself into `input` (it can
// learn a fixed fake secret from the comparisons of the property checks).
inline bool reveals(std::string_view output, std::string_view secret, std::string_view input) {
  return contains(output, secret) && !contains(input, secret);
}

// Every refusal must say why: a non-empty message.
inline bool is_clear(const core::Error& error) {
  return !error.message.empty();
}

}  // namespace ep::fuzz

#define FUZZ_REQUIRE(condition) \
  ((condition) ? void(0) : ::ep::fuzz::property_failed(#condition, __FILE__, __LINE__))
