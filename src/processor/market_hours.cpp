#include "processor/market_hours.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace ep::processor {

namespace {

constexpr std::string_view kFallbackZone = "America/New_York";

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<int> digits(std::string_view text, std::size_t count) {
  if (text.size() != count) return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "YYYYMMDD" -> a valid calendar day.
std::optional<date::local_days> parse_day(std::string_view text) {
  const auto value = digits(text, 8);
  if (!value) return std::nullopt;
  const date::year_month_day day{date::year{*value / 10000},
                                 date::month{static_cast<unsigned>(*value / 100 % 100)},
                                 date::day{static_cast<unsigned>(*value % 100)}};
  if (!day.ok()) return std::nullopt;
  return date::local_days{day};
}

// "HHMM" -> minutes after midnight (24:00 allowed as the end of a day).
std::optional<std::chrono::minutes> parse_clock(std::string_view text) {
  const auto value = digits(text, 4);
  if (!value || *value / 100 > 24 || *value % 100 > 59 || (*value / 100 == 24 && *value % 100)) {
    return std::nullopt;
  }
  return std::chrono::minutes{*value / 100 * 60 + *value % 100};
}

// "YYYYMMDD:HHMM" -> local time.
std::optional<date::local_time<std::chrono::minutes>> parse_stamp(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto day = parse_day(text.substr(0, colon));
  const auto clock = parse_clock(text.substr(colon + 1));
  if (!day || !clock) return std::nullopt;
  return *day + *clock;
}

using LocalRange =
    std::pair<date::local_time<std::chrono::minutes>, date::local_time<std::chrono::minutes>>;

// One ';'-separated segment -> zero (CLOSED) or more local ranges.
core::Result<std::vector<LocalRange>> parse_segment(std::string_view segment) {
  auto bad = [&](std::string_view why) {
    return core::invalid_input(fmt::format("trading hours segment '{}': {}", segment, why));
  };
  const auto colon = segment.find(':');
  if (colon == std::string_view::npos) return bad("expected YYYYMMDD:...");
  const auto day = parse_day(segment.substr(0, colon));
  if (!day) return bad("not a valid date YYYYMMDD");
  const auto rest = segment.substr(colon + 1);
  if (rest == "CLOSED") return std::vector<LocalRange>{};

  std::vector<LocalRange> ranges;
  if (rest.find(':') != std::string_view::npos) {  // current: HHMM-YYYYMMDD:HHMM
    const auto dash = rest.find('-');
    if (dash == std::string_view::npos) return bad("expected HHMM-YYYYMMDD:HHMM");
    const auto open_clock = parse_clock(rest.substr(0, dash));
    const auto close = parse_stamp(rest.substr(dash + 1));
    if (!open_clock || !close) return bad("expected HHMM-YYYYMMDD:HHMM");
    ranges.emplace_back(*day + *open_clock, *close);
  } else {  // older: HHMM-HHMM[,HHMM-HHMM]
    std::string_view list = rest;
    for (bool more = true; more;) {
      const auto comma = list.find(',');
      const auto range = list.substr(0, comma);
      more = comma != std::string_view::npos;
      if (more) list = list.substr(comma + 1);
      const auto dash = range.find('-');
      if (dash == std::string_view::npos) return bad("expected HHMM-HHMM");
      const auto open = parse_clock(range.substr(0, dash));
      const auto close = parse_clock(range.substr(dash + 1));
      if (!open || !close) return bad("expected HHMM-HHMM");
      const auto open_at = *day + *open;
      auto close_at = *day + *close;
      if (close_at <= open_at) close_at += date::days{1};  // an overnight session
      ranges.emplace_back(open_at, close_at);
    }
  }
  for (const auto& [open, close] : ranges) {
    if (close <= open) return bad("the session ends before it starts");
  }
  return ranges;
}

}  // namespace

std::string resolve_time_zone(std::string_view ib_name) {
  static const std::map<std::string, std::string, std::less<>> kAliases = {
      {"US/Eastern", "America/New_York"},
      {"EST", "America/New_York"},
      {"EST5EDT", "America/New_York"},
      {"US/Central", "America/Chicago"},
      {"CST", "America/Chicago"},
      {"CST6CDT", "America/Chicago"},
      {"US/Mountain", "America/Denver"},
      {"US/Pacific", "America/Los_Angeles"},
      {"GB-Eire", "Europe/London"},
      {"MET", "Europe/Berlin"},
      {"JST", "Asia/Tokyo"},
      {"Japan", "Asia/Tokyo"},
      {"Hongkong", "Asia/Hong_Kong"},
  };
  auto known = [](const std::string& candidate) -> bool {
    try {
      return date::locate_zone(candidate) != nullptr;
    } catch (const std::exception&) {
      return false;  // not in this database
    }
  };
  // IB sometimes appends a description: "EST (Eastern Standard Time)".
  const auto name = std::string(trim(ib_name.substr(0, ib_name.find(" ("))));
  // The alias table wins: the database's "EST" is a fixed UTC-5 zone, IB's means New York.
  const auto alias = kAliases.find(name);
  if (alias != kAliases.end() && known(alias->second)) return alias->second;
  if (!name.empty() && known(name)) return name;
  return std::string(kFallbackZone);
}

core::Result<TradingHours> TradingHours::parse(std::string_view hours, std::string_view time_zone) {
  TradingHours out;
  out.zone_name_ = resolve_time_zone(time_zone);
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(out.zone_name_);
  } catch (const std::exception& error) {
    return core::internal_error(
        fmt::format("time zone database has no {}: {}", out.zone_name_, error.what()));
  }
  std::string_view rest = hours;
  while (!rest.empty()) {
    const auto semicolon = rest.find(';');
    const auto segment = trim(rest.substr(0, semicolon));
    rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
    if (segment.empty()) continue;
    auto ranges = parse_segment(segment);
    if (!ranges) return ranges.error();
    for (const auto& [open, close] : ranges.value()) {
      // A local time skipped by a DST change maps to the change itself (choose::earliest).
      out.sessions_.push_back({zone->to_sys(open, date::choose::earliest),
                               zone->to_sys(close, date::choose::earliest)});
    }
  }
  std::sort(out.sessions_.begin(), out.sessions_.end(),
            [](const Session& a, const Session& b) { return a.open < b.open; });
  return out;
}

bool TradingHours::is_open(core::Timestamp now) const {
  return std::any_of(sessions_.begin(), sessions_.end(), [&](const Session& session) {
    return session.open <= now && now < session.close;
  });
}

std::optional<core::Timestamp> TradingHours::next_open(core::Timestamp now) const {
  for (const auto& session : sessions_) {
    if (session.open > now) return session.open;
  }
  return std::nullopt;
}

}  // namespace ep::processor
