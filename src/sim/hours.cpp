#include "sim/hours.hpp"

#include <date/date.h>
#include <date/tz.h>

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace ep::sim {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const date::time_zone* find_zone(std::string_view zone) {
  try {
    return date::locate_zone(std::string(zone));
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::optional<int> parse_hhmm(std::string_view text) {
  // "09:30" or "0930"
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c != ':') {
      return std::nullopt;
    }
  }
  if (digits.size() != 4) return std::nullopt;
  int hours = (digits[0] - '0') * 10 + (digits[1] - '0');
  int mins = (digits[2] - '0') * 10 + (digits[3] - '0');
  if (hours > 24 || mins > 59 || (hours == 24 && mins != 0)) return std::nullopt;
  return hours * 60 + mins;
}

std::string format_day(date::local_days day) {
  date::year_month_day ymd{day};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d%02u%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

// "YYYYMMDD:HHMM" for a local instant on a minute boundary.
std::string format_local(date::local_time<minutes> at) {
  auto day = date::floor<date::days>(at);
  auto minute_of_day = (at - day).count();
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d%02d", static_cast<int>(minute_of_day / 60),
                static_cast<int>(minute_of_day % 60));
  return format_day(day) + ":" + buffer;
}

bool is_weekday(date::local_days day) {
  date::weekday wd{day};
  return wd != date::Saturday && wd != date::Sunday;
}

std::string window_session(const HoursRule& rule, date::local_days day, const date::time_zone& tz) {
  TimePoint day_start = tz.to_sys(date::local_time<seconds>{day}, date::choose::earliest);
  TimePoint day_end =
      tz.to_sys(date::local_time<seconds>{day + date::days{1}}, date::choose::earliest);
  TimePoint start = rule.open_from ? std::max(*rule.open_from, day_start) : day_start;
  TimePoint end = rule.open_until ? std::min(*rule.open_until, day_end) : day_end;
  if (end <= start) return format_day(day) + ":CLOSED";
  auto local_start = date::ceil<minutes>(tz.to_local(date::floor<seconds>(start)) +
                                         (start - date::floor<seconds>(start)));
  auto local_end = date::floor<minutes>(tz.to_local(date::floor<seconds>(end)));
  if (local_end <= local_start) return format_day(day) + ":CLOSED";
  return format_local(local_start) + "-" + format_local(local_end);
}

}  // namespace

core::Result<TimePoint> parse_relative_time(std::string_view text, TimePoint now) {
  if (text.substr(0, 3) != "now") {
    return core::invalid_input("relative time must look like now+5s, got '" + std::string(text) +
                               "'");
  }
  std::string_view rest = text.substr(3);
  if (rest.empty()) return now;
  int sign = rest[0] == '-' ? -1 : (rest[0] == '+' ? 1 : 0);
  if (sign == 0 || rest.size() < 3) {
    return core::invalid_input("relative time must look like now+5s, got '" + std::string(text) +
                               "'");
  }
  rest.remove_prefix(1);
  char unit = rest.back();
  rest.remove_suffix(1);
  long long amount = 0;
  auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), amount);
  if (ec != std::errc{} || ptr != rest.data() + rest.size() || amount < 0 || amount > 10'000'000) {
    return core::invalid_input("bad amount in relative time '" + std::string(text) + "'");
  }
  long long unit_seconds = 0;
  switch (unit) {
    case 's':
      unit_seconds = 1;
      break;
    case 'm':
      unit_seconds = 60;
      break;
    case 'h':
      unit_seconds = 3600;
      break;
    case 'd':
      unit_seconds = 86400;
      break;
    default:
      return core::invalid_input("unit of relative time must be s, m, h or d in '" +
                                 std::string(text) + "'");
  }
  return now + seconds{sign * amount * unit_seconds};
}

core::Result<HoursRule> parse_hours(std::string_view text, SessionKind kind, TimePoint now) {
  HoursRule rule;
  if (text == "always") return rule;
  if (text == "closed") {
    rule.kind = HoursRule::Kind::kClosed;
    return rule;
  }
  if (text == "regular") {
    rule.kind = HoursRule::Kind::kWeekdays;
    rule.open_minute = kind == SessionKind::kTrading ? 4 * 60 : 9 * 60 + 30;
    rule.close_minute = kind == SessionKind::kTrading ? 20 * 60 : 16 * 60;
    return rule;
  }
  if (text.substr(0, 3) == "now") {
    auto from = parse_relative_time(text, now);
    if (!from) return from.error();
    rule.kind = HoursRule::Kind::kWindow;
    rule.open_from = *from;
    return rule;
  }
  if (auto dash = text.find('-'); dash != std::string_view::npos) {
    auto open = parse_hhmm(text.substr(0, dash));
    auto close = parse_hhmm(text.substr(dash + 1));
    if (open && close && *open < *close) {
      rule.kind = HoursRule::Kind::kWeekdays;
      rule.open_minute = *open;
      rule.close_minute = *close;
      return rule;
    }
  }
  return core::invalid_input("hours must be always, closed, regular, HH:MM-HH:MM or now+Ns, got '" +
                             std::string(text) + "'");
}

core::Result<void> check_time_zone(std::string_view zone) {
  if (find_zone(zone) == nullptr)
    return core::invalid_input("unknown time zone '" + std::string(zone) + "'");
  return core::success();
}

bool is_open(const HoursRule& rule, TimePoint at, std::string_view zone) {
  switch (rule.kind) {
    case HoursRule::Kind::kAlways:
      return true;
    case HoursRule::Kind::kClosed:
      return false;
    case HoursRule::Kind::kWindow:
      return (!rule.open_from || *rule.open_from <= at) &&
             (!rule.open_until || at < *rule.open_until);
    case HoursRule::Kind::kWeekdays: {
      const date::time_zone* tz = find_zone(zone);
      if (tz == nullptr) return false;
      auto local = tz->to_local(date::floor<seconds>(at));
      auto day = date::floor<date::days>(local);
      if (!is_weekday(day)) return false;
      auto minute_of_day = date::floor<minutes>(local - day).count();
      return minute_of_day >= rule.open_minute && minute_of_day < rule.close_minute;
    }
  }
  return false;
}

std::string session_string(const HoursRule& rule, TimePoint now, std::string_view zone, int days) {
  const date::time_zone* tz = find_zone(zone);
  if (tz == nullptr) return "";
  auto today = date::floor<date::days>(tz->to_local(date::floor<seconds>(now)));
  std::string out;
  for (int i = 0; i < days; ++i) {
    date::local_days day = today + date::days{i};
    if (!out.empty()) out += ';';
    switch (rule.kind) {
      case HoursRule::Kind::kAlways:
        out += format_day(day) + ":0000-" + format_day(day + date::days{1}) + ":0000";
        break;
      case HoursRule::Kind::kClosed:
        out += format_day(day) + ":CLOSED";
        break;
      case HoursRule::Kind::kWeekdays:
        if (is_weekday(day)) {
          out += format_local(date::local_time<minutes>{day} + minutes{rule.open_minute}) + "-" +
                 format_local(date::local_time<minutes>{day} + minutes{rule.close_minute});
        } else {
          out += format_day(day) + ":CLOSED";
        }
        break;
      case HoursRule::Kind::kWindow:
        out += window_session(rule, day, *tz);
        break;
    }
  }
  return out;
}

}  // namespace ep::sim
