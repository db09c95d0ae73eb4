#include "config/config_values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace ep::config {

std::string quote_value(std::string_view text) {
  std::string out(text.substr(0, 60));
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = '?';
  }
  return "'" + out + (text.size() > 60 ? "...'" : "'");
}

std::string to_upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

core::Result<std::vector<HostPort>> parse_host_ports(std::string_view text) {
  const auto trimmed = [](std::string_view part) {
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.front()))) {
      part.remove_prefix(1);
    }
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.back()))) {
      part.remove_suffix(1);
    }
    return part;
  };
  std::vector<HostPort> out;
  while (true) {
    const auto comma = text.find(',');
    const std::string_view entry = trimmed(text.substr(0, comma));
    const auto bad = [&] {
      return core::invalid_input(
          fmt::format("must be host:port,host:port,..., got entry {}", quote_value(entry)));
    };
    const auto colon = entry.rfind(':');
    if (colon == std::string_view::npos) return bad();
    std::string_view host = entry.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string_view::npos) {
      return bad();  // an IPv6 address needs its brackets
    }
    const bool host_ok = !host.empty() && std::none_of(host.begin(), host.end(), [](char c) {
      return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
    });
    auto port = parse_integer(entry.substr(colon + 1), 1, 65535);
    if (!host_ok || !port) return bad();
    out.push_back({std::string(host), static_cast<int>(*port)});
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

core::Result<long long> parse_integer(std::string_view text, long long min, long long max) {
  long long value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (!text.empty() && text.front() == '+') ++begin;  // from_chars refuses a leading '+'
  const auto [stop, ec] = std::from_chars(begin, end, value);
  if (text.empty() || ec != std::errc{} || stop != end) {
    return core::invalid_input(fmt::format("must be an integer, got {}", quote_value(text)));
  }
  if (value < min || value > max) {
    return core::invalid_input(fmt::format("must be {}..{}, got {}", min, max, quote_value(text)));
  }
  return value;
}

core::Result<double> parse_number(std::string_view text, double min, double max) {
  double value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (!text.empty() && text.front() == '+') ++begin;
  const auto [stop, ec] = std::from_chars(begin, end, value, std::chars_format::general);
  if (text.empty() || ec != std::errc{} || stop != end || !std::isfinite(value)) {
    return core::invalid_input(fmt::format("must be a number, got {}", quote_value(text)));
  }
  if (value < min || value > max) {
    return core::invalid_input(fmt::format("must be {}..{}, got {}", min, max, quote_value(text)));
  }
  return value;
}

bool is_word(std::string_view text, std::string_view word, bool any_case) {
  return any_case ? to_upper(text) == to_upper(word) : text == word;
}

core::Error neither_word(std::string_view text, std::string_view first, std::string_view second) {
  return core::invalid_input(
      fmt::format("must be {} or {}, got {}", first, second, quote_value(text)));
}

core::Result<bool> parse_boolean(std::string_view text) {
  const std::string upper = to_upper(text);
  if (upper == "TRUE" || upper == "1" || upper == "YES" || upper == "ON") return true;
  if (upper == "FALSE" || upper == "0" || upper == "NO" || upper == "OFF") return false;
  return core::invalid_input(
      fmt::format("must be true/false (or 1/0, yes/no), got {}", quote_value(text)));
}

}  // namespace ep::config
