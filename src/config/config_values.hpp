// Text to typed configuration values, shared by the YAML and the environment readers. Each
// error message is the tail of a sentence that starts with the key or variable name, e.g.
// "must be 1..65535, got '70000'". Pure functions; any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"

namespace ep::config {

// Decimal integer (optional sign, no fraction or exponent) within [min, max].
core::Result<long long> parse_integer(std::string_view text, long long min, long long max);

// Finite decimal number within [min, max].
core::Result<double> parse_number(std::string_view text, double min, double max);

// true/false, 1/0, yes/no, on/off in any case.
core::Result<bool> parse_boolean(std::string_view text);

// A word of a two-valued setting and the value it names.
template <class T>
struct Word {
  std::string_view text;
  T value;
};
template <class T>
Word(std::string_view, T) -> Word<T>;  // for compilers without aggregate deduction

// Whether `text` is `word`: written exactly so, or in any case (`any_case`).
bool is_word(std::string_view text, std::string_view word, bool any_case);
// "must be <first> or <second>, got '<text>'".
core::Error neither_word(std::string_view text, std::string_view first, std::string_view second);

// The value of the word `text` is, `first` or `second`.
template <class T>
core::Result<T> parse_either(std::string_view text, const Word<T>& first, const Word<T>& second,
                             bool any_case) {
  if (is_word(text, first.text, any_case)) return first.value;
  if (is_word(text, second.text, any_case)) return second.value;
  return neither_word(text, first.text, second.text);
}

// "host:port,host:port" (spaces around entries allowed; an IPv6 address in brackets,
// [::1]:26379) -> at least one entry, each with a host and a port in 1..65535.
core::Result<std::vector<HostPort>> parse_host_ports(std::string_view text);

// The text quoted for a message, cut to 60 characters, each control character shown as '?'
// (never as a space: "key\0part" must not read as the text "key part", which could spell a
// secret the value did not hold).
std::string quote_value(std::string_view text);

std::string to_upper(std::string_view text);

}  // namespace ep::config
