#include "core/iso_time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>

namespace ep::core {
namespace {

using std::chrono::microseconds;

// Reads exactly `count` digits at `pos`; advances pos. nullopt when they are not all digits.
std::optional<int> read_digits(std::string_view text, std::size_t& pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// Offset suffix in seconds east of UTC; nullopt when malformed.
std::optional<int> read_offset(std::string_view text, std::size_t& pos) {
  if (pos == text.size()) return 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
    return 0;
  }
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  const int sign = text[pos] == '-' ? -1 : 1;
  ++pos;
  const auto hours = read_digits(text, pos, 2);
  if (!hours || *hours > 23) return std::nullopt;
  int minutes = 0;
  if (pos < text.size()) {
    expect(text, pos, ':');
    const auto mm = read_digits(text, pos, 2);
    if (!mm || *mm > 59) return std::nullopt;
    minutes = *mm;
  }
  return sign * (*hours * 3600 + minutes * 60);
}

}  // namespace

std::string format_iso_time(Timestamp time) {
  const auto micros = std::chrono::floor<microseconds>(time);
  const auto days = std::chrono::floor<std::chrono::days>(micros);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss clock{micros - days};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}+00:00",
                     static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()), clock.hours().count(),
                     clock.minutes().count(), clock.seconds().count(), clock.subseconds().count());
}

std::optional<Timestamp> parse_iso_time(std::string_view text) {
  std::size_t pos = 0;
  const auto year = read_digits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  const auto month = read_digits(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  const auto day = read_digits(text, pos, 2);
  if (!day || pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) {
    return std::nullopt;
  }
  ++pos;
  const auto hour = read_digits(text, pos, 2);
  if (!hour || !expect(text, pos, ':')) return std::nullopt;
  const auto minute = read_digits(text, pos, 2);
  if (!minute || !expect(text, pos, ':')) return std::nullopt;
  const auto second = read_digits(text, pos, 2);
  if (!second || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;

  std::int64_t fraction_us = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    std::int64_t scale = 100000;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0) {
      if (digits < 6) fraction_us += (text[pos] - '0') * scale;
      scale /= 10;
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return std::nullopt;
  }
  const auto offset = read_offset(text, pos);
  if (!offset || pos != text.size()) return std::nullopt;

  const std::chrono::year_month_day date{std::chrono::year{*year},
                                         std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  const auto local = std::chrono::sys_days{date} + std::chrono::hours{*hour} +
                     std::chrono::minutes{*minute} + std::chrono::seconds{*second} +
                     microseconds{fraction_us};
  const auto utc = local - std::chrono::seconds{*offset};
  return std::chrono::time_point_cast<Timestamp::duration>(utc);
}

double to_unix_seconds(Timestamp time) {
  const auto micros = std::chrono::duration_cast<microseconds>(time.time_since_epoch()).count();
  return static_cast<double>(micros) / 1e6;
}

Timestamp from_unix_seconds(double seconds) {
  // A Timestamp counts nanoseconds in 64 bits: about the years 1678 to 2261.
  constexpr double kFirst = -9.2e9;
  constexpr double kLast = 9.2e9;
  if (std::isnan(seconds)) seconds = 0;
  seconds = std::clamp(seconds, kFirst, kLast);
  const auto micros = static_cast<std::int64_t>(std::llround(seconds * 1e6));
  return Timestamp{std::chrono::duration_cast<Timestamp::duration>(microseconds{micros})};
}

}  // namespace ep::core
